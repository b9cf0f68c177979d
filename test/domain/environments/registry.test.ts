import { SANDBOX_CLONE_AREAS, ENVIRONMENT_KINDS } from '../../../src/domain/environments/kinds';
import {
  liveInstance,
  recordInstanceBackup,
  recordIqDocumentation,
  requestEnvironment,
  transitionInstance,
  upgradeContextOf,
} from '../../../src/domain/environments/registry';
import { createSharedEnvironments, releaseToCommunityDev } from '../../../src/domain/environments/communityDev';
import { customerRegistry, ENGINEER, iqSignerFor, NOW, refusal, signed, withLivePair } from './helpers';
import { IQ_SIGNATURE_MEANING } from '../../../src/domain/environments/iqSignature';

const frozen = <T>(value: T): string => JSON.stringify(value);

describe('environment registry of one customer organization', () => {
  test('Demo is a single instance; Sandbox, VAL and PROD are pairs; Migration is its main instance only', () => {
    let r = customerRegistry();
    r = signed(requestEnvironment(r, { kind: 'Demo', version: '24.1' }, ENGINEER, NOW).registry);
    r = requestEnvironment(r, { kind: 'Sandbox', version: '24.1', origin: { from: 'empty' } }, ENGINEER, NOW).registry;
    r = requestEnvironment(r, { kind: 'Migration', version: '24.1' }, ENGINEER, NOW).registry;
    r = requestEnvironment(r, { kind: 'VAL', version: '24.1' }, ENGINEER, NOW).registry;
    r = requestEnvironment(r, { kind: 'PROD', version: '24.1' }, ENGINEER, NOW).registry;
    expect(r.instances.map((i) => i.name)).toEqual(['Demo', 'Sandbox MAIN', 'Sandbox TEST', 'Migration', 'VAL MAIN', 'VAL TEST', 'PROD MAIN', 'PROD TEST']);
    expect(r.instances.every((i) => i.state === 'requested' && i.version === '24.1' && i.history.length === 1)).toBe(true);
  });

  test('every accepted change returns an audit entry of the registry, in sequence, with before and after', () => {
    const first = requestEnvironment(customerRegistry(), { kind: 'Demo', version: '24.1' }, ENGINEER, NOW);
    const second = transitionInstance(first.registry, { instance: 'Demo', to: 'provisioning' }, ENGINEER, NOW);
    expect(first.entry).toMatchObject({ planId: 'registry:org-acme', seq: 1, at: NOW.toISOString(), actor: ENGINEER, action: 'request environment', before: null });
    expect(second.entry).toMatchObject({ seq: 2, before: { instance: 'Demo #1', state: 'requested' }, after: { instance: 'Demo #1', state: 'provisioning', version: '24.1' } });
    expect(second.registry.revision).toBe(2);
  });

  test('unknown environment kinds are refused naming the field, nothing changed', () => {
    const r = customerRegistry();
    const before = frozen(r);
    expect(refusal(() => requestEnvironment(r, { kind: 'QA', version: '24.1' }, ENGINEER, NOW))).toMatchObject({ rule: 'knownEnvironmentKind', field: 'kind' });
    expect(refusal(() => transitionInstance(r, { instance: 'Staging MAIN', to: 'active' }, ENGINEER, NOW))).toMatchObject({ rule: 'knownEnvironmentKind', field: 'instance' });
    expect(frozen(r)).toBe(before);
  });

  test('Migration has no TEST instance: asking for one is refused', () => {
    const r = requestEnvironment(signed(customerRegistry()), { kind: 'Migration', version: '24.1' }, ENGINEER, NOW).registry;
    const before = frozen(r);
    expect(refusal(() => requestEnvironment(signed(customerRegistry()), { kind: 'Migration', version: '24.1', instances: ['MAIN', 'TEST'] }, ENGINEER, NOW))).toMatchObject({ rule: 'noTestInstance', field: 'instances' });
    const onInstance = refusal(() => transitionInstance(r, { instance: 'Migration TEST', to: 'provisioning' }, ENGINEER, NOW));
    expect(onInstance).toMatchObject({ rule: 'noTestInstance', field: 'instance' });
    expect(onInstance.message).toMatch(/only the main instance is provided/);
    expect(frozen(r)).toBe(before);
  });

  test('a pair is provided whole: MAIN without TEST is refused', () => {
    expect(refusal(() => requestEnvironment(customerRegistry(), { kind: 'VAL', version: '24.1', instances: ['MAIN'] }, ENGINEER, NOW))).toMatchObject({ rule: 'pairOfInstances', field: 'instances' });
  });

  test('one live environment of each kind per customer', () => {
    const r = requestEnvironment(customerRegistry(), { kind: 'VAL', version: '24.1' }, ENGINEER, NOW).registry;
    expect(refusal(() => requestEnvironment(r, { kind: 'VAL', version: '24.2' }, ENGINEER, NOW))).toMatchObject({ rule: 'environmentExists', field: 'kind' });
  });

  test('a malformed version is refused', () => {
    expect(refusal(() => requestEnvironment(customerRegistry(), { kind: 'Demo', version: 'latest' }, ENGINEER, NOW))).toMatchObject({ rule: 'versionFormat', field: 'version' });
  });
});

describe('Community Dev', () => {
  test('is one shared instance for all customers: no customer registry requests or upgrades it', () => {
    const r = withLivePair(customerRegistry(), 'PROD', '24.1');
    expect(refusal(() => requestEnvironment(r, { kind: 'Community Dev', version: '25.1' }, ENGINEER, NOW))).toMatchObject({ rule: 'communityDevShared', field: 'kind' });
    expect(refusal(() => transitionInstance(r, { instance: 'Community Dev', to: 'upgrading', version: '25.1' }, ENGINEER, NOW))).toMatchObject({ rule: 'communityDevShared', field: 'instance' });
  });

  test('the shared record moves to each new release, forward only', () => {
    let shared = releaseToCommunityDev(createSharedEnvironments(), '25.1', ENGINEER, NOW).shared;
    const next = releaseToCommunityDev(shared, '25.2', ENGINEER, NOW);
    shared = next.shared;
    expect(shared.communityDev).toMatchObject({ name: 'Community Dev', version: '25.2', state: 'active' });
    expect(next.entry).toMatchObject({ planId: 'registry:shared', seq: 2, before: { version: '25.1' }, after: { version: '25.2' } });
    expect(refusal(() => releaseToCommunityDev(shared, '25.1', ENGINEER, NOW))).toMatchObject({ rule: 'versionForwardOnly', field: 'version' });
  });
});

describe('Sandbox', () => {
  test('is out of upgrade scope: an upgrade is refused with the seed note', () => {
    let r = requestEnvironment(signed(customerRegistry()), { kind: 'Sandbox', version: '24.1', origin: { from: 'empty' } }, ENGINEER, NOW).registry;
    r = transitionInstance(r, { instance: 'Sandbox MAIN', to: 'provisioning' }, ENGINEER, NOW).registry;
    r = transitionInstance(r, { instance: 'Sandbox MAIN', to: 'active' }, ENGINEER, NOW).registry;
    const refused = refusal(() => transitionInstance(r, { instance: 'Sandbox MAIN', to: 'upgrading', version: '25.1' }, ENGINEER, NOW));
    expect(refused).toMatchObject({ rule: 'upgradeOutOfScope', field: 'instance' });
    expect(refused.message).toContain(ENVIRONMENT_KINDS.Sandbox.note);
  });

  test('Demo and Migration are not upgraded either', () => {
    let r = requestEnvironment(customerRegistry(), { kind: 'Demo', version: '24.1' }, ENGINEER, NOW).registry;
    r = transitionInstance(transitionInstance(r, { instance: 'Demo', to: 'provisioning' }, ENGINEER, NOW).registry, { instance: 'Demo', to: 'active' }, ENGINEER, NOW).registry;
    expect(refusal(() => transitionInstance(r, { instance: 'Demo', to: 'upgrading', version: '25.1' }, ENGINEER, NOW))).toMatchObject({ rule: 'upgradeOutOfScope' });
  });

  test('is empty, or cloned from Demo recording the configuration areas carried over (the seed list by default)', () => {
    const empty = requestEnvironment(signed(customerRegistry()), { kind: 'Sandbox', version: '24.1', origin: { from: 'empty' } }, ENGINEER, NOW).registry;
    expect(liveInstance(empty, 'Sandbox MAIN')?.origin).toEqual({ from: 'empty' });

    const withDemo = signed(requestEnvironment(customerRegistry(), { kind: 'Demo', version: '24.1' }, ENGINEER, NOW).registry);
    const cloned = requestEnvironment(withDemo, { kind: 'Sandbox', version: '24.1', origin: { from: 'Demo' } }, ENGINEER, NOW);
    expect(liveInstance(cloned.registry, 'Sandbox TEST')?.origin).toEqual({ from: 'Demo', carriedOver: SANDBOX_CLONE_AREAS.map((a) => a.id) });
    expect(SANDBOX_CLONE_AREAS.map((a) => a.name)).toContain('Administration > Sites (Note that archived sites are not passed)');
    const some = requestEnvironment(withDemo, { kind: 'Sandbox', version: '24.1', origin: { from: 'Demo', carriedOver: ['devices', 'roles'] } }, ENGINEER, NOW).registry;
    expect(liveInstance(some, 'Sandbox MAIN')?.origin).toEqual({ from: 'Demo', carriedOver: ['roles', 'devices'] });
  });

  test('an unknown configuration area, a clone without a Demo, or an origin on another kind is refused', () => {
    const withDemo = signed(requestEnvironment(customerRegistry(), { kind: 'Demo', version: '24.1' }, ENGINEER, NOW).registry);
    expect(refusal(() => requestEnvironment(withDemo, { kind: 'Sandbox', version: '24.1', origin: { from: 'Demo', carriedOver: ['studies'] } }, ENGINEER, NOW))).toMatchObject({ rule: 'knownConfigurationArea', field: 'origin.carriedOver' });
    expect(refusal(() => requestEnvironment(customerRegistry(), { kind: 'Sandbox', version: '24.1', origin: { from: 'Demo' } }, ENGINEER, NOW))).toMatchObject({ rule: 'cloneFromDemo', field: 'origin.from' });
    expect(refusal(() => requestEnvironment(customerRegistry(), { kind: 'Sandbox', version: '24.1' }, ENGINEER, NOW))).toMatchObject({ rule: 'sandboxOrigin', field: 'origin.from' });
    expect(refusal(() => requestEnvironment(customerRegistry(), { kind: 'VAL', version: '24.1', origin: { from: 'empty' } }, ENGINEER, NOW))).toMatchObject({ rule: 'originOnlyForSandbox', field: 'origin' });
  });
});

describe('IQ documentation', () => {
  const provisioningVal = () => {
    let r = requestEnvironment(customerRegistry(), { kind: 'VAL', version: '24.1' }, ENGINEER, NOW).registry;
    for (const name of ['VAL MAIN', 'VAL TEST']) r = transitionInstance(r, { instance: name, to: 'provisioning' }, ENGINEER, NOW).registry;
    return r;
  };

  test('VAL and PROD cannot be marked ready without it', () => {
    const r = provisioningVal();
    const before = JSON.stringify(r);
    expect(refusal(() => transitionInstance(r, { instance: 'VAL MAIN', to: 'active' }, ENGINEER, NOW))).toMatchObject({ rule: 'iqDocumentationBeforeReady', field: 'iqDocumentation' });
    expect(JSON.stringify(r)).toBe(before);
  });

  test('is recorded with who, when and the document reference, then the instance can be ready', () => {
    const later = new Date('2026-11-24T10:00:00Z');
    const shown = provisioningVal();
    const documented = recordIqDocumentation(shown, { instance: 'VAL MAIN', reference: 'IQ-VAL-0042' }, ENGINEER, later, undefined, iqSignerFor(ENGINEER, shown));
    expect(liveInstance(documented.registry, 'VAL MAIN')?.iqDocumentation).toEqual([
      { reference: 'IQ-VAL-0042', by: 'eng-1', at: later.toISOString(), version: '24.1', signature: expect.objectContaining({ accountId: 'eng-1', meaning: IQ_SIGNATURE_MEANING, at: later.toISOString() }) },
    ]);
    expect(documented.entry).toMatchObject({ action: 'record IQ documentation', after: { reference: 'IQ-VAL-0042' } });
    const ready = transitionInstance(documented.registry, { instance: 'VAL MAIN', to: 'active' }, ENGINEER, NOW).registry;
    expect(liveInstance(ready, 'VAL MAIN')?.state).toBe('active');
    expect(refusal(() => transitionInstance(ready, { instance: 'VAL TEST', to: 'active' }, ENGINEER, NOW)).rule).toBe('iqDocumentationBeforeReady');
  });

  test('Demo receives none: recording it is refused, and Demo is ready without it', () => {
    let r = requestEnvironment(customerRegistry(), { kind: 'Demo', version: '24.1' }, ENGINEER, NOW).registry;
    r = transitionInstance(r, { instance: 'Demo', to: 'provisioning' }, ENGINEER, NOW).registry;
    expect(refusal(() => recordIqDocumentation(r, { instance: 'Demo', reference: 'IQ-1' }, ENGINEER, NOW))).toMatchObject({ rule: 'iqDocumentationKinds', field: 'instance' });
    expect(liveInstance(transitionInstance(r, { instance: 'Demo', to: 'active' }, ENGINEER, NOW).registry, 'Demo')?.state).toBe('active');
  });

  test('needs a document reference', () => {
    expect(refusal(() => recordIqDocumentation(provisioningVal(), { instance: 'VAL', reference: '  ' }, ENGINEER, NOW))).toMatchObject({ rule: 'documentReference', field: 'reference' });
  });
});

describe('versions, backups and rollbacks', () => {
  const prod = () => withLivePair(customerRegistry(), 'PROD', '24.1');

  test('an upgrade to a version older than (or equal to) the current one is refused', () => {
    const r = prod();
    expect(refusal(() => transitionInstance(r, { instance: 'PROD MAIN', to: 'upgrading', version: '23.4' }, ENGINEER, NOW))).toMatchObject({ rule: 'versionForwardOnly', field: 'version' });
    expect(refusal(() => transitionInstance(r, { instance: 'PROD MAIN', to: 'upgrading', version: '24.1.0' }, ENGINEER, NOW))).toMatchObject({ rule: 'versionForwardOnly', field: 'version' });
  });

  test('an upgrade goes through upgrading to the target version', () => {
    let r = transitionInstance(prod(), { instance: 'PROD MAIN', to: 'upgrading', version: '25.2' }, ENGINEER, NOW).registry;
    expect(liveInstance(r, 'PROD MAIN')).toMatchObject({ state: 'upgrading', version: '24.1', targetVersion: '25.2' });
    r = transitionInstance(r, { instance: 'PROD MAIN', to: 'active' }, ENGINEER, NOW).registry;
    expect(liveInstance(r, 'PROD MAIN')).toMatchObject({ state: 'active', version: '25.2', targetVersion: null });
  });

  test('a backup records the version the instance runs, with time and reference', () => {
    const r = prod();
    expect(refusal(() => recordInstanceBackup(r, { instance: 'PROD MAIN', version: '23.0', reference: 'bk-1' }, ENGINEER, NOW))).toMatchObject({ rule: 'backupOfCurrentVersion', field: 'version' });
    const backedUp = recordInstanceBackup(r, { instance: 'PROD MAIN', version: '24.1', reference: 'bk-1' }, ENGINEER, NOW).registry;
    expect(liveInstance(backedUp, 'PROD MAIN')?.backups).toEqual([{ reference: 'bk-1', version: '24.1', at: NOW.toISOString(), by: 'eng-1', planId: null }]);
    expect(refusal(() => recordInstanceBackup(backedUp, { instance: 'PROD MAIN', version: '24.1', reference: 'bk-1' }, ENGINEER, NOW))).toMatchObject({ rule: 'backupReference', field: 'reference' });
  });

  test('a rollback restores a recorded backup only, and is the one way a version goes back', () => {
    let r = recordInstanceBackup(prod(), { instance: 'PROD MAIN', version: '24.1', reference: 'bk-1' }, ENGINEER, NOW).registry;
    r = transitionInstance(r, { instance: 'PROD MAIN', to: 'upgrading', version: '25.2' }, ENGINEER, NOW).registry;
    r = transitionInstance(r, { instance: 'PROD MAIN', to: 'active' }, ENGINEER, NOW).registry;
    expect(refusal(() => transitionInstance(r, { instance: 'PROD MAIN', to: 'rolled back', backupReference: 'bk-9' }, ENGINEER, NOW))).toMatchObject({ rule: 'rollbackToRecordedBackup', field: 'backupReference' });
    const rolled = transitionInstance(r, { instance: 'PROD MAIN', to: 'rolled back', backupReference: 'bk-1', reason: 'No-Go' }, ENGINEER, NOW);
    expect(liveInstance(rolled.registry, 'PROD MAIN')).toMatchObject({ state: 'rolled back', version: '24.1' });
    expect(rolled.entry).toMatchObject({ before: { version: '25.2' }, after: { state: 'rolled back', version: '24.1', backup: 'bk-1' }, reason: 'No-Go' });
  });

  test('a terminated instance never comes back, and stays in the registry as evidence', () => {
    const r = transitionInstance(prod(), { instance: 'PROD TEST', to: 'terminated', reason: 'contract ended' }, ENGINEER, NOW).registry;
    expect(r.instances.find((i) => i.name === 'PROD TEST')?.state).toBe('terminated');
    expect(refusal(() => transitionInstance(r, { instance: 'PROD TEST', to: 'active' }, ENGINEER, NOW))).toMatchObject({ rule: 'knownInstance', field: 'instance' });
  });

  test('a move outside the state graph is refused naming the field', () => {
    expect(refusal(() => transitionInstance(prod(), { instance: 'PROD MAIN', to: 'provisioning' }, ENGINEER, NOW))).toMatchObject({ rule: 'instanceTransition', field: 'to' });
    expect(refusal(() => transitionInstance(prod(), { instance: 'PROD MAIN', to: 'paused' as never }, ENGINEER, NOW))).toMatchObject({ rule: 'knownInstanceState', field: 'to' });
  });
});

describe('what the upgrade plan reads from the registry', () => {
  test('whether a VAL pair exists, and the VAL and PROD versions', () => {
    expect(upgradeContextOf(withLivePair(customerRegistry(), 'PROD', '24.1'))).toEqual({ valPairExists: false, valVersion: null, prodVersion: '24.1', prodTestVersion: '24.1' });
    const both = withLivePair(withLivePair(customerRegistry(), 'PROD', '24.1'), 'VAL', '24.1');
    expect(upgradeContextOf(both)).toMatchObject({ valPairExists: true, valVersion: '24.1' });
  });
});
