import fc from 'fast-check';
import { isFinished, pendingProposal, stepState } from '../../../src/domain/engine';
import { PlanRefusal } from '../../../src/domain/errors';
import type { Actor, StepAction } from '../../../src/domain/playbook';
import type { Role } from '../../../src/domain/roles';
import { nextSteps } from '../../../src/domain/summary';
import { UPGRADE_PLAYBOOK } from '../../../src/domain/upgrade/playbook';
import { backupsMissing, prodIqDocumentationMissing, unaddressedTickets, unresolvedTickets } from '../../../src/domain/upgrade/rules';
import { UPGRADE_STAGES } from '../../../src/domain/upgrade/stages';
import { ACTOR_BY_ROLE, ADMIN, CUSTOMER, ENGINEER, PM, PROD_DETAILS, SPECIALIST, SUPPORT, VAL_DETAILS } from './fixtures';
import { UpgradeWorld } from './world';

/**
 * Issue #12, finding 5: from every state a plan can reach (reopens of any stage, skips, blocks, No-Gos, admin
 * overrides, Jira moving its tickets, the registry moved along), the plan's people still have a sequence of permitted
 * actions that takes it to the end. The finisher below is that sequence, found greedily: it acts only as the stages'
 * owners (no admin), and fails the property when it cannot move the plan on.
 */

const DAY = 24 * 60 * 60_000;
const ownerOf = (n: number): Actor => (n === 24 ? CUSTOMER : ACTOR_BY_ROLE[UPGRADE_STAGES[n - 1]!.roles[0]!]);
const later = (world: UpgradeWorld, days: number) => new Date(world.state.now.getTime() + days * DAY).toISOString();

/** Tries one change: kept when accepted, nothing kept when refused. */
function attempt(world: UpgradeWorld, change: () => unknown): PlanRefusal | undefined {
  const saved = world.state;
  try {
    change();
    return undefined;
  } catch (error) {
    if (!(error instanceof PlanRefusal)) throw error;
    world.state = saved;
    return error;
  }
}

/** What a stage's owner (or the people it waits on) does next to move stage `n` on, in order of preference. */
function movesFor(world: UpgradeWorld, n: number, choice: { skip?: boolean; noGo?: boolean; admin?: boolean } = {}): (() => unknown)[] {
  const { plan } = world;
  const { facts } = plan;
  const state = stepState(plan, n);
  const actor = choice.admin ? ADMIN : ownerOf(n);
  const why = choice.admin ? { reason: 'acting for the owner' } : {};
  const moves: (() => unknown)[] = [];
  if (n === 5 || n === 13) {
    const kind = n === 5 ? 'valRequest' : 'prodRequest';
    const details = n === 5 ? VAL_DETAILS : { ...PROD_DETAILS, preferredSlots: [later(world, 30)] };
    moves.push(facts.tickets.some((t) => t.kind === kind) ? () => world.provide(kind, details) : () => world.attach(`FHSD-${n}00`, kind, details));
  }
  // Support resolves the validation issues in Jira; the engineer records the backups and the VAL's IQ documentation.
  if (n === 11) for (const key of unresolvedTickets(facts, 'validationIssue')) moves.push(() => world.ticket(key, 'Done', true, SUPPORT));
  // Each validation ticket's handler (Support until the PM hands it on) records its part addressed.
  if (n === 11) {
    for (const key of unaddressedTickets(facts)) {
      const handler = facts.tickets.find((t) => t.key === key)?.handler?.accountId;
      moves.push(() => world.address(key, choice.admin ? ADMIN : (Object.values(PEOPLE).find((p) => p.accountId === handler) ?? SUPPORT)));
    }
  }
  if (n === 20) for (const instance of backupsMissing(facts, plan.attempt)) moves.push(() => world.backup(instance, choice.admin ? ADMIN : ENGINEER));
  if (n === 6 && world.registry.instances.some((i) => i.kind === 'VAL' && i.state !== 'terminated' && i.iqDocumentation.length === 0)) moves.push(() => world.iqDocumentation('VAL'));
  // Rule 10: the plan closes on a PROD documented at the target.
  if (n === 28 && prodIqDocumentationMissing(world.registry, facts.targetVersion).length > 0) moves.push(() => world.iqDocumentation('PROD'));
  // A blocked stage starts again; stage 6 starts first, so that the new VAL exists to be documented before it is ready.
  if (state.status === 'blocked' || (n === 6 && state.status === 'todo')) moves.push(() => world.act({ type: 'start', step: n, ...why }, actor));
  // Rule 6: the PM proposes a slot (the preferred ones have passed by now: with the reason), the customer agrees.
  if (n === 16) {
    // A proposal whose slot has passed while it waited is proposed again (the customer could also decline it).
    if (pendingProposal(state)) moves.push(choice.skip ? () => world.act({ type: 'decline', step: 16, reason: 'our site is closed that week' }, CUSTOMER) : () => world.act({ type: 'agree', step: 16 }, CUSTOMER));
    moves.push(() => world.act({ type: 'propose', step: 16, value: later(world, 7), reason: 'the preferred slots are taken' }, choice.admin ? ADMIN : PM));
    return moves;
  }
  if (n === 24) {
    moves.push(() => world.act(choice.noGo ? { type: 'decide', step: 24, outcome: 'No-Go', reason: 'QC found an issue' } : { type: 'decide', step: 24, outcome: 'Go', ...why }, choice.admin ? ADMIN : CUSTOMER));
  } else {
    if (choice.skip) moves.push(() => world.act({ type: 'skip', step: n, reason: 'not needed for this customer' }, actor));
    moves.push(() => world.act({ type: 'complete', step: n, ...why }, actor));
  }
  return moves;
}

/** One accepted change that moves some open stage on, or the refusals met. */
function moveOn(world: UpgradeWorld, pick = 0, choice: Parameters<typeof movesFor>[2] = {}): PlanRefusal[] | undefined {
  const open = nextSteps(UPGRADE_PLAYBOOK, world.plan).map((s) => s.number);
  const refusals: PlanRefusal[] = [];
  // Rule 7: after a No-Go, the engineer's restore comes before anything else of the Day of Upgrade.
  if (world.plan.facts.restore) {
    const refused = attempt(world, () => world.restore(choice.admin ? ADMIN : ENGINEER));
    if (!refused) return undefined;
    refusals.push(refused);
  }
  for (let i = 0; i < open.length; i += 1) {
    const n = open[(pick + i) % open.length]!;
    for (const move of movesFor(world, n, choice)) {
      const refused = attempt(world, move);
      if (!refused) return undefined;
      refusals.push(refused);
    }
  }
  return refusals;
}

/** Drives a copy of the world to the end as the stages' owners would; throws, saying where it is stuck, if it cannot. */
function finish(start: UpgradeWorld): UpgradeWorld {
  const world = start.copy();
  for (let moves = 0; moves < 200; moves += 1) {
    if (world.plan.steps.every(isFinished)) return world;
    world.tick(60);
    const stuck = moveOn(world);
    if (stuck) {
      const stages = world.plan.steps.map((s) => `${s.number}:${s.status}`).join(' ');
      throw new Error(`the plan cannot be finished from here (attempt ${world.plan.attempt}): ${stages}\n${stuck.map((r) => `${r.rule}: ${r.message}`).join('\n')}`);
    }
  }
  throw new Error('the finisher went round in circles');
}

/* ---------- the random walk ---------- */

const PEOPLE: Record<string, Actor> = {
  customer: CUSTOMER,
  colleague: { accountId: 'acc-customer-2', roles: ['Customer'] },
  pm: PM,
  engineer: ENGINEER,
  support: SUPPORT,
  specialist: SPECIALIST,
  admin: ADMIN,
};
const person = fc.constantFrom(...Object.keys(PEOPLE));
const reason = fc.constantFrom<string | undefined>(undefined, 'agreed with the customer');
const stage = fc.integer({ min: 1, max: 28 });

type Command =
  | { kind: 'advance'; pick: number; skip: boolean; noGo: boolean; admin: boolean }
  | { kind: 'act'; action: StepAction; by: string }
  | { kind: 'reopenLatest'; admin: boolean }
  | { kind: 'ticket'; key: string; to: 'Done' | 'Reopened' | 'In Progress'; by: string }
  | { kind: 'issue'; key: string }
  | { kind: 'backup'; instance: 'PROD MAIN' | 'PROD TEST'; by: string }
  | { kind: 'iq'; pair: 'VAL' | 'PROD' }
  | { kind: 'hand'; key: string; to: string; by: string }
  | { kind: 'address'; key: string; by: string }
  | { kind: 'tick'; hours: number }
  | { kind: 'restore'; by: string };

const action: fc.Arbitrary<StepAction> = fc
  .oneof(
    fc.record({ type: fc.constant('reopen' as const), step: stage, reason: fc.constant('found a problem') }),
    fc.record({ type: fc.constant('skip' as const), step: stage, reason: fc.constant('not needed') }),
    fc.record({ type: fc.constant('block' as const), step: stage, reason: fc.constant('waiting on a person') }),
    fc.record({ type: fc.constant('start' as const), step: stage, reason }),
    fc.record({ type: fc.constant('complete' as const), step: stage, reason }),
    fc.record({ type: fc.constant('decide' as const), step: fc.constant(24), outcome: fc.constantFrom('Go', 'No-Go'), reason: fc.constant('decided') }),
    fc.record({ type: fc.constant('propose' as const), step: fc.constant(16), value: fc.constantFrom('2027-01-04T08:00:00.000Z', '2030-01-07T08:00:00.000Z'), reason }),
    fc.record({ type: fc.constant('agree' as const), step: fc.constant(16) }),
    fc.record({ type: fc.constant('decline' as const), step: fc.constant(16), reason: fc.constant('not that week') }),
    fc.record({ type: fc.constant('reassign' as const), step: stage, owner: fc.constantFrom('acc-engineer', 'acc-specialist', 'acc-customer-2'), ownerRoles: fc.constantFrom<readonly Role[]>(['IQVIA Engineer'], ['Solution Specialist'], ['Customer']), reason: fc.constant('on leave') }),
  )
  .map((a) => JSON.parse(JSON.stringify(a)) as StepAction);

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 14, arbitrary: fc.record({ kind: fc.constant('advance' as const), pick: fc.nat(), skip: fc.boolean(), noGo: fc.boolean(), admin: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('act' as const), action, by: person }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reopenLatest' as const), admin: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ticket' as const), key: fc.constantFrom('FHSD-1', 'FHSD-11', 'FHSD-12', 'FHSD-1300'), to: fc.constantFrom('Done' as const, 'Reopened' as const, 'In Progress' as const), by: person }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('issue' as const), key: fc.constantFrom('FHSD-11', 'FHSD-12') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('backup' as const), instance: fc.constantFrom('PROD MAIN' as const, 'PROD TEST' as const), by: fc.constantFrom('engineer', 'admin', 'customer') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('iq' as const), pair: fc.constantFrom('VAL' as const, 'PROD' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), hours: fc.integer({ min: 1, max: 24 * 20 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), by: fc.constantFrom('engineer', 'admin', 'customer') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('hand' as const), key: fc.constantFrom('FHSD-11', 'FHSD-12'), to: fc.constantFrom('engineer', 'specialist', 'customer'), by: fc.constantFrom('pm', 'pm', 'admin', 'customer', 'engineer') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('address' as const), key: fc.constantFrom('FHSD-11', 'FHSD-12'), by: person }) },
);

function run(world: UpgradeWorld, c: Command): void {
  switch (c.kind) {
    case 'advance':
      moveOn(world, c.pick, c);
      return;
    case 'act':
      attempt(world, () => world.act(c.action, PEOPLE[c.by]!));
      return;
    case 'reopenLatest': {
      // The last stage finished is the one a person most often wants to redo (21 once PROD MAIN runs the target, 25, 6…).
      const latest = [...world.plan.steps].reverse().find(isFinished);
      if (latest) attempt(world, () => world.act({ type: 'reopen', step: latest.number, reason: 'to be redone' }, c.admin ? ADMIN : ownerOf(latest.number)));
      return;
    }
    case 'ticket':
      if (!world.plan.facts.tickets.some((t) => t.key === c.key)) return;
      attempt(world, () => world.ticket(c.key, c.to, c.to === 'Done', PEOPLE[c.by]!, c.key === 'FHSD-1' && c.to === 'Done' ? 7 : undefined));
      return;
    case 'issue':
      attempt(world, () => world.attach(c.key, 'validationIssue'));
      return;
    case 'backup':
      attempt(world, () => world.backup(c.instance, PEOPLE[c.by]!));
      return;
    case 'iq':
      attempt(world, () => world.iqDocumentation(c.pair));
      return;
    case 'hand':
      attempt(world, () => world.hand(c.key, PEOPLE[c.to]!, PEOPLE[c.by]!));
      return;
    case 'address':
      attempt(world, () => world.address(c.key, PEOPLE[c.by]!));
      return;
    case 'tick':
      world.tick(c.hours * 60);
      return;
    case 'restore':
      attempt(world, () => world.restore(PEOPLE[c.by]!));
  }
}

const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);
// A fixed seed keeps CI's walks the ones that reach the states below; PROPERTY_SEED explores others.
const SEED = Number(process.env.PROPERTY_SEED ?? 2);

describe('always finishable', () => {
  const reached = { noGo: 0, dayOfUpgrade: 0, reopenedAfterUpgrade: 0, states: 0, declined: 0, handed: 0, reassigned: 0 };

  afterAll(() => {
    if (process.env.PROPERTY_DEBUG) console.log(reached);
    // The walk must reach the states the finding is about, or the property says little.
    expect(reached.noGo).toBeGreaterThan(0);
    expect(reached.dayOfUpgrade).toBeGreaterThan(RUNS / 4);
    expect(reached.reopenedAfterUpgrade).toBeGreaterThan(0);
    // And the states issue #13 adds: a declined slot, a validation ticket handed on, a stage reassigned.
    expect(reached.declined).toBeGreaterThan(0);
    expect(reached.handed).toBeGreaterThan(0);
    expect(reached.reassigned).toBeGreaterThan(0);
  });

  test('from every state a random walk reaches, the stages\' owners can still take the plan to its end', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(command, { minLength: 1, maxLength: 90, size: 'max' }), (valPairExists, commands) => {
        const world = new UpgradeWorld(undefined, { valPairExists });
        finish(world);
        let deep = false;
        for (const c of commands) {
          run(world, c);
          reached.states += 1;
          const main = world.registry.instances.find((i) => i.name === 'PROD MAIN' && i.state !== 'terminated');
          if (main?.version === world.plan.facts.targetVersion && !isFinished(stepState(world.plan, 21))) reached.reopenedAfterUpgrade += 1;
          deep ||= world.plan.steps.slice(16).some((s) => s.status !== 'todo');
          if (stepState(world.plan, 16).proposal?.declined) reached.declined += 1;
          if (world.plan.facts.tickets.some((t) => t.handler)) reached.handed += 1;
          if (world.plan.steps.some((s) => s.reassigned)) reached.reassigned += 1;
          finish(world);
        }
        if (deep) reached.dayOfUpgrade += 1;
        if (world.plan.attempt > 1) reached.noGo += 1;
      }),
      // A failure names the stuck state and the refusals met; shrinking through a finisher per state takes minutes.
      { numRuns: RUNS, seed: SEED, endOnFailure: !process.env.PROPERTY_SHRINK },
    );
  });

  test('the finding\'s case: stage 21 reopened after PROD MAIN runs the target version, by its engineer or an admin', () => {
    const world = new UpgradeWorld();
    const done = finish(world);
    expect(done.plan.steps.every(isFinished)).toBe(true);
    // Back to the moment 21 was done, then reopened.
    const replay = world.copy();
    while (!isFinished(stepState(replay.plan, 21))) moveOn(replay);
    replay.act({ type: 'reopen', step: 21, reason: 'upgrade log incomplete' }, ENGINEER);
    expect(finish(replay).plan.steps.every(isFinished)).toBe(true);
    replay.act({ type: 'complete', step: 21, reason: 'engineer away' }, ADMIN);
    expect(stepState(replay.plan, 21).status).toBe('done');
  });
});
