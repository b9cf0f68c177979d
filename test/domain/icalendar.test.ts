import { escapeText, foldLine, icsCalendar, icsDateTime, slotEventUid, type CalendarEvent } from '../../src/domain/icalendar';

const octets = (s: string): number => Buffer.byteLength(s, 'utf8');
/** TEXT unescaping (RFC 5545 3.3.11). */
const unescape = (value: string): string => value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

describe('iCalendar text', () => {
  it('writes UTC date-times as yyyyMMddTHHmmssZ', () => {
    expect(icsDateTime(new Date('2027-03-01T08:00:00.000Z'))).toBe('20270301T080000Z');
    expect(icsDateTime(new Date('2027-12-31T23:59:59.999Z'))).toBe('20271231T235959Z');
  });

  it('escapes backslashes, semicolons, commas and line breaks', () => {
    expect(escapeText('a\\b; c, d\ne\r\nf')).toBe('a\\\\b\\; c\\, d\\ne\\nf');
    expect(unescape(escapeText('x;y,z\\\nw'))).toBe('x;y,z\\\nw');
  });

  it('folds lines at 75 octets, continuation lines starting with a space, never splitting a UTF-8 character', () => {
    const long = `DESCRIPTION:${'é'.repeat(60)}${'x'.repeat(100)}€€€`;
    const folded = foldLine(long);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(2);
    for (const line of physical) expect(octets(line)).toBeLessThanOrEqual(75);
    for (const line of physical.slice(1)) expect(line.startsWith(' ')).toBe(true);
    expect(physical.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(long);
    expect(folded).not.toContain('\uFFFD');
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short');
    expect(octets(foldLine('X:'.padEnd(75, 'a')))).toBe(75);
  });
});

describe('a calendar of several slots (an engineer\'s feed)', () => {
  const event = (n: number, status: CalendarEvent['status']): CalendarEvent => ({
    uid: slotEventUid(`plan-${n}`, 1), sequence: n, stamp: new Date('2027-01-10T10:00:00Z'), start: new Date(`2027-03-0${n}T08:00:00Z`), end: new Date(`2027-03-0${n}T12:00:00Z`),
    summary: `Slot ${n}`, description: 'd', status, url: `https://example.atlassian.net/browse/FHSD-${n}`,
  });

  it('icsCalendar writes one VEVENT per slot, names the calendar and asks readers to refresh it hourly', () => {
    const text = icsCalendar([event(1, 'CONFIRMED'), event(2, 'TENTATIVE')], 'ClinSpark upgrades: Erik Lund');
    const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines).toContain('X-WR-CALNAME:ClinSpark upgrades: Erik Lund');
    expect(lines).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H');
    expect(lines.filter((l) => l.startsWith('STATUS:'))).toEqual(['STATUS:CONFIRMED', 'STATUS:TENTATIVE']);
    expect(lines).toContain('URL:https://example.atlassian.net/browse/FHSD-2');
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('icsCalendar of no slots is a valid empty calendar', () => {
    expect(icsCalendar([], 'x')).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
    expect(icsCalendar([], 'x')).not.toContain('BEGIN:VEVENT');
  });

  it('slotEventUid keeps one UID per plan and attempt, safe in any calendar', () => {
    expect(slotEventUid('plan/1 x', 2)).toBe('clinspark-upgrade-plan-1-x-attempt-2@upgrade-planner.clinspark');
    expect(slotEventUid('p', 1)).not.toBe(slotEventUid('p', 2));
  });
});
