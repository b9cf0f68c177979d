import { groupEnvironments, instanceState, latestBackup, latestIq, slotOf } from '../../static/shared/environmentModel';
import { recordOnboardingFacts } from '../../src/domain/environments/existing';
import { environmentsView } from '../../src/app/environmentsView';
import { iqSignerFor } from '../domain/environments/helpers';
import { createRegistry, recordInstanceBackup, recordIqDocumentation, requestEnvironment, transitionInstance, type EnvironmentRegistry } from '../../src/domain/environments/registry';

const engineer = { accountId: 'acc-engineer', role: 'IQVIA Engineer' };
function registry(): EnvironmentRegistry {
  // The customer's source database is migrated: the Migration instance exists for it (seed 001).
  let r = recordOnboardingFacts(createRegistry('org-acme'), { sourceDatabaseMigrated: true }, engineer, new Date('2026-05-31T09:00:00Z'))!.registry;
  let day = 1;
  const at = (): Date => new Date(`2026-06-${String(day++).padStart(2, '0')}T09:00:00Z`);
  r = requestEnvironment(r, { kind: 'Migration', version: '24.1' }, engineer, at()).registry;
  for (const kind of ['VAL', 'PROD']) {
    r = requestEnvironment(r, { kind, version: '24.1' }, engineer, at()).registry;
    for (const slot of ['MAIN', 'TEST']) r = transitionInstance(r, { instance: `${kind} ${slot}`, to: 'provisioning' }, engineer, at()).registry;
    r = recordIqDocumentation(r, { instance: kind, reference: `IQ-${kind}` }, engineer, at(), undefined, iqSignerFor(engineer, r)).registry;
    for (const slot of ['MAIN', 'TEST']) r = transitionInstance(r, { instance: `${kind} ${slot}`, to: 'active' }, engineer, at()).registry;
  }
  r = transitionInstance(r, { instance: 'VAL MAIN', to: 'upgrading', version: '25.2' }, engineer, at()).registry;
  r = recordInstanceBackup(r, { instance: 'PROD MAIN', version: '24.1', reference: 'snap-1' }, engineer, at()).registry;
  r = recordInstanceBackup(r, { instance: 'PROD MAIN', version: '24.1', reference: 'snap-2' }, engineer, at()).registry;
  return r;
}

describe('the environments section', () => {
  const agent = environmentsView(registry(), 'agent');
  const customer = environmentsView(registry(), 'portal');

  it('groups instances by environment, PROD and VAL first, MAIN before TEST', () => {
    const groups = groupEnvironments(agent);
    expect(groups.map((g) => g.kind)).toEqual(['PROD', 'VAL', 'Migration']);
    expect(groups[0]!.instances.map((i) => i.name)).toEqual(['PROD MAIN', 'PROD TEST']);
    expect(groups[2]!.instances.map(slotOf)).toEqual(['MAIN']);
  });

  it('offers IQ documentation for VAL and PROD only: the pair and each instance, as the resolver names them', () => {
    const groups = groupEnvironments(agent);
    expect(groups[0]!.iqTargets).toEqual(['PROD', 'PROD MAIN', 'PROD TEST']);
    expect(groups[1]!.iqTargets).toEqual(['VAL', 'VAL MAIN', 'VAL TEST']);
    expect(groups[2]!.iqTargets).toEqual([]);
    expect(groups[2]!.receivesIqDocumentation).toBe(false);
  });

  it('words states for agents and customers, with the version an upgrade goes to', () => {
    const valMain = agent.find((i) => i.name === 'VAL MAIN')!;
    expect(instanceState(valMain, 'agent')).toEqual({ text: 'Upgrading', appearance: 'inprogress', detail: 'to 25.2' });
    expect(instanceState(valMain, 'customer').text).toBe('Being upgraded');
    expect(instanceState({ state: 'active', targetVersion: null }, 'customer')).toEqual({ text: 'Ready', appearance: 'success', detail: null });
    expect(instanceState({ state: 'something new', targetVersion: null }, 'agent').text).toBe('something new');
  });

  it('shows the latest IQ documentation and backup, and whether the document covers the version running now', () => {
    const prodMain = agent.find((i) => i.name === 'PROD MAIN')!;
    expect(latestIq(prodMain)).toMatchObject({ current: true, record: { reference: 'IQ-PROD', by: 'acc-engineer', version: '24.1' } });
    expect(latestBackup(prodMain)).toMatchObject({ reference: 'snap-2', version: '24.1' });
    expect(latestBackup(agent.find((i) => i.name === 'PROD TEST')!)).toBeNull();
    expect(latestIq(agent.find((i) => i.name === 'Migration')!)).toBeNull();
  });

  it('latestIq: an instance restored to an earlier version is covered again by that version\'s record, not told it is undocumented', () => {
    const record = (version: string, at: string) => ({ version, at, by: 'acc-engineer', documentedOn: null, signature: null });
    const rolledBack = { version: '24.2', iqDocumentation: [record('24.2', '2026-03-28T09:00:00Z'), record('25.1', '2026-12-02T07:00:00Z')] };
    expect(latestIq(rolledBack as never)).toMatchObject({ current: true, record: { version: '24.2' } });
    // As the server compares versions: 24.2.0 is 24.2.
    expect(latestIq({ ...rolledBack, version: '24.2.0' } as never)).toMatchObject({ current: true, record: { version: '24.2' } });
    // Never documented at the version it runs: the newest record, marked not current.
    expect(latestIq({ ...rolledBack, version: '24.1' } as never)).toMatchObject({ current: false, record: { version: '25.1' } });
  });

  it('gets nothing internal for the customer: no IQ or backup reference', () => {
    for (const instance of customer) {
      for (const doc of instance.iqDocumentation) expect(doc).not.toHaveProperty('reference');
      for (const backup of instance.backups) expect(backup).not.toHaveProperty('reference');
    }
    expect(latestIq(customer.find((i) => i.name === 'PROD MAIN')!)!.record.reference).toBeUndefined();
  });
});
