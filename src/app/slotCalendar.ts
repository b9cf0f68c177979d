import { refuse } from '../domain/errors';
import { kindOf } from '../domain/kinds';
import { slotConflicts, slotEnd, type CalendarSlot, type SlotConflict } from '../domain/slots';
import { holdsRoleInProject } from '../domain/roles';
import { displayNameOf } from './people';
import { projectOf, withSettingsOwners } from './planChanges';
import type { AppPorts } from './ports';
import type { AppSettings } from './settings';
import type { Viewer } from './viewer';

/** How far back the calendar looks: slots of the last 30 days stay on it (a Day of Upgrade that ran late, a No-Go's). */
export const CALENDAR_LOOKBACK_DAYS = 30;

/** One slot as the calendar page shows it: whose, which plan and ticket, when, how long, agreed or not, and its conflicts. */
export interface CalendarSlotView {
  planId: string;
  organizationId: string;
  customer: string;
  plan: string;
  ticketKey: string | null;
  phase: string;
  start: string;
  end: string;
  hours: number;
  state: 'proposed' | 'confirmed';
  /** The plan's attempt and revision: one calendar event per attempt, updated with each revision (RFC 5545 UID, SEQUENCE). */
  attempt: number;
  revision: number;
  conflicts: readonly (SlotConflict & { text: string })[];
}

export interface EngineerCalendar {
  accountId: string | null;
  name: string;
  slots: readonly CalendarSlotView[];
}

export interface SlotCalendarView {
  from: string;
  /** Slots by engineer (a slot whose Day of Upgrade has no engineer yet is under "No engineer"), earliest first. */
  engineers: readonly EngineerCalendar[];
  conflictCount: number;
  /** Whether the reader works slots as an engineer, and so may subscribe to them as an iCalendar feed. */
  readerIsEngineer: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every proposed and confirmed slot of every customer of the project, by engineer, with the conflicts JSM's change
 * calendar would show. For the service desk's agents only: a portal customer never gets one (the queue page does not
 * run for them either), and the person must be able to browse the project in Jira.
 */
export async function getSlotCalendar(ports: AppPorts, viewer: Viewer): Promise<SlotCalendarView> {
  await mayReadSlotCalendar(ports, viewer);
  const settings = await ports.plans.loadSettings(viewer.projectKey);
  const calendar = await projectSlotCalendar(ports, viewer.projectKey, settings);
  return { ...calendar, readerIsEngineer: holdsRoleInProject(settings.roles, 'IQVIA Engineer', viewer.accountId) };
}

/** The calendar is for the service desk's agents who can browse the project in Jira. */
export async function mayReadSlotCalendar(ports: AppPorts, viewer: Viewer): Promise<void> {
  if (viewer.accountType !== 'licensed') refuse('jiraPermission', 'the calendar of slots is for the service desk\'s agents', { field: 'account' });
  const permissions = await ports.jira.projectPermissionsOf(viewer.accountId, viewer.projectKey);
  if (!permissions.has('BROWSE_PROJECTS')) refuse('jiraPermission', `you cannot browse project ${viewer.projectKey} in Jira`, { field: 'project' });
}

/** Every slot of the project from CALENDAR_LOOKBACK_DAYS ago, by engineer, with its conflicts: whoever asks has been checked. */
export async function projectSlotCalendar(ports: AppPorts, projectKey: string, settings: AppSettings): Promise<Omit<SlotCalendarView, 'readerIsEngineer'>> {
  const from = new Date(ports.clock.now().getTime() - CALENDAR_LOOKBACK_DAYS * DAY_MS).toISOString();
  const [stored, organizations] = await Promise.all([ports.plans.listSlotsFrom(from), ports.jira.listOrganizations()]);
  const orgName = new Map(organizations.map((o) => [o.id, o.name]));
  const booked = stored
    .filter((s) => projectOf(s) === projectKey)
    .flatMap((s) => {
      const plan = withSettingsOwners(s.plan, settings);
      const kind = kindOf(plan);
      const slot = kind.slotOf(plan);
      return slot ? [{ slot: { ...slot, planId: plan.id, organizationId: plan.organizationId } satisfies CalendarSlot, title: kind.titleOf(plan), ticketKey: kind.workTicketOf(plan) ?? null, attempt: plan.attempt, revision: plan.revision }] : [];
    })
    .sort((a, b) => a.slot.start.localeCompare(b.slot.start));
  const slots = booked.map((b) => b.slot);
  const nameOf = (accountId: string) => displayNameOf(settings, accountId) ?? accountId;
  const customerOf = (planId: string) => {
    const other = booked.find((b) => b.slot.planId === planId);
    return other ? `${orgName.get(other.slot.organizationId) ?? other.slot.organizationId} (${other.ticketKey ?? other.title})` : planId;
  };
  const phaseOf = (planId: string) => booked.find((b) => b.slot.planId === planId)?.slot.phase ?? 'slot';
  const describe = (c: SlotConflict): string =>
    c.type === 'nonWorkingDay'
      ? `${c.day} is not a working day of the project's calendar`
      : c.type === 'engineerDoubleBooked'
        ? `${nameOf(c.engineer)} is also on ${customerOf(c.planId)} at that time`
        : `${nameOf(c.engineer)} is on ${customerOf(c.planId)}'s ${phaseOf(c.planId)} that day`;
  const views = booked.map(({ slot, title, ticketKey, attempt, revision }): CalendarSlotView & { engineers: readonly string[] } => ({
    planId: slot.planId,
    organizationId: slot.organizationId,
    customer: orgName.get(slot.organizationId) ?? slot.organizationId,
    plan: title,
    ticketKey,
    phase: slot.phase,
    start: slot.start,
    end: slotEnd(slot),
    hours: slot.hours,
    state: slot.state,
    attempt,
    revision,
    conflicts: slotConflicts(slot, slots, settings.calendar).map((c) => ({ ...c, text: describe(c) })),
    engineers: slot.engineers,
  }));
  const engineerIds = [...new Set(views.flatMap((v) => v.engineers))];
  const strip = ({ engineers: _engineers, ...view }: CalendarSlotView & { engineers: readonly string[] }): CalendarSlotView => view;
  const engineers: EngineerCalendar[] = engineerIds
    .map((id) => ({ accountId: id, name: nameOf(id), slots: views.filter((v) => v.engineers.includes(id)).map(strip) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const unstaffed = views.filter((v) => v.engineers.length === 0).map(strip);
  if (unstaffed.length > 0) engineers.push({ accountId: null, name: 'No engineer', slots: unstaffed });
  return { from, engineers, conflictCount: views.reduce((n, v) => n + v.conflicts.length, 0) };
}

/**
 * What the calendar flags on one plan's slot, as sentences: told to the agent who proposes or agrees to it. They name
 * other customers, so they are never shown in the portal.
 */
export async function conflictsOfSlot(ports: AppPorts, settings: AppSettings, planId: string): Promise<string[]> {
  const calendar = await projectSlotCalendar(ports, settings.projectKey, settings);
  const slot = calendar.engineers.flatMap((e) => e.slots).find((s) => s.planId === planId);
  return [...new Set((slot?.conflicts ?? []).map((c) => c.text))];
}
