import type { PlanView, StageActionType, StageView, StepStatus } from './types';

/** A change the person asked for and the server has not answered yet. */
export interface PendingChange {
  id: number;
  stage: number;
  type: StageActionType | 'backup' | 'details' | 'iq' | 'document' | 'restore' | 'part' | 'phaseEnd';
  reason?: string;
  /** A decision's outcome (Go, No-Go, Pass, Fail). */
  outcome?: string;
}

export interface PlanState {
  /** The plan as the server last confirmed it. */
  confirmed: PlanView;
  /** Changes shown ahead of the server's answer, in the order asked. */
  pending: readonly PendingChange[];
}

export type PlanEvent =
  | { type: 'loaded'; plan: PlanView }
  | { type: 'requested'; change: PendingChange }
  | { type: 'accepted'; id: number; plan: PlanView }
  | { type: 'refused'; id: number };

export function initialPlanState(plan: PlanView): PlanState {
  return { confirmed: plan, pending: [] };
}

/** The server's answers win; a refusal simply drops the change, so the plan rolls back to what the server holds. */
export function planReducer(state: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'loaded':
      return { confirmed: event.plan, pending: [] };
    case 'requested':
      return { ...state, pending: [...state.pending, event.change] };
    case 'accepted': {
      const newer = event.plan.revision >= state.confirmed.revision;
      return { confirmed: newer ? event.plan : state.confirmed, pending: state.pending.filter((p) => p.id !== event.id) };
    }
    case 'refused':
      return { ...state, pending: state.pending.filter((p) => p.id !== event.id) };
  }
}

const OPTIMISTIC_STATUS: Partial<Record<PendingChange['type'], StepStatus>> = { start: 'in progress', complete: 'done', skip: 'skipped', block: 'blocked', reopen: 'todo', decide: 'done', propose: 'in progress', agree: 'done', decline: 'in progress' };

function applyToStage(stage: StageView, change: PendingChange, viewer: string, now: string): StageView {
  const status = OPTIMISTIC_STATUS[change.type];
  // While the server answers, the stage offers no action: nobody clicks twice.
  const base: StageView = { ...stage, actions: [] };
  if (!status) return base;
  const finished = status === 'done' || status === 'skipped';
  return {
    ...base,
    status,
    reason: status === 'skipped' || status === 'blocked' ? (change.reason ?? null) : null,
    outcome: change.type === 'decide' ? (change.outcome ?? null) : change.type === 'reopen' ? null : stage.outcome,
    completedBy: finished ? viewer : null,
    completedAt: finished ? now : null,
    overdue: finished ? false : stage.overdue,
  };
}

/** What the panel shows: the confirmed plan with the pending changes laid over it, and which stages are waiting. */
export function visiblePlan(state: PlanState, now: Date = new Date()): { plan: PlanView; busy: ReadonlySet<number> } {
  if (state.pending.length === 0) return { plan: state.confirmed, busy: new Set() };
  const busy = new Set(state.pending.map((p) => p.stage));
  const at = now.toISOString();
  const viewer = state.confirmed.viewer.accountId;
  const phases = state.confirmed.phases.map((phase) => {
    const stages = phase.stages.map((stage) => state.pending.filter((p) => p.stage === stage.number).reduce((s, change) => applyToStage(s, change, viewer, at), stage));
    // The phase's count follows the changes shown ahead of the server, as its stages do.
    return { ...phase, stages, progress: { finished: stages.filter((s) => s.status === 'done' || s.status === 'skipped').length, total: phase.progress.total } };
  });
  const stages = phases.flatMap((p) => p.stages);
  const summary = { ...state.confirmed.summary, done: stages.filter((s) => s.status === 'done').length, skipped: stages.filter((s) => s.status === 'skipped').length };
  return { plan: { ...state.confirmed, phases, summary }, busy };
}
