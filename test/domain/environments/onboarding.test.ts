import { recordOnboardingFacts, registerEnvironment } from '../../../src/domain/environments/existing';
import { communityDevShared, demoBeforeContract, iqDocumentationForValAndProd, migrationOnlyForMigratedSource, NO_ONBOARDING_FACTS, sandboxAtContractSigning } from '../../../src/domain/environments/onboarding';
import { requestEnvironment } from '../../../src/domain/environments/registry';
import { customerRegistry, ENGINEER, NOW, refusal, signed } from './helpers';

const SIGNED = { contractSignedOn: '2026-03-01', sourceDatabaseMigrated: null };
const IQ = { reference: 'IQ-PROD-24.1', documentedOn: '2026-04-02', version: '24.1' };

describe('onboarding order of seed 001', () => {
  test('demoBeforeContract', () => {
    expect(() => demoBeforeContract(NO_ONBOARDING_FACTS, { kind: 'Demo', isNew: true }, '2026-11-23')).not.toThrow();
    expect(refusal(() => demoBeforeContract(SIGNED, { kind: 'Demo', isNew: true }, '2026-11-23'))).toMatchObject({ rule: 'demoBeforeContract', field: 'kind' });
    expect(refusal(() => demoBeforeContract(SIGNED, { kind: 'Demo', providedOn: '2026-03-02', isNew: false }, '2026-11-23'))).toMatchObject({ rule: 'demoBeforeContract', field: 'providedOn' });
    expect(() => demoBeforeContract(SIGNED, { kind: 'Demo', providedOn: '2026-02-01', isNew: false }, '2026-11-23')).not.toThrow();
    // Through the registry: a new Demo once the contract is signed, and a contract signed before the live Demo was provided.
    expect(refusal(() => requestEnvironment(signed(customerRegistry()), { kind: 'Demo', version: '24.1' }, ENGINEER, NOW))).toMatchObject({ rule: 'demoBeforeContract', field: 'kind' });
    const demo = registerEnvironment(customerRegistry(), { kind: 'Demo', version: '24.1', providedOn: '2026-02-10' }, ENGINEER, NOW).registry;
    const refused = refusal(() => recordOnboardingFacts(demo, { contractSignedOn: '2026-02-01' }, ENGINEER, NOW));
    expect(refused).toMatchObject({ rule: 'demoBeforeContract', field: 'contractSignedOn' });
    expect(refused.message).toMatch(/Demo comes before the contract/);
  });

  test('sandboxAtContractSigning', () => {
    const noContract = refusal(() => sandboxAtContractSigning(NO_ONBOARDING_FACTS, { kind: 'Sandbox', isNew: false }));
    expect(noContract).toMatchObject({ rule: 'sandboxAtContractSigning', field: 'contractSignedOn' });
    expect(noContract.message).toMatch(/once the customer signs a contract/);
    expect(refusal(() => sandboxAtContractSigning(SIGNED, { kind: 'Sandbox', providedOn: '2026-02-28', isNew: false }))).toMatchObject({ rule: 'sandboxAtContractSigning', field: 'providedOn' });
    expect(() => sandboxAtContractSigning(SIGNED, { kind: 'Sandbox', providedOn: '2026-03-01', isNew: false })).not.toThrow();
    // Through the registry: registering a Sandbox without a contract; moving the contract after a live Sandbox.
    expect(refusal(() => registerEnvironment(customerRegistry(), { kind: 'Sandbox', version: '24.1', origin: { from: 'empty' } }, ENGINEER, NOW))).toMatchObject({ rule: 'sandboxAtContractSigning' });
    const sandbox = registerEnvironment(signed(customerRegistry(), '2026-03-01'), { kind: 'Sandbox', version: '24.1', providedOn: '2026-03-05', origin: { from: 'empty' } }, ENGINEER, NOW).registry;
    expect(refusal(() => recordOnboardingFacts(sandbox, { contractSignedOn: '2026-04-01', reason: 'typo' }, ENGINEER, NOW))).toMatchObject({ rule: 'sandboxAtContractSigning', field: 'contractSignedOn' });
  });

  test('migrationOnlyForMigratedSource', () => {
    const unknown = refusal(() => migrationOnlyForMigratedSource(NO_ONBOARDING_FACTS, { kind: 'Migration', isNew: false }));
    expect(unknown).toMatchObject({ rule: 'migrationOnlyForMigratedSource', field: 'sourceDatabaseMigrated' });
    expect(unknown.message).toMatch(/nobody has recorded/);
    expect(refusal(() => migrationOnlyForMigratedSource({ ...NO_ONBOARDING_FACTS, sourceDatabaseMigrated: false }, { kind: 'Migration', isNew: true })).message).toMatch(/no source database to migrate/);
    expect(() => migrationOnlyForMigratedSource({ ...NO_ONBOARDING_FACTS, sourceDatabaseMigrated: true }, { kind: 'Migration', isNew: true })).not.toThrow();
    expect(refusal(() => requestEnvironment(customerRegistry(), { kind: 'Migration', version: '24.1' }, ENGINEER, NOW))).toMatchObject({ rule: 'migrationOnlyForMigratedSource' });
    // A live Migration keeps the fact: it cannot become "not migrated" under it.
    const migrated = registerEnvironment(signed(customerRegistry()), { kind: 'Migration', version: '24.1' }, ENGINEER, NOW).registry;
    expect(refusal(() => recordOnboardingFacts(migrated, { sourceDatabaseMigrated: false, reason: 'wrong' }, ENGINEER, NOW))).toMatchObject({ rule: 'migrationOnlyForMigratedSource' });
  });

  test('iqDocumentationForValAndProd', () => {
    for (const kind of ['Demo', 'Sandbox', 'Migration'] as const) expect(refusal(() => iqDocumentationForValAndProd(kind))).toMatchObject({ rule: 'iqDocumentationForValAndProd', field: 'iqDocumentation' });
    expect(() => iqDocumentationForValAndProd('VAL')).not.toThrow();
    expect(() => iqDocumentationForValAndProd('PROD')).not.toThrow();
    expect(refusal(() => registerEnvironment(signed(customerRegistry()), { kind: 'Migration', version: '24.1', iqDocumentation: IQ }, ENGINEER, NOW))).toMatchObject({ rule: 'iqDocumentationForValAndProd', field: 'iqDocumentation' });
  });

  test('communityDevShared', () => {
    expect(refusal(() => communityDevShared('Community Dev'))).toMatchObject({ rule: 'communityDevShared', field: 'kind' });
    expect(refusal(() => registerEnvironment(customerRegistry(), { kind: 'Community Dev', version: '25.3' }, ENGINEER, NOW)).message).toMatch(/shared instance for all customers/);
    expect(refusal(() => requestEnvironment(customerRegistry(), { kind: 'Community Dev', version: '25.3' }, ENGINEER, NOW))).toMatchObject({ rule: 'communityDevShared' });
  });
});
