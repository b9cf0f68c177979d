import { acceptChange, ATTEMPTS_KEPT, PLAN_RECORD_MAX_BYTES, recordBytes } from '../../../src/domain/engine';
import { REGISTRY_RECORD_MAX_BYTES, transitionInstance } from '../../../src/domain/environments/registry';
import { actOnLifecycleStep, createLifecyclePlan, recordLifecycleDocument } from '../../../src/domain/lifecycle/plan';
import type { LifecyclePlan } from '../../../src/domain/lifecycle/playbook';
import type { UpgradePlan } from '../../../src/domain/upgrade/plan';
import { PEOPLE as LIFECYCLE_PEOPLE, ROLES as LIFECYCLE_ROLES } from '../lifecycle/world';
import { CUSTOMER, ENGINEER, PM, PROD_DETAILS, refusal, SUPPORT, T0 } from './fixtures';
import { UpgradeWorld } from './world';

/**
 * Issue #12, finding 7: the plan record stays small however long the plan lives. The bench's row: 200 No-Go cycles
 * with 2,000-character reasons, 5,000 skip/reopen toggles and 1,000 document records; every write accepted, each plan
 * record under 64 KB.
 */
const KB64 = 64 * 1024;
const LONG = (n: number) => `${n}: ${'the dosing dashboard export differs from VAL; '.repeat(50)}`.slice(0, 2000);
const DAY = 24 * 60;

function throughValidation(world: UpgradeWorld): void {
  world.act({ type: 'complete', step: 1 }, CUSTOMER);
  world.act({ type: 'complete', step: 3 }, PM);
  world.act({ type: 'complete', step: 4 }, PM);
  world.act({ type: 'start', step: 6 }, ENGINEER);
  world.iqDocumentation('VAL');
  for (const [n, actor] of [[6, ENGINEER], [7, PM], [8, CUSTOMER], [9, CUSTOMER], [10, CUSTOMER], [11, SUPPORT], [12, CUSTOMER]] as const) world.act({ type: 'complete', step: n }, actor);
  world.attach('FHSD-13', 'prodRequest', { ...PROD_DETAILS, preferredSlots: ['2027-01-04T08:00:00.000Z'] });
  world.act({ type: 'complete', step: 15 }, ENGINEER);
}

/** One attempt at the Day of Upgrade, up to the decision. */
function dayOfUpgrade(world: UpgradeWorld): void {
  world.act({ type: 'complete', step: 14 }, PM);
  world.act({ type: 'propose', step: 16, value: new Date(world.state.now.getTime() + 7 * DAY * 60_000).toISOString(), reason: 'the preferred slot has passed' }, PM);
  world.act({ type: 'agree', step: 16 }, CUSTOMER);
  world.tick(7 * DAY);
  for (const n of [17, 18, 19]) world.act({ type: 'complete', step: n }, CUSTOMER);
  world.backup('PROD MAIN');
  world.backup('PROD TEST');
  for (const n of [20, 21, 22]) world.act({ type: 'complete', step: n }, ENGINEER);
  world.act({ type: 'complete', step: 23 }, CUSTOMER);
}

describe('the plan record stays small however long the plan lives', () => {
  test('200 No-Go cycles with 2,000-character reasons and 5,000 skip/reopen toggles: every write accepted, the plan under 64 KB, the registry under its limit', () => {
    const world = new UpgradeWorld();
    throughValidation(world);
    let largest = 0;
    for (let cycle = 1; cycle <= 200; cycle += 1) {
      dayOfUpgrade(world);
      world.act({ type: 'decide', step: 24, outcome: 'No-Go', reason: LONG(cycle) }, CUSTOMER);
      largest = Math.max(largest, recordBytes(world.plan));
      world.restore();
      largest = Math.max(largest, recordBytes(world.plan));
      world.tick(DAY);
    }
    expect(world.plan.attempt).toBe(201);
    expect(world.plan.attempts.map((a) => a.attempt)).toEqual([196, 197, 198, 199, 200]);
    expect(world.plan.attempts).toHaveLength(ATTEMPTS_KEPT);
    for (let toggle = 0; toggle < 2500; toggle += 1) {
      world.act({ type: 'reopen', step: 8, reason: LONG(toggle) }, CUSTOMER);
      world.act({ type: 'skip', step: 8, reason: LONG(toggle) }, CUSTOMER);
    }
    largest = Math.max(largest, recordBytes(world.plan));
    dayOfUpgrade(world);
    world.act({ type: 'decide', step: 24, outcome: 'Go' }, CUSTOMER);
    for (const [n, actor] of [[25, ENGINEER], [26, ENGINEER], [27, CUSTOMER]] as const) world.act({ type: 'complete', step: n }, actor);
    // Rule 10: the plan closes on a PROD documented at the target.
    world.iqDocumentation('PROD');
    world.act({ type: 'complete', step: 28 }, CUSTOMER);
    expect(world.plan.steps.every((s) => s.status === 'done' || s.status === 'skipped')).toBe(true);
    if (process.env.SIZE_DEBUG) console.log({ largest, registry: recordBytes(world.registry) });
    expect(largest).toBeLessThan(KB64);
    expect(recordBytes(world.registry)).toBeLessThan(REGISTRY_RECORD_MAX_BYTES / 2);
  });

  test('1,000 document records: every write accepted, the plan under 64 KB', () => {
    let plan: LifecyclePlan = createLifecyclePlan({ planId: 'life-1', organizationId: 'org-acme', reporterAccountId: 'cust', ticketKey: 'FHSD-100', scenario: 'A', vendorName: 'IQVIA' }, LIFECYCLE_ROLES, { accountId: 'pm', role: 'IQVIA PM' }, T0).plan;
    const record = (phase: string, document: string, by: string, reference: string) => {
      plan = recordLifecycleDocument(plan, { phase, document, reference }, LIFECYCLE_PEOPLE[by]!, T0).plan;
    };
    for (let i = 1; i <= 1000; i += 1) record('definition', i % 2 ? 'deployment-specifications' : 'uat-definition', i % 2 ? 'pm' : 'cust', `DOC-${i} ${'v'.repeat(200)}`);
    record('definition', 'support-service-definition', 'pm', 'SSD-1');
    plan = actOnLifecycleStep(plan, { type: 'complete', step: 1 }, LIFECYCLE_PEOPLE.pm!, T0).plan;
    expect(plan.documents).toHaveLength(3);
    expect(recordBytes(plan)).toBeLessThan(KB64);
  });

  test('a change that would still take a plan record over its limit is refused saying the record is full, changing nothing', () => {
    const world = new UpgradeWorld();
    const bloated: UpgradePlan = { ...world.plan, facts: { ...world.plan.facts, releasesCrossed: Array.from({ length: 20_000 }, (_, i) => `25.${i}`) } };
    const before = structuredClone(bloated);
    const full = refusal(() => acceptChange(bloated, { role: 'App', action: 'note', before: null, after: {} }, 'acc-x', T0));
    expect(full.rule).toBe('planRecordSize');
    expect(full.message).toMatch(/^the plan record is full: this change would make it \d+ KiB, over the 192 KiB one record may take; nothing was changed$/);
    expect(bloated).toStrictEqual(before);
    expect(PLAN_RECORD_MAX_BYTES).toBeLessThan(240 * 1024);
  });

  test('a registry change that would take its record over the limit is refused the same way', () => {
    const world = new UpgradeWorld();
    const registry = { ...world.registry, instances: world.registry.instances.map((i) => ({ ...i, iqDocumentation: Array.from({ length: 2000 }, (_, n) => ({ reference: `IQ-${n}-${'x'.repeat(100)}`, by: 'eng', at: T0.toISOString(), version: i.version })) })) };
    const full = refusal(() => transitionInstance(registry, { instance: 'PROD MAIN', to: 'upgrading', version: '25.2' }, { accountId: 'eng', role: 'IQVIA Engineer' }, T0));
    expect([full.rule, full.message.startsWith('the environment registry record is full')]).toEqual(['registryRecordSize', true]);
  });
});
