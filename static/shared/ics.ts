/**
 * The confirmed upgrade slot as an iCalendar file (RFC 5545), made in the browser: one VEVENT with UID, DTSTAMP,
 * DTSTART/DTEND in UTC, SUMMARY "ClinSpark upgrade to <version>", CRLF line ends and lines folded at 75 octets.
 */
import type { PlanView } from './types';

export interface CalendarEvent {
  uid: string;
  /** Grows when the same event is published again with a change (here: the plan's revision). */
  sequence: number;
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description: string;
}

/** How long the Day of Upgrade is booked for: the seed says it takes hours; the plan records only the slot's start. */
export const SLOT_HOURS = 4;
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

/** The whole calendar file, CRLF after every line (the last one too). */
export function icsText(event: CalendarEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `SEQUENCE:${Math.max(0, Math.floor(event.sequence))}`,
    `DTSTAMP:${icsDateTime(event.stamp)}`,
    `DTSTART:${icsDateTime(event.start)}`,
    `DTEND:${icsDateTime(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/**
 * The event of a plan's confirmed slot, or null while none is confirmed. One UID per plan and attempt: a slot moved
 * within an attempt updates the event already in a calendar (higher SEQUENCE), a new attempt after a No-Go is a new event.
 */
export function slotEvent(plan: Pick<PlanView, 'planId' | 'revision' | 'ticketKey' | 'slot' | 'currentVersion' | 'targetVersion' | 'summary'>, now: Date, hours: number = SLOT_HOURS): CalendarEvent | null {
  if (!plan.slot) return null;
  const start = new Date(plan.slot);
  if (Number.isNaN(start.getTime())) return null;
  const safeId = plan.planId.replace(/[^A-Za-z0-9._-]/g, '-');
  return {
    uid: `clinspark-upgrade-${safeId}-attempt-${plan.summary.attempt}@upgrade-planner.clinspark`,
    sequence: plan.revision,
    stamp: now,
    start,
    end: new Date(start.getTime() + hours * 3_600_000),
    summary: `ClinSpark upgrade to ${plan.targetVersion}`,
    description: [
      `The upgrade of ClinSpark PROD from ${plan.currentVersion} to ${plan.targetVersion}, agreed on ${plan.ticketKey}${plan.summary.attempt > 1 ? ` (attempt ${plan.summary.attempt})` : ''}.`,
      `The slot is booked for ${hours} hours; the customer's Go / No-Go decision is taken on the day.`,
      `Follow the plan on ${plan.ticketKey}.`,
    ].join('\n'),
  };
}

/** `FHSD-12-clinspark-upgrade-2027-03-01.ics` */
export function icsFileName(ticketKey: string, slot: string): string {
  const safe = ticketKey.replace(/[^A-Za-z0-9_-]/g, '') || 'plan';
  return `${safe}-clinspark-upgrade-${slot.slice(0, 10)}.ics`;
}
