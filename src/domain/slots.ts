import { isWorkingDay, type WorkingCalendar } from './calendar';

/**
 * A plan's booked time (the upgrade's slot): when it starts, how long it lasts, whether the customer agreed to it yet,
 * and the engineers who work in it. What a calendar of every customer's slots is made of.
 */
export interface KindSlot {
  /** ISO instant. */
  start: string;
  hours: number;
  state: 'proposed' | 'confirmed';
  /** The name of the phase the slot is for ("Day of Upgrade"). */
  phase: string;
  /** Account ids of the engineers who own the slot's work. */
  engineers: readonly string[];
}

/** A slot on the calendar: a plan's, with the customer organization it is for. */
export interface CalendarSlot extends KindSlot {
  planId: string;
  organizationId: string;
}

/** What JSM's change calendar would flag on a slot. */
export type SlotConflict =
  /** One engineer on two upgrades at once. */
  | { type: 'engineerDoubleBooked'; engineer: string; planId: string }
  /** The slot touches a day the project's calendar does not work. */
  | { type: 'nonWorkingDay'; day: string }
  /** The engineer is on another customer's Day of Upgrade that day, at another hour. */
  | { type: 'otherCustomersDayOfUpgrade'; engineer: string; planId: string };

const HOUR_MS = 60 * 60 * 1000;

export function slotEnd(slot: Pick<KindSlot, 'start' | 'hours'>): string {
  return new Date(new Date(slot.start).getTime() + slot.hours * HOUR_MS).toISOString();
}

/** The UTC days (yyyy-MM-dd) a slot touches, from its start to its last minute. */
export function slotDays(slot: Pick<KindSlot, 'start' | 'hours'>): string[] {
  const start = new Date(slot.start).getTime();
  const last = start + Math.max(slot.hours * HOUR_MS - 60_000, 0);
  const days: string[] = [];
  for (let day = Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth(), new Date(start).getUTCDate()); day <= last; day += 24 * HOUR_MS) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return days;
}

/** The days of a slot the calendar does not work. */
export function nonWorkingDaysOf(slot: Pick<KindSlot, 'start' | 'hours'>, calendar: WorkingCalendar): string[] {
  return slotDays(slot).filter((day) => !isWorkingDay(day, calendar));
}

const overlap = (a: CalendarSlot, b: CalendarSlot): boolean => new Date(a.start).getTime() < new Date(slotEnd(b)).getTime() && new Date(b.start).getTime() < new Date(slotEnd(a)).getTime();

/**
 * The conflicts of one slot among all the others, as JSM's change calendar would show them: an engineer on two
 * overlapping upgrades, a non-working day, and a slot on the day of another customer's confirmed Day of Upgrade.
 */
export function slotConflicts(slot: CalendarSlot, all: readonly CalendarSlot[], calendar: WorkingCalendar): SlotConflict[] {
  const conflicts: SlotConflict[] = nonWorkingDaysOf(slot, calendar).map((day) => ({ type: 'nonWorkingDay', day }));
  const days = new Set(slotDays(slot));
  for (const other of all) {
    if (other.planId === slot.planId) continue;
    for (const engineer of slot.engineers.filter((e) => other.engineers.includes(e))) {
      if (overlap(slot, other)) conflicts.push({ type: 'engineerDoubleBooked', engineer, planId: other.planId });
      else if (other.state === 'confirmed' && other.organizationId !== slot.organizationId && slotDays(other).some((d) => days.has(d))) {
        conflicts.push({ type: 'otherCustomersDayOfUpgrade', engineer, planId: other.planId });
      }
    }
  }
  return conflicts;
}
