import { signedFor } from '../../support/signing';
import { refusal, customerRegistry, ENGINEER } from '../environments/helpers';
import { applyGoLiveChangeToRegistry } from '../../../src/domain/golive/registryEffects';
import { liveInstance, type EnvironmentRegistry } from '../../../src/domain/environments/registry';
import { actOnGoLiveStep, createGoLivePlan, recordGoLiveIqDocumentation } from '../../../src/domain/golive/plan';
import { GO_LIVE_PLAYBOOK, type GoLivePlan } from '../../../src/domain/golive/playbook';
import type { Actor, StepAction } from '../../../src/domain/playbook';

const NOW = new Date('2026-11-23T09:00:00Z');
const ROLES = { projectDefault: { 'IQVIA PM': ['pm'], 'IQVIA Engineer': ['eng'] }, organizations: {} };
const PEOPLE: Record<string, Actor> = { cust: { accountId: 'cust', roles: ['Customer'] }, eng: { accountId: 'eng', roles: ['IQVIA Engineer'] } };

class GoLive {
  plan: GoLivePlan = createGoLivePlan({ planId: 'go-1', organizationId: 'org-acme', reporterAccountId: 'cust', ticketKey: 'FHSD-50', version: '25.2' }, ROLES, undefined, NOW).plan;
  registry: EnvironmentRegistry = customerRegistry();
  private keep(after: GoLivePlan): void {
    this.registry = applyGoLiveChangeToRegistry(this.registry, { before: this.plan, after, actor: ENGINEER }, NOW).registry;
    this.plan = after;
  }
  act(step: number, action: Partial<StepAction> = {}): void {
    const owner = PEOPLE[this.plan.steps[step - 1]!.owner!]!;
    this.keep(actOnGoLiveStep(this.plan, signedFor(this.plan, { type: 'complete', step, ...action } as StepAction, owner), owner, NOW).plan);
  }
  recordIq(reference: string): void {
    this.keep(recordGoLiveIqDocumentation(this.plan, reference, PEOPLE.eng!, NOW).plan);
  }
}

describe('PROD go-live playbook', () => {
  test('the six steps of the seed, with their owners (Customer, IQVIA for FH)', () => {
    expect(GO_LIVE_PLAYBOOK.steps.map((s) => [s.roles.join('/'), s.activity])).toEqual([
      ['Customer', 'provide FH with final source DB dump/files and any other related files.'],
      ['IQVIA Engineer', 'extract configuration from the source ClinSpark instance agreed upon by the customer'],
      ['IQVIA Engineer', 'run the migration program to produce the new ClinSpark instance'],
      ['IQVIA Engineer', 'populate, configure, review the final PROD Main instance'],
      ['IQVIA Engineer', 'provide formal IQ documentation'],
      ['Customer', 'perform final QC check'],
    ]);
    const world = new GoLive();
    expect(world.plan.steps.map((s) => s.owner)).toEqual(['cust', 'eng', 'eng', 'eng', 'eng', 'cust']);
  });

  test('runs in order', () => {
    const world = new GoLive();
    expect(refusal(() => world.act(2))).toMatchObject({ rule: 'stageOrder', stage: 2 });
  });

  test('IQ documentation is recorded before the customer\'s final QC', () => {
    const world = new GoLive();
    world.act(1);
    world.act(2);
    world.act(3);
    expect(refusal(() => world.recordIq('IQ-PROD-1'))).toMatchObject({ rule: 'documentOrder', field: 'document', stage: 4 });
    world.act(4);
    expect(refusal(() => world.act(5))).toMatchObject({ rule: 'stepDocumentsRecorded', field: 'documents', stage: 5 });
    expect(refusal(() => world.act(6, { type: 'start' }))).toMatchObject({ rule: 'stageOrder' });
    world.recordIq('IQ-PROD-1');
    world.act(5);
    world.act(6);
    expect(world.plan.steps.every((s) => s.status === 'done')).toBe(true);
  });

  test('the final QC refuses to start without IQ documentation even if step 5 were marked done', () => {
    const world = new GoLive();
    world.plan = { ...world.plan, steps: world.plan.steps.map((s) => (s.number <= 5 ? { ...s, status: 'done' } : s)) };
    expect(refusal(() => actOnGoLiveStep(world.plan, signedFor(world.plan, { type: 'start', step: 6 }, PEOPLE.cust!), PEOPLE.cust!, NOW))).toMatchObject({ rule: 'stepDocumentsRecorded', field: 'documents', stage: 6 });
  });

  test('a bad version is refused when the go-live is opened', () => {
    expect(refusal(() => createGoLivePlan({ planId: 'g', organizationId: 'o', reporterAccountId: 'c', ticketKey: 'FHSD-1', version: 'v25' }, ROLES, undefined, NOW))).toMatchObject({ rule: 'versionFormat', field: 'version' });
  });

  test('moves the registry: the PROD pair is provisioned at step 3, gets its IQ documentation, and is ready after the final QC', () => {
    const world = new GoLive();
    world.act(1);
    world.act(2);
    world.act(3);
    expect(['PROD MAIN', 'PROD TEST'].map((n) => liveInstance(world.registry, n)?.state)).toEqual(['provisioning', 'provisioning']);
    world.act(4);
    world.recordIq('IQ-PROD-1');
    expect(liveInstance(world.registry, 'PROD TEST')?.iqDocumentation).toEqual([{ reference: 'IQ-PROD-1', by: 'eng', at: NOW.toISOString(), version: '25.2' }]);
    world.act(5);
    world.act(6);
    expect(['PROD MAIN', 'PROD TEST'].map((n) => [liveInstance(world.registry, n)?.state, liveInstance(world.registry, n)?.version])).toEqual([
      ['active', '25.2'],
      ['active', '25.2'],
    ]);
  });
});
