import { ADMIN_OVERRIDE_ROLE, APP_ROLE, type AuditEntry } from './audit';
import { refuse } from './errors';
import type {
  Actor,
  ArchivedAttempt,
  Notice,
  Plan,
  PlaybookDefinition,
  StepAction,
  StepDefinition,
  StepState,
  StepStatus,
} from './playbook';

/** What an accepted change produced: the new plan, its one audit entry, and what it owes people. */
export interface Accepted<Facts> {
  plan: Plan<Facts>;
  entry: AuditEntry;
  notices: readonly Notice[];
}

export const FINISHED: readonly StepStatus[] = ['done', 'skipped'];
export const REASON_MAX_LENGTH = 2000;

export function isFinished(step: StepState): boolean {
  return FINISHED.includes(step.status);
}

export function stepDefinition<Facts>(playbook: PlaybookDefinition<Facts>, number: number): StepDefinition {
  const step = playbook.steps.find((s) => s.number === number);
  return step ?? refuse('knownStage', `${playbook.title} has no stage ${String(number)}`, { field: 'step' });
}

export function stepState(plan: Plan<unknown>, number: number): StepState {
  const state = plan.steps.find((s) => s.number === number);
  if (!state) throw new Error(`plan ${plan.id} has no state for stage ${number}`);
  return state;
}

/** The roles under which the actor may act on a step, or the override role for an admin who gives a reason. */
export function actingRole(step: StepDefinition, actor: Actor, reason: string | undefined): string | undefined {
  if (actor.app) return APP_ROLE;
  const held = step.roles.find((role) => actor.roles.includes(role));
  if (held) return held;
  if (actor.admin && reason && reason.trim().length > 0) return ADMIN_OVERRIDE_ROLE;
  return undefined;
}

/** Every step that needs `number` finished first, directly or through another step. */
export function dependentsOf<Facts>(playbook: PlaybookDefinition<Facts>, number: number): number[] {
  const found = new Set<number>();
  const visit = (n: number): void => {
    for (const s of playbook.steps) {
      if (s.requires.includes(n) && !found.has(s.number)) {
        found.add(s.number);
        visit(s.number);
      }
    }
  };
  visit(number);
  return [...found].sort((a, b) => a - b);
}

function requireReason(action: StepAction, why: string, stage: number): string {
  const reason = action.reason?.trim();
  if (!reason) refuse('reasonRequired', `stage ${stage}: a reason is required to ${why}`, { field: 'reason', stage });
  if (reason.length > REASON_MAX_LENGTH) {
    refuse('reasonRequired', `stage ${stage}: the reason is longer than ${REASON_MAX_LENGTH} characters`, { field: 'reason', stage });
  }
  return reason;
}

function requireStatus(state: StepState, allowed: readonly StepStatus[], verb: string): void {
  if (!allowed.includes(state.status)) {
    refuse('stageStatus', `stage ${state.number} is ${state.status}: it cannot be ${verb}`, { field: 'step', stage: state.number });
  }
}

function requirePrerequisites<Facts>(plan: Plan<Facts>, step: StepDefinition): void {
  const open = step.requires.filter((n) => !isFinished(stepState(plan, n)));
  if (open.length > 0) {
    const list = open.map((n) => `stage ${n}`).join(' and ');
    refuse('stageOrder', `stage ${step.number} needs ${list} finished first`, { field: 'step', stage: step.number });
  }
}

function snapshot(state: StepState): Record<string, unknown> {
  return { status: state.status, ...(state.reason ? { reason: state.reason } : {}), ...(state.outcome ? { outcome: state.outcome } : {}) };
}

/** Applies one step action (start, complete, skip, block, reopen, decide) of any playbook; throws PlanRefusal, changing nothing, when refused. */
export function applyStepAction<Facts>(
  playbook: PlaybookDefinition<Facts>,
  plan: Plan<Facts>,
  action: StepAction,
  actor: Actor,
  now: Date,
): Accepted<Facts> {
  const step = stepDefinition(playbook, action.step);
  const state = stepState(plan, step.number);
  const at = now.toISOString();

  const role = actingRole(step, actor, action.reason);
  if (!role) {
    const why = actor.admin ? 'an app admin acting outside their roles must give a reason' : `only ${step.roles.join(' / ')} may act on it`;
    refuse('stageOwnership', `stage ${step.number}: ${why}`, { field: actor.admin ? 'reason' : 'actor', stage: step.number });
  }

  let next: StepState;
  let reason: string | null = action.reason?.trim() || null;
  if (reason && reason.length > REASON_MAX_LENGTH) refuse('reasonRequired', `stage ${step.number}: the reason is longer than ${REASON_MAX_LENGTH} characters`, { field: 'reason', stage: step.number });
  let restarted: readonly number[] = [];
  switch (action.type) {
    case 'start':
      requireStatus(state, ['todo', 'blocked'], 'started');
      requirePrerequisites(plan, step);
      next = { ...state, status: 'in progress', startedBy: actor.accountId, startedAt: at, reason: null };
      break;
    case 'complete':
      if (step.decision) refuse('decisionNotTick', `stage ${step.number} is a decision: take it with one of ${step.decision.options.map((o) => o.id).join(' / ')}`, { field: 'type', stage: step.number });
      requireStatus(state, ['todo', 'in progress'], 'completed');
      requirePrerequisites(plan, step);
      next = { ...state, status: 'done', completedBy: actor.accountId, completedAt: at, reason: null };
      break;
    case 'skip':
      reason = requireReason(action, 'skip it', step.number);
      if (step.unskippable || step.decision) refuse('stageRequired', `stage ${step.number} cannot be skipped`, { field: 'step', stage: step.number });
      requireStatus(state, ['todo', 'in progress', 'blocked'], 'skipped');
      requirePrerequisites(plan, step);
      next = { ...state, status: 'skipped', completedBy: actor.accountId, completedAt: at, reason };
      break;
    case 'block':
      reason = requireReason(action, 'block it', step.number);
      requireStatus(state, ['todo', 'in progress'], 'blocked');
      next = { ...state, status: 'blocked', reason };
      break;
    case 'reopen': {
      reason = requireReason(action, 'reopen it', step.number);
      requireStatus(state, ['done', 'skipped', 'blocked'], 'reopened');
      const active = dependentsOf(playbook, step.number).filter((n) => stepState(plan, n).status !== 'todo' && stepState(plan, n).status !== 'blocked');
      if (active.length > 0) {
        refuse('stageOrder', `stage ${step.number} cannot be reopened while stage ${active.join(', ')} that needs it is under way or finished`, { field: 'step', stage: step.number });
      }
      next = { ...state, status: 'todo', startedBy: null, startedAt: null, completedBy: null, completedAt: null, reason: null, outcome: null };
      break;
    }
    case 'decide': {
      if (!step.decision) refuse('decisionNotTick', `stage ${step.number} is not a decision`, { field: 'type', stage: step.number });
      const option = step.decision.options.find((o) => o.id === action.outcome);
      if (!option) refuse('decisionOutcome', `stage ${step.number}: the decision is one of ${step.decision.options.map((o) => o.id).join(' / ')}`, { field: 'outcome', stage: step.number });
      if (option.reasonRequired) reason = requireReason(action, `decide ${option.id}`, step.number);
      requireStatus(state, ['todo', 'in progress'], 'decided');
      requirePrerequisites(plan, step);
      next = { ...state, status: 'done', completedBy: actor.accountId, completedAt: at, outcome: option.id, reason };
      restarted = option.restartsSteps ?? [];
      break;
    }
    default:
      // Actions arrive from the browser: an unknown type is refused, never half-applied.
      refuse('knownAction', `stage ${step.number}: the action is one of start / complete / skip / block / reopen / decide`, { field: 'type', stage: step.number });
  }

  for (const rule of playbook.rules) {
    const refusal = rule.check({ playbook, plan, action, step, actor, now });
    if (refusal) throw refusal;
  }

  let steps = plan.steps.map((s) => (s.number === step.number ? next : s));
  let attempts = plan.attempts;
  let attempt = plan.attempt;
  if (restarted.length > 0) {
    const archived: ArchivedAttempt = { attempt, endedAt: at, endedBy: actor.accountId, outcome: next.outcome ?? '', reason, restartedSteps: restarted, steps };
    attempts = [...attempts, archived];
    attempt += 1;
    steps = steps.map((s) => (restarted.includes(s.number) ? resetStep(s) : s));
  }

  const revision = plan.revision + 1;
  let after: Plan<Facts> = { ...plan, revision, attempt, attempts, steps };
  const change = { before: plan, after, action, actor, now };
  if (playbook.onAccepted) after = { ...after, facts: playbook.onAccepted(change) };
  const notices = playbook.announcements ? playbook.announcements({ ...change, after }) : [];

  const entry: AuditEntry = {
    planId: plan.id,
    seq: revision,
    at,
    actor: { accountId: actor.accountId, role },
    action: action.type === 'decide' ? `decide ${next.outcome}` : action.type,
    step: step.number,
    attempt: plan.attempt,
    before: snapshot(state),
    after: restarted.length > 0 ? { ...snapshot(next), restartedStages: [...restarted], newAttempt: attempt } : snapshot(next),
    reason,
  };
  return { plan: after, entry, notices };
}

function resetStep(state: StepState): StepState {
  return { ...state, status: 'todo', startedBy: null, startedAt: null, completedBy: null, completedAt: null, reason: null, outcome: null };
}

/** A change to a plan's facts (a recorded backup, a linked ticket), with its audit entry. */
export function acceptFactChange<Facts>(
  plan: Plan<Facts>,
  change: { facts: Facts; steps?: readonly StepState[]; action: string; step?: number; accountId: string; role: string; before: Record<string, unknown> | null; after: Record<string, unknown>; reason?: string | null },
  now: Date,
): { plan: Plan<Facts>; entry: AuditEntry } {
  const revision = plan.revision + 1;
  return {
    plan: { ...plan, revision, facts: change.facts, steps: change.steps ?? plan.steps },
    entry: {
      planId: plan.id,
      seq: revision,
      at: now.toISOString(),
      actor: { accountId: change.accountId, role: change.role },
      action: change.action,
      step: change.step ?? null,
      attempt: plan.attempt,
      before: change.before,
      after: change.after,
      reason: change.reason ?? null,
    },
  };
}
