import { isFinished, stepState } from '../domain/engine';
import type { Actor, PlaybookDefinition, StepDefinition, StepStatus } from '../domain/playbook';
import { currentDocuments } from '../domain/playbooks/documents';
import { rolesHeldBy, type Role } from '../domain/roles';
import type { Backup, LinkedTicket, Rollback } from '../domain/upgrade/facts';
import { valInstruction } from '../domain/upgrade/playbook';
import { FORWARD_COMPATIBILITY_WARNING, type ConfigurationDecision } from '../domain/upgrade/request';
import type { AppSettings } from './settings';
import type { InstanceView } from './environmentsView';
import { isUpgradePlan, planKindOf, type AnyPlan, type KindSummary } from './planKinds';

/** Where a person looks at the plan from: the agent's issue panel, the customer portal, or the settings page. */
export type Surface = 'agent' | 'portal' | 'admin';

/** Forge's account types the app serves: licensed users (agents) and portal customers (manifest `unlicensedAccess`). */
export type ViewerAccountType = 'licensed' | 'customer';

/** Who is asking, as the Forge context says: never taken from a payload. */
export interface Viewer {
  accountId: string;
  /** A customer cannot make asUser calls: what they may see is read as the app. */
  accountType: ViewerAccountType;
  ticketKey: string;
  projectKey: string;
  surface: Surface;
}

export type StageActionType = 'start' | 'complete' | 'skip' | 'block' | 'reopen' | 'decide';

export interface StageActionView {
  type: StageActionType;
  /** Why the action is not available now; absent when it is. */
  disabledReason?: string;
  needsReason: boolean;
}

export interface StageView {
  number: number;
  phase: string;
  roles: readonly Role[];
  activity: string;
  notes: string;
  /** A line the app adds from the plan's facts (the releases crossed at stage 1, the VAL instruction at 4 and 6). */
  guidance: string | null;
  owner: string | null;
  /** The owner's display name from the settings' people directory, when known. */
  ownerName: string | null;
  status: StepStatus;
  due: string | null;
  overdue: boolean;
  startedBy: string | null;
  completedBy: string | null;
  completedAt: string | null;
  reason: string | null;
  outcome: string | null;
  required: boolean;
  actions: readonly StageActionView[];
  decision: { options: readonly { id: string; label: string; consequence: string; reasonRequired: boolean }[] } | null;
}

/** A document a phase asks for, and whether it is on record. */
export interface DocumentView {
  phase: string;
  phaseName: string;
  document: string;
  name: string;
  description: string;
  /** Credentials: only the fact that they went over a secure channel is recorded, never their content. */
  secureChannelOnly: boolean;
  recorded: { by: string; at: string; reference: string | null } | null;
  /** Whether the viewer holds a role that records it. */
  mayRecord: boolean;
  /** Recorded only once this step is finished (the DAC after a passed UAT, the go-live's IQ documentation after step 4). */
  afterStep: number | null;
  /** Kept up during the phase, recorded any number of times, never required to close it. */
  maintained: boolean;
}

export interface PlanView {
  planId: string;
  /** upgrade, prod-go-live or implementation-lifecycle. */
  kind: string;
  title: string;
  revision: number;
  createdAt: string;
  ticketKey: string;
  viewer: { accountId: string; roles: readonly Role[]; surface: Surface };
  organizationId: string;
  summary: KindSummary;
  currentVersion: string;
  targetVersion: string;
  releasesCrossed: readonly string[];
  valAction: 'replace' | 'create';
  slot: string | null;
  preferredSlots: readonly string[];
  configuration: ConfigurationDecision | null;
  /** Rule 4: the seed's warning, when the customer keeps configurations at their older version. */
  configurationWarning: string | null;
  tickets: readonly LinkedTicket[];
  documents: readonly DocumentView[];
  reporterAccountId: string;
  /** Display names of everyone the plan names (owners, who started, completed or decided), from the settings' people directory. */
  names: Readonly<Record<string, string>>;
  backups: readonly Omit<Backup, 'reference'>[] | readonly Backup[];
  rollbacks: readonly Rollback[];
  attempts: readonly { attempt: number; outcome: string; endedAt: string; reason: string | null }[];
  phases: readonly { id: string; name: string; expectedLength: string; stages: readonly StageView[] }[];
  /** The organization's live environments (MAIN/TEST versions, states, IQ documentation, backups). */
  environments?: readonly InstanceView[];
}

/** The roles a person holds on this plan; in the customer portal a person acts as a customer only. */
export function viewerRoles(viewer: Viewer, plan: AnyPlan, settings: AppSettings): Role[] {
  const held = rolesHeldBy(settings.roles, plan.organizationId, viewer.accountId, plan.reporterAccountId);
  return viewer.surface === 'portal' ? held.filter((r) => r === 'Customer') : held;
}

export function actorFor(viewer: Viewer, plan: AnyPlan, settings: AppSettings, admin = false): Actor {
  return { accountId: viewer.accountId, roles: viewerRoles(viewer, plan, settings), admin };
}

/** Rule 2: stage 18 of an upgrade crossing several releases is required; nothing else is conditionally required. */
function requiredStep(plan: AnyPlan, number: number): boolean {
  return !(isUpgradePlan(plan) && number === 18 && !plan.facts.dataUpdatesRequired);
}

function stageActions(plan: AnyPlan, definition: StepDefinition, roles: readonly Role[]): StageActionView[] {
  const number = definition.number;
  const state = stepState(plan, number);
  if (!definition.roles.some((r) => roles.includes(r))) return [];
  const waiting = definition.requires.filter((n) => !isFinished(stepState(plan, n)));
  const order = waiting.length > 0 ? `waits for stage ${waiting.join(' and ')}` : undefined;
  const open = state.status === 'todo' || state.status === 'in progress';
  const views: StageActionView[] = [];
  const add = (type: StageActionType, available: boolean, why: string | undefined, needsReason: boolean): void => {
    views.push(available && !why ? { type, needsReason } : { type, needsReason, disabledReason: why ?? `stage ${number} is ${state.status}` });
  };
  if (definition.decision) add('decide', open, order, false);
  else {
    if (state.status === 'todo' || state.status === 'blocked') add('start', true, order, false);
    add('complete', open, order, false);
    if (!definition.unskippable && !(isUpgradePlan(plan) && number === 18 && plan.facts.dataUpdatesRequired)) add('skip', open || state.status === 'blocked', order, true);
  }
  if (open) add('block', true, undefined, true);
  if (state.status === 'done' || state.status === 'skipped' || state.status === 'blocked') add('reopen', true, undefined, true);
  return views;
}

function guidanceFor(plan: AnyPlan, number: number): string | null {
  if (!isUpgradePlan(plan)) return null;
  if (number === 1 && plan.facts.releasesCrossed.length > 0) return `Release notes to review: ${plan.facts.releasesCrossed.join(', ')}.`;
  if (number === 4 || number === 6) return valInstruction(plan.facts);
  if (number === 18) return plan.facts.dataUpdatesRequired ? `Required: the upgrade crosses ${plan.facts.releasesCrossed.length} releases.` : 'Optional: the upgrade crosses a single release.';
  return null;
}

/** Everything a panel renders, in one answer; what the viewer may do is decided here, on the server. */
/** What only an upgrade plan has (versions, VAL decision, slot, request details, backups); neutral for the other kinds. */
function upgradeParts(plan: AnyPlan, customer: boolean, summary: KindSummary) {
  if (!isUpgradePlan(plan)) {
    return { currentVersion: '', targetVersion: summary.targetVersion, releasesCrossed: [], valAction: 'create' as const, slot: null, preferredSlots: [], configuration: null, configurationWarning: null, backups: [], rollbacks: [] };
  }
  const details = plan.facts.details.prodRequest ?? plan.facts.details.valRequest;
  return {
    currentVersion: plan.facts.currentVersion,
    targetVersion: plan.facts.targetVersion,
    releasesCrossed: plan.facts.releasesCrossed,
    valAction: plan.facts.valAction,
    slot: plan.facts.slot?.start ?? null,
    preferredSlots: plan.facts.details.prodRequest?.preferredSlots ?? [],
    configuration: details?.configuration ?? null,
    configurationWarning: details?.configuration?.mode === 'keep-listed' ? FORWARD_COMPATIBILITY_WARNING : null,
    // Backup locations are internal to IQVIA's infrastructure.
    backups: customer ? plan.facts.backups.map(({ reference: _reference, ...rest }) => rest) : plan.facts.backups,
    rollbacks: plan.facts.rollbacks,
  };
}

/** The documents each phase asks for, and those recorded (the implementation lifecycle's and the go-live's IQ documentation). */
function documentsView(plan: AnyPlan, playbook: PlaybookDefinition<unknown>, roles: readonly Role[], customer: boolean): DocumentView[] {
  const recorded = currentDocuments(playbook, plan);
  return playbook.phases.flatMap((phase) =>
    (phase.documents ?? []).map((document) => {
      const record = recorded.filter((r) => r.phase === phase.id && r.document === document.id).at(-1);
      return {
        phase: phase.id,
        phaseName: phase.name,
        document: document.id,
        name: document.name,
        description: document.description,
        secureChannelOnly: document.handling === 'secure-channel',
        // A customer sees the references of their own documents only; IQVIA's stay internal.
        recorded: record ? { by: record.recordedBy, at: record.at, reference: customer && !document.roles.includes('Customer') ? null : record.reference } : null,
        mayRecord: document.roles.some((role) => roles.includes(role)),
        afterStep: document.afterStep ?? null,
        maintained: document.maintained === true,
      };
    }),
  );
}

/** Everything a panel renders, in one answer; what the viewer may do is decided here, on the server. */
export function buildPlanView(plan: AnyPlan, viewer: Viewer, settings: AppSettings, now: Date): PlanView {
  const kind = planKindOf(plan);
  const playbook = kind.playbookOf(plan);
  const roles = viewerRoles(viewer, plan, settings);
  const summary = kind.summary(plan, settings.calendar, now);
  const due = kind.dueDates(plan, settings.calendar);
  const today = now.toISOString().slice(0, 10);
  const customer = viewer.surface === 'portal';
  return {
    planId: plan.id,
    kind: plan.kind,
    title: summary.title,
    revision: plan.revision,
    createdAt: plan.createdAt,
    ticketKey: viewer.ticketKey,
    viewer: { accountId: viewer.accountId, roles, surface: viewer.surface },
    organizationId: plan.organizationId,
    summary,
    ...upgradeParts(plan, customer, summary),
    tickets: kind.ticketsOf(plan),
    documents: documentsView(plan, playbook, roles, customer),
    reporterAccountId: plan.reporterAccountId,
    names: namesOf(plan, settings),
    attempts: plan.attempts.map((a) => ({ attempt: a.attempt, outcome: a.outcome, endedAt: a.endedAt, reason: a.reason })),
    phases: playbook.phases.map((phase) => ({
      id: phase.id,
      name: phase.name,
      expectedLength: phase.expectedLength,
      stages: playbook.steps.filter((s) => s.phase === phase.id).map((definition) => {
        const state = stepState(plan, definition.number);
        const dueDate = due.get(definition.number) ?? null;
        return {
          number: definition.number,
          phase: phase.name,
          roles: definition.roles,
          activity: definition.activity,
          notes: definition.notes,
          guidance: guidanceFor(plan, definition.number),
          owner: state.owner,
          ownerName: state.owner ? (settings.people?.[state.owner] ?? null) : null,
          status: state.status,
          due: dueDate,
          overdue: !isFinished(state) && dueDate !== null && dueDate < today,
          startedBy: state.startedBy,
          completedBy: state.completedBy,
          completedAt: state.completedAt,
          reason: state.reason,
          outcome: state.outcome,
          required: requiredStep(plan, definition.number),
          actions: stageActions(plan, definition, roles),
          decision: definition.decision ? { options: definition.decision.options.map(({ id, label, consequence, reasonRequired }) => ({ id, label, consequence, reasonRequired })) } : null,
        };
      }),
    })),
  };
}

function namesOf(plan: AnyPlan, settings: AppSettings): Record<string, string> {
  const people = settings.people ?? {};
  const named = new Set<string>([
    plan.reporterAccountId,
    ...plan.steps.flatMap((s) => [s.owner, s.startedBy, s.completedBy]),
    ...(plan.documents ?? []).map((d) => d.recordedBy),
    ...plan.attempts.map((a) => a.endedBy),
  ].filter((id): id is string => !!id));
  return Object.fromEntries([...named].filter((id) => people[id]).map((id) => [id, people[id]!]));
}
