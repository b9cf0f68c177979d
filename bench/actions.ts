/**
 * Per action, through the real resolver definitions and trigger handler with the real @forge/kvs and @forge/api
 * (test/support/forgeApp.ts): Forge invocations, KVS read and write requests (records), Jira calls, KVS bytes written,
 * and in-process time p50/p95 over RUNS runs. Before every run the whole world (KVS and the Jira stand-in) is put back
 * to the same snapshot, untimed, so that each run does exactly the same work.
 */
import type { ResolverAnswer } from '../src/forge/resolvers';
import type { TicketEventOutcome } from '../src/app/ticketEvents';
import { ForgeAppHarness, PEOPLE } from '../test/support/forgeApp';
import {
  customer,
  deliverable,
  decisionSignature,
  driveToDecision,
  engineer,
  freshApp,
  heldValRequest,
  heldValResolved,
  pm,
  restoreWorld,
  snapshotWorld,
  VAL_FORM,
  type Caller,
} from '../test/reliability/support';
import { ms, percentile, requests, target, type Row, type Section } from './table';

/** 1,000 by default; BENCH_RUNS=100 npm run bench for a quick look (the README's figures use 1,000). */
export const RUNS = Number(process.env.BENCH_RUNS ?? 1000);
const WARM_UP = 50;
const P95_TARGET_MS = 5;

interface Cost {
  invocations: number;
  readRequests: number;
  readRecords: number;
  writeRequests: number;
  writeRecords: number;
  jira: number;
  bytesWritten: number;
}

/** The ticket the action is on, and the held-back event a trigger action delivers. */
interface Ctx {
  key: string;
  event?: unknown;
  /** The plan revision the customer is shown at the decision: a Go or No-Go is signed from it (Part 11). */
  revision?: number;
}

interface BenchAction {
  figure: string;
  setup(app: ForgeAppHarness): Promise<Ctx>;
  run(app: ForgeAppHarness, ctx: Ctx): Promise<void>;
  /** `appP95`: the p95 without the time spent inside the KVS emulator and the Jira stand-in. */
  targets(cost: Cost, p95: number, appP95: number): string[];
}

/**
 * Times spent inside the KVS emulator and the Jira stand-in (the outermost call only: the workflow validator the
 * stand-in runs during a transition, and its KVS reads, count as stand-in time).
 */
function timeStandIns(app: ForgeAppHarness): { elapsed: number } {
  const clock = { elapsed: 0 };
  let depth = 0;
  const kvsHandle = app.host.kvs.handle.bind(app.host.kvs);
  app.host.kvs.handle = (path, body) => {
    if (depth > 0) return kvsHandle(path, body);
    const start = performance.now();
    try {
      return kvsHandle(path, body);
    } finally {
      clock.elapsed += performance.now() - start;
    }
  };
  const jiraHandle = app.jira.handle.bind(app.jira);
  app.jira.handle = async (request, caller) => {
    if (depth > 0) return jiraHandle(request, caller);
    depth += 1;
    const start = performance.now();
    try {
      return await jiraHandle(request, caller);
    } finally {
      clock.elapsed += performance.now() - start;
      depth -= 1;
    }
  };
  return clock;
}

const isRead = (path: string) => /\/(get|query)$/.test(path);

/** What one run cost, from the host's counters. */
function costOf(app: ForgeAppHarness, caused: number): Cost {
  const kvs = app.host.counters.kvs;
  const paths = Object.entries(kvs.byPath);
  const jira = app.host.counters.jira;
  // Each transition the app makes runs the workflow validator: one more Forge invocation (resolution-guard).
  const validatorRuns = Object.entries(jira.byRoute).filter(([route]) => /^POST .*\/transitions$/.test(route)).reduce((n, [, count]) => n + count, 0);
  return {
    invocations: 1 + validatorRuns + caused,
    readRequests: paths.filter(([p]) => isRead(p)).reduce((n, [, c]) => n + c.requests, 0),
    readRecords: kvs.reads,
    writeRequests: paths.filter(([p]) => !isRead(p)).reduce((n, [, c]) => n + c.requests, 0),
    writeRecords: kvs.writes,
    jira: jira.total,
    bytesWritten: kvs.bytesWritten,
  };
}

function resolverCall(call: (ctx: Ctx) => { name: string; payload: unknown; as: Caller }) {
  return async (app: ForgeAppHarness, ctx: Ctx) => {
    const { name, payload, as } = call(ctx);
    const answer: ResolverAnswer = await app.invoke(name, payload, as);
    if (!answer.ok) throw new Error(`${name} refused: ${answer.error.rule} ${answer.error.message}`);
  };
}

function delivery(expected: TicketEventOutcome['outcome']) {
  return async (app: ForgeAppHarness, ctx: Ctx) => {
    const outcome = await app.deliver(ctx.event);
    if (outcome.outcome !== expected) throw new Error(`expected ${expected}, got ${JSON.stringify(outcome)}`);
  };
}

const p95Target = (p95: number, appP95: number) => `${target(`p95 < ${P95_TARGET_MS} ms`, p95 < P95_TARGET_MS)} (without the stand-ins ${target('', appP95 < P95_TARGET_MS).trim()})`;
const panelTargets = (c: Cost, p95: number, appP95: number) => [
  target('1 invocation', c.invocations === 1),
  target('≤ 2 KVS reads', c.readRequests <= 2),
  target('no Jira call', c.jira === 0),
  p95Target(p95, appP95),
];

const raised = async (app: ForgeAppHarness) => ({ key: await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM) });
const atDecision = async (app: ForgeAppHarness) => {
  const world = await driveToDecision(app);
  return { key: world.prod, revision: world.revision };
};

/** The No-Go taken at the harness's start time: the engineer's restore is open. */
const NO_GO_AT = new Date('2026-11-23T09:00:00Z').getTime();
const afterNoGo = async (app: ForgeAppHarness) => {
  const { key, revision } = await atDecision(app);
  await resolverCall(() => ({ name: 'decideStage', payload: { stage: 24, outcome: 'No-Go', reason: 'QC found differences in the dosing export', signature: decisionSignature({ revision }, 'No-Go') }, as: customer(key) }))(app, { key });
  return { key };
};

const ACTIONS: BenchAction[] = [
  {
    figure: 'panel load: getPlanView, issue panel (agent)',
    setup: raised,
    run: resolverCall(({ key }) => ({ name: 'getPlanView', payload: {}, as: pm(key) })),
    targets: panelTargets,
  },
  {
    figure: 'panel load: getPlanView, portal (customer)',
    setup: raised,
    run: resolverCall(({ key }) => ({ name: 'getPlanView', payload: {}, as: customer(key) })),
    targets: panelTargets,
  },
  {
    figure: 'complete a stage: PM completes stage 3 (comment, summary property, assignee)',
    setup: raised,
    run: resolverCall(({ key }) => ({ name: 'completeStage', payload: { stage: 3 }, as: pm(key) })),
    targets: (_c, p95, appP95) => [p95Target(p95, appP95)],
  },
  {
    figure: 'Go/No-Go: Go (comment, summary properties, assignee)',
    setup: atDecision,
    run: resolverCall(({ key, revision }) => ({ name: 'decideStage', payload: { stage: 24, outcome: 'Go', signature: decisionSignature({ revision: revision! }, 'Go') }, as: customer(key) })),
    targets: (_c, p95, appP95) => [p95Target(p95, appP95)],
  },
  {
    figure: 'Go/No-Go: No-Go (the engineer\'s restore opened, a comment)',
    setup: atDecision,
    run: resolverCall(({ key, revision }) => ({ name: 'decideStage', payload: { stage: 24, outcome: 'No-Go', reason: 'QC found differences in the dosing export', signature: decisionSignature({ revision: revision! }, 'No-Go') }, as: customer(key) })),
    targets: (_c, p95, appP95) => [p95Target(p95, appP95)],
  },
  {
    figure: 'restore confirmed (rollback in the registry, 10 stages restarted, a comment)',
    setup: afterNoGo,
    run: (app, ctx) => {
      app.now = new Date(NO_GO_AT + 50 * 60_000);
      const at = (minutes: number) => new Date(NO_GO_AT + minutes * 60_000).toISOString();
      return resolverCall(({ key }) => ({ name: 'recordRestore', payload: { startedAt: at(5), endedAt: at(45), version: '24.1' }, as: engineer(key) }))(app, ctx);
    },
    targets: (_c, p95, appP95) => [p95Target(p95, appP95)],
  },
  {
    figure: 'ticket created: VAL request event (new plan, comment, summary property, assignee)',
    setup: heldValRequest,
    run: delivery('created'),
    // The form, the reporter's organizations, the comment, then the summary property and the assignee on their own endpoints (one refusal blocks nothing).
    targets: (c, p95, appP95) => [target('≤ 5 Jira calls', c.jira <= 5), p95Target(p95, appP95)],
  },
  {
    figure: 'status changed: VAL request resolved (stage 7, comment, closed with its resolution)¹',
    setup: heldValResolved,
    run: delivery('updated'),
    targets: (_c, p95, appP95) => [p95Target(p95, appP95)],
  },
];

async function measure(action: BenchAction): Promise<Row> {
  const template = await freshApp({ autoDeliver: true });
  let ctx: Ctx;
  let world: ReturnType<typeof snapshotWorld>;
  try {
    ctx = await action.setup(template);
    template.takePending();
    world = snapshotWorld(template);
  } finally {
    template.close();
  }
  const app = await freshApp({ autoDeliver: false });
  const standIns = timeStandIns(app);
  try {
    const times: number[] = [];
    const appTimes: number[] = [];
    const costs = new Set<string>();
    let cost: Cost | undefined;
    for (let i = 0; i < WARM_UP + RUNS; i += 1) {
      restoreWorld(app, world);
      app.takePending();
      app.host.resetCounters();
      standIns.elapsed = 0;
      const start = performance.now();
      await action.run(app, ctx);
      const elapsed = performance.now() - start;
      const inStandIns = standIns.elapsed;
      const caused = deliverable(app.takePending()).length;
      if (i < WARM_UP) continue;
      times.push(elapsed);
      appTimes.push(elapsed - inStandIns);
      cost = costOf(app, caused);
      costs.add(JSON.stringify(cost));
    }
    if (costs.size !== 1) throw new Error(`${action.figure}: the runs did not all do the same work: ${[...costs].join(' / ')}`);
    times.sort((a, b) => a - b);
    appTimes.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    const appP95 = percentile(appTimes, 95);
    return {
      figure: action.figure,
      invocations: String(cost!.invocations),
      kvsReads: requests(cost!.readRequests, cost!.readRecords),
      kvsWrites: requests(cost!.writeRequests, cost!.writeRecords),
      jira: String(cost!.jira),
      bytesWritten: String(cost!.bytesWritten),
      p50: ms(percentile(times, 50)),
      p95: ms(p95),
      other: `without the stand-ins: p50 ${ms(percentile(appTimes, 50))}, p95 ${ms(appP95)}`,
      targets: action.targets(cost!, p95, appP95).join('; '),
    };
  } finally {
    app.close();
  }
}

export async function actionsSection(): Promise<Section> {
  const rows: Row[] = [];
  for (const action of ACTIONS) rows.push(await measure(action));
  return { title: `Actions through the real resolvers and trigger (${RUNS.toLocaleString('en')} runs each, world restored before each run)`, rows };
}
