import { addWorkingDays, dateOnly, isWorkingDay, STANDARD_CALENDAR, type WorkingCalendar } from '../../src/domain/calendar';

describe('working calendar', () => {
  const withHolidays: WorkingCalendar = { workingWeekdays: [1, 2, 3, 4, 5], holidays: ['2026-12-25', '2026-12-28'] };

  test('weekends and holidays are not working days', () => {
    expect(isWorkingDay('2026-11-23', STANDARD_CALENDAR)).toBe(true); // Monday
    expect(isWorkingDay('2026-11-28', STANDARD_CALENDAR)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29', STANDARD_CALENDAR)).toBe(false); // Sunday
    expect(isWorkingDay('2026-12-25', withHolidays)).toBe(false);
  });

  test('adding working days skips weekends and holidays; the start day is not counted', () => {
    expect(addWorkingDays('2026-11-23', 0, STANDARD_CALENDAR)).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-27', 1, STANDARD_CALENDAR)).toBe('2026-11-30'); // Friday + 1 = Monday
    expect(addWorkingDays('2026-11-28', 1, STANDARD_CALENDAR)).toBe('2026-11-30'); // from a Saturday
    expect(addWorkingDays('2026-12-24', 1, withHolidays)).toBe('2026-12-29'); // Christmas, weekend, the 28th
    expect(addWorkingDays('2026-12-29', -1, withHolidays)).toBe('2026-12-24');
    expect(addWorkingDays('2026-11-23', 65, STANDARD_CALENDAR)).toBe('2027-02-22');
  });

  test('a calendar of other working weekdays (Sunday to Thursday)', () => {
    const gulf: WorkingCalendar = { workingWeekdays: [7, 1, 2, 3, 4], holidays: [] };
    expect(addWorkingDays('2026-11-26', 1, gulf)).toBe('2026-11-29'); // Thursday + 1 = Sunday
  });

  test('a calendar without working days is refused rather than looping forever', () => {
    expect(() => addWorkingDays('2026-11-23', 1, { workingWeekdays: [], holidays: [] })).toThrow(RangeError);
  });

  test('dateOnly is the UTC date', () => {
    expect(dateOnly('2026-11-23T23:30:00-05:00')).toBe('2026-11-24');
    expect(dateOnly(new Date('2026-11-23T00:00:00Z'))).toBe('2026-11-23');
  });
});
