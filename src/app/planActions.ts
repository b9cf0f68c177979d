import type { Accepted } from '../domain/engine';
import type { EnvironmentRegistry } from '../domain/environments/registry';
import { PlanRefusal, refuse } from '../domain/errors';
import type { BackupRecord, KindCommands, PlanKindDefinition, RestoreRecord } from '../domain/kind';
import { kindOf, type AnyPlan } from '../domain/kinds';
import type { Actor, StepAction } from '../domain/playbook';
import type { Signer } from '../domain/signatures';
import { recordDocument, type DocumentRecord } from '../domain/playbooks/documents';
import { planPhaseEnd, type PhaseEndInput } from '../domain/playbooks/phaseEnds';
import { withoutBackupLocations } from './backupLocations';
import { exportHistoryPage, historyView, namesForHistory, type HistoryEntryView, type HistoryExportCursor, type HistoryExportPage } from './history';
import { chainedRegistryCommit } from './auditTrail';
import { environmentsView, IQ_DOCUMENTATION_ROLES, peopleOfEnvironments, recordIq, type InstanceView } from './environmentsView';
import { changePlan, MAX_CONCURRENT_RETRIES, projectOf, withSettingsOwners } from './planChanges';
import { buildPlanView, peopleOfPlan, type PlanView } from './planView';
import { refusalWithNames, withNamesIn } from './namedRefusals';
import { namesInDirectory } from './people';
import { conflictsOfSlot } from './slotCalendar';
import { ConcurrentChangeError, type AppPorts, type StoredPlan } from './ports';
import { fieldIdsOf, type AppSettings } from './settings';
import { actorFor, viewerRoles, type Viewer } from './viewer';
import { rolesHeldBy } from '../domain/roles';

/** A ticket's plan as its viewer may act on it, with the settings and registry read with it. */
export interface LoadedPlan {
  stored: StoredPlan;
  settings: AppSettings;
  registry: EnvironmentRegistry;
}

export async function planOfTicket(ports: AppPorts, viewer: Viewer): Promise<LoadedPlan> {
  const { stored, settings, registry } = await ports.plans.loadForTicket(viewer.ticketKey, viewer.projectKey);
  if (!stored) refuse('planExists', `${viewer.ticketKey} belongs to no plan`, { field: 'issue' });
  // A plan is worked from its own project's tickets only: another project's settings and admins decide nothing of it.
  const project = projectOf(stored);
  if (project && project !== viewer.projectKey) refuse('planProject', `${viewer.ticketKey} is not a ticket of this plan's service desk project: open the plan from a ticket of ${project}`, { field: 'issue' });
  // In the portal a person sees the plans of their own organization only (no Jira call: a panel load stays two KVS reads).
  if (viewer.surface === 'portal' && viewer.accountId !== stored.plan.reporterAccountId && viewerRoles(viewer, stored.plan, settings).length === 0) {
    refuse('jiraPermission', `${viewer.ticketKey} is not a request of your organization`, { field: 'issue' });
  }
  // Owners of stages not yet started are those of the current role mapping.
  const current = { ...stored, plan: withSettingsOwners(stored.plan, settings) };
  return { stored: current, settings, registry: registry ?? (await ports.plans.loadRegistry(stored.plan.organizationId)) };
}

/** Everything a panel renders, in one call: two storage reads, no Jira call. */
export async function getPlanView(ports: AppPorts, viewer: Viewer): Promise<PlanView> {
  const { stored, settings, registry } = await planOfTicket(ports, viewer);
  return viewOf(ports, viewer, stored, settings, registry);
}

/** The panel's view of a plan and its organization's environments as they stand. */
export function viewOf(ports: AppPorts, viewer: Viewer, stored: StoredPlan, settings: AppSettings, registry: EnvironmentRegistry): PlanView {
  const view = buildPlanView(withSettingsOwners(stored.plan, settings), viewer, settings, ports.clock.now(), registry);
  const environments = environmentsView(registry, viewer.surface, { signsIq: !recordsIqOnThePlan(stored.plan) });
  return forSurface(viewer, { ...withNamesInReasons(view), ...withPeopleOfEnvironments(view, environments, viewer, settings), environments });
}

/** A button's reason names people as the engine refused them, by account id: the view writes the names it carries. */
function withNamesInReasons(view: PlanView): PlanView {
  const names = new Map(Object.entries(view.names));
  const named = <T extends { disabledReason?: string }>(item: T): T => (item.disabledReason ? { ...item, disabledReason: withNamesIn(item.disabledReason, names) } : item);
  return { ...view, phases: view.phases.map((phase) => ({ ...phase, stages: phase.stages.map((stage) => ({ ...stage, actions: stage.actions.map(named), followUp: stage.followUp && named(stage.followUp) })) })) };
}

/** The view's names and avatars with those of who recorded the environments' IQ documentation and backups (agents see who; the portal does not). */
function withPeopleOfEnvironments(view: PlanView, environments: readonly InstanceView[], viewer: Viewer, settings: AppSettings): Pick<PlanView, 'names' | 'avatars'> {
  if (viewer.surface === 'portal') return { names: view.names, avatars: view.avatars };
  const found = namesInDirectory(settings, peopleOfEnvironments(environments).filter((id) => !(id in view.names)));
  return { names: { ...view.names, ...found.names }, avatars: { ...view.avatars, ...found.avatars } };
}

/** What the person's surface may receive: the portal nothing of IQVIA's backup locations. */
export function forSurface<T>(viewer: Viewer, answer: T): T {
  return viewer.surface === 'portal' ? withoutBackupLocations(answer) : answer;
}

/** The environments of the organization whose ticket this is: a customer sees no other organization's. */
export async function getEnvironments(ports: AppPorts, viewer: Viewer): Promise<InstanceView[]> {
  const { stored, registry } = await planOfTicket(ports, viewer);
  return forSurface(viewer, environmentsView(registry, viewer.surface, { signsIq: !recordsIqOnThePlan(stored.plan) }));
}

/** The viewer's role that may record IQ documentation on this plan, if any. */
export function iqRecorderRoleOf(viewer: Viewer, plan: AnyPlan, settings: AppSettings): string | undefined {
  const roles = viewerRoles(viewer, plan, settings);
  return IQ_DOCUMENTATION_ROLES.find((r) => roles.includes(r));
}

/** Whether the ticket's plan records IQ documentation as a document of its own (a go-live's, signed on its step), not in the registry. */
export const recordsIqOnThePlan = (plan: AnyPlan): boolean => Boolean(kindOf(plan).commands.recordIqDocumentation);

/**
 * An IQVIA engineer or PM records the IQ documentation of a VAL or PROD instance (needed before it is called ready). In
 * the registry it is signed by the recorder (`signer`, from signIqDocumentation); unsigned it is refused.
 */
export async function recordPlanIqDocumentation(ports: AppPorts, viewer: Viewer, record: { instance: string; reference: string; reason?: string }, signer?: Signer, loaded?: LoadedPlan): Promise<PlanView> {
  const { stored, settings } = loaded ?? (await planOfTicket(ports, viewer));
  // A kind whose IQ documentation is a document of the plan records it there; the plan change moves the registry with it.
  if (recordsIqOnThePlan(stored.plan)) {
    return changeAsViewer(ports, viewer, (plan, actor, now) => command(plan, 'recordIqDocumentation', 'IQ documentation of its own')(plan, { reference: record.reference, ...(record.reason ? { reason: record.reason } : {}) }, actor, now));
  }
  await requireJiraAccess(ports, viewer, settings);
  for (let attempt = 0; attempt < MAX_CONCURRENT_RETRIES; attempt += 1) {
    const registry = await ports.plans.loadRegistry(stored.plan.organizationId);
    const { registry: after, entry } = recordIq(registry, record, { accountId: viewer.accountId, role: iqRecorderRoleOf(viewer, stored.plan, settings) }, ports.clock.now(), signer);
    try {
      await ports.plans.commitRegistry(chainedRegistryCommit(registry, after, [entry]));
      return viewOf(ports, viewer, stored, settings, after);
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
    }
  }
  throw new ConcurrentChangeError(stored.plan.organizationId);
}

/**
 * Whether the person may see the ticket in Jira, and may override as a project admin. An agent's permissions are asked as
 * them; a portal customer cannot make asUser calls, so the app reads as itself whether they reported the request, take part
 * in it, or share its organization.
 */
async function requireJiraAccess(ports: AppPorts, viewer: Viewer, settings: AppSettings): Promise<{ admin: boolean }> {
  if (viewer.accountType === 'customer') {
    if (!settings.fields) refuse('fieldsFound', `the app has not found the Jira fields of project ${settings.projectKey} yet: ask a Jira admin to save the ClinSpark settings page`, { field: 'fields' });
    const access = await ports.jira.customerAccessTo(viewer.accountId, viewer.ticketKey, fieldIdsOf(settings).organizations);
    if (!access) refuse('jiraPermission', `you cannot see ${viewer.ticketKey} in the portal: you did not raise it, take part in it, or share its organization`, { field: 'issue' });
    return { admin: false };
  }
  const permissions = await ports.jira.permissionsOf(viewer.accountId, viewer.ticketKey);
  if (!permissions.has('BROWSE_PROJECTS')) refuse('jiraPermission', `you cannot see ${viewer.ticketKey} in Jira`, { field: 'issue' });
  return { admin: viewer.surface !== 'portal' && permissions.has('ADMINISTER_PROJECTS') };
}

/**
 * Runs a person's change on the plan of the ticket they are looking at. Their access to that ticket in Jira is checked first,
 * because what follows writes to Jira as the app; a project admin may act outside their roles with a reason.
 */
async function changeAsViewer(...args: Parameters<typeof changeWithSettings>): Promise<PlanView> {
  return (await changeWithSettings(...args)).view;
}

/**
 * changeAsViewer, with the settings it read (a caller that needs them again reads no more). A caller that has read the
 * plan already passes it (`loaded`): a change that finds it stale reads it again and retries.
 */
async function changeWithSettings(ports: AppPorts, viewer: Viewer, change: (plan: AnyPlan, actor: Actor, now: Date, settings: AppSettings) => Accepted<unknown, string>, customersOwnAct: (plan: AnyPlan) => boolean = () => false, mentioned: readonly string[] = [], loaded?: LoadedPlan): Promise<{ view: PlanView; settings: AppSettings }> {
  const { stored, settings, registry } = loaded ?? (await planOfTicket(ports, viewer));
  const { admin } = await requireJiraAccess(ports, viewer, settings);
  // Only the customer's own act asks Jira (as the app) which organizations they belong to: one read, on that act alone.
  const organizations = viewer.accountType === 'customer' && customersOwnAct(stored.plan) ? [...(await ports.jira.organizationsOf(viewer.accountId))] : null;
  const now = ports.clock.now();
  try {
    // The answer is built from what was just written: no second read.
    const after = await changePlan(ports, settings, stored, (plan) => change(plan, actorFor(viewer, plan, settings, admin, organizations), now, settings), undefined, registry);
    return { view: viewOf(ports, viewer, after.stored, settings, after.registry), settings };
  } catch (error) {
    if (!(error instanceof PlanRefusal)) throw error;
    // The engine names people by account id; the person reads their names.
    throw await refusalWithNames(ports, settings, error, [...peopleOfPlan(stored.plan), ...mentioned]);
  }
}

export async function actOnPlanStage(ports: AppPorts, viewer: Viewer, action: StepAction, loaded?: LoadedPlan): Promise<PlanView> {
  const { view, settings } = await changeWithSettings(ports, viewer, (plan, actor, now, current) => kindOf(plan).actOnStep(plan, action, actor, now, current.calendar), (plan) => finishesCustomersOwnAct(plan, action), [], loaded);
  // A slot is proposed or agreed by an agent: the answer warns of what the calendar would flag (issue #14, "Bad input").
  if ((action.type === 'propose' || action.type === 'agree') && viewer.accountType === 'licensed') {
    const warnings = await conflictsOfSlot(ports, settings, view.planId);
    if (warnings.length > 0) return { ...view, slotWarnings: warnings };
  }
  return view;
}

/** Whether the action would finish a step that is the customer's own act: the engine then checks the customer's organizations. */
function finishesCustomersOwnAct(plan: AnyPlan, action: StepAction): boolean {
  return action.type !== 'start' && action.type !== 'block' && action.type !== 'reopen' && kindOf(plan).playbookOf(plan).steps.some((s) => s.number === action.step && s.byCustomerInPortal === true);
}

/**
 * The PM hands a stage to another person, saying why. The roles that person holds on the plan are read from the settings
 * (a person holding none of the stage's roles, or an unknown account, is refused naming the owner).
 */
export function reassignPlanStage(ports: AppPorts, viewer: Viewer, input: { step: number; owner: string; reason: string }): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now, settings) =>
    kindOf(plan).actOnStep(plan, { type: 'reassign', step: input.step, owner: input.owner, ownerRoles: rolesHeldBy(settings.roles, plan.organizationId, input.owner, plan.reporterAccountId), reason: input.reason }, actor, now),
    undefined,
    [input.owner],
  );
}

/** The PM hands one part of a stage (a validation ticket) to a person holding the roles it may go to. */
export function handPlanPart(ports: AppPorts, viewer: Viewer, input: { step: number; part: string; owner: string; reason: string }): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now, settings) =>
    command(plan, 'handPart', 'parts handed one by one')(plan, { ...input, ownerRoles: rolesHeldBy(settings.roles, plan.organizationId, input.owner, plan.reporterAccountId) }, actor, now),
    undefined,
    [input.owner],
  );
}

/** The handler of a part records it addressed. */
export function addressPlanPart(ports: AppPorts, viewer: Viewer, input: { step: number; part: string; note?: string }): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now) => command(plan, 'addressPart', 'parts handled one by one')(plan, input, actor, now));
}

type Command<N extends keyof KindCommands<AnyPlan>> = NonNullable<KindCommands<AnyPlan>[N]>;

/** What the plan's kind offers for this command; refused, naming what the plan lacks, when it offers nothing. */
function command<N extends keyof KindCommands<AnyPlan>>(plan: AnyPlan, name: N, what: string): Command<N> {
  const kind = kindOf(plan) as PlanKindDefinition<AnyPlan>;
  const run = kind.commands[name];
  if (!run) refuse('planKind', `${kind.titleOf(plan)} has no ${what}`, { field: 'issue' });
  return run as Command<N>;
}

/** A phase's document (the lifecycle's specifications, contract, DAC …): its reference, or only that credentials went over a secure channel. */
export function recordPlanDocument(ports: AppPorts, viewer: Viewer, record: DocumentRecord): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now) => recordDocument(kindOf(plan).playbookOf(plan), plan, record, actor, now));
}

/** Rule 9: the PM sets the end of a phase whose length is agreed in discussion (a working day, after the phase before it, before the slot). */
export function planPlanPhaseEnd(ports: AppPorts, viewer: Viewer, input: PhaseEndInput): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now, settings) => {
    const kind = kindOf(plan);
    return planPhaseEnd(kind.playbookOf(plan), plan, input, actor, now, settings.calendar, kind.slotOf(plan)?.start ?? null);
  });
}

export function recordPlanBackup(ports: AppPorts, viewer: Viewer, backup: BackupRecord): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now) => command(plan, 'recordBackup', 'backups')(plan, backup, actor, now));
}

/** The engineer confirms the restore a decision opened (when it started and ended, the version it runs now). */
export function recordPlanRestore(ports: AppPorts, viewer: Viewer, restore: RestoreRecord): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now) => command(plan, 'recordRestore', 'restore to record')(plan, restore, actor, now));
}

export function providePlanDetails(ports: AppPorts, viewer: Viewer, ticketKind: string, details: unknown): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now) => command(plan, 'provideDetails', 'request details')(plan, ticketKind, details, actor, now));
}

/**
 * A page of the plan's audit trail, oldest first: its latest 100 entries, or the 100 before `before` (an entry's seq),
 * each in a plain sentence with people's names (a person the app's directory lacks is asked of Jira once, batched).
 */
export async function getPlanHistory(ports: AppPorts, viewer: Viewer, page: { before?: number } = {}): Promise<HistoryEntryView[]> {
  const { stored, settings } = await planOfTicket(ports, viewer);
  const entries = await ports.plans.history(stored.plan.id, page.before !== undefined ? { before: page.before } : {});
  // Sentences are made from what the person's surface may receive: the portal's name no backup location.
  const shown = forSurface(viewer, entries);
  return historyView(stored.plan, shown, await namesForHistory(ports, settings, shown), () => 'plan');
}

/**
 * One answer of the plan's CSV export (its whole audit trail, then the environment changes the plan made or that
 * happened during it), continued from `cursor`; the panel asks again with `next` until it is null.
 */
export async function getPlanHistoryExport(ports: AppPorts, viewer: Viewer, cursor: HistoryExportCursor = { source: 'plan' }): Promise<HistoryExportPage> {
  const { stored, settings } = await planOfTicket(ports, viewer);
  return exportHistoryPage(ports, stored.plan, settings, cursor, (entries) => forSurface(viewer, entries));
}
