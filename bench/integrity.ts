/**
 * Issue #12, finding 7, through the real resolvers with the real @forge/kvs and @forge/api (test/support/forgeApp.ts):
 * a plan that lives long (200 No-Go cycles with 2,000-character reasons, 5,000 skip/reopen toggles) and an
 * implementation plan with 1,000 document records. Every write must be accepted, each stored plan record (the plan
 * entity as KVS holds it: plan, outbox, events seen, index attributes) must stay under 64 KB, and the first page of the
 * history must be one KVS query.
 */
import type { ResolverAnswer } from '../src/forge/resolvers';
import { PLAN_ENTITY } from '../src/forge/planStore';
import { PEOPLE, type ForgeAppHarness } from '../test/support/forgeApp';
import { customer, driveToDecision, engineer, freshApp, pm, type Caller } from '../test/reliability/support';
import { kb, target, type Row } from './table';

const KB64 = 64 * 1024;
const CYCLES = Number(process.env.BENCH_NO_GO_CYCLES ?? 200);
const TOGGLES = Number(process.env.BENCH_TOGGLES ?? 5000);
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 1000);
const DAY_MS = 24 * 60 * 60 * 1000;
const LONG = (n: number) => `${n}: ${'the dosing dashboard export differs from VAL; '.repeat(50)}`.slice(0, 2000);

/** Counts the writes and keeps the largest plan record seen. */
class Run {
  writes = 0;
  largest = 0;
  constructor(readonly app: ForgeAppHarness) {}

  async must(name: string, payload: unknown, as: Caller): Promise<void> {
    const answer: ResolverAnswer = await this.app.invoke(name, payload, as);
    if (!answer.ok) throw new Error(`write ${this.writes + 1} refused: ${name} ${JSON.stringify(payload).slice(0, 80)}: ${answer.error.rule} ${answer.error.message}`);
    this.writes += 1;
  }

  /** A signed act, as the signing dialog takes it (Part 11). */
  async sign(name: 'completeStage' | 'decideStage', payload: { stage: number; outcome?: string; reason?: string }, as: Caller): Promise<void> {
    const answer: ResolverAnswer = await this.app.act(name, payload, as);
    if (!answer.ok) throw new Error(`write ${this.writes + 1} refused: ${name} ${JSON.stringify(payload).slice(0, 80)}: ${answer.error.rule} ${answer.error.message}`);
    this.writes += 1;
  }

  /** The plan entity's stored size, as the emulator holds it. */
  measure(planId: string): void {
    for (const record of this.app.host.kvs.store.scan(`entity:${PLAN_ENTITY}`, { now: Date.now() })) {
      if (record.key === planId) this.largest = Math.max(this.largest, Buffer.byteLength(record.json, 'utf8'));
    }
  }

  /** KVS requests and bytes of one history page as the issue panel asks for it. */
  async firstHistoryPage(ticketKey: string): Promise<{ queries: number; entries: number; bytes: number }> {
    this.app.host.resetCounters();
    const answer = await this.app.invoke<unknown[]>('getHistory', {}, pm(ticketKey));
    if (!answer.ok) throw new Error(`getHistory refused: ${answer.error.message}`);
    const paths = this.app.host.counters.kvs.byPath;
    const queries = Object.entries(paths).filter(([path]) => /query$/.test(path)).reduce((n, [, c]) => n + c.requests, 0);
    return { queries, entries: answer.data.length, bytes: Buffer.byteLength(JSON.stringify(answer.data)) };
  }
}

async function longUpgrade(): Promise<{ run: Run; prod: string; planId: string }> {
  const app = await freshApp({ autoDeliver: true });
  const run = new Run(app);
  const { prod } = await driveToDecision(app);
  const planId = 'upgrade-1-25.2';
  for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
    await run.sign('decideStage', { stage: 24, outcome: 'No-Go', reason: LONG(cycle) }, customer(prod));
    run.measure(planId);
    // Rule 7: the engineer's restore, 40 minutes, confirmed an hour after the decision.
    const decided = app.now.getTime();
    app.now = new Date(decided + 60 * 60_000);
    await run.must('recordRestore', { startedAt: new Date(decided + 5 * 60_000).toISOString(), endedAt: new Date(decided + 45 * 60_000).toISOString(), version: '24.1' }, engineer(prod));
    run.measure(planId);
    app.now = new Date(app.now.getTime() + DAY_MS);
    // A new slot a week on, on a working day at 08:00 UTC: the PM proposes it, the customer agrees (stage 16).
    const slotDay = new Date(app.now.getTime() + 7 * DAY_MS);
    slotDay.setUTCHours(8, 0, 0, 0);
    while (slotDay.getUTCDay() === 0 || slotDay.getUTCDay() === 6) slotDay.setUTCDate(slotDay.getUTCDate() + 1);
    await run.must('completeStage', { stage: 14 }, pm(prod));
    await run.must('proposeStage', { stage: 16, value: slotDay.toISOString(), hours: 4, reason: 'The earlier slot passed with the No-Go.' }, pm(prod));
    await run.must('agreeStage', { stage: 16 }, customer(prod));
    app.now = new Date(app.now.getTime() + 8 * DAY_MS);
    for (const stage of [17, 18, 19]) await run.must('completeStage', { stage }, customer(prod));
    await run.must('recordBackup', { instance: 'PROD MAIN', version: '24.1', reference: `snap-main-${cycle}` }, engineer(prod));
    await run.must('recordBackup', { instance: 'PROD TEST', version: '24.1', reference: `snap-test-${cycle}` }, engineer(prod));
    for (const stage of [20, 21, 22]) await run.must('completeStage', { stage }, engineer(prod));
    await run.must('completeStage', { stage: 23 }, customer(prod));
    run.measure(planId);
  }
  for (let toggle = 0; toggle < TOGGLES / 2; toggle += 1) {
    await run.must('reopenStage', { stage: 8, reason: LONG(toggle) }, customer(prod));
    await run.must('skipStage', { stage: 8, reason: LONG(toggle) }, customer(prod));
    if (toggle % 100 === 0) run.measure(planId);
  }
  run.measure(planId);
  return { run, prod, planId };
}

async function manyDocuments(): Promise<Run> {
  const app = await freshApp({ autoDeliver: true });
  const run = new Run(app);
  const key = await app.raise('Implementation', PEOPLE.betaCustomer!, { scenario: 'B' });
  const link = app.host.kvs.store.scan('kvs', { now: Date.now() }).find((r) => r.key === `ticket:${key}`);
  const planId = link ? (JSON.parse(link.json) as { planId: string }).planId : '';
  for (let i = 1; i <= DOCUMENTS; i += 1) {
    await run.must('recordDocument', { phase: 'definition', document: i % 2 ? 'deployment-specifications' : 'uat-definition', reference: `DOC-${i} ${'v'.repeat(200)}` }, { accountId: 'acc-pm', ticketKey: key });
    if (i % 50 === 0) run.measure(planId);
  }
  run.measure(planId);
  app.close();
  return run;
}

/** The bench's plan-integrity row. */
export async function integrityRow(): Promise<Row> {
  const started = performance.now();
  const { run, prod } = await longUpgrade();
  const page = await run.firstHistoryPage(prod);
  run.app.close();
  const documents = await manyDocuments();
  const writes = run.writes + documents.writes;
  const largest = Math.max(run.largest, documents.largest);
  const seconds = (performance.now() - started) / 1000;
  return {
    figure: `long-lived plans through the resolvers: ${CYCLES} No-Go cycles (2,000-character reasons), ${TOGGLES.toLocaleString('en')} skip/reopen toggles, ${DOCUMENTS.toLocaleString('en')} document records`,
    kvsReads: `history page: ${page.queries} query`,
    other: `${writes.toLocaleString('en')} writes accepted; largest plan record ${kb(largest)} (upgrade ${kb(run.largest)}, lifecycle ${kb(documents.largest)}); history page ${page.entries} entries, ${kb(page.bytes)}; ${seconds.toFixed(0)} s`,
    targets: [target('every write accepted', true), target('plan record < 64 KB', largest < KB64), target('history first page in 1 KVS query', page.queries === 1)].join('; '),
  };
}
