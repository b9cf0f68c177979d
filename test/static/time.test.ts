import { localInputValue, slotFromLocalInput } from '../../static/shared/forms';
import {
  browserZone,
  dayOfInstant,
  formatDay,
  formatInstant,
  formatInstantDay,
  instantOfWallClock,
  isTimeZone,
  readerTimeZone,
  setReaderTimeZone,
  wallClockOfInstant,
  zoneLabel,
  zoneShortName,
} from '../../static/shared/time';

const NEW_YORK = 'America/New_York';
const PRAGUE = 'Europe/Prague';

describe('an instant in the reader\'s time zone, labelled with the zone\'s short name', () => {
  it('shows one UTC instant as New York and Prague read it, in winter and in summer', () => {
    expect(formatInstant('2026-12-01T09:00:00Z', NEW_YORK)).toBe('1 Dec 2026, 04:00 EST');
    expect(formatInstant('2026-12-01T09:00:00Z', PRAGUE)).toBe('1 Dec 2026, 10:00 CET');
    expect(formatInstant('2026-07-01T09:00:00Z', NEW_YORK)).toBe('1 Jul 2026, 05:00 EDT');
    expect(formatInstant('2026-07-01T09:00:00Z', PRAGUE)).toBe('1 Jul 2026, 11:00 CEST');
    expect(formatInstant('2026-12-01T09:00:00Z', 'UTC')).toBe('1 Dec 2026, 09:00 UTC');
    expect(formatInstant('2026-12-01T09:00:00Z', 'Europe/London')).toBe('1 Dec 2026, 09:00 GMT');
  });

  it('keeps the offset for a zone without a common abbreviation', () => {
    expect(formatInstant('2026-12-01T09:00:00Z', 'Asia/Tokyo')).toBe('1 Dec 2026, 18:00 GMT+9');
    expect(zoneShortName('Asia/Kolkata', new Date('2026-12-01T09:00:00Z'))).toBe('GMT+5:30');
  });

  it('follows the clocks across a DST change: an hour apart in UTC, the label changes with the offset', () => {
    // New York springs forward at 02:00 EST on 8 March 2026 (07:00 UTC).
    expect(formatInstant('2026-03-08T06:59:00Z', NEW_YORK)).toBe('8 Mar 2026, 01:59 EST');
    expect(formatInstant('2026-03-08T07:00:00Z', NEW_YORK)).toBe('8 Mar 2026, 03:00 EDT');
    // Prague falls back at 03:00 CEST on 25 October 2026 (01:00 UTC): 02:30 happens twice, told apart by the label.
    expect(formatInstant('2026-10-25T00:30:00Z', PRAGUE)).toBe('25 Oct 2026, 02:30 CEST');
    expect(formatInstant('2026-10-25T01:30:00Z', PRAGUE)).toBe('25 Oct 2026, 02:30 CET');
    // The days the US and Europe change differ: on 15 March 2026 New York is 4 hours behind Prague, not 6.
    expect(formatInstant('2026-03-15T12:00:00Z', NEW_YORK)).toBe('15 Mar 2026, 08:00 EDT');
    expect(formatInstant('2026-03-15T12:00:00Z', PRAGUE)).toBe('15 Mar 2026, 13:00 CET');
  });

  it('puts an instant on the reader\'s day: late evening UTC is tomorrow in Prague, and yesterday\'s evening in New York', () => {
    expect(dayOfInstant('2026-11-30T23:30:00Z', PRAGUE)).toBe('2026-12-01');
    expect(dayOfInstant('2026-12-01T03:00:00Z', NEW_YORK)).toBe('2026-11-30');
    expect(formatInstantDay('2026-11-30T23:30:00Z', PRAGUE)).toBe('1 Dec 2026');
    expect(formatInstantDay(null, PRAGUE)).toBe('');
  });

  it('leaves what is not an instant as it came, and nothing as nothing', () => {
    expect(formatInstant(null, PRAGUE)).toBe('');
    expect(formatInstant('soon', PRAGUE)).toBe('soon');
  });
});

describe('a due date is a calendar day, never shifted by a zone', () => {
  it('shows yyyy-MM-dd as the same day whatever the reader\'s zone', () => {
    setReaderTimeZone('Pacific/Kiritimati');
    expect(formatDay('2027-01-04')).toBe('4 Jan 2027');
    setReaderTimeZone('Pacific/Pago_Pago');
    expect(formatDay('2027-01-04')).toBe('4 Jan 2027');
    expect(formatDay(null)).toBe('');
    expect(formatDay('next week')).toBe('next week');
  });
});

describe('the reader\'s zone', () => {
  afterEach(() => setReaderTimeZone(browserZone()));

  it('is the one the Forge context names once adopted; a missing or unknown name leaves the browser\'s', () => {
    setReaderTimeZone(browserZone());
    expect(setReaderTimeZone(undefined)).toBe(false);
    expect(setReaderTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(setReaderTimeZone(42)).toBe(false);
    expect(readerTimeZone()).toBe(browserZone());
    expect(setReaderTimeZone(PRAGUE)).toBe(true);
    expect(readerTimeZone()).toBe(PRAGUE);
    expect(formatInstant('2026-12-01T09:00:00Z')).toBe('1 Dec 2026, 10:00 CET');
    expect(zoneLabel(PRAGUE, new Date('2026-12-01T09:00:00Z'))).toBe('Europe/Prague, CET');
    expect(zoneLabel('UTC')).toBe('UTC');
  });

  it('knows IANA names and refuses anything else', () => {
    expect(isTimeZone(NEW_YORK)).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
  });
});

describe('a wall-clock time the reader types (datetime-local) is read in their zone', () => {
  it('reads 09:00 as 09:00 where the reader is, and writes an instant back the same way', () => {
    expect(instantOfWallClock('2026-12-01T09:00', PRAGUE)).toBe('2026-12-01T08:00:00.000Z');
    expect(instantOfWallClock('2026-12-01T09:00', NEW_YORK)).toBe('2026-12-01T14:00:00.000Z');
    expect(instantOfWallClock('2026-07-01T09:00:30', PRAGUE)).toBe('2026-07-01T07:00:30.000Z');
    expect(wallClockOfInstant('2026-12-01T14:00:00.000Z', NEW_YORK)).toBe('2026-12-01T09:00');
    expect(wallClockOfInstant('not a date', NEW_YORK)).toBe('');
  });

  it('reads a time the clocks skip with the offset before the change, and a repeated time as its first occurrence, as browsers do', () => {
    expect(instantOfWallClock('2026-03-08T02:30', NEW_YORK)).toBe('2026-03-08T07:30:00.000Z');
    expect(formatInstant('2026-03-08T07:30:00.000Z', NEW_YORK)).toBe('8 Mar 2026, 03:30 EDT');
    expect(instantOfWallClock('2026-11-01T01:30', NEW_YORK)).toBe('2026-11-01T05:30:00.000Z');
    expect(instantOfWallClock('2026-03-29T02:30', PRAGUE)).toBe('2026-03-29T01:30:00.000Z');
    expect(instantOfWallClock('2026-10-25T02:30', PRAGUE)).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses what is not a wall-clock time', () => {
    for (const text of ['', '2026-12-01', '2026-02-30T09:00', '2026-12-01T24:00', '2026-13-01T09:00', '09:00', '2026-12-01T09:00Z']) expect(instantOfWallClock(text, PRAGUE)).toBeNull();
  });

  it('round-trips every minute of a DST day in both zones (except the skipped hour)', () => {
    for (const zone of [NEW_YORK, PRAGUE])
      for (let ms = Date.parse('2026-03-07T00:00:00Z'); ms < Date.parse('2026-03-31T00:00:00Z'); ms += 15 * 60_000) {
        const iso = new Date(ms).toISOString();
        expect(instantOfWallClock(wallClockOfInstant(iso, zone), zone)).toBe(iso);
      }
  });

  it('proposes the slot the reader typed in their zone, and refuses one in the past', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    expect(slotFromLocalInput('2026-12-02T09:00', now, NEW_YORK)).toEqual({ iso: '2026-12-02T14:00:00.000Z' });
    // At 12:00 UTC it is 07:00 in New York: 08:00 there is still ahead, 06:30 is past.
    expect(slotFromLocalInput('2026-12-01T08:00', now, NEW_YORK)).toEqual({ iso: '2026-12-01T13:00:00.000Z' });
    expect(slotFromLocalInput('2026-12-01T06:30', now, NEW_YORK)).toEqual({ error: expect.stringMatching(/future/) });
    expect(localInputValue('2026-12-02T14:00:00.000Z', NEW_YORK)).toBe('2026-12-02T09:00');
  });
});
