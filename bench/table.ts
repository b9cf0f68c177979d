/** The bench's one table: a row per figure, the same columns for all, printed as Markdown so README can quote it. */

export interface Row {
  /** What is measured. */
  figure: string;
  /** Forge function invocations the action costs (the resolver or trigger, plus any it causes). */
  invocations?: string;
  /** KVS read requests (records read). */
  kvsReads?: string;
  /** KVS write requests (records written). */
  kvsWrites?: string;
  jira?: string;
  bytesWritten?: string;
  p50?: string;
  p95?: string;
  /** A figure that fits no other column (throughput, sizes). */
  other?: string;
  /** Targets with their verdicts, e.g. "≤ 2 KVS reads ok; p95 < 5 ms ok". */
  targets?: string;
}

const COLUMNS: readonly [keyof Row, string][] = [
  ['figure', 'figure'],
  ['invocations', 'invocations'],
  ['kvsReads', 'KVS reads req (rec)'],
  ['kvsWrites', 'KVS writes req (rec)'],
  ['jira', 'Jira calls'],
  ['bytesWritten', 'KVS B written'],
  ['p50', 'p50 ms'],
  ['p95', 'p95 ms'],
  ['other', 'other'],
  ['targets', 'targets'],
];

export type Section = { title: string; rows: Row[] };

export const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
export const target = (label: string, ok: boolean): string => `${label} ${verdict(ok)}`;
export const ms = (value: number): string => value.toFixed(3);
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
export const requests = (n: number, records: number): string => `${n} (${records})`;

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Prints the sections as one Markdown table (a bold row heads each section). */
export function printTable(sections: readonly Section[]): void {
  const cells = (row: Row) => COLUMNS.map(([key]) => row[key] ?? '');
  const body = sections.flatMap((s) => [{ figure: `**${s.title}**` } as Row, ...s.rows]);
  const widths = COLUMNS.map(([key, title], i) => Math.max(title.length, ...body.map((r) => cells(r)[i]!.length), key === 'figure' ? 0 : 3));
  const line = (values: readonly string[]) => `| ${values.map((v, i) => (i === 0 || i === values.length - 1 || i === values.length - 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(COLUMNS.map(([, title]) => title)));
  console.log(`|${widths.map((w, i) => (i === 0 || i >= widths.length - 2 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of body) console.log(line(cells(row)));
}
