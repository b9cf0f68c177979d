/**
 * The scheduled job (issue #14) at 1,000 and at 10,000 plans: one run on a Monday at 09:00 UTC (the day's figures
 * refreshed, the day's reminders sent), then a later run the same day. The same plans are due at both sizes (20
 * overdue, 80 due within two working days), the others months away, so equal counts show that the job's cost follows
 * the due-date index's answer, not the plans stored. Each size is its own site (seeded through KvsPlanRepository.commit
 * with the index the app computes); the plans that are due have real tickets in the Jira stand-in.
 * BENCH_JOB_SIZES=1000,10000 (default) chooses the sizes.
 */
import { planIndexOf } from '../src/app/planChanges';
import type { StoredPlan } from '../src/app/ports';
import { horizonOf, type JobReport } from '../src/app/scheduledJob';
import { createUpgradePlan } from '../src/domain/upgrade/plan';
import { KvsPlanRepository } from '../src/forge/planStore';
import { answerScheduledRun } from '../src/forge/scheduledJob';
import { asApp } from '../src/local/jira';
import { ForgeAppHarness, testSettings } from '../test/support/forgeApp';
import { ms, requests, target, type Row, type Section } from './table';

const SIZES = (process.env.BENCH_JOB_SIZES ?? '1000,10000').split(',').map(Number);
const NOW = new Date('2026-11-23T09:00:00Z');
const TODAY = '2026-11-23';
const OVERDUE = 20;
const DUE_SOON = 80;
const DAY_MS = 24 * 60 * 60_000;
const REQUEST = { context: { cloudId: 'bench', moduleKey: 'plan-refresh-job' }, contextToken: 'bench' };
/** Forge's budget for the run: the function's timeout less the job's margin (src/forge/scheduledJob.ts). */
const RUN_TARGET_MS = 25_000;

const settings = testSettings();

function planCreated(i: number, createdAt: Date, ticketKey: string): StoredPlan {
  const created = createUpgradePlan(
    { organizationId: `org-${String(Math.floor(i / 10)).padStart(4, '0')}`, reporterAccountId: 'acc-acme', ticket: { key: ticketKey, kind: 'valRequest' }, currentVersion: '24.1', targetVersion: '25.2', instances: ['VAL'], configuration: { mode: 'synchronise-latest' } },
    { planId: `plan-${i}`, releases: ['24.2', '25.1', '25.2'], valPairExists: false, roles: settings.roles },
    createdAt,
  );
  return { projectKey: 'FHSD', plan: created.plan, outbox: [], lastEventIds: {} };
}

/** A creation day whose plan's earliest open stage is due in [today, horizon): due soon, not yet overdue, whatever the schedule's phase lengths. */
function dueSoonCreation(): Date {
  for (let back = 0; back < 120; back += 1) {
    const createdAt = new Date(NOW.getTime() - back * DAY_MS);
    const next = planIndexOf(planCreated(0, createdAt, 'FHSD-1').plan, settings, createdAt).nextDue;
    if (next && next >= TODAY && next < horizonOf(TODAY)) return createdAt;
  }
  throw new Error('no creation day makes a plan due within two working days');
}

async function seed(app: ForgeAppHarness, total: number): Promise<number> {
  const start = performance.now();
  const repository = new KvsPlanRepository();
  const soon = dueSoonCreation();
  for (let i = 0; i < total; i += 1) {
    const due = i < OVERDUE + DUE_SOON;
    let ticketKey = `FHSD-${100000 + i}`;
    if (due) {
      const created = await app.jira.handle({ method: 'POST', path: '/rest/api/3/issue', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: `plan ${i}` } }) }, asApp());
      ticketKey = (created.body as { key: string }).key;
    }
    const createdAt = i < OVERDUE ? new Date(NOW.getTime() - 90 * DAY_MS) : due ? soon : new Date(NOW.getTime() + 200 * DAY_MS);
    const stored = planCreated(i, createdAt, ticketKey);
    await repository.commit({ expectedRevision: null, stored, audit: [], newTicketKeys: [ticketKey], index: planIndexOf(stored.plan, settings, createdAt) });
  }
  await app.jira.whenEventsDelivered();
  return (performance.now() - start) / 1000;
}

interface Measured {
  report: JobReport;
  kvsRequests: number;
  kvsReads: number;
  kvsWriteRequests: number;
  kvsWrites: number;
  jira: number;
  ms: number;
}

async function measureRun(app: ForgeAppHarness): Promise<Measured> {
  app.host.resetCounters();
  const start = performance.now();
  const { answer, report } = await app.host.runAs(undefined, () => answerScheduledRun(REQUEST, app.triggerPorts()));
  const elapsed = performance.now() - start;
  if (answer.statusCode !== 204 || !report) throw new Error(`the job answered ${answer.statusCode}: ${answer.body}`);
  const { kvs, jira } = app.host.counters;
  const writeRequests = Object.entries(kvs.byPath).filter(([path]) => !/\/(get|query)$/.test(path)).reduce((n, [, c]) => n + c.requests, 0);
  return { report, kvsRequests: kvs.requests, kvsReads: kvs.reads, kvsWriteRequests: writeRequests, kvsWrites: kvs.writes, jira: jira.total, ms: elapsed };
}

export async function scheduledJobSection(): Promise<{ section: Section; seedSeconds: number }> {
  const rows: Row[] = [];
  let seedSeconds = 0;
  const runs: { total: number; first: Measured; later: Measured }[] = [];
  for (const total of SIZES) {
    const app = new ForgeAppHarness(NOW);
    try {
      await app.saveSettings();
      seedSeconds += await seed(app, total);
      const first = await measureRun(app);
      app.now = new Date(NOW.getTime() + 60 * 60_000);
      const later = await measureRun(app);
      runs.push({ total, first, later });
    } finally {
      app.close();
    }
  }
  const smallest = runs[0]!;
  const same = (a: Measured, b: Measured) => a.kvsRequests === b.kvsRequests && a.kvsReads === b.kvsReads && a.kvsWrites === b.kvsWrites && a.jira === b.jira;
  for (const { total, first, later } of runs) {
    const { refresh, reminders } = first.report;
    const counts = total === smallest.total ? '' : `; KVS and Jira as at ${smallest.total.toLocaleString('en')} ${verdictOf(same(first, smallest.first))}`;
    rows.push({
      figure: `scheduled job, one run, ${total.toLocaleString('en')} plans: ${refresh.plansRead} overdue plans read, ${refresh.ticketsWritten} summaries written; ${reminders.plansRead} due plans read, ${reminders.sent} reminders`,
      invocations: '1',
      kvsReads: requests(first.kvsRequests - first.kvsWriteRequests, first.kvsReads),
      kvsWrites: requests(first.kvsWriteRequests, first.kvsWrites),
      jira: String(first.jira),
      p50: ms(first.ms),
      targets: `${target(`Jira calls = summaries + reminders (${refresh.ticketsWritten + reminders.sent})`, first.jira === refresh.ticketsWritten + reminders.sent)}; ${target(`run < ${RUN_TARGET_MS / 1000} s`, first.ms < RUN_TARGET_MS)}${counts}`,
    });
    rows.push({
      figure: `scheduled job, a later run the same day, ${total.toLocaleString('en')} plans`,
      invocations: '1',
      kvsReads: requests(later.kvsRequests - later.kvsWriteRequests, later.kvsReads),
      kvsWrites: requests(later.kvsWriteRequests, later.kvsWrites),
      jira: String(later.jira),
      p50: ms(later.ms),
      targets: target('1 KVS read, nothing written, no Jira call', later.kvsRequests === 1 && later.kvsWrites === 0 && later.jira === 0),
    });
  }
  return { section: { title: 'Scheduled job (issue #14): one run at each size, the same 100 plans due³', rows }, seedSeconds };
}

const verdictOf = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
