import { isFinished, opensDependents, stepState } from './engine';
import type { Plan, PlaybookDefinition } from './playbook';
import type { Role } from './roles';

export interface NextStep {
  number: number;
  activity: string;
  roles: readonly Role[];
  owner: string | null;
}

/** What a panel header and a JQL search need to know of a plan at a glance. */
export interface PlanSummary {
  kind: string;
  /** The phase of the earliest unfinished step, or "Complete". */
  phase: string;
  done: number;
  skipped: number;
  total: number;
  /** Unfinished steps whose prerequisites are all finished: what can be worked on now. */
  next: readonly NextStep[];
  nextOwnerRole: Role | null;
  overdue: number;
  attempt: number;
}

export const COMPLETE_PHASE = 'Complete';

export function nextSteps<Facts>(playbook: PlaybookDefinition<Facts>, plan: Plan<Facts>): NextStep[] {
  return playbook.steps
    .filter((s) => !isFinished(stepState(plan, s.number)) && s.requires.every((n) => opensDependents(playbook, plan, n)))
    .map((s) => ({ number: s.number, activity: s.activity, roles: s.roles, owner: stepState(plan, s.number).owner }));
}

export function summarizePlan<Facts>(playbook: PlaybookDefinition<Facts>, plan: Plan<Facts>, overdue: readonly number[]): PlanSummary {
  const firstOpen = playbook.steps.find((s) => !isFinished(stepState(plan, s.number)));
  const next = nextSteps(playbook, plan);
  return {
    kind: playbook.kind,
    phase: firstOpen ? (playbook.phases.find((p) => p.id === firstOpen.phase)?.name ?? firstOpen.phase) : COMPLETE_PHASE,
    done: plan.steps.filter((s) => s.status === 'done').length,
    skipped: plan.steps.filter((s) => s.status === 'skipped').length,
    total: plan.steps.length,
    next,
    nextOwnerRole: next[0]?.roles[0] ?? null,
    overdue: overdue.length,
    attempt: plan.attempt,
  };
}
