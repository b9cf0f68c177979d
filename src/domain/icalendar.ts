/**
 * iCalendar text (RFC 5545) of upgrade slots: the `.ics` a panel downloads for one slot and the feed an engineer
 * subscribes to are written by the same code, so a slot is the same event (same UID) in both.
 */

export interface CalendarEvent {
  uid: string;
  /** Grows when the same event is published again with a change (here: the plan's revision). */
  sequence: number;
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  /** A proposed slot is TENTATIVE until the customer agrees to it (RFC 5545 3.8.1.11). */
  status?: 'CONFIRMED' | 'TENTATIVE';
  /** A link back to the ticket (RFC 5545 3.8.4.6). */
  url?: string;
}

export const PRODUCT_ID = '-//IQVIA//ClinSpark upgrade planner//EN';

/** An instant as an RFC 5545 UTC date-time: 20270301T080000Z. */
export function icsDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();
const octets = (text: string): number => encoder.encode(text).length;

/**
 * Folds a content line so no line is longer than 75 octets (RFC 5545 3.1): continuation lines start with one space,
 * and a multi-byte UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  if (octets(line) <= 75) return line;
  const lines: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const n = octets(char);
    // The first line holds 75 octets; every continuation line holds its leading space and 74 more.
    const limit = lines.length === 0 ? 75 : 74;
    if (size + n > limit) {
      lines.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += n;
  }
  lines.push(current);
  return lines.join('\r\n ');
}

/** One slot's event on every calendar: one UID per plan and attempt, so a moved slot updates the event and a new attempt is a new one. */
export function slotEventUid(planId: string, attempt: number): string {
  return `clinspark-upgrade-${planId.replace(/[^A-Za-z0-9._-]/g, '-')}-attempt-${attempt}@upgrade-planner.clinspark`;
}

function eventLines(event: CalendarEvent): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `SEQUENCE:${Math.max(0, Math.floor(event.sequence))}`,
    `DTSTAMP:${icsDateTime(event.stamp)}`,
    `DTSTART:${icsDateTime(event.start)}`,
    `DTEND:${icsDateTime(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    ...(event.url ? [`URL:${event.url}`] : []),
    `STATUS:${event.status ?? 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

/**
 * A whole calendar, CRLF after every line (the last one too). A named calendar is a subscription: it carries its name
 * and asks readers to refresh it hourly (RFC 7986 NAME and REFRESH-INTERVAL, with the X-WR-CALNAME most readers use).
 */
export function icsCalendar(events: readonly CalendarEvent[], name?: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...(name ? [`NAME:${escapeText(name)}`, `X-WR-CALNAME:${escapeText(name)}`, 'REFRESH-INTERVAL;VALUE=DURATION:PT1H'] : []),
    ...events.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** The calendar file of one event (a slot's `.ics` download). */
export function icsText(event: CalendarEvent): string {
  return icsCalendar([event]);
}
