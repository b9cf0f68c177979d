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

/** Every entry of a history, oldest first, page after page (a page is one storage query of up to 100). */
async function wholeHistory(ports: AppPorts, subjectId: string, stopBefore?: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await ports.plans.history(subjectId, before !== undefined ? { before } : {});
    entries.unshift(...page);
    const oldest = page[0];
    // Pages come newest first: a page reaching back before the plan began holds the last entries the plan needs.
    if (!oldest || oldest.seq <= 1 || (stopBefore !== undefined && oldest.at < stopBefore)) break;
    before = oldest.seq;
  }
  return entries;
}

/**
 * The plan's whole history for export, with the changes to its organization's environments that the plan made or that
 * happened while it ran (from its first entry to its last, or to now while it is open), in time order; `shown` is
 * what the reader's surface may receive of the entries.
 */
export async function exportHistory(ports: AppPorts, plan: AnyPlan, settings: AppSettings, shown: (entries: AuditEntry[]) => AuditEntry[] = (entries) => entries): Promise<HistoryEntryView[]> {
  const own = await wholeHistory(ports, plan.id);
  const began = own[0]?.at ?? plan.createdAt;
  const kind = kindOf(plan);
  const open = kind.summary(plan, settings.calendar, ports.clock.now()).phase !== COMPLETE_PHASE;
  const ended = open ? null : (own.at(-1)?.at ?? null);
  const registry = await wholeHistory(ports, registryIdOf(plan.organizationId), began);
  const during = registry.filter((e) => (e.after as { plan?: unknown }).plan === plan.id || (e.at >= began && (ended === null || e.at <= ended)));
  // What the reader's surface may receive (the portal: no backup location), before any sentence is made of it.
  const all = shown([...own, ...during]);
  const names = await namesForHistory(ports, settings, all);
  const view = historyView(plan, all, names, (entry) => (entry.planId === plan.id ? 'plan' : 'environments'));
  // In time order; an environment change a plan change caused is written in the same instant, after it.
  return view.sort((a, b) => a.at.localeCompare(b.at) || (a.source === b.source ? a.seq - b.seq : a.source === 'plan' ? -1 : 1));
}
