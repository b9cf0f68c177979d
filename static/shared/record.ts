import type { AuditVerification, PlanRecord, RecordSignature, TrailVerification } from '../../src/app/planRecord';
import type { StageView } from '../../src/app/planView';
import type { AuditEntry } from '../../src/domain/audit';
import { describeChange, toCsv } from './csv';
import { namesOf, type Names } from './people';
import { formatInstant, readerTimeZone } from './time';

export type { AuditVerification, PlanRecord, RecordSignature, TrailVerification };

/** A person on the record: their printed name when Jira gave one, else the account id (never "You": the record is filed). */
export function printedName(accountId: string | null, names: Names): string {
  if (!accountId) return '—';
  return names.get(accountId)?.trim() || accountId;
}

/** An instant as the record prints it: UTC, as the trail keeps it, and the reader's own zone. */
export function bothZones(iso: string | null, zone: string = readerTimeZone()): { utc: string; local: string } {
  if (!iso) return { utc: '—', local: '' };
  const utc = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return { utc, local: zone === 'UTC' ? '' : formatInstant(iso, zone) };
}

/** The verification lines the CSV export ends with: the result and head hash of each chain, as the server checked it. */
export function verificationCsv(verification: AuditVerification): string {
  const row = (what: string, v: TrailVerification) => [what, v.ok ? 'verified' : 'BROKEN', v.head ?? '', v.entries, verification.verifiedAt, v.summary];
  return toCsv([[], ['Chain verification', 'Result', 'Head hash (SHA-256)', 'Entries', 'Checked at (UTC)', 'Summary'], row('Plan', verification.plan), row('Environments', verification.registry)]);
}

/** The CSV's last lines when the server could not check the chains: said, not left out. */
export function unverifiedCsv(message: string): string {
  return toCsv([[], ['Chain verification', 'Result'], ['Plan and environments', `not checked: ${message}`]]);
}

/** One stage as the record prints it: who finished it (or who has it), when, why, its outcome and its signatures. */
export interface RecordStage {
  number: number;
  phase: string;
  activity: string;
  status: string;
  owner: string;
  /** Who finished it, or who started it while it is under way; null when nobody has acted on it. */
  actedBy: string | null;
  actedAt: string | null;
  reason: string | null;
  outcome: string | null;
  signatures: readonly RecordSignature[];
}

/** A signature as a stage of the plan view carries it (issue #16, part S): read when present, so the record prints it. */
interface StageSignature {
  name: string;
  meaning: string;
  at: string;
  check: string;
}

const STATUS_TEXT: Record<string, string> = { todo: 'Not started', 'in progress': 'In progress', done: 'Done', skipped: 'Skipped', blocked: 'Blocked' };

/** The plan's stages in order with what the trail says of each: the record's main table. */
export function recordStages(record: PlanRecord): RecordStage[] {
  const names = namesOf(record.view);
  const attempt = Math.max(1, ...record.trail.map((e) => e.attempt));
  const lastEntryOf = (step: number): AuditEntry | undefined => [...record.trail].reverse().find((e) => e.step === step && e.attempt === attempt);
  return record.view.phases.flatMap((phase) =>
    phase.stages.map((stage: StageView) => {
      const acted = stage.completedBy ?? stage.startedBy;
      const at = stage.completedAt ?? (acted ? (lastEntryOf(stage.number)?.at ?? null) : null);
      return {
        number: stage.number,
        phase: phase.name,
        activity: stage.activity,
        status: STATUS_TEXT[stage.status] ?? stage.status,
        owner: printedName(stage.owner, names),
        actedBy: acted ? printedName(acted, names) : null,
        actedAt: at,
        reason: stage.reason,
        outcome: stage.outcome,
        signatures: [
          ...(record.signatures ?? []).filter((s) => s.stage === stage.number),
          ...((stage as StageView & { signatures?: readonly StageSignature[] }).signatures ?? []).map((sig): RecordSignature => ({ name: sig.name, meaning: sig.meaning, at: sig.at, valid: sig.check === 'valid', check: sig.check, stage: stage.number })),
        ],
      };
    }),
  );
}

/** One line of the audit trail as printed: names, not account ids; before → after in words; the entry's short hash. */
export function recordTrailRow(entry: AuditEntry, names: Names): { seq: number; at: string; who: string; role: string; action: string; stage: string; attempt: number; change: string; reason: string; hash: string } {
  const before = describeChange(entry.before);
  return {
    seq: entry.seq,
    at: entry.at,
    who: printedName(entry.actor.accountId, names),
    role: entry.actor.role,
    action: entry.action,
    stage: entry.step === null ? 'Plan' : String(entry.step),
    attempt: entry.attempt,
    change: `${before ? `${before} → ` : ''}${describeChange(entry.after)}`,
    reason: entry.reason ?? '',
    hash: entry.hash ? entry.hash.slice(0, 12) : 'predates the chain',
  };
}

/** A file name for the downloaded record: `FHSD-4-plan-record-2026-12-01.html`. */
export function recordFileName(ticketKey: string, now: Date): string {
  const safe = ticketKey.replace(/[^A-Za-z0-9_-]/g, '') || 'plan';
  return `${safe}-plan-record-${now.toISOString().slice(0, 10)}.html`;
}

/**
 * The record's own style, on screen and on paper: A4 pages, tables that repeat their heads and do not split a row,
 * sections that do not start at the foot of a page; always dark text on white, whatever the panel's theme.
 */
export const RECORD_CSS = `
@page { size: A4; margin: 14mm 12mm; }
.cs-record { font: 10pt/1.4 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #172B4D; background: #FFFFFF; padding: 16px; max-width: 186mm; margin: 0 auto; overflow-wrap: break-word; }
.cs-record h1 { font-size: 17pt; margin: 0 0 4px; color: #172B4D; }
.cs-record h2 { font-size: 12.5pt; margin: 18px 0 6px; padding-bottom: 2px; border-bottom: 1px solid #C1C7D0; color: #172B4D; break-after: avoid; page-break-after: avoid; }
.cs-record h3 { font-size: 10.5pt; margin: 10px 0 4px; color: #172B4D; break-after: avoid; page-break-after: avoid; }
.cs-record p { margin: 2px 0 6px; }
.cs-record dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
.cs-record dt { color: #44546F; }
.cs-record dd { margin: 0; min-width: 0; }
.cs-record table { width: 100%; table-layout: fixed; border-collapse: collapse; font-size: 8.5pt; margin: 4px 0 8px; }
.cs-record thead { display: table-header-group; }
.cs-record th, .cs-record td { border: 1px solid #DCDFE4; padding: 3px 5px; text-align: left; vertical-align: top; }
.cs-record th { background: #F1F2F4; font-weight: 600; }
.cs-record tr { break-inside: avoid; page-break-inside: avoid; }
.cs-record .cs-record-local { color: #44546F; display: block; }
.cs-record .cs-record-hash { font-family: "SFMono-Regular", Consolas, "Liberation Mono", Menlo, monospace; font-size: 8pt; overflow-wrap: anywhere; }
.cs-record .cs-record-check { border: 2px solid #1F845A; border-radius: 4px; padding: 6px 10px; margin: 8px 0; break-inside: avoid; page-break-inside: avoid; }
.cs-record .cs-record-check.cs-record-broken { border-color: #C9372C; }
.cs-record .cs-record-check strong { color: #1F845A; }
.cs-record .cs-record-broken strong { color: #C9372C; }
.cs-record .cs-record-sig-broken { color: #C9372C; font-weight: 600; }
.cs-record section { break-inside: auto; }
.cs-record footer { margin-top: 14px; color: #44546F; font-size: 8pt; }
@media screen and (max-width: 720px) {
  /* A phone's width: each row a card of label and value, so no column is squeezed to a few letters. */
  .cs-record { padding: 8px; }
  .cs-record table, .cs-record tbody, .cs-record tr, .cs-record caption { display: block; width: 100%; }
  .cs-record thead { display: none; }
  .cs-record tr { border: 1px solid #DCDFE4; margin-bottom: 6px; }
  .cs-record tbody th, .cs-record td { display: flow-root; border: 0; border-top: 1px solid #F1F2F4; padding: 2px 5px 2px calc(7.5em + 5px); }
  .cs-record tr > td:first-child { border-top: 0; }
  .cs-record td:empty { display: none; }
  .cs-record td::before { content: attr(data-label); float: left; width: 7em; margin-left: -7.5em; color: #44546F; font-weight: 600; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
  .cs-record caption { text-align: left; font-weight: 600; margin-bottom: 2px; }
}
@media print {
  html, body { background: #FFFFFF !important; }
  body.cs-record-open > :not(#root) { display: none !important; }
  .cs-record-toolbar { display: none !important; }
  .cs-record { padding: 0; max-width: none; }
}
body.cs-record-open #root > :not(.cs-print-root) { display: none; }
`;

/** The record as a file of its own: the same markup and style, for a browser that prints what the panel may not. */
export function recordDocument(title: string, recordHtml: string): string {
  const safeTitle = title.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${safeTitle}</title><style>${RECORD_CSS}</style></head><body>${recordHtml}</body></html>\n`;
}
