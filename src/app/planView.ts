import { isFinished, stepState } from '../domain/engine';
import type { Actor, StepStatus } from '../domain/playbook';
import { rolesHeldBy, type Role } from '../domain/roles';
import type { Backup, LinkedTicket, Rollback } from '../domain/upgrade/facts';
import { summarizeUpgradePlan, upgradeDueDates, type UpgradePlan, type UpgradePlanSummary } from '../domain/upgrade/plan';
import { valInstruction } from '../domain/upgrade/playbook';
import { FORWARD_COMPATIBILITY_WARNING, type ConfigurationDecision } from '../domain/upgrade/request';
import { UPGRADE_PHASES, UPGRADE_STAGES } from '../domain/upgrade/stages';
import type { AppSettings } from './settings';
import type { InstanceView } from './environmentsView';

/** Where a person looks at the plan from: the agent's issue panel, the customer portal, or the settings page. */
export type Surface = 'agent' | 'portal' | 'admin';

/** Who is asking, as the Forge context says: never taken from a payload. */
export interface Viewer {
  accountId: string;
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
  completedBy: string | null;
  completedAt: string | null;
  reason: string | null;
  outcome: string | null;
  required: boolean;
  actions: readonly StageActionView[];
  decision: { options: readonly { id: string; label: string; consequence: string; reasonRequired: boolean }[] } | null;
}

export interface PlanView {
  planId: string;
  revision: number;
  ticketKey: string;
  viewer: { accountId: string; roles: readonly Role[]; surface: Surface };
  organizationId: string;
  summary: UpgradePlanSummary;
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
  backups: readonly Omit<Backup, 'reference'>[] | readonly Backup[];
  rollbacks: readonly Rollback[];
  attempts: readonly { attempt: number; outcome: string; endedAt: string; reason: string | null }[];
  phases: readonly { id: string; name: string; expectedLength: string; stages: readonly StageView[] }[];
  /** The organization's live environments (MAIN/TEST versions, states, IQ documentation, backups). */
  environments?: readonly InstanceView[];
}

/** The roles a person holds on this plan; in the customer portal a person acts as a customer only. */
export function viewerRoles(viewer: Viewer, plan: UpgradePlan, settings: AppSettings): Role[] {
  const held = rolesHeldBy(settings.roles, plan.organizationId, viewer.accountId, plan.reporterAccountId);
  return viewer.surface === 'portal' ? held.filter((r) => r === 'Customer') : held;
}

export function actorFor(viewer: Viewer, plan: UpgradePlan, settings: AppSettings, admin = false): Actor {
  return { accountId: viewer.accountId, roles: viewerRoles(viewer, plan, settings), admin };
}

function stageActions(plan: UpgradePlan, number: number, roles: readonly Role[]): StageActionView[] {
  const definition = UPGRADE_STAGES[number - 1]!;
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
    if (!definition.unskippable && !(number === 18 && plan.facts.dataUpdatesRequired)) add('skip', open || state.status === 'blocked', order, true);
  }
  if (open) add('block', true, undefined, true);
  if (state.status === 'done' || state.status === 'skipped' || state.status === 'blocked') add('reopen', true, undefined, true);
  return views;
}

function guidanceFor(plan: UpgradePlan, number: number): string | null {
  if (number === 1 && plan.facts.releasesCrossed.length > 0) return `Release notes to review: ${plan.facts.releasesCrossed.join(', ')}.`;
  if (number === 4 || number === 6) return valInstruction(plan.facts);
  if (number === 18) return plan.facts.dataUpdatesRequired ? `Required: the upgrade crosses ${plan.facts.releasesCrossed.length} releases.` : 'Optional: the upgrade crosses a single release.';
  return null;
}

/** Everything a panel renders, in one answer; what the viewer may do is decided here, on the server. */
export function buildPlanView(plan: UpgradePlan, viewer: Viewer, settings: AppSettings, now: Date): PlanView {
  const roles = viewerRoles(viewer, plan, settings);
  const summary = summarizeUpgradePlan(plan, settings.calendar, now);
  const due = upgradeDueDates(plan, settings.calendar);
  const today = now.toISOString().slice(0, 10);
  const customer = viewer.surface === 'portal';
  const details = plan.facts.details.prodRequest ?? plan.facts.details.valRequest;
  return {
    planId: plan.id,
    revision: plan.revision,
    ticketKey: viewer.ticketKey,
    viewer: { accountId: viewer.accountId, roles, surface: viewer.surface },
    organizationId: plan.organizationId,
    summary,
    currentVersion: plan.facts.currentVersion,
    targetVersion: plan.facts.targetVersion,
    releasesCrossed: plan.facts.releasesCrossed,
    valAction: plan.facts.valAction,
    slot: plan.facts.slot?.start ?? null,
    preferredSlots: plan.facts.details.prodRequest?.preferredSlots ?? [],
    configuration: details?.configuration ?? null,
    configurationWarning: details?.configuration?.mode === 'keep-listed' ? FORWARD_COMPATIBILITY_WARNING : null,
    tickets: plan.facts.tickets,
    // Backup locations are internal to IQVIA's infrastructure.
    backups: customer ? plan.facts.backups.map(({ reference: _reference, ...rest }) => rest) : plan.facts.backups,
    rollbacks: plan.facts.rollbacks,
    attempts: plan.attempts.map((a) => ({ attempt: a.attempt, outcome: a.outcome, endedAt: a.endedAt, reason: a.reason })),
    phases: UPGRADE_PHASES.map((phase) => ({
      id: phase.id,
      name: phase.name,
      expectedLength: phase.expectedLength,
      stages: UPGRADE_STAGES.filter((s) => s.phase === phase.id).map((definition) => {
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
          completedBy: state.completedBy,
          completedAt: state.completedAt,
          reason: state.reason,
          outcome: state.outcome,
          required: !(definition.number === 18 && !plan.facts.dataUpdatesRequired),
          actions: stageActions(plan, definition.number, roles),
          decision: definition.decision ? { options: definition.decision.options.map(({ id, label, consequence, reasonRequired }) => ({ id, label, consequence, reasonRequired })) } : null,
        };
      }),
    })),
  };
}
