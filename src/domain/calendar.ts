import { addDays, formatISO, getISODay, parseISO } from 'date-fns';

/** Which days people work on: ISO weekdays (1 = Monday … 7 = Sunday) and holidays (yyyy-MM-dd). */
export interface WorkingCalendar {
  workingWeekdays: readonly number[];
  holidays: readonly string[];
}

export const STANDARD_CALENDAR: WorkingCalendar = { workingWeekdays: [1, 2, 3, 4, 5], holidays: [] };

/** The UTC calendar date of an instant, as yyyy-MM-dd. */
export function dateOnly(instant: Date | string): string {
  const iso = typeof instant === 'string' ? new Date(instant).toISOString() : instant.toISOString();
  return iso.slice(0, 10);
}

export function isWorkingDay(day: string, calendar: WorkingCalendar): boolean {
  return calendar.workingWeekdays.includes(getISODay(parseISO(day))) && !calendar.holidays.includes(day);
}

/** The date `count` working days after `day` (or before, for a negative count); day itself is not counted. */
export function addWorkingDays(day: string, count: number, calendar: WorkingCalendar): string {
  if (calendar.workingWeekdays.length === 0) throw new RangeError('a working calendar needs at least one working weekday');
  const direction = count < 0 ? -1 : 1;
  let remaining = Math.abs(count);
  let current = parseISO(day);
  while (remaining > 0) {
    current = addDays(current, direction);
    if (isWorkingDay(formatISO(current, { representation: 'date' }), calendar)) remaining -= 1;
  }
  return formatISO(current, { representation: 'date' });
}
