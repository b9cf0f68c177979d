import { parse } from 'csv-parse/sync';
import type { AuditVerification, PlanRecord } from '../../src/app/planRecord';
import { auditEntry } from '../../src/domain/audit';
import { chainEntries, describeVerification, verifyChain } from '../../src/domain/auditChain';
import { bothZones, printedName, recordDocument, recordFileName, recordStages, recordTrailRow, unverifiedCsv, verificationCsv } from '../../static/shared/record';
import { complete, newPlan, NOW, viewOf } from './planFixture';

const at = NOW.toISOString();
const trail = chainEntries(null, [auditEntry({ id: 'plan-1', attempt: 1 }, 1, { accountId: 'acc-pm', role: 'IQVIA PM' }, { action: 'complete', step: 1, before: { status: 'todo' }, after: { status: 'done' }, reason: 'checked' }, NOW)]).entries;

function verification(): AuditVerification {
  const plan = verifyChain(trail, { revision: 1, head: trail[0]!.hash! });
  const registry = verifyChain([]);
  return { plan: { ...plan, subject: 'plan-1', summary: describeVerification(plan) }, registry: { ...registry, subject: 'registry:org-acme', summary: describeVerification(registry, "the organization's environments") }, verifiedAt: at };
}

describe('§11.10(b) accurate and complete copies: the printable record and the CSV export (Annex 11 §8)', () => {
  test('the CSV export ends with each chain’s result, head hash, entries and the time of the check', () => {
    const rows = parse(verificationCsv(verification()), { relax_column_count: true, skip_empty_lines: true }) as string[][];
    expect(rows[0]).toEqual(['Chain verification', 'Result', 'Head hash (SHA-256)', 'Entries', 'Checked at (UTC)', 'Summary']);
    expect(rows[1]!.slice(0, 5)).toEqual(['Plan', 'verified', trail[0]!.hash, '1', at]);
    expect(rows[2]!.slice(0, 4)).toEqual(['Environments', 'verified', '', '0']);
    expect(parse(unverifiedCsv('no, "really"'), { relax_column_count: true, skip_empty_lines: true })).toEqual([['Chain verification', 'Result'], ['Plan and environments', 'not checked: no, "really"']]);
  });

  test('every stage with who (printed name), when and why; a signature on a stage of the plan view is printed with its meaning and whether it verifies', () => {
    const plan = complete(newPlan(), 1, 'acc-customer', ['Customer']);
    const view = { ...viewOf(plan, 'acc-pm'), names: { 'acc-customer': 'Carla Mendes' } };
    // A stage as part S's plan view carries its signatures (printed name, meaning, time, check).
    const phases = view.phases.map((p) => ({ ...p, stages: p.stages.map((s) => (s.number === 1 ? { ...s, signatures: [{ accountId: 'acc-customer', name: 'Carla Mendes', meaning: 'Validation complete', at, step: 1, attempt: 1, seq: 2, hash: 'f'.repeat(64), check: 'broken' as const }] } : s)) }));
    const record: PlanRecord = { view: { ...view, phases }, trail, verification: verification(), signatures: [{ name: 'Priya Patel', meaning: 'Plan closed', at, valid: true, stage: 2 }], generatedAt: at };
    const stages = recordStages(record);
    expect(stages).toHaveLength(28);
    expect(stages[0]).toMatchObject({ number: 1, status: 'Done', actedBy: 'Carla Mendes', actedAt: at, signatures: [{ name: 'Carla Mendes', meaning: 'Validation complete', valid: false, check: 'broken', stage: 1 }] });
    expect(stages[1]!.signatures).toEqual([{ name: 'Priya Patel', meaning: 'Plan closed', at, valid: true, stage: 2 }]);
    expect(stages[2]).toMatchObject({ actedBy: null, actedAt: null, signatures: [] });
  });

  test('names, not "You" nor a bare id when the name is known; both zones; the trail row carries its hash', () => {
    const names = Object.assign(new Map([['acc-pm', 'Priya Patel']]), { avatarOf: () => undefined });
    expect(printedName('acc-pm', names)).toBe('Priya Patel');
    expect(printedName('acc-unknown', names)).toBe('acc-unknown');
    expect(bothZones('2026-07-01T12:30:00.000Z', 'Europe/Prague')).toEqual({ utc: '2026-07-01 12:30 UTC', local: '1 Jul 2026, 14:30 CEST' });
    expect(bothZones('2026-07-01T12:30:00.000Z', 'UTC').local).toBe('');
    expect(recordTrailRow(trail[0]!, names)).toMatchObject({ who: 'Priya Patel', role: 'IQVIA PM', stage: '1', change: 'status: todo → status: done', reason: 'checked', hash: trail[0]!.hash!.slice(0, 12) });
    expect(recordTrailRow({ ...trail[0]!, hash: undefined }, names).hash).toBe('predates the chain');
  });

  test('the record as a file is a whole A4 document, its title escaped', () => {
    const html = recordDocument('Plan record: <script>', '<article>x</article>');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Plan record: &lt;script&gt;<\/title><style>/);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('<body><article>x</article></body>');
    expect(recordFileName('FHSD-4', NOW)).toBe('FHSD-4-plan-record-2026-11-23.html');
  });
});
