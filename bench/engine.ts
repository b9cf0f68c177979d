import { signedAs } from '../test/support/signing';
/**
 * The engine's own figures (pure domain, no I/O), as the bench printed them before the Forge figures were added:
 *  - whole plans created and run to completion per second (every stage, backups, linked tickets; with and without a No-Go);
 *  - time to apply a whole plan's 28 stages: median and p95 over many runs;
 *  - the serialized (JSON) size of a finished plan with its audit trail.
 */
import type { AuditEntry } from '../src/domain/audit';
import type { Actor, Notice, StepAction } from '../src/domain/playbook';
import type { Role, RoleMapping } from '../src/domain/roles';
import { actOnStage, attachTicket, createUpgradePlan, recordBackup, setTicketResolved, type UpgradePlan } from '../src/domain/upgrade/plan';
import { UPGRADE_STAGES } from '../src/domain/upgrade/stages';
import { recordRestore } from '../src/domain/upgrade/noGo';
import { UPGRADE_PLAYBOOK } from '../src/domain/upgrade/playbook';
import { addressValidationTicket } from '../src/domain/upgrade/validationParts';
import { kb, ms, percentile, target, type Row, type Section } from './table';

const TARGET_SIZE_BYTES = 40 * 1024;
const TARGET_28_STAGES_MS = 5;

const ACTORS: Record<Role, Actor> = {
  Customer: { accountId: 'acc-customer', roles: ['Customer'] },
  'IQVIA PM': { accountId: 'acc-pm', roles: ['IQVIA PM'] },
  'IQVIA Engineer': { accountId: 'acc-engineer', roles: ['IQVIA Engineer'] },
  'IQVIA Support': { accountId: 'acc-support', roles: ['IQVIA Support'] },
  'Solution Specialist': { accountId: 'acc-specialist', roles: ['Solution Specialist'] },
};
const ROLES: RoleMapping = {
  projectDefault: { 'IQVIA PM': ['acc-pm'], 'IQVIA Engineer': ['acc-engineer'], 'IQVIA Support': ['acc-support'], 'Solution Specialist': ['acc-specialist'] },
  organizations: {},
};
const T0 = Date.parse('2026-11-23T09:00:00Z');
const SLOTS = ['2027-03-01T08:00:00.000Z', '2027-04-05T08:00:00.000Z'];

interface Outcome {
  plan: UpgradePlan;
  audit: AuditEntry[];
  notices: Notice[];
}

/** One plan from the customer's VAL request to stage 28, as people would run it; `noGo` adds a failed first attempt. */
export function runWholePlan(id: number, noGo: boolean): Outcome {
  let clock = T0;
  const now = () => new Date((clock += 60_000));
  const created = createUpgradePlan(
    {
      organizationId: `org-${id}`,
      reporterAccountId: 'acc-customer',
      ticket: { key: `FHSD-${id}`, kind: 'valRequest' },
      currentVersion: '24.1',
      targetVersion: '25.2',
      instances: ['VAL'],
      configuration: { mode: 'synchronise-latest' },
    },
    { planId: `plan-${id}`, releases: ['24.2', '25.1', '25.2'], valPairExists: true, roles: ROLES },
    now(),
  );
  const out: Outcome = { plan: created.plan, audit: [created.entry], notices: [...created.notices] };
  const take = (r: { plan: UpgradePlan; entry: AuditEntry; notices: readonly Notice[] }) => {
    out.plan = r.plan;
    out.audit.push(r.entry);
    out.notices.push(...r.notices);
  };
  const act = (action: StepAction) => {
    const actor = ACTORS[UPGRADE_STAGES[action.step - 1]!.roles[0]!];
    // Signed acts (12, 24, 28) carry the signer the app vouches for (Part 11).
    take(actOnStage(out.plan, signedAs(UPGRADE_PLAYBOOK, out.plan, action, actor), actor, now()));
  };
  const complete = (...stages: number[]) => stages.forEach((step) => act({ type: 'complete', step }));
  const dayOfUpgrade = (slot: string) => {
    take(actOnStage(out.plan, { type: 'propose', step: 16, value: slot, reason: 'the bench picks the slot' }, ACTORS['IQVIA PM'], now()));
    take(actOnStage(out.plan, { type: 'agree', step: 16 }, ACTORS.Customer, now()));
    complete(17, 18, 19);
    for (const instance of ['PROD MAIN', 'PROD TEST'] as const) {
      take(recordBackup(out.plan, { instance, version: '24.1', reference: `snap-${out.plan.attempt}-${instance}` }, ACTORS['IQVIA Engineer'], now()));
    }
    complete(20, 21, 22, 23);
  };

  complete(1, 3, 4, 6, 7, 8, 9);
  take(attachTicket(out.plan, { key: `FHSD-${id}-10`, kind: 'validationIssue' }, { accountId: 'acc-customer' }, now()));
  complete(10);
  take(setTicketResolved(out.plan, `FHSD-${id}-10`, true, { accountId: 'acc-support' }, now()));
  // Stage 11 is done when its handler (IQVIA Support) records the last validation ticket addressed.
  take(addressValidationTicket(out.plan, { step: 11, part: `FHSD-${id}-10` }, ACTORS['IQVIA Support'], now()));
  complete(12);
  take(
    attachTicket(
      out.plan,
      { key: `FHSD-${id}-13`, kind: 'prodRequest', details: { targetVersion: '25.2', instances: ['PROD MAIN', 'PROD TEST'], configuration: { mode: 'synchronise-latest' }, preferredSlots: SLOTS } },
      { accountId: 'acc-customer' },
      now(),
    ),
  );
  complete(14, 15);
  dayOfUpgrade(SLOTS[0]!);
  if (noGo) {
    act({ type: 'decide', step: 24, outcome: 'No-Go', reason: 'QC found differences in the dosing dashboard export' });
    const decided = Date.parse(out.plan.facts.restore!.decidedAt);
    now();
    take(recordRestore(UPGRADE_PLAYBOOK, out.plan, { startedAt: new Date(decided).toISOString(), endedAt: new Date(decided + 60_000).toISOString(), version: '24.1' }, ACTORS['IQVIA Engineer'], now()));
    complete(14);
    dayOfUpgrade(SLOTS[1]!);
  }
  act({ type: 'decide', step: 24, outcome: 'Go' });
  complete(25, 26, 27, 28);
  if (!out.plan.steps.every((s) => s.status === 'done')) throw new Error('the plan did not finish');
  return out;
}

function throughput(noGo: boolean, seconds: number): number {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  while (performance.now() < end) runWholePlan(count++, noGo);
  return count / seconds;
}

function timings(runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    runWholePlan(i, false);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

/** Engine rows of the bench table. */
export function engineSection(): Section {
  // Warm up the JIT before measuring (figures vary with the machine's load: run it on a quiet machine).
  for (let i = 0; i < 2000; i += 1) runWholePlan(i, i % 2 === 0);
  throughput(false, 0.5);
  throughput(true, 0.5);

  const rows: Row[] = [];
  rows.push({ figure: 'whole plans run to completion per second (Go)', other: `${throughput(false, 3).toFixed(0)} plans/s` });
  rows.push({ figure: 'whole plans per second (one No-Go, then Go)', other: `${throughput(true, 3).toFixed(0)} plans/s` });
  const times = timings(1000);
  const median = percentile(times, 50);
  const p95 = percentile(times, 95);
  rows.push({
    figure: 'whole plan, 28 stages (31 changes), 1,000 runs',
    p50: ms(median),
    p95: ms(p95),
    other: `mean ${ms(times.reduce((sum, t) => sum + t, 0) / times.length)}, max ${ms(times.at(-1)!)} (GC pauses included)`,
    targets: `${target(`median < ${TARGET_28_STAGES_MS} ms`, median < TARGET_28_STAGES_MS)}; ${target(`p95 < ${TARGET_28_STAGES_MS} ms`, p95 < TARGET_28_STAGES_MS)}`,
  });
  for (const [label, noGo] of [['finished plan + audit, JSON (Go)', false], ['finished plan + audit, JSON (No-Go, then Go)', true]] as const) {
    const { plan, audit } = runWholePlan(1, noGo);
    const planBytes = Buffer.byteLength(JSON.stringify(plan));
    const auditBytes = Buffer.byteLength(JSON.stringify(audit));
    const total = Buffer.byteLength(JSON.stringify({ plan, audit }));
    rows.push({ figure: label, other: `${total} B: plan ${kb(planBytes)}, audit ${kb(auditBytes)} (${audit.length} entries)`, targets: target(`< ${kb(TARGET_SIZE_BYTES)}`, total < TARGET_SIZE_BYTES) });
  }
  return { title: 'Engine (pure domain, no I/O)', rows };
}
