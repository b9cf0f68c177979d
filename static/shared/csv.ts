import type { AuditEntry } from './types';

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

export const HISTORY_COLUMNS = ['Revision', 'When (UTC)', 'Who (account)', 'Role', 'Action', 'Stage', 'Attempt', 'Before', 'After', 'Why'] as const;

/** A value of an audit entry's before/after record, compact and readable: `status: todo; owner: 5b…`. */
export function describeChange(record: Readonly<Record<string, unknown>> | null): string {
  if (!record) return '';
  return Object.entries(record)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}

/** The plan's whole audit trail, one line per entry, oldest first: the GxP evidence as the server keeps it. */
export function historyCsv(entries: readonly AuditEntry[]): string {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  return toCsv([
    HISTORY_COLUMNS,
    ...sorted.map((e) => [e.seq, e.at, e.actor.accountId, e.actor.role, e.action, e.step ?? '', e.attempt, describeChange(e.before), describeChange(e.after), e.reason ?? '']),
  ]);
}

/** A file name for a plan's history export: `FHSD-12-upgrade-history-2025-03-01.csv`. */
export function historyFileName(ticketKey: string, now: Date): string {
  const safe = ticketKey.replace(/[^A-Za-z0-9_-]/g, '') || 'plan';
  return `${safe}-upgrade-history-${now.toISOString().slice(0, 10)}.csv`;
}
