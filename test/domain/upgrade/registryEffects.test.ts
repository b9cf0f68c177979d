import { signedFor } from '../../support/signing';
import { applyUpgradeChangeToRegistry } from '../../../src/domain/upgrade/registryEffects';
import { liveInstance, recordIqDocumentation, upgradeContextOf, type EnvironmentRegistry } from '../../../src/domain/environments/registry';
import type { Actor, StepAction } from '../../../src/domain/playbook';
import { actOnStage, attachTicket, createUpgradePlan, recordBackup, type UpgradePlan } from '../../../src/domain/upgrade/plan';
import { customerRegistry, ENGINEER, iqSignerFor, NOW, refusal, withLivePair } from '../environments/helpers';
import { recordRestore } from '../../../src/domain/upgrade/noGo';
import { UPGRADE_PLAYBOOK } from '../../../src/domain/upgrade/playbook';

const ROLES = { projectDefault: { 'IQVIA PM': ['pm'], 'IQVIA Engineer': ['eng-1'], 'IQVIA Support': ['sup'], 'Solution Specialist': ['ss'] }, organizations: {} };
const PEOPLE: Record<string, Actor> = {
  cust: { accountId: 'cust', roles: ['Customer'] },
  pm: { accountId: 'pm', roles: ['IQVIA PM'] },
  'eng-1': { accountId: 'eng-1', roles: ['IQVIA Engineer'] },
  sup: { accountId: 'sup', roles: ['IQVIA Support'] },
};

/** An upgrade plan and the customer's registry, moved together as the application layer does. */
class World {
  plan: UpgradePlan;
  constructor(public registry: EnvironmentRegistry) {
    this.plan = createUpgradePlan(
      { organizationId: 'org-acme', reporterAccountId: 'cust', ticket: { key: 'FHSD-1', kind: 'valRequest' }, currentVersion: '24.1', targetVersion: '25.2', instances: ['VAL'], configuration: { mode: 'synchronise-latest' } },
      { planId: 'plan-1', releases: ['24.2', '25.1', '25.2'], valPairExists: upgradeContextOf(registry).valPairExists, roles: ROLES },
      NOW,
    ).plan;
  }
  private keep(after: UpgradePlan, actor: Actor, role: string): void {
    const effects = applyUpgradeChangeToRegistry(this.registry, { before: this.plan, after, actor: { accountId: actor.accountId, role } }, NOW);
    this.registry = effects.registry;
    this.plan = after;
  }
  act(step: number, action: Partial<StepAction> = {}): void {
    const owner = PEOPLE[this.plan.steps[step - 1]!.owner!]!;
    const accepted = actOnStage(this.plan, signedFor(this.plan, { type: 'complete', step, ...action } as StepAction, owner), owner, NOW);
    this.keep(accepted.plan, owner, accepted.entry.actor.role);
  }
  /** Stage 16 (rule 6): the PM proposes the slot, the customer agrees. */
  confirmSlot(slot: string): void {
    for (const [action, person] of [[{ type: 'propose', step: 16, value: slot, reason: 'the slot this test needs' }, PEOPLE.pm!], [{ type: 'agree', step: 16 }, PEOPLE.cust!]] as const) {
      const accepted = actOnStage(this.plan, signedFor(this.plan, action as StepAction, person), person, NOW);
      this.keep(accepted.plan, person, accepted.entry.actor.role);
    }
  }
  backup(instance: 'PROD MAIN' | 'PROD TEST', version: string, reference: string): void {
    this.keep(recordBackup(this.plan, { instance, version, reference }, PEOPLE['eng-1']!, NOW).plan, PEOPLE['eng-1']!, 'IQVIA Engineer');
  }
  /** The engineer confirms the No-Go's restore: 40 minutes from the decision, at the backup's version (or `version`). */
  restore(version = this.plan.facts.restore?.backupVersion ?? '', minutes = 40): void {
    const ended = new Date(NOW.getTime() + minutes * 60_000);
    const accepted = recordRestore(UPGRADE_PLAYBOOK, this.plan, { startedAt: NOW.toISOString(), endedAt: ended.toISOString(), version }, PEOPLE['eng-1']!, ended);
    this.keep(accepted.plan, PEOPLE['eng-1']!, accepted.entry.actor.role);
  }
  through(...steps: number[]): void {
    for (const step of steps) this.act(step);
  }
  /** Preparation (the VAL provided and documented), Validation, then the PROD request and stages 14–19 for the slot. */
  toSlotAfterValidation(slot = '2027-03-01T08:00:00Z'): void {
    this.through(1, 3, 4);
    this.act(6, { type: 'start' });
    this.registry = recordIqDocumentation(this.registry, { instance: 'VAL', reference: 'IQ-VAL' }, ENGINEER, NOW, undefined, iqSignerFor(ENGINEER, this.registry)).registry;
    this.through(6, 7, 8, 9, 10, 11, 12);
    this.toDayOfUpgrade(slot);
  }
  toDayOfUpgrade(slot: string): void {
    this.plan = attachTicket(this.plan, { key: 'FHSD-9', kind: 'prodRequest', details: { targetVersion: '25.2', instances: ['PROD MAIN', 'PROD TEST'], configuration: { mode: 'synchronise-latest' }, preferredSlots: [slot] } }, { accountId: 'cust' }, NOW).plan;
    this.through(14, 15);
    this.confirmSlot(slot);
    this.through(17, 18, 19);
  }
}

const liveProd = (): EnvironmentRegistry => withLivePair(customerRegistry(), 'PROD', '24.1');

describe('the upgrade plan moves the registry', () => {
  test('stages 4/6 create the VAL when the registry has none: the plan reads it, stage 6 provides it at the target', () => {
    const world = new World(liveProd());
    expect(world.plan.facts.valAction).toBe('create');
    world.through(1, 3, 4);
    world.act(6, { type: 'start' });
    expect(liveInstance(world.registry, 'VAL MAIN')).toMatchObject({ state: 'provisioning', version: '25.2', generation: 1 });
    world.registry = recordIqDocumentation(world.registry, { instance: 'VAL', reference: 'IQ-VAL-25.2' }, ENGINEER, NOW, undefined, iqSignerFor(ENGINEER, world.registry)).registry;
    world.act(6);
    expect(['VAL MAIN', 'VAL TEST'].map((n) => liveInstance(world.registry, n)?.state)).toEqual(['active', 'active']);
  });

  test('stage 6 terminates the prior VAL and provides a new one at the target when the registry has one', () => {
    const world = new World(withLivePair(liveProd(), 'VAL', '24.1'));
    expect(world.plan.facts.valAction).toBe('replace');
    world.through(1, 3, 4);
    world.act(6, { type: 'start' });
    const vals = world.registry.instances.filter((i) => i.kind === 'VAL');
    expect(vals.map((i) => [i.id, i.state, i.version])).toEqual([
      ['VAL MAIN #1', 'terminated', '24.1'],
      ['VAL TEST #1', 'terminated', '24.1'],
      ['VAL MAIN #2', 'provisioning', '25.2'],
      ['VAL TEST #2', 'provisioning', '25.2'],
    ]);
    expect(vals[2]!.history[0]).toMatchObject({ to: 'requested', planId: 'plan-1' });
  });

  test('stage 6 cannot be done while the new VAL lacks its IQ documentation: refused, registry unchanged', () => {
    const world = new World(liveProd());
    world.through(1, 3, 4);
    const before = world.plan;
    const { plan: after } = actOnStage(before, signedFor(before, { type: 'complete', step: 6 }, PEOPLE['eng-1']!), PEOPLE['eng-1']!, NOW);
    const registry = world.registry;
    expect(refusal(() => applyUpgradeChangeToRegistry(registry, { before, after, actor: ENGINEER }, NOW))).toMatchObject({ rule: 'iqDocumentationBeforeReady', field: 'iqDocumentation' });
    expect(world.registry).toBe(registry);
  });

  test('stage 20 records a backup per PROD instance; 21 takes PROD MAIN through upgrading to the target', () => {
    const world = new World(liveProd());
    world.toSlotAfterValidation();
    world.backup('PROD MAIN', '24.1', 'bk-main-1');
    world.backup('PROD TEST', '24.1', 'bk-test-1');
    expect(liveInstance(world.registry, 'PROD MAIN')?.backups).toEqual([{ reference: 'bk-main-1', version: '24.1', at: NOW.toISOString(), by: 'eng-1', planId: 'plan-1' }]);
    expect(liveInstance(world.registry, 'PROD TEST')?.backups.map((b) => b.reference)).toEqual(['bk-test-1']);
    world.act(20);
    world.act(21, { type: 'start' });
    expect(liveInstance(world.registry, 'PROD MAIN')).toMatchObject({ state: 'upgrading', version: '24.1', targetVersion: '25.2' });
    world.act(21);
    expect(liveInstance(world.registry, 'PROD MAIN')).toMatchObject({ state: 'active', version: '25.2' });
    expect(liveInstance(world.registry, 'PROD TEST')).toMatchObject({ state: 'active', version: '24.1' });
  });

  test('a backup at a version the PROD instance does not run is refused', () => {
    const world = new World(liveProd());
    world.toSlotAfterValidation();
    expect(refusal(() => world.backup('PROD MAIN', '23.0', 'bk-x'))).toMatchObject({ rule: 'backupOfCurrentVersion', field: 'version' });
  });

  test('a No-Go restores PROD MAIN to the backed-up version and records the rollback; Go then 25 upgrades PROD TEST', () => {
    const world = new World(liveProd());
    world.toSlotAfterValidation();
    world.backup('PROD MAIN', '24.1', 'bk-main-1');
    world.backup('PROD TEST', '24.1', 'bk-test-1');
    world.through(20, 21, 22, 23);
    expect(liveInstance(world.registry, 'PROD MAIN')?.version).toBe('25.2');
    world.act(24, { type: 'decide', outcome: 'No-Go', reason: 'reports broken' } as Partial<StepAction>);
    // Rule 7: the decision rolls nothing back; the engineer's confirmed restore does.
    expect(liveInstance(world.registry, 'PROD MAIN')).toMatchObject({ state: 'active', version: '25.2' });
    world.restore();
    const main = liveInstance(world.registry, 'PROD MAIN')!;
    expect(main).toMatchObject({ state: 'rolled back', version: '24.1' });
    expect(main.history.at(-1)).toMatchObject({ from: 'active', to: 'rolled back', fromVersion: '25.2', version: '24.1', reason: 'reports broken', planId: 'plan-1' });

    world.act(14);
    world.confirmSlot('2027-04-01T08:00:00Z');
    world.through(17, 18, 19);
    world.backup('PROD MAIN', '24.1', 'bk-main-2');
    world.backup('PROD TEST', '24.1', 'bk-test-2');
    world.through(20, 21, 22, 23);
    world.act(24, { type: 'decide', outcome: 'Go' } as Partial<StepAction>);
    world.act(25, { type: 'start' });
    expect(liveInstance(world.registry, 'PROD TEST')).toMatchObject({ state: 'upgrading', targetVersion: '25.2' });
    world.act(25);
    expect(['PROD MAIN', 'PROD TEST'].map((n) => liveInstance(world.registry, n)?.version)).toEqual(['25.2', '25.2']);
  });

  test('stage 21 reopened after PROD MAIN reached the target: the redo is accepted and moves nothing again; 24 and the end stay reachable', () => {
    const world = new World(liveProd());
    world.toSlotAfterValidation();
    world.backup('PROD MAIN', '24.1', 'bk-main-1');
    world.backup('PROD TEST', '24.1', 'bk-test-1');
    world.through(20, 21);
    world.act(21, { type: 'reopen', reason: 'upgrade log incomplete' });
    const revision = world.registry.revision;
    world.act(21, { type: 'start' });
    world.act(21);
    expect(world.registry.revision).toBe(revision);
    expect(liveInstance(world.registry, 'PROD MAIN')).toMatchObject({ state: 'active', version: '25.2' });
    // An app admin's override is accepted the same way.
    world.act(21, { type: 'reopen', reason: 'again' });
    const admin: Actor = { accountId: 'adm', roles: [], admin: true };
    const override = actOnStage(world.plan, signedFor(world.plan, { type: 'complete', step: 21, reason: 'engineer away' }, admin), admin, NOW);
    expect(applyUpgradeChangeToRegistry(world.registry, { before: world.plan, after: override.plan, actor: { accountId: 'adm', role: override.entry.actor.role } }, NOW).entries).toEqual([]);
    world.through(21, 22, 23);
    world.act(24, { type: 'decide', outcome: 'Go' } as Partial<StepAction>);
    world.through(25);
    world.act(25, { type: 'reopen', reason: 'PROD TEST smoke test redone' });
    world.through(25, 26, 27);
    // Rule 10: the plan closes on a PROD documented at the target.
    world.registry = recordIqDocumentation(world.registry, { instance: 'PROD', reference: 'IQ-PROD-25.2' }, ENGINEER, NOW, undefined, iqSignerFor(ENGINEER, world.registry)).registry;
    world.through(28);
    expect(world.plan.steps.every((s) => s.status === 'done')).toBe(true);
    expect(['PROD MAIN', 'PROD TEST'].map((n) => liveInstance(world.registry, n)?.version)).toEqual(['25.2', '25.2']);
  });

  test('a No-Go after a redo of 21 still restores PROD MAIN; a new attempt upgrades it again', () => {
    const world = new World(liveProd());
    world.toSlotAfterValidation();
    world.backup('PROD MAIN', '24.1', 'bk-main-1');
    world.backup('PROD TEST', '24.1', 'bk-test-1');
    world.through(20, 21);
    world.act(21, { type: 'reopen', reason: 'redo' });
    world.through(21, 22, 23);
    world.act(24, { type: 'decide', outcome: 'No-Go', reason: 'QC failed' } as Partial<StepAction>);
    world.restore();
    expect(liveInstance(world.registry, 'PROD MAIN')).toMatchObject({ state: 'rolled back', version: '24.1' });
    world.act(14);
    world.confirmSlot('2027-04-01T08:00:00Z');
    world.through(17, 18, 19);
    world.backup('PROD MAIN', '24.1', 'bk-main-2');
    world.backup('PROD TEST', '24.1', 'bk-test-2');
    world.through(20, 21);
    expect(liveInstance(world.registry, 'PROD MAIN')).toMatchObject({ state: 'active', version: '25.2' });
  });

  test('a plan change that does not concern environments leaves the registry alone', () => {
    const world = new World(liveProd());
    const before = world.plan;
    const after = actOnStage(before, signedFor(before, { type: 'complete', step: 1 }, PEOPLE.cust!), PEOPLE.cust!, NOW).plan;
    const effects = applyUpgradeChangeToRegistry(world.registry, { before, after, actor: { accountId: 'cust', role: 'Customer' } }, NOW);
    expect(effects.entries).toEqual([]);
    expect(effects.registry).toBe(world.registry);
  });

  test('each registry change of a plan change has its audit entry, naming the plan and stage', () => {
    const world = new World(liveProd());
    world.through(1, 3, 4);
    const before = world.plan;
    const after = actOnStage(before, signedFor(before, { type: 'start', step: 6 }, PEOPLE['eng-1']!), PEOPLE['eng-1']!, NOW).plan;
    const { entries } = applyUpgradeChangeToRegistry(world.registry, { before, after, actor: ENGINEER }, NOW);
    expect(entries.map((e) => e.action)).toEqual(['request environment', 'instance provisioning', 'instance provisioning']);
    expect(entries.every((e) => e.planId === 'registry:org-acme' && e.step === 6 && e.after['plan'] === 'plan-1')).toBe(true);
    expect(entries.map((e) => e.seq)).toEqual([world.registry.revision + 1, world.registry.revision + 2, world.registry.revision + 3]);
  });
});
