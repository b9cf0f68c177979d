import { formatDay, isFinishedStatus } from './plan';
import { formatInstantDay } from './time';
import type { PlanView, StepStatus } from './types';

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A calendar day (yyyy-MM-dd) as the UTC midnight it starts with; null for anything else. */
export function dayStart(day: string | null | undefined): number | null {
  if (!day || !/^\d{4}-\d{2}-\d{2}/.test(day)) return null;
  const ms = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  return Number.isNaN(ms) ? null : ms;
}

export interface Tick {
  at: number;
  label: string;
  /** A tick that starts a new year (or the first tick) also names the year. */
  major: boolean;
}

export interface TimeScale {
  from: number;
  to: number;
  /** The x coordinate of an instant (ms), linear between x0 and x1; instants outside the domain extrapolate. */
  x: (ms: number) => number;
  /** Tick marks at whole days, Mondays, month starts, quarter starts or year starts: as fine as fits `maxTicks`. */
  ticks: (maxTicks: number) => Tick[];
}

const STEPS = [
  { kind: 'day', days: 1 },
  { kind: 'week', days: 7 },
  { kind: 'week', days: 14 },
  { kind: 'month', months: 1 },
  { kind: 'month', months: 3 },
  { kind: 'month', months: 6 },
  { kind: 'month', months: 12 },
  { kind: 'month', months: 24 },
  { kind: 'month', months: 60 },
  { kind: 'month', months: 120 },
] as const;

/** The time axis of the timeline: a linear map from a time domain to pixels, with calendar ticks (all in UTC). */
export function timeScale(from: number, to: number, x0: number, x1: number): TimeScale {
  const span = Math.max(to - from, 1);
  const x = (ms: number): number => x0 + ((ms - from) / span) * (x1 - x0);
  const ticks = (maxTicks: number): Tick[] => {
    const limit = Math.max(1, Math.floor(maxTicks));
    for (const step of STEPS) {
      const found = ticksOf(step, from, to);
      if (found.length <= limit || step === STEPS[STEPS.length - 1]) return found;
    }
    return [];
  };
  return { from, to, x, ticks };
}

function ticksOf(step: (typeof STEPS)[number], from: number, to: number): Tick[] {
  const ticks: Tick[] = [];
  const first = new Date(from);
  let lastYear: number | null = null;
  const push = (at: number): void => {
    const d = new Date(at);
    const year = d.getUTCFullYear();
    const major = lastYear === null || year !== lastYear;
    lastYear = year;
    const label = step.kind === 'month' ? `${MONTHS[d.getUTCMonth()]}${major || d.getUTCMonth() === 0 ? ` ${year}` : ''}` : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${major ? ` ${year}` : ''}`;
    ticks.push({ at, label, major });
  };
  if (step.kind === 'month') {
    // Months counted from year 0, aligned to the step: quarters start in Jan/Apr/Jul/Oct, two-year steps on even years.
    let index = first.getUTCFullYear() * 12 + first.getUTCMonth();
    index -= index % step.months;
    const monthStart = (i: number): number => Date.UTC(Math.floor(i / 12), i % 12, 1);
    while (monthStart(index) < from) index += step.months;
    for (; monthStart(index) <= to; index += step.months) push(monthStart(index));
    return ticks;
  }
  let at = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate());
  if (at < from) at += DAY_MS;
  if (step.kind === 'week') {
    // Mondays: getUTCDay() is 1.
    while (new Date(at).getUTCDay() !== 1) at += DAY_MS;
  }
  for (; at <= to; at += step.days * DAY_MS) push(at);
  return ticks;
}

export type PhaseState = 'finished' | 'current' | 'upcoming';

export interface TimelineStage {
  number: number;
  activity: string;
  status: StepStatus;
  overdue: boolean;
  /** When the stage is due (UTC midnight of its due day), or null when no date is known yet. */
  due: number | null;
  /** When the stage was finished, for done and skipped stages. */
  finishedAt: number | null;
}

export interface TimelinePhase {
  id: string;
  name: string;
  /** The phase's window on the axis (actual for a finished phase, planned otherwise); null when its dates are not known yet (the Day of Upgrade before the slot). */
  start: number | null;
  end: number | null;
  /** True when the phase happens on the upgrade slot itself (hours, not days). */
  onSlot: boolean;
  /** Its length is agreed in discussion and its end is not set yet (rule 9: no length is invented for it). */
  toBeAgreed?: boolean;
  state: PhaseState;
  finished: number;
  total: number;
  overdue: number;
  stages: TimelineStage[];
}

export interface TimelineModel {
  from: number;
  to: number;
  today: number;
  slot: number | null;
  /** True when the plan's start is estimated (the view does not say when the plan was created). */
  startEstimated: boolean;
  phases: TimelinePhase[];
}

/** Days drawn before the first and after the last date, so markers are not cut at the edges. */
const PADDING_DAYS = 3;
/** The shortest axis drawn: a plan whose dates all fall on a few days still gets a readable two-week axis. */
const MIN_SPAN_DAYS = 14;
/** When the view gives no start, the first phase is drawn as starting this many days before it is due (10 working days). */
const ESTIMATED_FIRST_PHASE_DAYS = 14;

/**
 * The plan on a time axis: each phase from the end of the one before (the first from the plan's start) to its due day,
 * or, once finished, to when its last stage was finished; each stage at its due day or, once finished, when it was
 * finished. The phase happening on the slot (its stages are all due on the slot day) is drawn on the slot.
 */
export function timelineModel(plan: Pick<PlanView, 'phases' | 'slot'>, now: Date, start: string | null = null): TimelineModel {
  const slot = plan.slot ? new Date(plan.slot).getTime() : null;
  const slotDay = slot !== null && !Number.isNaN(slot) ? dayStart(new Date(slot).toISOString()) : null;
  const today = now.getTime();
  const finishedAt = (iso: string | null): number | null => {
    if (!iso) return null;
    const ms = new Date(iso).getTime();
    return Number.isNaN(ms) ? null : ms;
  };

  const stagesOf = (phase: PlanView['phases'][number]): TimelineStage[] =>
    [...phase.stages]
      .sort((a, b) => a.number - b.number)
      .map((s) => ({ number: s.number, activity: s.activity, status: s.status, overdue: s.overdue, due: dayStart(s.due), finishedAt: isFinishedStatus(s.status) ? finishedAt(s.completedAt) : null }));

  const allFinished = plan.phases.flatMap((p) => p.stages).map((s) => (isFinishedStatus(s.status) ? finishedAt(s.completedAt) : null)).filter((n): n is number => n !== null);
  const firstDue = plan.phases.map((p) => Math.max(...p.stages.map((s) => dayStart(s.due) ?? -Infinity))).find((n) => Number.isFinite(n)) ?? null;
  const given = start ? new Date(start).getTime() : NaN;
  const startEstimated = Number.isNaN(given);
  const planStart = !startEstimated
    ? given
    : Math.min(...[firstDue !== null ? firstDue - ESTIMATED_FIRST_PHASE_DAYS * DAY_MS : today, ...allFinished].filter((n) => Number.isFinite(n)));

  let previousEnd: number | null = planStart;
  let seenOpen = false;
  const phases = plan.phases.map((phase): TimelinePhase => {
    const stages = stagesOf(phase);
    // A finished stage has no due date (it shows when it finished): the phase is due when its open stages are.
    const dues = stages.filter((s) => !isFinishedStatus(s.status)).map((s) => s.due);
    const known = dues.filter((d): d is number => d !== null);
    const onSlot = slotDay !== null && known.length > 0 && known.length === dues.length && known.every((d) => d === slotDay);
    const due = known.length === dues.length && known.length > 0 ? Math.max(...known) : null;
    const finishedTimes = stages.map((s) => s.finishedAt).filter((n): n is number => n !== null);
    const finished = stages.filter((s) => isFinishedStatus(s.status)).length;
    const allFinished = stages.length > 0 && finished === stages.length;
    let windowStart: number | null;
    let windowEnd: number | null;
    if (onSlot && slot !== null) {
      windowStart = slot;
      windowEnd = slotDay! + DAY_MS;
    } else {
      // What happened wins over what was planned: a finished phase ends when its last stage was finished, an open one
      // when it is due (or later, if stages were finished after that); it starts where the one before ended, or with
      // its first stage finished, whichever is earlier.
      const lastFinish = finishedTimes.length > 0 ? Math.max(...finishedTimes) : null;
      windowEnd = allFinished && lastFinish !== null ? lastFinish : due !== null ? Math.max(due, lastFinish ?? due) : null;
      const firstFinish = finishedTimes.length > 0 ? Math.min(...finishedTimes) : null;
      windowStart = previousEnd !== null && firstFinish !== null ? Math.min(previousEnd, firstFinish) : (previousEnd ?? firstFinish);
      if (windowStart !== null && windowEnd !== null && windowEnd < windowStart) windowStart = windowEnd;
    }
    previousEnd = windowEnd ?? previousEnd;
    let state: PhaseState;
    if (allFinished) state = 'finished';
    else if (!seenOpen) {
      state = 'current';
      seenOpen = true;
    } else state = 'upcoming';
    return { id: phase.id, name: phase.name, start: windowEnd === null ? null : windowStart, end: windowEnd, onSlot, toBeAgreed: phase.schedule?.basis === 'to be agreed', state, finished, total: stages.length, overdue: stages.filter((s) => s.overdue).length, stages };
  });

  const points = [planStart, today, ...(slot !== null ? [slot] : []), ...phases.flatMap((p) => [p.start, p.end]), ...phases.flatMap((p) => p.stages.map((s) => s.finishedAt ?? s.due))].filter(
    (n): n is number => n !== null && Number.isFinite(n),
  );
  let from = Math.min(...points) - PADDING_DAYS * DAY_MS;
  let to = Math.max(...points) + PADDING_DAYS * DAY_MS;
  if (to - from < MIN_SPAN_DAYS * DAY_MS) {
    const middle = (from + to) / 2;
    from = middle - (MIN_SPAN_DAYS / 2) * DAY_MS;
    to = middle + (MIN_SPAN_DAYS / 2) * DAY_MS;
  }
  return { from, to, today, slot, startEstimated, phases };
}

/** A phase's dates in words, for the chart's text alternative and tooltips. */
export function phaseDates(phase: TimelinePhase): string {
  if (phase.start === null || phase.end === null) return phase.toBeAgreed ? 'end to be agreed' : 'dates not known yet';
  const day = (ms: number): string => formatDay(new Date(ms).toISOString().slice(0, 10));
  if (phase.onSlot) return `on the upgrade slot, ${day(phase.start)}`;
  return phase.start === phase.end ? day(phase.end) : `${day(phase.start)} to ${day(phase.end)}`;
}

/** The chart's text alternative: each phase with its dates and progress, today and (an upgrade's) slot. */
export function timelineSummary(model: TimelineModel, slotText: string | null, hasSlot = true): string {
  const parts = model.phases.map((p) => `${p.name}: ${phaseDates(p)}, ${p.finished} of ${p.total} stages finished${p.overdue ? `, ${p.overdue} overdue` : ''}.`);
  // Today is the reader's day, not UTC's: at 20:00 in New York it is still yesterday in UTC's terms.
  parts.push(`Today is ${formatInstantDay(new Date(model.today).toISOString())}.`);
  if (hasSlot) parts.push(slotText ? `The upgrade slot is ${slotText}.` : 'The upgrade slot is not confirmed yet.');
  return parts.join(' ');
}

const HOUR_MS = 3_600_000;
/** The time line zooms to the slot's hours once the slot is this near (or the plan is on its Day of Upgrade). */
export const ZOOM_NEAR_MS = 2 * DAY_MS;

/** The hours of the Day of Upgrade on the axis: the agreed slot, an hour either side, and what happened around it. */
export interface HoursWindow {
  from: number;
  to: number;
  slotStart: number;
  slotEnd: number;
  /** The phase that happens on the slot ("Day of Upgrade"). */
  phase: string;
}

/**
 * Whether the time line opens on the Day of Upgrade in hours: the agreed slot starts within two days, is under way, ended
 * less than a day ago, or is past while the plan is still on its phase; null otherwise (and without an agreed slot).
 */
export function dayOfUpgradeWindow(plan: Pick<PlanView, 'phases' | 'dayOfUpgrade'>, now: Date): HoursWindow | null {
  const slot = plan.dayOfUpgrade;
  if (!slot) return null;
  const slotStart = new Date(slot.start).getTime();
  if (Number.isNaN(slotStart)) return null;
  const slotEnd = slotStart + slot.hours * HOUR_MS;
  const at = now.getTime();
  const phase = plan.phases.find((p) => p.name === slot.phase);
  const current = plan.phases.find((p) => p.stages.some((s) => !isFinishedStatus(s.status)));
  // Weeks before the slot the plan's months matter more, even when the phases before it are all done.
  const near = at >= slotStart - ZOOM_NEAR_MS && (at <= slotEnd + DAY_MS || current?.name === slot.phase);
  if (!phase || !near) return null;
  const finished = phase.stages.map((s) => (isFinishedStatus(s.status) && s.completedAt ? new Date(s.completedAt).getTime() : NaN)).filter((n) => !Number.isNaN(n));
  // Work recorded early or late stays on the axis, and so does now while it is within half a day of the slot.
  const points = [slotStart - HOUR_MS, slotEnd + HOUR_MS, ...finished, ...(at >= slotStart - DAY_MS / 2 && at <= slotEnd + DAY_MS / 2 ? [at] : [])];
  return { from: Math.min(...points), to: Math.max(...points), slotStart, slotEnd, phase: slot.phase };
}

const HOUR_STEPS = [1, 2, 3, 6, 12, 24];

/** Ticks at whole hours of the reader's zone ("09:00"; a new day also names the day), as fine as fits `maxTicks`. */
export function hourTicks(from: number, to: number, maxTicks: number, timeZone: string): Tick[] {
  const limit = Math.max(1, Math.floor(maxTicks));
  const wall = (ms: number): { day: string; hour: number; minute: number } => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), minute: Number(parts.minute) };
  };
  for (const hoursApart of HOUR_STEPS) {
    // Whole hours of the zone: every zone's offset is a whole number of quarter hours, so stepping by 15 minutes finds them.
    let at = Math.ceil(from / (15 * 60_000)) * 15 * 60_000;
    const ticks: Tick[] = [];
    let lastDay: string | null = null;
    for (; at <= to && ticks.length <= limit; at += 15 * 60_000) {
      const w = wall(at);
      if (w.minute !== 0 || w.hour % hoursApart > 0) continue;
      const major = lastDay === null || w.day !== lastDay;
      lastDay = w.day;
      ticks.push({ at, label: `${major ? `${formatDay(w.day).replace(/ \d{4}$/, '')} ` : ''}${String(w.hour).padStart(2, '0')}:00`, major });
    }
    if (ticks.length <= limit) return ticks;
  }
  return [];
}
