/**
 * The confirmed upgrade slot as an iCalendar file, made in the browser with the same writer as the engineers' feed
 * (src/domain/icalendar.ts): one VEVENT with the slot's own length.
 */
import { slotEventUid, type CalendarEvent } from '../../src/domain/icalendar';
import type { PlanView } from './types';

export { escapeText, foldLine, icsDateTime, icsText, PRODUCT_ID, type CalendarEvent } from '../../src/domain/icalendar';

/** What of a plan's view makes its slot's event; `slotHours` is the length the PM set at stage 16. */
export type SlotEventPlan = Pick<PlanView, 'planId' | 'revision' | 'ticketKey' | 'slot' | 'slotHours' | 'currentVersion' | 'targetVersion' | 'summary'>;

/**
 * The event of a plan's confirmed slot, or null while none is confirmed. One UID per plan and attempt: a slot moved
 * within an attempt updates the event already in a calendar (higher SEQUENCE), a new attempt after a No-Go is a new event.
 */
export function slotEvent(plan: SlotEventPlan, now: Date): CalendarEvent | null {
  if (!plan.slot || !plan.slotHours) return null;
  const start = new Date(plan.slot);
  if (Number.isNaN(start.getTime())) return null;
  const hours = plan.slotHours;
  return {
    uid: slotEventUid(plan.planId, plan.summary.attempt),
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
