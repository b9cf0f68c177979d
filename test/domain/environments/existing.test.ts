import { editEnvironment, recordOnboardingFacts, registerEnvironment, terminateEnvironment } from '../../../src/domain/environments/existing';
import { liveInstance, upgradeContextOf } from '../../../src/domain/environments/registry';
import { customerRegistry, ENGINEER, NOW, refusal, signed } from './helpers';

const IQ = { reference: 'IQ-PROD-24.1', documentedOn: '2026-04-02', version: '24.1' };
const frozen = <T>(value: T): string => JSON.stringify(value);

describe('registering an existing environment', () => {
  test('a live PROD pair at its version, active with its IQ documentation: one audit entry, and stage 20 finds PROD MAIN', () => {
    const { registry, entry } = registerEnvironment(customerRegistry(), { kind: 'PROD', version: '24.2', providedOn: '2025-06-01', iqDocumentation: { ...IQ, version: '24.2' } }, ENGINEER, NOW);
    expect(registry.instances.map((i) => [i.name, i.state, i.version, i.providedOn])).toEqual([
      ['PROD MAIN', 'active', '24.2', '2025-06-01'],
      ['PROD TEST', 'active', '24.2', '2025-06-01'],
    ]);
    expect(liveInstance(registry, 'PROD MAIN')?.iqDocumentation).toEqual([{ reference: 'IQ-PROD-24.1', documentedOn: '2026-04-02', version: '24.2', by: ENGINEER.accountId, at: NOW.toISOString() }]);
    expect(entry).toMatchObject({ seq: 1, action: 'register existing environment', before: null, after: { kind: 'PROD', version: '24.2', state: 'active', instances: ['PROD MAIN #1', 'PROD TEST #1'] } });
    expect(upgradeContextOf(registry)).toMatchObject({ prodVersion: '24.2', prodTestVersion: '24.2', valPairExists: false });
  });

  test('an active VAL or PROD without IQ documentation is refused (not ready); provisioning is allowed', () => {
    expect(refusal(() => registerEnvironment(customerRegistry(), { kind: 'VAL', version: '24.1' }, ENGINEER, NOW))).toMatchObject({ rule: 'iqDocumentationBeforeReady', field: 'iqDocumentation.reference' });
    expect(registerEnvironment(customerRegistry(), { kind: 'VAL', version: '24.1', state: 'provisioning' }, ENGINEER, NOW).registry.instances.every((i) => i.state === 'provisioning')).toBe(true);
  });

  test('only the states an existing environment can be in: active, provisioning, rolled back (VAL and PROD)', () => {
    for (const state of ['requested', 'upgrading', 'terminated', 'ready']) {
      expect(refusal(() => registerEnvironment(customerRegistry(), { kind: 'PROD', version: '24.1', state, iqDocumentation: IQ }, ENGINEER, NOW))).toMatchObject({ rule: 'existingState', field: 'state' });
    }
    expect(refusal(() => registerEnvironment(customerRegistry(), { kind: 'Demo', version: '24.1', state: 'rolled back' }, ENGINEER, NOW))).toMatchObject({ rule: 'existingState', field: 'state' });
    expect(registerEnvironment(customerRegistry(), { kind: 'PROD', version: '24.1', state: 'rolled back', iqDocumentation: IQ }, ENGINEER, NOW).registry.instances[0]!.state).toBe('rolled back');
  });

  test('the IQ documentation documents a real version the instance has reached, on a real past day', () => {
    const at = (iq: Partial<typeof IQ>) => refusal(() => registerEnvironment(customerRegistry(), { kind: 'PROD', version: '24.1', iqDocumentation: { ...IQ, ...iq } }, ENGINEER, NOW));
    expect(at({ version: '24.2' })).toMatchObject({ rule: 'iqVersionNotNewer', field: 'iqDocumentation.version' });
    expect(at({ version: 'latest' })).toMatchObject({ rule: 'versionFormat', field: 'iqDocumentation.version' });
    expect(at({ documentedOn: '2026-02-30' })).toMatchObject({ rule: 'dayFormat', field: 'iqDocumentation.documentedOn' });
    expect(at({ documentedOn: '2027-01-01' })).toMatchObject({ rule: 'dayNotInFuture', field: 'iqDocumentation.documentedOn' });
    expect(at({ reference: ' ' })).toMatchObject({ rule: 'documentReference', field: 'iqDocumentation.reference' });
    // An older version documented is allowed: the instance was upgraded since and its new IQ documentation is pending.
    expect(registerEnvironment(customerRegistry(), { kind: 'PROD', version: '24.2', iqDocumentation: IQ }, ENGINEER, NOW).registry.instances[0]!.iqDocumentation[0]!.version).toBe('24.1');
  });

  test('shape, kind and one live environment of a kind are checked, naming the field; nothing changes', () => {
    const r = customerRegistry();
    const before = frozen(r);
    expect(refusal(() => registerEnvironment(r, { kind: 'QA', version: '24.1' }, ENGINEER, NOW))).toMatchObject({ rule: 'knownEnvironmentKind', field: 'kind' });
    expect(refusal(() => registerEnvironment(r, { kind: 'PROD', version: '24.1', instances: ['MAIN'], iqDocumentation: IQ }, ENGINEER, NOW))).toMatchObject({ rule: 'pairOfInstances', field: 'instances' });
    expect(refusal(() => registerEnvironment(signed(r), { kind: 'Migration', version: '24.1', instances: ['MAIN', 'TEST'] }, ENGINEER, NOW))).toMatchObject({ rule: 'noTestInstance', field: 'instances' });
    expect(refusal(() => registerEnvironment(r, { kind: 'Demo', version: 'v24' }, ENGINEER, NOW))).toMatchObject({ rule: 'versionFormat', field: 'version' });
    const once = registerEnvironment(r, { kind: 'Demo', version: '24.1' }, ENGINEER, NOW).registry;
    expect(refusal(() => registerEnvironment(once, { kind: 'Demo', version: '24.1' }, ENGINEER, NOW))).toMatchObject({ rule: 'environmentExists', field: 'kind' });
    expect(frozen(r)).toBe(before);
  });

  test('a Sandbox records its origin: empty, or a clone of the live Demo with the areas carried over', () => {
    let r = registerEnvironment(customerRegistry(), { kind: 'Demo', version: '24.1', providedOn: '2025-12-01' }, ENGINEER, NOW).registry;
    r = signed(r, '2026-01-15');
    r = registerEnvironment(r, { kind: 'Sandbox', version: '24.1', providedOn: '2026-01-20', origin: { from: 'Demo', carriedOver: ['roles', 'labs'] } }, ENGINEER, NOW).registry;
    expect(liveInstance(r, 'Sandbox TEST')?.origin).toEqual({ from: 'Demo', carriedOver: ['roles', 'labs'] });
  });
});

describe('editing and terminating, each with a reason and one audit entry', () => {
  const prod = () => registerEnvironment(customerRegistry(), { kind: 'PROD', version: '24.1', iqDocumentation: IQ }, ENGINEER, NOW).registry;

  test('an edit without a reason, or that changes nothing, is refused', () => {
    expect(refusal(() => editEnvironment(prod(), { instance: 'PROD MAIN', version: '24.2', reason: '  ' }, ENGINEER, NOW))).toMatchObject({ rule: 'reasonRequired', field: 'reason' });
    expect(refusal(() => editEnvironment(prod(), { instance: 'PROD MAIN', reason: 'x' }, ENGINEER, NOW))).toMatchObject({ rule: 'nothingToChange' });
    expect(refusal(() => editEnvironment(prod(), { instance: 'PROD MAIN', version: '24.1', reason: 'x' }, ENGINEER, NOW))).toMatchObject({ rule: 'nothingToChange', field: 'version' });
  });

  test('an upgrade done before the app: upgrading to the version, then active, then its new IQ documentation; before → after audited', () => {
    let r = prod();
    const up = editEnvironment(r, { instance: 'PROD', state: 'upgrading', version: '24.2', reason: 'Upgraded to 24.2 in March' }, ENGINEER, NOW);
    expect(up.entry).toMatchObject({ action: 'edit environment', reason: 'Upgraded to 24.2 in March', before: { instances: [{ instance: 'PROD MAIN #1', state: 'active', version: '24.1' }, { instance: 'PROD TEST #1' }] }, after: { instances: [{ state: 'upgrading', targetVersion: '24.2' }, { state: 'upgrading' }] } });
    r = editEnvironment(up.registry, { instance: 'PROD', state: 'active', reason: 'Upgrade done' }, ENGINEER, NOW).registry;
    expect(liveInstance(r, 'PROD MAIN')).toMatchObject({ state: 'active', version: '24.2' });
    r = editEnvironment(r, { instance: 'PROD', iqDocumentation: { reference: 'IQ-PROD-24.2', documentedOn: '2026-05-01', version: '24.2' }, reason: 'IQ of 24.2' }, ENGINEER, NOW).registry;
    expect(liveInstance(r, 'PROD TEST')?.iqDocumentation.at(-1)?.version).toBe('24.2');
    expect(r.revision).toBe(4);
  });

  test('the state moves only along the state machine; a version correction cannot go below the version documented', () => {
    expect(refusal(() => editEnvironment(prod(), { instance: 'PROD MAIN', state: 'requested', reason: 'x' }, ENGINEER, NOW))).toMatchObject({ rule: 'instanceTransition', field: 'to' });
    expect(refusal(() => editEnvironment(prod(), { instance: 'PROD MAIN', state: 'terminated', reason: 'x' }, ENGINEER, NOW))).toMatchObject({ rule: 'terminateWithCommand', field: 'state' });
    expect(refusal(() => editEnvironment(prod(), { instance: 'PROD MAIN', version: '23.4', reason: 'typo' }, ENGINEER, NOW))).toMatchObject({ rule: 'iqVersionNotNewer', field: 'version' });
    const corrected = editEnvironment(prod(), { instance: 'PROD TEST', version: '24.1.1', reason: 'The hotfix was applied' }, ENGINEER, NOW);
    expect(liveInstance(corrected.registry, 'PROD TEST')?.version).toBe('24.1.1');
    expect(liveInstance(corrected.registry, 'PROD MAIN')?.version).toBe('24.1');
  });

  test('IQ documentation only on VAL and PROD; an origin only on a Sandbox', () => {
    const r = signed(registerEnvironment(customerRegistry(), { kind: 'Demo', version: '24.1' }, ENGINEER, NOW).registry);
    expect(refusal(() => editEnvironment(r, { instance: 'Demo', iqDocumentation: IQ, reason: 'x' }, ENGINEER, NOW))).toMatchObject({ rule: 'iqDocumentationForValAndProd' });
    expect(refusal(() => editEnvironment(r, { instance: 'Demo', origin: { from: 'empty' }, reason: 'x' }, ENGINEER, NOW))).toMatchObject({ rule: 'originOnlyForSandbox', field: 'origin' });
    const sandbox = registerEnvironment(r, { kind: 'Sandbox', version: '24.1', origin: { from: 'empty' } }, ENGINEER, NOW).registry;
    const fixed = editEnvironment(sandbox, { instance: 'Sandbox', origin: { from: 'Demo', carriedOver: ['devices'] }, reason: 'It was cloned from Demo' }, ENGINEER, NOW).registry;
    expect(liveInstance(fixed, 'Sandbox MAIN')?.origin).toEqual({ from: 'Demo', carriedOver: ['devices'] });
  });

  test('terminating needs a reason; the instances stay as evidence, no longer live', () => {
    expect(refusal(() => terminateEnvironment(prod(), { instance: 'PROD', reason: '' }, ENGINEER, NOW))).toMatchObject({ rule: 'reasonRequired', field: 'reason' });
    const { registry, entry } = terminateEnvironment(prod(), { instance: 'PROD', reason: 'Customer left' }, ENGINEER, NOW);
    expect(registry.instances.map((i) => i.state)).toEqual(['terminated', 'terminated']);
    expect(liveInstance(registry, 'PROD MAIN')).toBeUndefined();
    expect(entry).toMatchObject({ action: 'terminate environment', reason: 'Customer left' });
  });

  test('onboarding facts: a first record needs no reason, a correction does; the same facts again change nothing', () => {
    const first = recordOnboardingFacts(customerRegistry(), { contractSignedOn: '2026-01-15' }, ENGINEER, NOW)!;
    expect(first.entry).toMatchObject({ action: 'record onboarding', before: { contractSignedOn: null }, after: { contractSignedOn: '2026-01-15' } });
    expect(recordOnboardingFacts(first.registry, { contractSignedOn: '2026-01-15' }, ENGINEER, NOW)).toBeNull();
    expect(refusal(() => recordOnboardingFacts(first.registry, { contractSignedOn: '2026-01-16' }, ENGINEER, NOW))).toMatchObject({ rule: 'reasonRequired' });
    expect(refusal(() => recordOnboardingFacts(first.registry, { contractSignedOn: '2099-01-16', reason: 'x' }, ENGINEER, NOW))).toMatchObject({ rule: 'dayNotInFuture', field: 'contractSignedOn' });
  });
});
