/**
 * Faults at every step of every resolver action (panel load, completing a stage, Go and No-Go): Jira 429 and 500
 * (retries exhausted, and a single 429 the retry absorbs), a KVS failure, and the process dying before the step
 * (between the storage write and the Jira comment among others). See faultMatrix.ts for what is checked.
 */
import type { ForgeAppHarness } from '../support/forgeApp';
import { PEOPLE } from '../support/forgeApp';
import { runFaultMatrix, type ActionSpec, type Attempt } from './faultMatrix';
import { customer, decisionSignature, driveToDecision, engineer, must, mustAct, pm, VAL_FORM, type Caller, type DecisionWorld } from './support';

jest.setTimeout(180_000);

/** The person sees an error and tries again once; then somebody changes the plan again, which sends what is still owed. */
function resolverAction<C>(spec: {
  name: string;
  setup(app: ForgeAppHarness): Promise<C>;
  call(ctx: C, app: ForgeAppHarness): { name: string; payload: unknown; as: Caller };
  next?(ctx: C, app: ForgeAppHarness): { name: string; payload: unknown; as: Caller };
  tickets(ctx: C): string[];
}): ActionSpec<C> {
  return {
    name: spec.name,
    setup: spec.setup,
    tickets: spec.tickets,
    act: (app, ctx) => {
      const { name, payload, as } = spec.call(ctx, app);
      return app.invoke(name, payload, as);
    },
    async recover(app, ctx, attempt: Attempt) {
      const answer = attempt.value as { ok: boolean } | undefined;
      if (!answer?.ok) {
        const { name, payload, as } = spec.call(ctx, app);
        await app.invoke(name, payload, as);
      }
      if (spec.next) {
        const { name, payload, as } = spec.next(ctx, app);
        await must(app, name, payload, as);
      }
    },
  };
}

async function raised(app: ForgeAppHarness): Promise<{ val: string }> {
  return { val: await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM) };
}

const ACTIONS = [
  resolverAction({
    name: 'panel load',
    setup: raised,
    call: ({ val }) => ({ name: 'getPlanView', payload: {}, as: pm(val) }),
    tickets: ({ val }) => [val],
  }),
  resolverAction({
    name: 'complete a stage (PM completes stage 3: a customer comment and a ticket update)',
    setup: raised,
    call: ({ val }) => ({ name: 'completeStage', payload: { stage: 3 }, as: pm(val) }),
    next: ({ val }) => ({ name: 'completeStage', payload: { stage: 4 }, as: pm(val) }),
    tickets: ({ val }) => [val],
  }),
  resolverAction<DecisionWorld>({
    name: 'Go (stage 24: a comment on the PROD request)',
    setup: driveToDecision,
    call: (world) => ({ name: 'decideStage', payload: { stage: 24, outcome: 'Go', signature: decisionSignature(world, 'Go') }, as: customer(world.prod) }),
    next: ({ prod }) => ({ name: 'completeStage', payload: { stage: 25 }, as: engineer(prod) }),
    tickets: ({ val, issue, prod }) => [val, issue, prod],
  }),
  resolverAction<DecisionWorld>({
    name: 'No-Go (stage 24: the engineer\'s restore opened, a comment)',
    setup: driveToDecision,
    call: (world) => ({ name: 'decideStage', payload: { stage: 24, outcome: 'No-Go', reason: 'QC found differences in the dosing export', signature: decisionSignature(world, 'No-Go') }, as: customer(world.prod) }),
    next: ({ prod }, app) => restoreConfirmed(prod, app),
    tickets: ({ val, issue, prod }) => [val, issue, prod],
  }),
  resolverAction<DecisionWorld>({
    name: 'restore confirmed (PROD MAIN rolled back in the registry, stages 14-24 restarted, a comment)',
    setup: async (app) => {
      const world = await driveToDecision(app);
      await mustAct(app, 'decideStage', { stage: 24, outcome: 'No-Go', reason: 'QC found differences in the dosing export' }, customer(world.prod));
      return world;
    },
    call: ({ prod }, app) => restoreConfirmed(prod, app),
    next: ({ prod }) => ({ name: 'completeStage', payload: { stage: 14 }, as: pm(prod) }),
    tickets: ({ val, issue, prod }) => [val, issue, prod],
  }),
];

/** The engineer's restore of PROD MAIN after the No-Go taken at the harness's start time: 40 minutes, confirmed 50 minutes on. */
function restoreConfirmed(prod: string, app: ForgeAppHarness): { name: string; payload: unknown; as: Caller } {
  const decided = new Date('2026-11-23T09:00:00Z').getTime();
  app.now = new Date(decided + 50 * 60_000);
  const at = (minutes: number) => new Date(decided + minutes * 60_000).toISOString();
  return { name: 'recordRestore', payload: { startedAt: at(5), endedAt: at(45), version: '24.1' }, as: engineer(prod) };
}

describe('faults injected at every step of every resolver action', () => {
  // Each injected failure is logged by the resolver ("resolver failed"); the checks below are what matters.
  beforeAll(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  test.each(ACTIONS.map((a) => [a.name, a] as const))('%s: whole or nothing, each owed comment once after the retry', async (_name, action) => {
    const result = await runFaultMatrix(action as ActionSpec<unknown>);
    console.log(`${action.name}: ${result.steps.length} steps (${result.steps.map((s) => (s.kind === 'kvs' ? s.what.replace('/api/v1/', 'kvs ') : s.what.replace('/rest/api/3/', ''))).join(' → ')}), ${result.scenarios.length} faulted runs`);
    expect(result.violations).toEqual([]);
    expect(result.scenarios.length).toBeGreaterThan(0);
  });
});

describe('a Jira write whose answer is lost', () => {
  beforeAll(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  // A comment POST is not retried blindly on a 5xx: Jira may have stored it, and the outbox looks it up first.
  test('a comment whose 500 answer came after Jira stored it is not posted twice', async () => {
    const result = await runFaultMatrix(ACTIONS[1]!, (step) => (step.kind === 'jira' && /POST .*\/comment$/.test(step.what) ? ['jira 500 after applying'] : []));
    expect(result.scenarios.length).toBe(1);
    expect(result.violations).toEqual([]);
  });

  test('an edit of the ticket whose answer was lost is harmless (the edit is idempotent)', async () => {
    const result = await runFaultMatrix(ACTIONS[1]!, (step) => (step.kind === 'jira' && /PUT /.test(step.what) ? ['jira 500 after applying'] : []));
    expect(result.scenarios.length).toBe(1);
    expect(result.violations).toEqual([]);
  });
});
