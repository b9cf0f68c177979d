import type { AuditEntry } from '../domain/audit';
import { registryIdOf } from '../domain/environments/registry';
import { kindOf, type AnyPlan } from '../domain/kinds';
import { COMPLETE_PHASE } from '../domain/summary';
import { actedByTheApp, peopleIn, roleWords, sentenceOf, type HistoryWords } from './historySentences';
import { namesOfPeople } from './people';
import type { AppPorts } from './ports';
import type { AppSettings } from './settings';

/** An audit entry as the history tab and its CSV read it: the entry as kept, its sentence, and who acted by name. */
export interface HistoryEntryView extends AuditEntry {
  /** The entry in one plain sentence with people's names (`historySentences.ts`). */
  sentence: string;
  /** Who acted, by name ("The app" for a stage action the app took itself); null when Jira does not know the account. */
  who: string | null;
  /** A stage action the app took itself (on a change in Jira): the app, not the person, is who acted. */
  actedByTheApp: boolean;
  /** The capacity they acted in: their role, or where the app read their act ("in Jira, recorded by the app"). */
  as: string;
  /** The plan's own entry, or a change to the organization's environments made by the plan or during it. */
  source: 'plan' | 'environments';
}

/** The plan's words for its stages, phases, documents and tickets, with the names found for its people. */
export function historyWordsOf(plan: AnyPlan, names: ReadonlyMap<string, string>): HistoryWords {
  const kind = kindOf(plan);
  const playbook = kind.playbookOf(plan);
  const documents = new Map(playbook.phases.flatMap((p) => (p.documents ?? []).map((d) => [d.id, d.name] as const)));
  return {
    nameOf: (accountId) => names.get(accountId) ?? null,
    phaseName: (phaseId) => playbook.phases.find((p) => p.id === phaseId)?.name ?? null,
    documentName: (documentId) => documents.get(documentId) ?? null,
    ticketLabel: (ticketKind) => kind.ticketLabels[ticketKind] ?? null,
    proposalWhat: (step) => playbook.steps.find((s) => s.number === step)?.agreement?.what ?? null,
    planWords: (planId) => (planId === plan.id ? 'this plan' : 'another plan of the organization'),
  };
}

/**
 * The names of every person these entries name (who acted, and whom their before and after name: a decider, a new
 * owner, who moved a ticket), from the people cache (`people.ts`: one batched Jira lookup for those it lacks).
 */
export function namesForHistory(ports: AppPorts, settings: AppSettings, entries: readonly AuditEntry[]): Promise<Map<string, string>> {
  return namesOfPeople(ports, settings, entries.flatMap(peopleIn));
}

function byWhom(entry: AuditEntry, names: ReadonlyMap<string, string>): Pick<HistoryEntryView, 'who' | 'actedByTheApp'> {
  const app = actedByTheApp(entry);
  return { who: app ? 'The app' : (names.get(entry.actor.accountId) ?? null), actedByTheApp: app };
}

/** Each entry with its sentence and who acted, by name. */
export function historyView(plan: AnyPlan, entries: readonly AuditEntry[], names: ReadonlyMap<string, string>, source: (entry: AuditEntry) => HistoryEntryView['source']): HistoryEntryView[] {
  const words = historyWordsOf(plan, names);
  return entries.map((entry) => ({ ...entry, sentence: sentenceOf(entry, words), ...byWhom(entry, names), as: roleWords(entry), source: source(entry) }));
}

/** Where an export continues: the plan's own entries, then its organization's environment changes; before an entry's seq. */
export interface HistoryExportCursor {
  source: HistoryEntryView['source'];
  before?: number;
}

/** One answer of the export: some entries, and where the next answer continues (null: the export is whole). */
export interface HistoryExportPage {
  entries: HistoryEntryView[];
  next: HistoryExportCursor | null;
}

/**
 * The stored entries one export answer reads at most before it hands back a cursor: with their sentences the answer
 * stays well under Forge's 5 MB front-end invocation response (`limits-invocation`), however long the plan's history.
 */
export const EXPORT_ANSWER_STORED_BYTES = 1_000_000;

/**
 * One answer of the plan's export: its own entries (newest pages first), then the changes to its organization's
 * environments that the plan made or that happened while it ran (from its first entry to its last, or to now while it
 * is open), each page one storage query of up to 100, as many as fit one answer. `shown` is what the reader's surface
 * may receive of the entries; each answer's entries are oldest first. The browser asks again with `next` until it is
 * null, and puts the whole in time order.
 */
export async function exportHistoryPage(
  ports: AppPorts,
  plan: AnyPlan,
  settings: AppSettings,
  cursor: HistoryExportCursor,
  shown: (entries: AuditEntry[]) => AuditEntry[] = (entries) => entries,
  limits: { answerBytes?: number; pageSize?: number } = {},
): Promise<HistoryExportPage> {
  const answerBytes = limits.answerBytes ?? EXPORT_ANSWER_STORED_BYTES;
  const subject = cursor.source === 'plan' ? plan.id : registryIdOf(plan.organizationId);
  const window = cursor.source === 'plan' ? null : await planWindow(ports, plan, settings);
  const read: AuditEntry[] = [];
  let before = cursor.before;
  let bytes = 0;
  let next: HistoryExportCursor | null;
  for (;;) {
    const page = await ports.plans.history(subject, { ...(before !== undefined ? { before } : {}), ...(limits.pageSize ? { limit: limits.pageSize } : {}) });
    read.unshift(...(window ? page.filter((e) => (e.after as { plan?: unknown }).plan === plan.id || (e.at >= window.began && (window.ended === null || e.at <= window.ended))) : page));
    bytes += JSON.stringify(page).length;
    const oldest = page[0];
    // Pages come newest first: the first entry, or (for the environments) one from before the plan began, ends the source.
    if (!oldest || oldest.seq <= 1 || (window && oldest.at < window.began)) {
      next = cursor.source === 'plan' ? { source: 'environments' } : null;
      break;
    }
    before = oldest.seq;
    if (bytes >= answerBytes) {
      next = { source: cursor.source, before };
      break;
    }
  }
  // What the reader's surface may receive (the portal: no backup location), before any sentence is made of it.
  const entries = shown(read);
  const view = historyView(plan, entries, await namesForHistory(ports, settings, entries), () => cursor.source);
  return { entries: view, next };
}

/** When the plan ran: from its first entry (its creation) to its last once it is complete, else to now (null). */
async function planWindow(ports: AppPorts, plan: AnyPlan, settings: AppSettings): Promise<{ began: string; ended: string | null }> {
  const open = kindOf(plan).summary(plan, settings.calendar, ports.clock.now()).phase !== COMPLETE_PHASE;
  const last = open ? undefined : (await ports.plans.history(plan.id, { limit: 1 })).at(-1);
  return { began: plan.createdAt, ended: open ? null : (last?.at ?? null) };
}
