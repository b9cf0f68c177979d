import { icsCalendar, slotEventUid, type CalendarEvent } from '../domain/icalendar';
import { refuse } from '../domain/errors';
import { holdsRoleInProject } from '../domain/roles';
import type { AppSettings } from './settings';
import type { AppPorts, SlotFeedStore } from './ports';
import { mayReadSlotCalendar, projectSlotCalendar, type CalendarSlotView } from './slotCalendar';
import type { Viewer } from './viewer';

/** A feed token: 32 random bytes, base64url (256 bits: not guessable, so the link is the credential). */
export const SLOT_FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** The file name calendar clients see at the end of a feed's link. */
export const SLOT_FEED_FILE = 'slots.ics';

export interface SlotFeedLink {
  url: string;
  /** How many slots the feed holds now. */
  slots: number;
}

/** Whether the person works slots of this project: an IQVIA engineer of its default or of any organization. */
export function isProjectEngineer(settings: Pick<AppSettings, 'roles'>, accountId: string): boolean {
  return holdsRoleInProject(settings.roles, 'IQVIA Engineer', accountId);
}

/**
 * The link an engineer subscribes to in their calendar app: the feed's web trigger URL and the person's secret token.
 * The person is the Forge context's; `renew` replaces a link that leaked (the old one then finds nothing).
 */
export async function getSlotFeedLink(ports: AppPorts, viewer: Viewer, feeds: SlotFeedStore, feedUrl: () => Promise<string>, renew: boolean): Promise<SlotFeedLink> {
  await mayReadSlotCalendar(ports, viewer);
  const settings = await ports.plans.loadSettings(viewer.projectKey);
  if (!isProjectEngineer(settings, viewer.accountId)) {
    refuse('slotFeedEngineer', `the feed lists the slots an engineer works; you are not an IQVIA engineer of project ${viewer.projectKey}'s plans`, { field: 'account' });
  }
  const [token, base, calendar] = await Promise.all([feeds.tokenFor({ accountId: viewer.accountId, projectKey: viewer.projectKey }, renew), feedUrl(), projectSlotCalendar(ports, viewer.projectKey, settings)]);
  const slots = calendar.engineers.find((e) => e.accountId === viewer.accountId)?.slots.length ?? 0;
  return { url: `${base.replace(/\/+$/, '')}/${token}/${SLOT_FEED_FILE}`, slots };
}

/** A slot as an event of the engineer's calendar: the same UID as the slot's .ics download, tentative until agreed. */
export function feedEventOf(slot: CalendarSlotView, now: Date): CalendarEvent {
  const ticket = slot.ticketKey ?? slot.plan;
  const conflicts = slot.conflicts.map((c) => `Conflict: ${c.text}.`);
  return {
    uid: slotEventUid(slot.planId, slot.attempt),
    sequence: slot.revision,
    stamp: now,
    start: new Date(slot.start),
    end: new Date(slot.end),
    summary: `${slot.state === 'proposed' ? 'Proposed: ' : ''}ClinSpark upgrade, ${slot.customer} (${ticket})`,
    description: [
      `${slot.plan}: ${slot.phase}, ${slot.hours} hours${slot.attempt > 1 ? `, attempt ${slot.attempt}` : ''}.`,
      slot.state === 'proposed' ? 'Proposed by the PM; the customer has not agreed to it yet.' : 'Agreed with the customer.',
      ...conflicts,
      `Follow the plan on ${ticket}.`,
    ].join('\n'),
    status: slot.state === 'proposed' ? 'TENTATIVE' : 'CONFIRMED',
  };
}

/**
 * The iCalendar feed a token opens, or null when it opens none: an unknown token, or a person who is no longer an
 * engineer of the project or no longer active in Jira (a feed outlives nobody's access).
 */
export async function slotFeedOf(ports: AppPorts, feeds: SlotFeedStore, token: string): Promise<string | null> {
  if (!SLOT_FEED_TOKEN.test(token)) return null;
  const owner = await feeds.ownerOf(token);
  if (!owner) return null;
  const [settings, people] = await Promise.all([ports.plans.loadSettings(owner.projectKey), ports.jira.usersByIds([owner.accountId])]);
  const person = people.find((p) => p.accountId === owner.accountId);
  if (!person?.active || !isProjectEngineer(settings, owner.accountId)) return null;
  const calendar = await projectSlotCalendar(ports, owner.projectKey, settings);
  const now = ports.clock.now();
  const slots = calendar.engineers.find((e) => e.accountId === owner.accountId)?.slots ?? [];
  return icsCalendar(slots.map((slot) => feedEventOf(slot, now)), `ClinSpark upgrade slots (${owner.projectKey}): ${person.displayName}`);
}
