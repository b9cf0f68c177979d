import { addWorkingDays, dateOnly, type WorkingCalendar } from './calendar';
import { isFinished } from './engine';
import type { Plan, PlaybookDefinition } from './playbook';

/**
 * Due dates (yyyy-MM-dd) per step, from the phase lengths in working days, chained from the plan's creation.
 * A phase without a length (the Day of Upgrade) is due on the scheduled slot, and unknown (null) until it is confirmed.
 * Steps a decision restarted are planned again from the day of that decision.
 */
export function dueDates<Facts>(
  playbook: PlaybookDefinition<Facts>,
  plan: Plan<Facts>,
  calendar: WorkingCalendar,
  slot: string | null,
): Map<number, string | null> {
  const phaseEnds = chainPhases(playbook, dateOnly(plan.createdAt), calendar, slot);
  const latest = plan.attempts.at(-1);
  const replanned = latest ? chainPhases(playbook, dateOnly(latest.endedAt), calendar, slot, phasesOf(playbook, latest.restartedSteps)) : undefined;

  const due = new Map<number, string | null>();
  for (const step of playbook.steps) {
    const restarted = latest?.restartedSteps.includes(step.number) ?? false;
    due.set(step.number, (restarted ? replanned?.get(step.phase) : phaseEnds.get(step.phase)) ?? null);
  }
  return due;
}

function phasesOf<Facts>(playbook: PlaybookDefinition<Facts>, steps: readonly number[]): Set<string> {
  return new Set(playbook.steps.filter((s) => steps.includes(s.number)).map((s) => s.phase));
}

function chainPhases<Facts>(
  playbook: PlaybookDefinition<Facts>,
  start: string,
  calendar: WorkingCalendar,
  slot: string | null,
  only?: Set<string>,
): Map<string, string | null> {
  const ends = new Map<string, string | null>();
  let anchor: string | null = start;
  for (const phase of playbook.phases) {
    if (only && !only.has(phase.id)) continue;
    const end: string | null = phase.workingDays === null ? (slot ? dateOnly(slot) : null) : anchor ? addWorkingDays(anchor, phase.workingDays, calendar) : null;
    ends.set(phase.id, end);
    anchor = end;
  }
  return ends;
}

/** Steps not finished whose due date has passed (today is the UTC date of `now`). */
export function overdueSteps<Facts>(plan: Plan<Facts>, due: ReadonlyMap<number, string | null>, now: Date): number[] {
  const today = dateOnly(now);
  return plan.steps.filter((s) => !isFinished(s) && (due.get(s.number) ?? '9999-12-31') < today).map((s) => s.number);
}
