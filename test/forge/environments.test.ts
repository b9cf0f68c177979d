/**
 * Environments kept in the app (issue #13): registering a customer's existing environments, editing and terminating
 * them, and the CSV import for many customers, through the real resolver definitions, @forge/kvs and @forge/api against
 * the KVS emulator and the Jira stand-in.
 */
import { IMPORT_ENTRIES_PER_ORGANIZATION, KVS_TRANSACTION_MAX_OPERATIONS, type ImportReport } from '../../src/app/environmentImport';
import { FORGE_KVS_LIMITS } from '../../src/local/kvs/limits';
import type { EnvironmentsAdminAnswer, OrganizationEnvironments } from '../../src/app/environmentAdmin';
import { KvsPlanRepository } from '../../src/forge/planStore';
import { ForgeAppHarness, PEOPLE } from '../support/forgeApp';

const SETTINGS = { accountId: 'acc-admin', surface: 'jira:projectSettingsPage' as const };
const PROD_IQ = { reference: 'IQ-ACME-PROD-24.1', documentedOn: '2026-02-01', version: '24.1' };

async function ok<T>(answer: Promise<{ ok: true; data: T } | { ok: false; error: { rule: string; field: string | null; message: string } }>): Promise<T> {
  const a = await answer;
  if (!a.ok) throw new Error(`refused: ${a.error.rule} ${a.error.field}: ${a.error.message}`);
  return a.data;
}

const HEADER = 'organization,kind,instances,version,state,provided on,iq reference,iq date,iq version,sandbox origin,carried over,contract signed,source migrated,reason';
/** Three customers' environments, two rows bad: an IQ version newer than the instance, and a Migration for a customer whose source is not migrated. */
const BAD_CSV = [
  HEADER,
  'Acme Clinical,PROD,MAIN+TEST,24.2,active,2025-03-01,IQ-ACME-PROD-24.2,2025-03-10,24.2,,,2024-11-01,,Go-live 2025',
  'Acme Clinical,VAL,,24.2,active,,IQ-ACME-VAL-24.2,2025-02-20,25.1,,,,,',
  'Beta Research,Demo,,24.1,active,2024-05-01,,,,,,,,',
  'Beta Research,Sandbox,,24.1,active,2024-07-01,,,,Demo,roles;labs,2024-06-15,no,',
  '2,Migration,,24.1,provisioning,,,,,,,,,',
].join('\r\n');
const FIXED_CSV = BAD_CSV.replace('IQ-ACME-VAL-24.2,2025-02-20,25.1', 'IQ-ACME-VAL-24.2,2025-02-20,24.2').replace('2,Migration,,24.1,provisioning', 'Beta Research,VAL,,24.1,provisioning');

describe('existing environments from the Environments tab and the settings page', () => {
  let app: ForgeAppHarness;
  let ticketKey: string;
  beforeEach(async () => {
    app = new ForgeAppHarness();
    await app.saveSettings();
    ticketKey = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' });
  });
  afterEach(() => app.close());

  test('an engineer registers the ticket organization\'s PROD from the tab: one audit entry, the plan sees PROD MAIN', async () => {
    const answer = await ok<OrganizationEnvironments>(app.invoke('registerEnvironment', { environment: { kind: 'PROD', version: '24.1', iqDocumentation: PROD_IQ } }, { accountId: 'acc-eng', ticketKey }));
    expect(answer.organizationId).toBe('1');
    expect(answer.environments.map((e) => [e.name, e.state, e.version])).toEqual([
      ['PROD MAIN', 'active', '24.1'],
      ['PROD TEST', 'active', '24.1'],
    ]);
    const history = await app.host.runAs(undefined, () => new KvsPlanRepository().history('registry:1'));
    expect(history.map((e) => [e.action, e.actor.role])).toEqual([['register existing environment', 'IQVIA Engineer']]);
  });

  test('the tab keeps its ticket\'s organization only: an organizationId in the payload is refused', async () => {
    const answer = await app.invoke('registerEnvironment', { organizationId: '2', environment: { kind: 'Demo', version: '24.1' } }, { accountId: 'acc-eng', ticketKey });
    expect(answer).toMatchObject({ ok: false, error: { rule: 'ticketOrganization', field: 'organizationId' } });
    expect((await app.host.runAs(undefined, () => new KvsPlanRepository().loadRegistry('2'))).instances).toEqual([]);
  });

  test('a customer is refused, on the portal and as an account; a PM who is neither engineer nor admin is refused', async () => {
    const portal = await app.invoke('registerEnvironment', { environment: { kind: 'Demo', version: '24.1' } }, { accountId: 'acc-acme', ticketKey, surface: 'jiraServiceManagement:portalRequestDetailPanel' });
    expect(portal).toMatchObject({ ok: false, error: { rule: 'environmentKeeper', field: 'account' } });
    const pm = await app.invoke('terminateEnvironment', { instance: 'PROD', reason: 'x' }, { accountId: 'acc-pm', ticketKey });
    expect(pm).toMatchObject({ ok: false, error: { rule: 'environmentKeeper' } });
    const read = await ok<EnvironmentsAdminAnswer>(app.invoke('getOrganizationEnvironments', {}, { accountId: 'acc-pm', ticketKey }));
    expect(read.selected).toMatchObject({ organizationId: '1', mayManage: false });
  });

  test('an admin keeps any organization from the settings page, checked against Service Management\'s list', async () => {
    const list = await ok<EnvironmentsAdminAnswer>(app.invoke('getOrganizationEnvironments', {}, SETTINGS));
    expect(list.organizations.map((o) => o.name)).toEqual(['Acme Clinical', 'Beta Research']);
    expect(await app.invoke('registerEnvironment', { organizationId: '99', environment: { kind: 'Demo', version: '24.1' } }, SETTINGS)).toMatchObject({ ok: false, error: { rule: 'knownOrganization', field: 'organizationId' } });
    const registered = await ok<OrganizationEnvironments>(
      app.invoke('registerEnvironment', { organizationId: '2', environment: { kind: 'Sandbox', version: '24.1', origin: { from: 'empty' } }, onboarding: { contractSignedOn: '2025-01-10' } }, SETTINGS),
    );
    expect(registered.onboarding.contractSignedOn).toBe('2025-01-10');
    const edited = await ok<OrganizationEnvironments>(app.invoke('editEnvironment', { organizationId: '2', instance: 'Sandbox TEST', version: '24.2', reason: 'TEST was refreshed' }, SETTINGS));
    expect(edited.environments.find((e) => e.name === 'Sandbox TEST')?.version).toBe('24.2');
    expect(await app.invoke('terminateEnvironment', { organizationId: '2', instance: 'Sandbox', reason: '' }, SETTINGS)).toMatchObject({ ok: false, error: { field: 'reason' } });
    const terminated = await ok<OrganizationEnvironments>(app.invoke('terminateEnvironment', { organizationId: '2', instance: 'Sandbox', reason: 'Onboarding over' }, SETTINGS));
    expect(terminated.environments).toEqual([]);
    // A person who is not a project admin gets no settings-page answer.
    expect(await app.invoke('getOrganizationEnvironments', {}, { accountId: 'acc-eng', surface: 'jira:projectSettingsPage' })).toMatchObject({ ok: false, error: { rule: 'projectAdmin' } });
  });
});

describe('CSV import of existing environments', () => {
  let app: ForgeAppHarness;
  beforeEach(async () => {
    app = new ForgeAppHarness();
    await app.saveSettings();
  });
  afterEach(() => app.close());
  const registry = (id: string) => app.host.runAs(undefined, () => new KvsPlanRepository().loadRegistry(id));

  test('two bad rows are named with row, column and reason; nothing is stored; fixed, the file imports', async () => {
    const preview = await ok<ImportReport>(app.invoke('importEnvironments', { csv: BAD_CSV, dryRun: true }, SETTINGS));
    expect(preview.errors.map((e) => [e.row, e.column, e.rule])).toEqual([
      [3, 'iq version', 'iqVersionNotNewer'],
      [6, 'source migrated', 'migrationOnlyForMigratedSource'],
    ]);
    expect(preview.rows.map((r) => r.outcome)).toEqual(['register', 'refused', 'register', 'register', 'refused']);
    const refused = await app.invoke('importEnvironments', { csv: BAD_CSV, dryRun: false }, SETTINGS);
    expect(refused).toMatchObject({ ok: false, error: { rule: 'importRowsInvalid', field: 'row 3: iq version' } });
    expect(!refused.ok && refused.error.message).toMatch(/2 rows refused, nothing was imported: row 3, iq version: .*; row 6, source migrated: /);
    expect((await registry('1')).revision).toBe(0);
    expect((await registry('2')).revision).toBe(0);

    const report = await ok<ImportReport>(app.invoke('importEnvironments', { csv: FIXED_CSV, dryRun: false }, SETTINGS));
    expect(report).toMatchObject({ errors: [], failure: null, notImported: [] });
    expect(report.imported.map((o) => o.name)).toEqual(['Acme Clinical', 'Beta Research']);
    const acme = await registry('1');
    expect(acme.instances.map((i) => `${i.name} ${i.version} ${i.state}`)).toEqual(['PROD MAIN 24.2 active', 'PROD TEST 24.2 active', 'VAL MAIN 24.2 active', 'VAL TEST 24.2 active']);
    expect(acme.onboarding).toEqual({ contractSignedOn: '2024-11-01', sourceDatabaseMigrated: null });
    const beta = await registry('2');
    expect(beta.instances.find((i) => i.name === 'Sandbox MAIN')?.origin).toEqual({ from: 'Demo', carriedOver: ['roles', 'labs'] });
    expect(beta.onboarding).toEqual({ contractSignedOn: '2024-06-15', sourceDatabaseMigrated: false });
  });

  test('importing the same file again recognises every row and writes nothing', async () => {
    await ok<ImportReport>(app.invoke('importEnvironments', { csv: FIXED_CSV, dryRun: false }, SETTINGS));
    const before = [(await registry('1')).revision, (await registry('2')).revision];
    const again = await ok<ImportReport>(app.invoke('importEnvironments', { csv: FIXED_CSV, dryRun: false }, SETTINGS));
    expect(again.rows.every((r) => r.outcome === 'already registered')).toBe(true);
    expect(again.imported).toEqual([]);
    expect([(await registry('1')).revision, (await registry('2')).revision]).toEqual(before);
  });

  test('a write failing mid-way names what was imported and what not; the same file again finishes the job', async () => {
    const plans = app.ports.plans;
    const commit = plans.commitRegistry.bind(plans);
    plans.commitRegistry = async (c) => {
      if (c.registry.organizationId === '2') throw new Error('storage unavailable');
      return commit(c);
    };
    const partial = await ok<ImportReport>(app.invoke('importEnvironments', { csv: FIXED_CSV, dryRun: false }, SETTINGS));
    expect(partial.imported.map((o) => o.name)).toEqual(['Acme Clinical']);
    expect(partial.notImported.map((o) => o.name)).toEqual(['Beta Research']);
    expect(partial.failure).toMatch(/Beta Research was not imported .* Acme Clinical was imported\. Importing the same file again is safe/);
    plans.commitRegistry = commit;
    const rest = await ok<ImportReport>(app.invoke('importEnvironments', { csv: FIXED_CSV, dryRun: false }, SETTINGS));
    expect(rest.imported.map((o) => o.name)).toEqual(['Beta Research']);
    expect(rest.rows.filter((r) => r.organization?.id === '1').every((r) => r.outcome === 'already registered')).toBe(true);
    expect((await registry('1')).instances).toHaveLength(4);
    expect((await registry('2')).instances).toHaveLength(5);
  });

  test('one organization with every kind a customer can have fits one KVS transaction (25 operations), as the emulator enforces it', async () => {
    expect(KVS_TRANSACTION_MAX_OPERATIONS).toBe(FORGE_KVS_LIMITS.maxTransactionOperations);
    expect(1 + IMPORT_ENTRIES_PER_ORGANIZATION).toBeLessThanOrEqual(KVS_TRANSACTION_MAX_OPERATIONS);
    const csv = [
      'organization,kind,version,state,provided on,iq reference,iq date,iq version,sandbox origin,contract signed,source migrated',
      'Acme Clinical,Demo,24.1,active,2024-01-10,,,,,,',
      'Acme Clinical,Sandbox,24.1,active,2024-03-01,,,,Demo,2024-02-20,yes',
      'Acme Clinical,Migration,24.1,active,2024-04-01,,,,,,',
      'Acme Clinical,VAL,24.1,active,2024-05-01,IQ-V,2024-05-03,24.1,,,',
      'Acme Clinical,PROD,24.1,active,2024-06-01,IQ-P,2024-06-03,24.1,,,',
    ].join('\n');
    app.host.resetCounters();
    const report = await ok<ImportReport>(app.invoke('importEnvironments', { csv, dryRun: false }, SETTINGS));
    expect(report.imported.map((o) => o.name)).toEqual(['Acme Clinical']);
    const stored = await registry('1');
    expect(stored.revision).toBe(IMPORT_ENTRIES_PER_ORGANIZATION);
    const history = await app.host.runAs(undefined, () => new KvsPlanRepository().history('registry:1'));
    // In the file's order: the Demo before the contract, the contract and the source migration with the Sandbox's row.
    expect(history.map((e) => e.action)).toEqual(['register existing environment', 'record onboarding', 'register existing environment', 'register existing environment', 'register existing environment', 'register existing environment']);
  });

  test('the header, the size limits and the person are checked first', async () => {
    expect(await app.invoke('importEnvironments', { csv: 'organisation,kind,version\r\nAcme Clinical,Demo,24.1', dryRun: true }, SETTINGS)).toMatchObject({ ok: false, error: { rule: 'importHeader', field: 'row 1' } });
    expect(await app.invoke('importEnvironments', { csv: 'organization,kind\r\nAcme Clinical,Demo', dryRun: true }, SETTINGS)).toMatchObject({ ok: false, error: { rule: 'importHeader' } });
    const many = ['organization,kind,version', ...Array.from({ length: 251 }, () => 'Acme Clinical,Demo,24.1')].join('\n');
    expect(await app.invoke('importEnvironments', { csv: many, dryRun: true }, SETTINGS)).toMatchObject({ ok: false, error: { rule: 'importTooLarge', field: 'csv' } });
    const big = `organization,kind,version,reason\n${'Acme Clinical,Demo,24.1,'.padEnd(140 * 1024, 'x')}`;
    const tooBig = await app.invoke('importEnvironments', { csv: big, dryRun: true }, SETTINGS);
    expect(tooBig).toMatchObject({ ok: false, error: { rule: 'payloadValid', field: 'csv' } });
    expect(!tooBig.ok && tooBig.error.message).toMatch(/at most 131072 bytes/);
    expect(await app.invoke('importEnvironments', { csv: 'organization,kind,version\n"Acme,Demo,24.1', dryRun: true }, SETTINGS)).toMatchObject({ ok: false, error: { rule: 'csvFormat' } });
    expect(await app.invoke('importEnvironments', { csv: FIXED_CSV, dryRun: true }, { accountId: 'acc-eng', surface: 'jira:projectSettingsPage' })).toMatchObject({ ok: false, error: { rule: 'projectAdmin' } });
  });
});
