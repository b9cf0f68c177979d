import { addDays, formatISO, parseISO } from 'date-fns';
import { addWorkingDays, dateOnly, STANDARD_CALENDAR } from '../domain/calendar';
import { isFinished } from '../domain/engine';
import { kindOf, type AnyPlan } from '../domain/kinds';
import { searchProperty, isRefusedForGood } from './deliveries';
import { displayNameOf } from './people';
import { projectOf, withSettingsOwners } from './planChanges';
import { ConcurrentChangeError, type AppPorts, type JobProgress, type JobStore, type PlanSearchProperty, type StoredPlan } from './ports';
import { DEFAULT_PROJECT_KEY, type AppSettings } from './settings';

/** A person is reminded of stages overdue or due within this many working days. */
export const DUE_SOON_WORKING_DAYS = 2;
/** The day's reminders go out at the first run from this hour (UTC, the calendar's days): early in a European working day. */
export const REMINDER_HOUR_UTC = 6;
/** Plans read per KVS query: the most an entity query returns (entities-api-query, query.limit). */
export const JOB_PAGE = 100;
/**
 * A reminder claimed but not confirmed this long ago belongs to a run that has ended without confirming (it died, or
 * Jira failed): sent again. Longer than the longest run Forge allows (900 s), so a run still under way is never doubled.
 */
export const REMINDER_STALE_MS = 20 * 60_000;
/** How many times a plan's refresh is recomputed when a change lands while the job writes it. */
const REFRESH_ATTEMPTS = 3;

/** What one run did: the cost follows the plans due, not the plans stored. */
export interface JobReport {
  day: string;
  refresh: { plansRead: number; plansWritten: number; ticketsWritten: number; failed: number; done: boolean };
  reminders: { plansRead: number; people: number; sent: number; alreadySent: number; inFlight: number; refused: number; done: boolean; waiting: boolean };
  /** The run stopped before its work was done (time, or Jira asking to wait); the next run continues. */
  stopped: 'time' | 'jira' | null;
}

/** One stage a person is reminded of. */
export interface ReminderItem {
  ticketKey: string;
  planTitle: string;
  stage: number;
  activity: string;
  due: string;
  overdue: boolean;
}

/** How much time the run has left, in milliseconds (real time: the app's clock may be a test's). */
export interface JobBudget {
  timeLeft(): number;
}

/** Work a plan's refresh or a reminder may start only with this much time left. */
const STEP_RESERVE_MS = 2_000;

/** The first day after the reminder horizon: the due-date index is read below it. */
export function horizonOf(today: string): string {
  // The widest horizon of a Monday-to-Friday week; each plan's own calendar then decides which of its stages are due soon.
  return formatISO(addDays(parseISO(addWorkingDays(today, DUE_SOON_WORKING_DAYS, STANDARD_CALENDAR)), 1), { representation: 'date' });
}

/** The message of a person's reminder: every stage of theirs, across plans, most urgent first. */
export function reminderMessage(name: string | null, items: readonly ReminderItem[]): { subject: string; text: string } {
  const overdue = items.filter((i) => i.overdue).length;
  const subject = `ClinSpark upgrade plans: ${items.length} stage${items.length === 1 ? '' : 's'} of yours ${overdue > 0 ? `(${overdue} overdue) ` : ''}need${items.length === 1 ? 's' : ''} you`;
  const lines = items.map((i) => `- ${i.ticketKey} ${i.planTitle}: stage ${i.stage}, ${i.activity}: ${i.overdue ? `overdue, was due ${i.due}` : `due ${i.due}`}`);
  const text = [
    `Hello ${name ?? 'there'},`,
    `These stages of ClinSpark plans are yours, and are overdue or due within ${DUE_SOON_WORKING_DAYS} working days:`,
    lines.join('\n'),
    'Open each ticket to work on them. You get one reminder a day while a stage of yours is overdue or due soon.',
  ].join('\n\n');
  return { subject, text };
}

/**
 * One run of the scheduled job. Once a day (the first run after midnight, UTC) it puts the plan summary on the tickets of
 * every plan whose figures time has moved (an open stage due before today), so JQL such as `upgradeOverdueStages > 0`
 * holds without anyone touching the plan; from REMINDER_HOUR_UTC it sends each owner of a stage overdue or due soon one
 * reminder with all their stages. It reads plans through the due-date index only. What a run cannot finish in its time
 * is continued by the next (the day's progress is kept in KVS); a repeated run sends nothing twice.
 */
export async function runScheduledJob(ports: AppPorts, store: JobStore, budget: JobBudget): Promise<JobReport> {
  const now = ports.clock.now();
  const today = dateOnly(now);
  const saved = await store.loadProgress();
  const progress: JobProgress = saved?.day === today ? { ...saved } : { day: today, refreshDone: false, remindersDone: false };
  const report: JobReport = {
    day: today,
    refresh: { plansRead: 0, plansWritten: 0, ticketsWritten: 0, failed: 0, done: progress.refreshDone },
    reminders: { plansRead: 0, people: 0, sent: 0, alreadySent: 0, inFlight: 0, refused: 0, done: progress.remindersDone, waiting: false },
    stopped: null,
  };
  const settingsOf = settingsCache(ports);

  if (!progress.refreshDone) {
    report.stopped = await refreshOverdue(ports, settingsOf, progress, report, budget, now);
    report.refresh.done = progress.refreshDone;
    if (!saved || JSON.stringify(saved) !== JSON.stringify(progress)) await store.saveProgress(progress);
  }
  if (report.stopped || progress.remindersDone) return report;
  if (now.getUTCHours() < REMINDER_HOUR_UTC) {
    report.reminders.waiting = true;
    return report;
  }
  report.stopped = await sendReminders(ports, store, settingsOf, report, budget, now);
  // A reminder another run claimed lately is not done until it is confirmed: a later run of the day looks again.
  if (!report.stopped && report.reminders.inFlight === 0) {
    progress.remindersDone = true;
    report.reminders.done = true;
    await store.saveProgress(progress);
  }
  return report;
}

type SettingsOf = (stored: StoredPlan) => Promise<AppSettings>;

/** The settings of each plan's project, read once per run. */
function settingsCache(ports: AppPorts): SettingsOf {
  const cache = new Map<string, Promise<AppSettings>>();
  return (stored) => {
    const project = projectOf(stored) ?? DEFAULT_PROJECT_KEY;
    let settings = cache.get(project);
    if (!settings) cache.set(project, (settings = ports.plans.loadSettings(project)));
    return settings;
  };
}

/** The run stops and the next one continues: Jira asked to wait, or it answered no more than a transient failure. */
const isTransient = (error: unknown): boolean => !isRefusedForGood(error) && !(error instanceof ConcurrentChangeError);

/**
 * The day's refresh pass, page by page within this run. A run stopped short starts the pass again from the first page
 * (a cursor may not be kept between runs): the plans it already refreshed are read again but not written again.
 */
async function refreshOverdue(ports: AppPorts, settingsOf: SettingsOf, progress: JobProgress, report: JobReport, budget: JobBudget, now: Date): Promise<JobReport['stopped']> {
  let cursor: string | undefined;
  do {
    if (budget.timeLeft() < STEP_RESERVE_MS) return 'time';
    // Only a plan with an open stage due before today can show a figure time has moved: the others are not read.
    const page = await ports.plans.pageDueBefore(progress.day, JOB_PAGE, cursor);
    for (const { stored } of page.plans) {
      if (budget.timeLeft() < STEP_RESERVE_MS) return 'time';
      report.refresh.plansRead += 1;
      try {
        const written = await refreshPlan(ports, settingsOf, stored, now);
        if (written > 0) {
          report.refresh.plansWritten += 1;
          report.refresh.ticketsWritten += written;
        }
      } catch (error) {
        if (isTransient(error)) return 'jira';
        report.refresh.failed += 1;
        console.warn(`scheduled job: plan ${stored.plan.id} not refreshed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  progress.refreshDone = true;
  return null;
}

/**
 * Puts a plan's summary as of now on its tickets when it differs from what they carry: what the job last put there for
 * this revision, else what the plan's last change put there, which had no overdue stage if none is overdue now (a
 * stage's due date does not move with time, so its count only grows). Recorded under the plan's revision: a change that
 * landed meanwhile made its own write, and the summary is put again from it so the newest one is last.
 */
async function refreshPlan(ports: AppPorts, settingsOf: SettingsOf, first: StoredPlan, now: Date): Promise<number> {
  let stored: StoredPlan | undefined = first;
  let written = 0;
  for (let attempt = 0; attempt < REFRESH_ATTEMPTS && stored; attempt += 1) {
    const plan = stored.plan;
    const kind = kindOf(plan);
    const property = searchProperty(plan.id, kind.summary(plan, (await settingsOf(stored)).calendar, now));
    const known = stored.refreshed?.revision === plan.revision ? stored.refreshed.property : undefined;
    // After a change landed meanwhile, the job's own write may have come last: put the newest summary back whatever it says.
    if (attempt === 0 && (known ? sameProperty(known, property) : property.overdue === 0)) return written;
    for (const ticket of kind.ticketsOf(plan)) {
      await ports.jira.setSearchProperty(ticket.key, property);
      written += 1;
    }
    try {
      await ports.plans.recordRefreshed(plan.id, plan.revision, property);
      return written;
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
      stored = await ports.plans.load(plan.id);
    }
  }
  return written;
}

const sameProperty = (a: PlanSearchProperty, b: PlanSearchProperty): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Every open stage of a plan due by the plan's own horizon, by its owner. */
function dueSoonOf(plan: AnyPlan, settings: AppSettings, today: string): Map<string, ReminderItem[]> {
  const kind = kindOf(plan);
  const owned = withSettingsOwners(plan, settings);
  const due = kind.dueDates(owned, settings.calendar);
  const horizon = addWorkingDays(today, DUE_SOON_WORKING_DAYS, settings.calendar);
  const ticketKey = kind.workTicketOf(owned) ?? kind.ticketsOf(owned)[0]?.key;
  const playbook = kind.playbookOf(owned);
  const found = new Map<string, ReminderItem[]>();
  if (!ticketKey) return found;
  for (const state of owned.steps) {
    const day = due.get(state.number);
    if (isFinished(state) || !state.owner || !day || day > horizon) continue;
    const activity = playbook.steps.find((s) => s.number === state.number)?.activity ?? `stage ${state.number}`;
    const item: ReminderItem = { ticketKey, planTitle: kind.titleOf(owned), stage: state.number, activity, due: day, overdue: day < today };
    found.set(state.owner, [...(found.get(state.owner) ?? []), item]);
  }
  return found;
}

async function sendReminders(ports: AppPorts, store: JobStore, settingsOf: SettingsOf, report: JobReport, budget: JobBudget, now: Date): Promise<JobReport['stopped']> {
  const today = dateOnly(now);
  // The digest needs every plan due soon before anyone is reminded: index reads only, no Jira call.
  const digest = new Map<string, { items: ReminderItem[]; settings: AppSettings }>();
  let cursor: string | undefined;
  do {
    if (budget.timeLeft() < STEP_RESERVE_MS) return 'time';
    const page = await ports.plans.pageDueBefore(horizonOf(today), JOB_PAGE, cursor);
    for (const { stored } of page.plans) {
      report.reminders.plansRead += 1;
      const settings = await settingsOf(stored);
      for (const [accountId, items] of dueSoonOf(stored.plan, settings, today)) {
        const entry = digest.get(accountId) ?? { items: [], settings };
        entry.items.push(...items);
        digest.set(accountId, entry);
      }
    }
    cursor = page.nextCursor;
  } while (cursor);

  report.reminders.people = digest.size;
  for (const accountId of [...digest.keys()].sort()) {
    if (budget.timeLeft() < STEP_RESERVE_MS) return 'time';
    const { items, settings } = digest.get(accountId)!;
    items.sort((a, b) => a.due.localeCompare(b.due) || a.ticketKey.localeCompare(b.ticketKey) || a.stage - b.stage);
    const claim = await store.claimReminder(today, accountId, now, REMINDER_STALE_MS);
    if (claim !== 'claimed') {
      if (claim === 'sent') report.reminders.alreadySent += 1;
      else report.reminders.inFlight += 1;
      continue;
    }
    try {
      // On the ticket of their most urgent stage: Jira's notification needs an issue, and the e-mail links it.
      await ports.jira.notify(items[0]!.ticketKey, accountId, reminderMessage(displayNameOf(settings, accountId), items));
      report.reminders.sent += 1;
    } catch (error) {
      // Left claimed but unconfirmed: a run after REMINDER_STALE_MS sends it (at worst twice, never not at all).
      if (isTransient(error)) return 'jira';
      report.reminders.refused += 1;
      console.warn(`scheduled job: Jira refused the reminder of ${accountId}: ${error instanceof Error ? error.message : String(error)}`);
    }
    await store.confirmReminder(today, accountId, now);
  }
  return null;
}
