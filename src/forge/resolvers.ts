import Resolver from '@forge/resolver';
import { actOnPlanStage, addressPlanPart, getEnvironments, handPlanPart, reassignPlanStage, getPlanHistory, getPlanHistoryExport, getPlanView, planPlanPhaseEnd, providePlanDetails, recordPlanBackup, recordPlanDocument, recordPlanIqDocumentation, recordPlanRestore } from '../app/planActions';
import type { Viewer } from '../app/viewer';
import { editExistingEnvironment, getOrganizationEnvironments, recordOrganizationOnboarding, registerExistingEnvironment, terminateExistingEnvironment } from '../app/environmentAdmin';
import { importEnvironments } from '../app/environmentImport';
import { getSlotCalendar } from '../app/slotCalendar';
import { getSlotFeedLink } from '../app/slotFeed';
import { getPlanRecord, verifyPlanAudit } from '../app/planRecord';
import { ConcurrentChangeError, type AppPorts } from '../app/ports';
import { RoleRemovalWarning, type RoleRemoval } from '../app/people';
import { firstIssue, getProjectSettings, saveProjectSettings, searchPeople } from '../app/projectSettings';
import { PlanRefusal, refuse } from '../domain/errors';
import { viewerFromContext } from './context';
import { PAYLOADS, type Payload, type ResolverName } from './payloads';
import { forgePorts } from './runtime';
import { getSigningLocks, getSigningStatus, setSigningPassphrase, signIqDocumentation, signPlanStage, unlockSigning } from '../app/signing';
import { KvsSigningStore } from './signingStore';
import { KvsSlotFeedStore, slotFeedUrl } from './slotFeed';

/** Every resolver answers with data or a refusal naming the rule and field; nothing escapes as an unhandled error. */
export type ResolverAnswer<T = unknown> = { ok: true; data: T } | { ok: false; error: { rule: string; field: string | null; message: string; roleRemovals?: readonly RoleRemoval[] } };

type Handler<N extends ResolverName> = (ports: AppPorts, viewer: Viewer, payload: Payload<N>) => Promise<unknown>;

export async function answer<T>(run: () => Promise<T>): Promise<ResolverAnswer<T>> {
  try {
    return { ok: true, data: await run() };
  } catch (error) {
    if (error instanceof RoleRemovalWarning) return { ok: false, error: { rule: error.rule, field: error.field ?? null, message: error.message, roleRemovals: error.roleRemovals } };
    if (error instanceof PlanRefusal) return { ok: false, error: { rule: error.rule, field: error.field ?? null, message: error.message } };
    if (error instanceof ConcurrentChangeError) return { ok: false, error: { rule: 'busy', field: null, message: 'Several people changed this plan at once; nothing of yours was lost or saved. Try again.' } };
    console.error('resolver failed', error);
    return { ok: false, error: { rule: 'internal', field: null, message: 'The server could not complete this request. Reload the panel to see the plan as stored, then try again.' } };
  }
}

export function parsePayload<N extends ResolverName>(name: N, payload: unknown): Payload<N> {
  const parsed = PAYLOADS[name].safeParse(payload ?? {});
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    refuse('payloadValid', `${name}: ${message}`, { field });
  }
  return parsed.data as Payload<N>;
}

/** A project's administrators hold a licence: a portal customer is refused before any asUser call, which Forge would refuse them. */
function projectAdminCandidate(viewer: Viewer): string {
  if (viewer.accountType !== 'licensed') refuse('projectAdmin', `only an administrator of project ${viewer.projectKey} may read or change its settings`, { field: 'account' });
  return viewer.accountId;
}

/** A picker searches Jira's people for the settings page only: from any other module it is refused before asking Jira. */
function settingsPageAdmin(viewer: Viewer): string {
  if (viewer.surface !== 'admin') refuse('projectAdmin', 'people are searched from the project settings page only', { field: 'context.extension.type' });
  return projectAdminCandidate(viewer);
}

const HANDLERS: { [N in ResolverName]: { handler: Handler<N>; needsTicket: boolean } } = {
  getPlanView: { needsTicket: true, handler: (ports, viewer) => getPlanView(ports, viewer) },
  getSlotCalendar: { needsTicket: false, handler: (ports, viewer) => getSlotCalendar(ports, viewer) },
  getSlotFeedLink: { needsTicket: false, handler: (ports, viewer, p) => getSlotFeedLink(ports, viewer, new KvsSlotFeedStore(), slotFeedUrl, p.renew ?? false) },
  getHistory: { needsTicket: true, handler: (ports, viewer, p) => getPlanHistory(ports, viewer, p.before !== undefined ? { before: p.before } : {}) },
  getHistoryExport: { needsTicket: true, handler: (ports, viewer, p) => getPlanHistoryExport(ports, viewer, { source: p.source ?? 'plan', ...(p.before !== undefined ? { before: p.before } : {}) }) },
  startStage: { needsTicket: true, handler: (ports, viewer, p) => actOnPlanStage(ports, viewer, { type: 'start', step: p.stage, ...(p.reason ? { reason: p.reason } : {}) }) },
  completeStage: {
    needsTicket: true,
    handler: (ports, viewer, p) => {
      const action = { type: 'complete', step: p.stage, ...(p.reason ? { reason: p.reason } : {}) } as const;
      return p.signature ? signPlanStage(ports, new KvsSigningStore(), viewer, action, p.signature) : actOnPlanStage(ports, viewer, action);
    },
  },
  skipStage: { needsTicket: true, handler: (ports, viewer, p) => actOnPlanStage(ports, viewer, { type: 'skip', step: p.stage, reason: p.reason }) },
  blockStage: { needsTicket: true, handler: (ports, viewer, p) => actOnPlanStage(ports, viewer, { type: 'block', step: p.stage, reason: p.reason }) },
  reopenStage: { needsTicket: true, handler: (ports, viewer, p) => actOnPlanStage(ports, viewer, { type: 'reopen', step: p.stage, reason: p.reason }) },
  decideStage: {
    needsTicket: true,
    handler: (ports, viewer, p) => {
      const action = { type: 'decide', step: p.stage, outcome: p.outcome, ...(p.reason ? { reason: p.reason } : {}) } as const;
      return p.signature ? signPlanStage(ports, new KvsSigningStore(), viewer, action, p.signature) : actOnPlanStage(ports, viewer, action);
    },
  },
  proposeStage: { needsTicket: true, handler: (ports, viewer, p) => actOnPlanStage(ports, viewer, { type: 'propose', step: p.stage, value: p.value, ...(p.reason ? { reason: p.reason } : {}), ...(p.hours !== undefined ? { hours: p.hours } : {}) }) },
  agreeStage: { needsTicket: true, handler: (ports, viewer, p) => actOnPlanStage(ports, viewer, { type: 'agree', step: p.stage }) },
  declineStage: { needsTicket: true, handler: (ports, viewer, p) => actOnPlanStage(ports, viewer, { type: 'decline', step: p.stage, reason: p.reason }) },
  reassignStage: { needsTicket: true, handler: (ports, viewer, p) => reassignPlanStage(ports, viewer, { step: p.stage, owner: p.owner, reason: p.reason }) },
  handPart: { needsTicket: true, handler: (ports, viewer, p) => handPlanPart(ports, viewer, { step: p.stage, part: p.part, owner: p.owner, reason: p.reason }) },
  addressPart: { needsTicket: true, handler: (ports, viewer, p) => addressPlanPart(ports, viewer, { step: p.stage, part: p.part, ...(p.note ? { note: p.note } : {}) }) },
  recordDocument: {
    needsTicket: true,
    handler: (ports, viewer, p) =>
      recordPlanDocument(ports, viewer, { phase: p.phase, document: p.document, ...(p.reference ? { reference: p.reference } : {}), ...(p.sentOverSecureChannel ? { sentOverSecureChannel: true } : {}), ...(p.reason ? { reason: p.reason } : {}) }),
  },
  planPhaseEnd: { needsTicket: true, handler: (ports, viewer, p) => planPlanPhaseEnd(ports, viewer, { phase: p.phase, end: p.end, ...(p.reason ? { reason: p.reason } : {}) }) },
  recordBackup: { needsTicket: true, handler: (ports, viewer, p) => recordPlanBackup(ports, viewer, { instance: p.instance, version: p.version, reference: p.reference, ...(p.reason ? { reason: p.reason } : {}) }) },
  recordRestore: {
    needsTicket: true,
    handler: (ports, viewer, p) => recordPlanRestore(ports, viewer, { startedAt: p.startedAt, endedAt: p.endedAt, version: p.version, ...(p.note ? { note: p.note } : {}), ...(p.reason ? { reason: p.reason } : {}) }),
  },
  provideDetails: { needsTicket: true, handler: (ports, viewer, p) => providePlanDetails(ports, viewer, p.kind, p.details) },
  getEnvironments: { needsTicket: true, handler: (ports, viewer) => getEnvironments(ports, viewer) },
  verifyAudit: { needsTicket: true, handler: (ports, viewer) => verifyPlanAudit(ports, viewer) },
  getPlanRecord: { needsTicket: true, handler: (ports, viewer) => getPlanRecord(ports, viewer) },
  recordIqDocumentation: {
    needsTicket: true,
    handler: (ports, viewer, { signature, ...record }) => (signature ? signIqDocumentation(ports, new KvsSigningStore(), viewer, record, signature) : recordPlanIqDocumentation(ports, viewer, record)),
  },
  // The Environments tab (its ticket's organization) and the settings page (any organization) share these.
  getOrganizationEnvironments: { needsTicket: false, handler: (ports, viewer, p) => getOrganizationEnvironments(ports, viewer, p) },
  registerEnvironment: { needsTicket: false, handler: (ports, viewer, p) => registerExistingEnvironment(ports, viewer, p) },
  editEnvironment: { needsTicket: false, handler: (ports, viewer, { organizationId, ...edit }) => editExistingEnvironment(ports, viewer, { ...(organizationId !== undefined ? { organizationId } : {}), edit }) },
  terminateEnvironment: { needsTicket: false, handler: (ports, viewer, p) => terminateExistingEnvironment(ports, viewer, p) },
  recordOnboarding: { needsTicket: false, handler: (ports, viewer, p) => recordOrganizationOnboarding(ports, viewer, p) },
  importEnvironments: { needsTicket: false, handler: (ports, viewer, p) => importEnvironments(ports, viewer, p) },
  getSettings: { needsTicket: false, handler: (ports, viewer) => getProjectSettings(ports, projectAdminCandidate(viewer), viewer.projectKey) },
  saveSettings: { needsTicket: false, handler: (ports, viewer, p) => saveProjectSettings(ports, projectAdminCandidate(viewer), viewer.projectKey, p.settings, { confirmRoleRemovals: p.confirmRoleRemovals === true }) },
  searchPeople: { needsTicket: false, handler: (ports, viewer, p) => searchPeople(ports, settingsPageAdmin(viewer), viewer.projectKey, p.query, p.kind) },
  getSigningStatus: { needsTicket: false, handler: (ports, viewer) => getSigningStatus(ports, new KvsSigningStore(), viewer) },
  setSigningPassphrase: { needsTicket: false, handler: (ports, viewer, p) => setSigningPassphrase(ports, new KvsSigningStore(), viewer, { passphrase: p.passphrase, confirm: p.confirm, ...(p.current !== undefined ? { current: p.current } : {}) }) },
  getSigningLocks: { needsTicket: false, handler: (ports, viewer) => getSigningLocks(ports, new KvsSigningStore(), viewer) },
  unlockSigning: { needsTicket: false, handler: (ports, viewer, p) => unlockSigning(ports, new KvsSigningStore(), viewer, p) },
};

/** The resolver of every panel: the person and ticket come from the Forge context; the payload only says what they chose. */
export function buildResolver(ports: () => AppPorts = forgePorts): Resolver {
  const resolver = new Resolver();
  for (const name of Object.keys(HANDLERS) as ResolverName[]) {
    const { handler, needsTicket } = HANDLERS[name] as { handler: Handler<ResolverName>; needsTicket: boolean };
    resolver.define(name, ({ payload, context }) =>
      answer(async () => {
        const viewer = viewerFromContext(context as Parameters<typeof viewerFromContext>[0], needsTicket);
        return handler(ports(), viewer, parsePayload(name, payload));
      }),
    );
  }
  return resolver;
}
