import { addWorkingDays, dateOnly, type WorkingCalendar } from './calendar';
import { isFinished } from './engine';
import type { Plan, PlannedPhaseEnd, PlaybookDefinition } from './playbook';
import { documentsValidFrom } from './playbooks/documents';

/**
 * Where a phase's end comes from: its last step's finish (`finished`), its length in working days (`length`), the date a
 * person set (`planned`), the slot (`slot`: on it, or brought forward to the working day before it); `to be agreed` while
 * a phase whose length is agreed in discussion has neither a date nor a slot; `unknown` when nothing dates it yet.
 */
export type PhaseEndBasis = 'finished' | 'length' | 'planned' | 'slot' | 'to be agreed' | 'unknown';

/** One phase of a plan as rule 9 dates it. */
export interface PhaseSchedule {
  phase: string;
  /** The day its work is planned from: the end of the phase before it, the plan's creation, or the decision that restarted it. */
  from: string | null;
  /** When its last step finished, once every step is finished; else when its open steps are due; null while unknown. */
  end: string | null;
  basis: PhaseEndBasis;
  /** The end a person set for this run of the phase (a phase whose length is agreed in discussion); null when none. */
  planned: PlannedPhaseEnd | null;
}

/** The latest end a person set for this run of a phase declared `plannedBy`: a restart of its steps asks for a new one. */
export function plannedEndOf<Facts>(playbook: PlaybookDefinition<Facts>, plan: Plan<Facts>, phaseId: string): PlannedPhaseEnd | null {
  if (!playbook.phases.find((p) => p.id === phaseId)?.plannedBy) return null;
  const from = documentsValidFrom(playbook, plan, phaseId);
  return (plan.phaseEnds ?? []).filter((e) => e.phase === phaseId && e.attempt >= from).at(-1) ?? null;
}

/** The day a decision last restarted one of the phase's steps, if one did. */
function restartedOn<Facts>(playbook: PlaybookDefinition<Facts>, plan: Plan<Facts>, phaseId: string): string | null {
  const own = playbook.steps.filter((s) => s.phase === phaseId).map((s) => s.number);
  const attempt = plan.attempts.filter((a) => a.restartedSteps.some((n) => own.includes(n))).at(-1);
  return attempt?.endedAt ? dateOnly(attempt.endedAt) : null;
}

const later = (a: string, b: string | null): string => (b !== null && b > a ? b : a);

/**
 * Rule 9, for every kind of plan: each phase is planned from when the phase before it actually finished (its last
 * step's finish) or, while that one is open, from its planned end; an open phase then ends after its length in working
 * days, on the date a person set (a length agreed in discussion), or on the slot (the phase that happens on it). A
 * phase whose length is agreed in discussion and that has neither stays `to be agreed`: no length is invented for it.
 * `slot` is the slot proposed or confirmed (an ISO instant), null while there is none.
 */
export function phaseSchedule<Facts>(playbook: PlaybookDefinition<Facts>, plan: Plan<Facts>, calendar: WorkingCalendar, slot: string | null): PhaseSchedule[] {
  const slotDay = slot ? dateOnly(slot) : null;
  const slotPhase = playbook.phases.findIndex((p) => p.onSlot);
  // Counted back from the slot: the slot's day is the upgrade's own, so whatever comes before it must be finished by the
  // working day before that day, whatever its length or planned date says (the one-day margin is the minimum, not a buffer).
  const lastDayBeforeSlot = slotDay && slotPhase >= 0 ? addWorkingDays(slotDay, -1, calendar) : null;
  let previousEnd: string | null = dateOnly(plan.createdAt);
  return playbook.phases.map((phase, index): PhaseSchedule => {
    const own = playbook.steps.filter((s) => s.phase === phase.id).map((s) => plan.steps.find((state) => state.number === s.number));
    const restarted = restartedOn(playbook, plan, phase.id);
    const from = previousEnd === null ? null : later(previousEnd, restarted);
    const planned = plannedEndOf(playbook, plan, phase.id);
    let end: string | null;
    let basis: PhaseEndBasis;
    if (own.length > 0 && own.every((s) => s && isFinished(s))) {
      const finishedOn = own.map((s) => s?.completedAt).filter((at): at is string => !!at).map(dateOnly).sort().at(-1);
      [end, basis] = [finishedOn ?? from, 'finished'];
    } else {
      if (phase.onSlot) [end, basis] = [slotDay, 'slot'];
      else if (phase.workingDays !== null) [end, basis] = from ? [addWorkingDays(from, phase.workingDays, calendar), 'length'] : [null, 'unknown'];
      else if (planned) [end, basis] = [planned.end, 'planned'];
      else [end, basis] = [null, phase.plannedBy ? 'to be agreed' : 'unknown'];
      if (lastDayBeforeSlot && index < slotPhase && (end === null || end > lastDayBeforeSlot)) [end, basis] = [lastDayBeforeSlot, 'slot'];
    }
    previousEnd = end;
    return { phase: phase.id, from, end, basis, planned };
  });
}

/** Due dates (yyyy-MM-dd) per step: an open step's is its phase's end; a finished step has none (it shows when it finished). */
export function dueDates<Facts>(playbook: PlaybookDefinition<Facts>, plan: Plan<Facts>, calendar: WorkingCalendar, slot: string | null): Map<number, string | null> {
  const ends = new Map(phaseSchedule(playbook, plan, calendar, slot).map((p) => [p.phase, p.end]));
  const due = new Map<number, string | null>();
  for (const step of playbook.steps) {
    const state = plan.steps.find((s) => s.number === step.number);
    due.set(step.number, state && isFinished(state) ? null : (ends.get(step.phase) ?? null));
  }
  return due;
}

/** Steps not finished whose due date has passed (today is the UTC date of `now`). */
export function overdueSteps<Facts>(plan: Plan<Facts>, due: ReadonlyMap<number, string | null>, now: Date): number[] {
  const today = dateOnly(now);
  return plan.steps.filter((s) => !isFinished(s) && (due.get(s.number) ?? '9999-12-31') < today).map((s) => s.number);
}
