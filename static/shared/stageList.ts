import { isFinishedStatus, type PhaseGroup } from './plan';
import { personText, type Names } from './people';
import { formatInstant, formatInstantDay, readerTimeZone } from './time';
import type { StageView } from './types';

/** What the stage tables show: every stage, the open ones, the viewer's own open ones, or the overdue ones. */
export const STAGE_FILTERS = ['all', 'open', 'mine', 'overdue'] as const;
export type StageFilter = (typeof STAGE_FILTERS)[number];

export const FILTER_LABELS: Record<StageFilter, string> = { all: 'All', open: 'Open', mine: 'Mine', overdue: 'Overdue' };

/** A decided stage's follow-up (a No-Go's restore) the server offers the viewer: work still open on a finished stage. */
const followUpOpen = (stage: StageView): boolean => Boolean(stage.followUp && !stage.followUp.disabledReason);

/** The viewer's own open work on a stage: they own it, handle one of its open parts, or record its follow-up in their role (an admin acting outside it gives a reason: not theirs). */
const isMine = (stage: StageView, viewer: string): boolean => (followUpOpen(stage) && !stage.followUp!.needsReason) || stage.owner === viewer || (stage.parts ?? []).some((p) => p.handler === viewer && !p.addressed);

/** Whether a stage is shown under a filter; "mine" and "overdue" are open work only (a finished stage asks nothing but its follow-up). */
export function matchesFilter(stage: StageView, filter: StageFilter, viewer: string, mine: (stage: StageView, viewer: string) => boolean = isMine): boolean {
  if (filter === 'all') return true;
  if (isFinishedStatus(stage.status) && !followUpOpen(stage)) return false;
  if (filter === 'mine') return mine(stage, viewer);
  if (filter === 'overdue') return stage.overdue;
  return true;
}

/** The phases with only the stages a filter shows; a phase left with none is left out. */
export function filterPhases<P extends Pick<PhaseGroup, 'stages'>>(phases: readonly P[], filter: StageFilter, viewer: string, mine?: (stage: StageView, viewer: string) => boolean): P[] {
  if (filter === 'all') return [...phases];
  return phases.map((phase) => ({ ...phase, stages: phase.stages.filter((s) => matchesFilter(s, filter, viewer, mine)) })).filter((phase) => phase.stages.length > 0);
}

/** How many stages each filter shows, for the filter buttons. */
export function filterCounts(phases: readonly Pick<PhaseGroup, 'stages'>[], viewer: string, mine?: (stage: StageView, viewer: string) => boolean): Record<StageFilter, number> {
  const stages = phases.flatMap((p) => p.stages);
  return Object.fromEntries(STAGE_FILTERS.map((f) => [f, stages.filter((s) => matchesFilter(s, f, viewer, mine)).length])) as Record<StageFilter, number>;
}

/** In the portal, a customer's own steps are the customer's role's: any person of their organization may do them. */
export const customersStep = (stage: StageView): boolean => stage.roles.includes('Customer');

/** What an empty filter says instead of an empty table. */
export function emptyFilterSentence(filter: StageFilter, noun = 'stage'): string {
  switch (filter) {
    case 'open':
      return `Every ${noun} is finished: nothing is open.`;
    case 'mine':
      return `No open ${noun} is yours right now.`;
    case 'overdue':
      return `No ${noun} is overdue.`;
    case 'all':
      return `This plan has no ${noun}s.`;
  }
}

/** A phase whose stages are all done or skipped: folded to one line by default. */
export function isPhaseFinished(phase: Pick<PhaseGroup, 'stages'>): boolean {
  return phase.stages.length > 0 && phase.stages.every((s) => isFinishedStatus(s.status));
}

/** The phases folded when the panel opens: the finished ones (the current and later phases stay open). */
export function foldedByDefault(phases: readonly (Pick<PhaseGroup, 'stages'> & { id: string })[]): ReadonlySet<string> {
  return new Set(phases.filter(isPhaseFinished).map((p) => p.id));
}

/** When the last of a phase's stages was finished (ISO), or null when none says. */
export function phaseFinishedAt(phase: Pick<PhaseGroup, 'stages'>): string | null {
  const times = phase.stages.map((s) => s.completedAt).filter((t): t is string => !!t);
  return times.length === 0 ? null : times.reduce((a, b) => (a > b ? a : b));
}

/** A folded phase in one line: "Preparation — 9 of 9 done, finished 3 Nov 2026" (skipped ones counted apart). */
export function phaseSummaryLine(phase: Pick<PhaseGroup, 'name' | 'stages'>, timeZone?: string, noun = 'done'): string {
  const done = phase.stages.filter((s) => s.status === 'done').length;
  const skipped = phase.stages.filter((s) => s.status === 'skipped').length;
  const at = isPhaseFinished(phase) ? phaseFinishedAt(phase) : null;
  const counted = skipped > 0 ? `${done} of ${phase.stages.length} ${noun}, ${skipped} skipped` : `${done} of ${phase.stages.length} ${noun}`;
  return `${phase.name} — ${counted}${at ? `, finished ${formatInstantDay(at, timeZone)}` : ''}`;
}

/** Who finished a stage and when, in the reader's zone: "Done by Carla Mendes, 3 Nov 2026, 14:05 EST"; null while open. `by` names a party instead of the person (the portal's "IQVIA"). */
export function finishedLine(stage: Pick<StageView, 'status' | 'completedBy' | 'completedAt' | 'outcome'>, viewer: string, names: Names, timeZone?: string, by?: string): string | null {
  if (!isFinishedStatus(stage.status)) return null;
  const verb = stage.status === 'skipped' ? 'Skipped' : stage.outcome ? `${stage.outcome} decided` : 'Done';
  const who = by ? ` by ${by}` : stage.completedBy ? ` by ${personText(stage.completedBy, viewer, names).text}` : '';
  const when = stage.completedAt ? `, ${formatInstant(stage.completedAt, timeZone)}` : '';
  return `${verb}${who}${when}`;
}

/** Where a person's filter is kept: per Atlassian account and panel, so a shared browser does not mix two people's choices. */
export const filterStorageKey = (panel: string, accountId: string): string => `clinspark:stage-filter:${panel}:${accountId}`;

/** The minimal Web Storage a filter needs (the iframe's localStorage; tests pass a Map-backed one). */
export interface FilterStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The person's last filter on this panel; 'all' when none is kept, storage is unavailable, or the value is not a filter. */
export function readFilter(store: FilterStore | null, panel: string, accountId: string): StageFilter {
  try {
    const value = store?.getItem(filterStorageKey(panel, accountId));
    return (STAGE_FILTERS as readonly string[]).includes(value ?? '') ? (value as StageFilter) : 'all';
  } catch {
    return 'all';
  }
}

/** Keeps the person's filter; storage refused (private mode, a blocked iframe) only means it is not remembered. */
export function writeFilter(store: FilterStore | null, panel: string, accountId: string, filter: StageFilter): void {
  try {
    store?.setItem(filterStorageKey(panel, accountId), filter);
  } catch {
    // Not remembered: the panel still filters.
  }
}

/** The iframe's localStorage, or null where reading it throws (storage blocked for the frame). */
export function browserStore(): FilterStore | null {
  try {
    return (globalThis as { localStorage?: FilterStore }).localStorage ?? null;
  } catch {
    return null;
  }
}

/** "The agreed slot starts Mon 30 Nov 2026, 09:00 EST (your time). Record backups now?" */
export function earlyQuestion(slotStart: string, label: string, timeZone: string = readerTimeZone()): string {
  const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone }).format(new Date(slotStart));
  return `The agreed slot starts ${weekday} ${formatInstant(slotStart, timeZone)} (your time). ${label} now?`;
}
