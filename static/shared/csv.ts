import type { HistoryEntryView } from './types';

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading =, +, -, @, tab or CR is neutralised so a spreadsheet never runs it as a formula. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text, CRLF line ends (what spreadsheets expect). */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * The export's columns: who by name and by account id, the entry in a sentence, then the entry as kept (action, before,
 * after, why) so the file stays the evidence; plan entries and the organization's environment changes in one time order.
 */
export const HISTORY_COLUMNS = ['When (UTC)', 'Who', 'Account id', 'Role', 'What happened', 'Stage', 'Attempt', 'Source', 'Revision', 'Action', 'Before', 'After', 'Why'] as const;

/** A Source cell: whose record the entry is. */
const SOURCE_WORDS: Record<HistoryEntryView['source'], string> = { plan: 'Plan', environments: 'Environments' };

/** A value of an audit entry's before/after record, compact and readable: `status: todo; owner: 5b…`. */
export function describeChange(record: Readonly<Record<string, unknown>> | null): string {
  if (!record) return '';
  return Object.entries(record)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}

/** In time order; an environment change a plan change caused is written in the same instant, after it. */
export const inTimeOrder = (a: HistoryEntryView, b: HistoryEntryView): number => a.at.localeCompare(b.at) || (a.source === b.source ? a.seq - b.seq : a.source === 'plan' ? -1 : 1);

/**
 * The plan's history as the server gave it for export, one line per entry in time order (plan entries and environment
 * changes interleaved by when they happened), whatever order its answers came in. The GxP evidence with names.
 */
export function historyCsv(entries: readonly HistoryEntryView[]): string {
  const sorted = [...entries].sort(inTimeOrder);
  return toCsv([
    HISTORY_COLUMNS,
    ...sorted.map((e) => [
      e.at,
      e.who ?? 'not known to Jira',
      e.actor.accountId,
      e.as,
      e.sentence,
      e.step ?? '',
      e.attempt,
      SOURCE_WORDS[e.source],
      e.seq,
      e.action,
      describeChange(e.before),
      describeChange(e.after),
      e.reason ?? '',
    ]),
  ]);
}

/** A file name for a plan's history export: `FHSD-12-upgrade-history-2025-03-01.csv`. */
export function historyFileName(ticketKey: string, now: Date): string {
  const safe = ticketKey.replace(/[^A-Za-z0-9_-]/g, '') || 'plan';
  return `${safe}-upgrade-history-${now.toISOString().slice(0, 10)}.csv`;
}
