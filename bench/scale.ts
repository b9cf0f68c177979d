/**
 * Scale: 1,000 then 10,000 plans (100 then 1,000 organizations of 10 plans each), seeded through
 * KvsPlanRepository.commit into the in-memory KVS emulator (no Jira). At both sizes: a panel load, listing one
 * organization's plans (by-organization index) and finding the overdue plans (by-next-due index), each with the same
 * answer at both sizes, so that a cost growing with the total would show.
 *
 * KVS operations are what Forge charges and what an index keeps proportional to the answer: they are the primary
 * figure. Time is secondary: the emulator answers an entity query by scanning every record of the entity in memory,
 * which a real index does not, so its time grows with the total here and not on Forge.
 */
import { planIdFor } from '../src/app/ticketEvents';
import type { StoredPlan } from '../src/app/ports';
import { createUpgradePlan } from '../src/domain/upgrade/plan';
import { KvsPlanRepository } from '../src/forge/planStore';
import { ForgeAppHarness, testSettings } from '../test/support/forgeApp';
import { ms, percentile, requests, target, type Row, type Section } from './table';

const PLANS_PER_ORGANIZATION = 10;
const TARGETS = ['25.2', '25.3', '25.4', '26.1', '26.2', '26.3', '26.4', '27.1', '27.2', '27.3'];
const TODAY = '2026-11-23';
const SOON = '2026-12-15';
/** Plans 0..19 are overdue, 20..99 due before SOON, the rest later: the same at 1,000 and at 10,000 plans. */
const dueOf = (i: number): string => (i < 20 ? `2026-11-${String(1 + (i % 20)).padStart(2, '0')}` : i < 100 ? '2026-12-01' : `2027-0${1 + (i % 9)}-15`);
const organizationOf = (i: number): string => `org-${String(Math.floor(i / PLANS_PER_ORGANIZATION)).padStart(4, '0')}`;
const ticketOf = (i: number): string => `FHSD-${100000 + i}`;

const NOW = new Date(`${TODAY}T09:00:00Z`);
const TEMPLATE = createUpgradePlan(
  { organizationId: 'org-template', reporterAccountId: 'acc-acme', ticket: { key: 'FHSD-1', kind: 'valRequest' }, currentVersion: '24.1', targetVersion: '25.2', instances: ['VAL'], configuration: { mode: 'synchronise-latest' } },
  { planId: 'template', releases: ['24.2', '25.1', '25.2'], valPairExists: false, roles: testSettings().roles },
  NOW,
);

async function seed(repository: KvsPlanRepository, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += 1) {
    const organizationId = organizationOf(i);
    const targetVersion = TARGETS[i % PLANS_PER_ORGANIZATION]!;
    const id = planIdFor(organizationId, targetVersion);
    const key = ticketOf(i);
    const plan = { ...TEMPLATE.plan, id, organizationId, facts: { ...TEMPLATE.plan.facts, targetVersion, tickets: [{ key, kind: 'valRequest' as const, resolved: false }] } };
    const stored: StoredPlan = { plan, outbox: [], lastEventIds: {} };
    await repository.commit({ expectedRevision: null, stored, audit: [{ ...TEMPLATE.entry, planId: id }], newTicketKeys: [key], index: { targetVersion, phase: 'Preparation', nextDue: dueOf(i) } });
  }
}

interface Probe {
  figure: string;
  runs: number;
  /** Runs once; returns the size of the answer. */
  run(): Promise<number>;
}

interface Measured {
  readRequests: number;
  readRecords: number;
  answer: number;
  p50: number;
  p95: number;
}

async function probe(app: ForgeAppHarness, p: Probe): Promise<Measured> {
  for (let i = 0; i < Math.min(20, p.runs); i += 1) await p.run();
  const times: number[] = [];
  let answer = 0;
  let cost = { readRequests: 0, readRecords: 0 };
  for (let i = 0; i < p.runs; i += 1) {
    app.host.resetCounters();
    const start = performance.now();
    answer = await p.run();
    times.push(performance.now() - start);
    const kvs = app.host.counters.kvs;
    cost = { readRequests: kvs.requests, readRecords: kvs.reads };
    if (kvs.writes > 0) throw new Error(`${p.figure} wrote to KVS`);
  }
  times.sort((a, b) => a - b);
  return { ...cost, answer, p50: percentile(times, 50), p95: percentile(times, 95) };
}

export async function scaleSection(): Promise<{ section: Section; seedSeconds: number }> {
  const app = new ForgeAppHarness(NOW);
  const rows: Row[] = [];
  let seedSeconds = 0;
  try {
    await app.saveSettings();
    const repository = new KvsPlanRepository();
    const probes = (total: number): Probe[] => {
      const queries = total >= 10_000 ? 20 : 100;
      return [
        {
          figure: 'panel load (getPlanView)',
          runs: 1000,
          run: async () => {
            const answer = await app.invoke('getPlanView', {}, { accountId: 'acc-pm', ticketKey: ticketOf(total - 1) });
            if (!answer.ok) throw new Error(answer.error.message);
            return 1;
          },
        },
        { figure: "one organization's plans (listByOrganization)", runs: queries, run: async () => (await repository.listByOrganization(organizationOf(total - 1))).length },
        { figure: `overdue plans (listDueBefore ${TODAY})`, runs: queries, run: async () => (await repository.listDueBefore(TODAY, 100)).length },
        { figure: `plans due before ${SOON} (listDueBefore)`, runs: queries, run: async () => (await repository.listDueBefore(SOON, 100)).length },
      ];
    };
    const results = new Map<string, Map<number, Measured>>();
    let seeded = 0;
    for (const total of [1_000, 10_000]) {
      const start = performance.now();
      await seed(repository, seeded, total);
      seedSeconds += (performance.now() - start) / 1000;
      seeded = total;
      for (const p of probes(total)) {
        const measured = await probe(app, p);
        const byTotal = results.get(p.figure) ?? new Map<number, Measured>();
        byTotal.set(total, measured);
        results.set(p.figure, byTotal);
      }
    }
    for (const [figure, byTotal] of results) {
      const small = byTotal.get(1_000)!;
      const large = byTotal.get(10_000)!;
      for (const [total, m] of byTotal) {
        const same = large.readRequests === small.readRequests && large.readRecords === small.readRecords;
        rows.push({
          figure: `${figure}, ${total.toLocaleString('en')} plans: answer ${m.answer}`,
          ...(figure.startsWith('panel') ? { invocations: '1', jira: '0' } : {}),
          kvsReads: requests(m.readRequests, m.readRecords),
          kvsWrites: requests(0, 0),
          p50: ms(m.p50),
          p95: ms(m.p95),
          ...(total === 10_000 ? { targets: target('KVS reads same as at 1,000 plans', same && large.answer === small.answer) } : {}),
        });
      }
    }
  } finally {
    app.close();
  }
  return { section: { title: 'Scale: 1,000 and 10,000 plans (10 per organization), seeded through KvsPlanRepository.commit²', rows }, seedSeconds };
}
