import { formatISO, isValid, parseISO } from 'date-fns';
import { ADMIN_OVERRIDE_ROLE } from '../audit';
import { dateOnly, isWorkingDay, type WorkingCalendar } from '../calendar';
import { acceptChange, REASON_MAX_LENGTH, type Accepted } from '../engine';
import { refuse } from '../errors';
import type { Actor, Plan, PlannedPhaseEnd, PlaybookDefinition } from '../playbook';
import { phaseSchedule, plannedEndOf } from '../schedule';

/** What a person sets: the phase, the working day its steps are due, and a reason when an app admin acts outside their roles. */
export interface PhaseEndInput {
  phase: string;
  end: string;
  reason?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written yyyy-MM-dd (not 2027-02-30). */
function isDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const parsed = parseISO(value);
  return isValid(parsed) && formatISO(parsed, { representation: 'date' }) === value;
}

/**
 * Rule 9: the planned end of a phase whose length the source leaves to discussion (the upgrade's Prep for Upgrade), set
 * by a holder of its `plannedBy` roles (an app admin outside them, with a reason). Refused, naming the field, unless it is
 * a working day, today or later, not before the end of the phase before it (actual, or planned while that one is open),
 * and before the slot's day when a slot is proposed or confirmed. Audited as `plan phase end`, before → after.
 */
export function planPhaseEnd<F, K extends string>(
  playbook: PlaybookDefinition<F>,
  plan: Plan<F, K>,
  input: PhaseEndInput,
  actor: Actor,
  now: Date,
  calendar: WorkingCalendar,
  slot: string | null,
): Accepted<F, K> {
  const index = playbook.phases.findIndex((p) => p.id === input?.phase);
  const phase = playbook.phases[index];
  if (!phase) return refuse('knownPhase', `${playbook.title} has no phase "${String(input?.phase)}"`, { field: 'phase' });
  if (!phase.plannedBy) {
    const by = phase.onSlot ? 'the slot' : phase.workingDays !== null ? `its length (${phase.workingDays} working days)` : 'its steps alone';
    refuse('phaseLengthAgreed', `${phase.name} is dated by ${by}: only a phase whose length is agreed in discussion gets its end from a person`, { field: 'phase' });
  }
  const reason = typeof input.reason === 'string' && input.reason.trim() ? input.reason.trim() : undefined;
  if (reason && reason.length > REASON_MAX_LENGTH) refuse('reasonRequired', `the reason is longer than ${REASON_MAX_LENGTH} characters`, { field: 'reason' });
  const held = actor.app ? undefined : phase.plannedBy.find((role) => actor.roles.includes(role));
  const role = held ?? (actor.admin && !actor.app && reason ? ADMIN_OVERRIDE_ROLE : undefined);
  if (!role) {
    const why = actor.admin && !actor.app ? 'an app admin acting outside their roles must give a reason' : `only ${phase.plannedBy.join(' / ')} may set it`;
    refuse('phasePlannedBy', `${phase.name}'s end: ${why}`, { field: actor.admin && !actor.app ? 'reason' : 'actor' });
  }

  const end = input.end;
  if (!isDay(end)) refuse('phaseEndDay', 'end is a day written yyyy-MM-dd', { field: 'end' });
  if (!isWorkingDay(end, calendar)) refuse('phaseEndDay', `end: ${end} is not a working day of the project's calendar`, { field: 'end' });
  const today = dateOnly(now);
  if (end < today) refuse('phaseEndDay', `end: ${end} has passed (today is ${today})`, { field: 'end' });

  const schedule = phaseSchedule(playbook, plan, calendar, slot);
  if (schedule[index]!.basis === 'finished') refuse('phaseFinished', `${phase.name} is finished (${schedule[index]!.end ?? 'its steps are done'}): its end is when its last stage finished`, { field: 'phase' });
  // The phase before it, or the nearest earlier one with a known end; the plan's creation for the first.
  const previous = schedule.slice(0, index).reverse().find((p) => p.end !== null);
  const previousEnd = previous?.end ?? dateOnly(plan.createdAt);
  if (end < previousEnd) {
    const name = previous ? playbook.phases.find((p) => p.id === previous.phase)!.name : 'the plan';
    const how = !previous ? 'started' : previous.basis === 'finished' ? 'finished' : 'is planned to end';
    refuse('phaseEndAfterPrevious', `end: ${end} is before ${previous ? `${name}'s end` : 'the plan began'}: ${name} ${how} on ${previousEnd}`, { field: 'end' });
  }
  const slotPhase = playbook.phases.findIndex((p) => p.onSlot);
  if (slot && slotPhase > index && end >= dateOnly(slot)) {
    refuse('phaseEndBeforeSlot', `end: ${end} is not before the slot (${dateOnly(slot)}): ${phase.name} ends before the slot's day`, { field: 'end' });
  }
  const current = plannedEndOf(playbook, plan, phase.id);
  if (current?.end === end) refuse('unchanged', `${phase.name} is already planned to end on ${end}`, { field: 'end' });

  const set: PlannedPhaseEnd = { phase: phase.id, end, by: actor.accountId, at: now.toISOString(), attempt: plan.attempt };
  // The plan keeps the latest end per phase; every earlier one stays in the audit.
  const phaseEnds = [...(plan.phaseEnds ?? []).filter((e) => e.phase !== phase.id), set];
  return acceptChange(
    plan,
    { role: role!, action: 'plan phase end', before: { phase: phase.id, end: current?.end ?? null }, after: { phase: phase.id, end }, reason: reason ?? null, phaseEnds },
    actor.accountId,
    now,
  );
}
