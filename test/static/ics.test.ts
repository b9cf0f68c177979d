import { icsDateTime, icsFileName, icsText, slotEvent } from '../../static/shared/ics';
import { DEFAULT_SLOT_HOURS } from '../../src/domain/upgrade/slots';
import { buildPlanView } from '../../src/app/planView';
import { defaultSettings } from '../../src/app/settings';
import { PlanRun, ROLE_MAPPING, SLOT_1, throughSlot } from '../domain/upgrade/fixtures';

const octets = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Unfolds and splits an iCalendar text the way RFC 5545 readers do (CRLF followed by one space or tab continues a line). */
function contentLines(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
}
function property(text: string, name: string): string | undefined {
  return contentLines(text).find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`))?.slice(name.length + 1);
}
/** TEXT unescaping (RFC 5545 3.3.11). */
const unescape = (value: string): string => value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

const NOW = new Date('2027-01-10T10:00:00.000Z');
function confirmedView() {
  const run = throughSlot();
  return buildPlanView(run.plan, { accountId: 'acc-customer', accountType: 'customer', ticketKey: 'FHSD-13', projectKey: 'FHSD', surface: 'portal' }, { ...defaultSettings(), roles: ROLE_MAPPING }, NOW);
}

describe('the slot as a calendar event', () => {
  it('is null while no slot is confirmed', () => {
    const view = buildPlanView(new PlanRun().plan, { accountId: 'acc-pm', accountType: 'licensed', ticketKey: 'FHSD-1', projectKey: 'FHSD', surface: 'agent' }, { ...defaultSettings(), roles: ROLE_MAPPING }, NOW);
    expect(slotEvent(view, NOW)).toBeNull();
  });

  it('is one RFC 5545 VEVENT: UID, DTSTAMP, DTSTART/DTEND in UTC, the summary, CRLF line ends', () => {
    const view = confirmedView();
    const text = icsText(slotEvent(view, NOW)!);
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(text.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(contentLines(text).filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(property(text, 'UID')).toMatch(/^clinspark-upgrade-plan-1-attempt-1@/);
    expect(property(text, 'DTSTAMP')).toBe('20270110T100000Z');
    expect(property(text, 'DTSTART')).toBe('20270301T080000Z');
    expect(property(text, 'DTEND')).toBe(`20270301T${String(8 + DEFAULT_SLOT_HOURS).padStart(2, '0')}0000Z`);
    expect(unescape(property(text, 'SUMMARY')!)).toBe('ClinSpark upgrade to 25.2');
    expect(unescape(property(text, 'DESCRIPTION')!)).toContain('from 24.1 to 25.2, agreed on FHSD-13');
    expect(Number(property(text, 'SEQUENCE'))).toBe(view.revision);
    expect(view.slot).toBe(SLOT_1);
  });

  it('keeps its UID when the slot moves within an attempt (a calendar updates the event), and changes it with a new attempt', () => {
    const view = confirmedView();
    const moved = { ...view, slot: '2027-04-05T08:00:00.000Z', revision: view.revision + 2 };
    const first = slotEvent(view, NOW)!;
    const second = slotEvent(moved, NOW)!;
    expect(second.uid).toBe(first.uid);
    expect(second.sequence).toBeGreaterThan(first.sequence);
    expect(slotEvent({ ...view, summary: { ...view.summary, attempt: 2 } }, NOW)!.uid).not.toBe(first.uid);
  });

  it('lasts as long as the slot the PM set at stage 16', () => {
    const view = { ...confirmedView(), slotHours: 6.5 };
    expect(icsDateTime(slotEvent(view, NOW)!.end)).toBe('20270301T143000Z');
  });

  it('names the file after the ticket and the day', () => {
    expect(icsFileName('FHSD-13', '2027-03-01T08:00:00.000Z')).toBe('FHSD-13-clinspark-upgrade-2027-03-01.ics');
    expect(icsFileName('../x', '2027-03-01T08:00:00.000Z')).toBe('x-clinspark-upgrade-2027-03-01.ics');
  });
});
