/**
 * Issue #13's journey on a fresh install (`npm start -- --no-demo`), through the runtime's REST API and pages only: the
 * admin sets up releases, people and the vendor, imports three customers' existing environments from a CSV (two bad
 * rows refused by row and column, nothing imported, then the fixed file), and a customer of one of them upgrades PROD
 * across two releases to the end: a No-Go with the engineer's restore, a second attempt, Go, and closing once PROD's IQ
 * documentation of the new version is recorded.
 */
import type { ImportReport } from '../../../src/app/environmentImport';
import type { SettingsAnswer } from '../../../src/app/projectSettings';
import type { PlanView } from '../../../src/app/planView';
import type { Runtime } from '../../../src/local/runtime';
import { call, contextToken, invoke, MODULES, pageSession, PEOPLE, runtimeForFile } from './support';

jest.setTimeout(120_000);

const HOUR = 60 * 60 * 1000;
// The app reads the platform's clock (Forge gives a function no other): slots are planned from today, the restore is timed now.
let runtime: Runtime;
runtimeForFile((started) => (runtime = started), { demo: false });

const ACME = '1';
const RELEASES = [
  { version: '24.1', date: '2024-02-12' },
  { version: '24.2', date: '2024-06-03' },
  { version: '25.1', date: '2025-02-17' },
  { version: '25.2', date: '2025-06-09' },
].map((r) => ({ ...r, notesUrl: `https://docs.clinspark.example/releases/${r.version}` }));

const HEADER = 'organization,kind,instances,version,state,provided on,iq reference,iq date,iq version,sandbox origin,carried over,contract signed,source migrated,reason';
/** Acme runs PROD and VAL at 24.1; Globex has Demo and a Sandbox cloned from it; Northwind a Demo and a Migration. Rows 3 and 7 are wrong. */
const BAD_CSV = [
  HEADER,
  'Acme Clinical Research,PROD,MAIN+TEST,24.1,active,2025-03-01,IQ-ACME-PROD-24.1,2025-03-10,24.1,,,2024-11-01,,Go-live 2025',
  'Acme Clinical Research,VAL,,24.1,active,,IQ-ACME-VAL-24.1,2025-02-20,25.1,,,,,',
  'Globex Pharma,Demo,,24.1,active,2024-05-01,,,,,,,,',
  'Globex Pharma,Sandbox,,24.1,active,2024-07-01,,,,Demo,roles;labs,2024-06-15,,',
  'Northwind Trials,Demo,,25.1,active,2025-04-01,,,,,,,,',
  'Northwind Trials,Migration,,25.1,provisioning,,,,,,,,no,',
].join('\r\n');
const FIXED_CSV = BAD_CSV.replace('IQ-ACME-VAL-24.1,2025-02-20,25.1', 'IQ-ACME-VAL-24.1,2025-02-20,24.1').replace('25.1,provisioning,,,,,,,,no,', '25.1,provisioning,,,,,,,,yes,');

type Answer<T> = { ok: true; data: T } | { ok: false; error: { rule: string; field: string | null; message: string; rows?: unknown } };

/** A resolver call as a script makes it: a panel token for the person on that module (and ticket), then /forge/invoke. */
async function act<T = PlanView>(email: string, module: keyof typeof MODULES, issueKey: string | undefined, functionKey: string, payload: unknown = {}): Promise<Answer<T>> {
  const token = await contextToken(runtime.url, email, MODULES[module], issueKey);
  const answer = await invoke(runtime.url, token, functionKey, payload);
  expect(answer.status).toBe(200);
  await runtime.settle();
  return answer.body as Answer<T>;
}

async function must<T = PlanView>(email: string, module: keyof typeof MODULES, issueKey: string | undefined, functionKey: string, payload: unknown = {}): Promise<T> {
  const answer = await act<T>(email, module, issueKey, functionKey, payload);
  if (!answer.ok) throw new Error(`${functionKey} ${JSON.stringify(payload)} as ${email}: ${answer.error.rule} ${answer.error.field}: ${answer.error.message}`);
  return answer.data;
}

/**
 * A signed act as the portal's signing dialog takes it (Part 11): the plan as shown (its revision, the act's meaning),
 * then the act with the person's signing passphrase, set the first time as the dialog asks.
 */
async function signed<T = PlanView>(email: string, module: keyof typeof MODULES, issueKey: string, functionKey: 'completeStage' | 'decideStage', payload: { stage: number; outcome?: string; reason?: string }): Promise<Answer<T>> {
  const view = await must<PlanView>(email, module, issueKey, 'getPlanView');
  const type = functionKey === 'decideStage' ? 'decide' : 'complete';
  const meaning = view.phases.flatMap((p) => p.stages).find((st) => st.number === payload.stage)?.actions.find((a) => a.type === type && (type !== 'decide' || a.outcome === payload.outcome))?.signatureMeaning;
  const passphrase = `the passphrase of ${email}`;
  const status = await must<{ passphraseSet: boolean }>(email, module, issueKey, 'getSigningStatus');
  if (!status.passphraseSet) await must(email, module, issueKey, 'setSigningPassphrase', { passphrase, confirm: passphrase });
  return act<T>(email, module, issueKey, functionKey, { ...payload, signature: { passphrase, revision: view.revision, meaning } });
}

/** IQ documentation as the Environments tab records it: signed with the registry revision and meaning shown (Part 11). */
async function mustRecordIq(email: string, issueKey: string, record: { instance: string; reference: string }): Promise<PlanView> {
  const shown = await must<{ name: string; registryRevision: number; iqSignatureMeaning: string | null }[]>(email, 'issue', issueKey, 'getEnvironments');
  const instance = shown.find((i) => i.name === `${record.instance} MAIN`)!;
  expect(instance.iqSignatureMeaning).toBeTruthy();
  const passphrase = `the passphrase of ${email}`;
  const status = await must<{ passphraseSet: boolean }>(email, 'issue', issueKey, 'getSigningStatus');
  if (!status.passphraseSet) await must(email, 'issue', issueKey, 'setSigningPassphrase', { passphrase, confirm: passphrase });
  return must(email, 'issue', issueKey, 'recordIqDocumentation', { ...record, signature: { passphrase, revision: instance.registryRevision, meaning: instance.iqSignatureMeaning } });
}

async function mustSign<T = PlanView>(...args: Parameters<typeof signed>): Promise<T> {
  const answer = await signed<T>(...args);
  if (!answer.ok) throw new Error(`${args[3]} ${JSON.stringify(args[4])} as ${args[0]}: ${answer.error.rule} ${answer.error.field}: ${answer.error.message}`);
  return answer.data;
}

const admin = PEOPLE.admin.emailAddress;
const pm = PEOPLE.pm.emailAddress;
const engineer = PEOPLE.engineer.emailAddress;
const support = PEOPLE.support.emailAddress;
const carla = PEOPLE.carla.emailAddress;

/** Raises a request in the portal as Carla, with the portal's own form; the key of the request it created. */
async function raise(requestTypeId: string, form: Record<string, string | string[]>): Promise<string> {
  const session = await pageSession(runtime.url, PEOPLE.carla.accountId);
  const created = await session.post(`/portal/create/${requestTypeId}`, { organization: ACME, ...form });
  expect(created.status).toBe(303);
  await runtime.settle();
  return /\/portal\/request\/(FHSD-\d+)/.exec(created.location ?? '')![1]!;
}

async function publicComments(key: string): Promise<string[]> {
  const answer = await call(runtime.url, 'GET', `/rest/api/3/issue/${key}/comment`, { as: pm });
  return (answer.body.comments as { body: unknown }[]).map((c) => JSON.stringify(c.body));
}

const stageOf = (view: PlanView, n: number) => view.phases.flatMap((p) => p.stages).find((s) => s.number === n)!;
const environmentsOf = (view: PlanView) => view.environments ?? [];

describe('a real service desk on day one', () => {
  let val: string;
  let prod: string;

  test('the admin sets up releases, people and the vendor on the settings page', async () => {
    const read = await must<SettingsAnswer>(admin, 'settings', undefined, 'getSettings');
    expect(read.releases).toEqual([]);
    expect(read.organizations.map((o) => o.name)).toEqual(['Acme Clinical Research', 'Globex Pharma', 'Initech Biosciences', 'Northwind Trials']);
    const { guide: _guide, organizations: _organizations, directory: _directory, ...settings } = read;
    const roles = {
      projectDefault: { 'IQVIA PM': [PEOPLE.pm.accountId], 'IQVIA Engineer': [PEOPLE.engineer.accountId], 'IQVIA Support': [PEOPLE.support.accountId], 'Solution Specialist': [PEOPLE.specialist.accountId] },
      organizations: { [ACME]: { Customer: [PEOPLE.carla.accountId, PEOPLE.victor.accountId] } },
    };
    // A mistyped account id is refused naming its field, and nothing is saved.
    const typo = await act<SettingsAnswer>(admin, 'settings', undefined, 'saveSettings', { settings: { ...settings, releases: RELEASES, roles: { ...roles, projectDefault: { ...roles.projectDefault, 'IQVIA PM': ['not-an-account'] } } } });
    expect(typo).toMatchObject({ ok: false, error: { field: 'roles.projectDefault.IQVIA PM.0' } });
    expect((await must<SettingsAnswer>(admin, 'settings', undefined, 'getSettings')).releases).toEqual([]);

    const saved = await must<SettingsAnswer>(admin, 'settings', undefined, 'saveSettings', { settings: { ...settings, releases: RELEASES, roles, decisionMakers: { [ACME]: [PEOPLE.carla.accountId] }, vendorName: 'IQVIA' } });
    expect(saved.releases.map((r) => r.version)).toEqual(['24.1', '24.2', '25.1', '25.2']);
    // Names come from Jira, not from a list typed by the admin.
    expect(saved.directory[PEOPLE.carla.accountId]?.displayName).toBe(PEOPLE.carla.displayName);
  });

  test('the admin imports three customers\' environments: two bad rows are named and nothing is imported; the fixed file is', async () => {
    // "Check rows" (a dry run) names each bad row with its column and reason.
    const checked = await must<ImportReport>(admin, 'settings', undefined, 'importEnvironments', { csv: BAD_CSV, dryRun: true });
    expect(checked.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'iq version'],
      [7, 'source migrated'],
    ]);
    // "Import" with bad rows is refused as a whole, naming the first.
    expect(await act(admin, 'settings', undefined, 'importEnvironments', { csv: BAD_CSV, dryRun: false })).toMatchObject({ ok: false, error: { rule: 'importRowsInvalid', field: 'row 3: iq version' } });
    const acmeBefore = await must<{ selected: { environments: unknown[] } }>(admin, 'settings', undefined, 'getOrganizationEnvironments', { organizationId: ACME });
    expect(acmeBefore.selected.environments).toEqual([]);

    const imported = await must<ImportReport>(admin, 'settings', undefined, 'importEnvironments', { csv: FIXED_CSV, dryRun: false });
    expect([imported.errors, imported.notImported, imported.imported.map((o) => o.name).sort()]).toEqual([[], [], ['Acme Clinical Research', 'Globex Pharma', 'Northwind Trials']]);
    const acme = await must<{ selected: { environments: { name: string; version: string; state: string }[] } }>(admin, 'settings', undefined, 'getOrganizationEnvironments', { organizationId: ACME });
    expect(acme.selected.environments.map((e) => [e.name, e.version, e.state])).toEqual(
      expect.arrayContaining([
        ['PROD MAIN', '24.1', 'active'],
        ['PROD TEST', '24.1', 'active'],
        ['VAL MAIN', '24.1', 'active'],
        ['VAL TEST', '24.1', 'active'],
      ]),
    );
  });

  test('a request for a version the catalogue does not list is refused on the ticket, naming the releases', async () => {
    const key = await raise('11', { summary: 'VAL at 26.1', targetVersion: '26.1', currentVersion: '24.1', instances: ['VAL'] });
    expect((await publicComments(key)).join(' ')).toMatch(/25\.2.*25\.1.*24\.2/);
  });

  test('the VAL request across two releases: stage 1 links both releases\' notes, stage 18 is required, VAL is replaced', async () => {
    val = await raise('11', { summary: 'VAL at 25.1', targetVersion: '25.1', currentVersion: '24.1', instances: ['VAL'] });
    let view = await must(carla, 'portal', val, 'getPlanView');
    expect(stageOf(view, 1).releaseNotes?.map((r) => r.version)).toEqual(['24.2', '25.1']);
    expect(stageOf(view, 18).required).toBe(true);
    expect(stageOf(view, 4).guidance).toMatch(/terminate/i);
    // The customer decides the configuration approach: nothing is assumed.
    expect(stageOf(view, 5).status).not.toBe('done');
    await must(carla, 'portal', val, 'provideDetails', { kind: 'valRequest', details: { configuration: { mode: 'synchronise-latest' } } });
    await must(carla, 'portal', val, 'completeStage', { stage: 1 });
    for (const stage of [3, 4]) await must(pm, 'issue', val, 'completeStage', { stage });
    await must(engineer, 'issue', val, 'startStage', { stage: 6 });
    await mustRecordIq(engineer, val, { instance: 'VAL', reference: 'IQ-ACME-VAL-25.1' });
    await must(engineer, 'issue', val, 'completeStage', { stage: 6 });
    await must(pm, 'issue', val, 'completeStage', { stage: 7 });
    for (const stage of [8, 9]) await must(carla, 'portal', val, 'completeStage', { stage });
    const issue = await raise('12', { summary: 'Dosing export differs', targetVersion: '25.1' });
    await must(carla, 'portal', val, 'completeStage', { stage: 10 });
    const transitions = await call(runtime.url, 'GET', `/rest/api/3/issue/${issue}/transitions?expand=transitions.fields`, { as: support });
    const resolve = (transitions.body.transitions as { id: string; to: { name: string } }[]).find((t) => t.to.name === 'Resolved')!;
    const resolved = await call(runtime.url, 'POST', `/rest/api/3/issue/${issue}/transitions`, { as: support, json: { transition: { id: resolve.id }, fields: { resolution: { name: 'Done' } } } });
    expect(resolved.status).toBe(204);
    await runtime.settle();
    await must(support, 'issue', val, 'addressPart', { stage: 11, part: issue });
    view = await mustSign(carla, 'portal', val, 'completeStage', { stage: 12 });
    expect(stageOf(view, 11).status).toBe('done');
  });

  test('the PROD request: the slot proposed by the PM and agreed by the customer, then the Day of Upgrade to a No-Go', async () => {
    const preferred = new Date(Date.now() + 14 * 24 * HOUR).toISOString().slice(0, 13) + ':00';
    prod = await raise('13', { summary: 'PROD to 25.1', targetVersion: '25.1', currentVersion: '24.1', instances: ['PROD MAIN', 'PROD TEST'], preferredSlots: [preferred] });
    await must(carla, 'portal', prod, 'provideDetails', { kind: 'prodRequest', details: { configuration: { mode: 'synchronise-latest' } } });
    await must(pm, 'issue', prod, 'completeStage', { stage: 14 });
    await must(engineer, 'issue', prod, 'completeStage', { stage: 15 });
    const slot = `${preferred}:00.000Z`;
    await must(pm, 'issue', prod, 'proposeStage', { stage: 16, value: slot });
    const agreed = await must(carla, 'portal', prod, 'agreeStage', { stage: 16 });
    expect(stageOf(agreed, 16).status).toBe('done');

    await dayOfUpgrade(prod, '1');
    const decided = await mustSign(carla, 'portal', prod, 'decideStage', { stage: 24, outcome: 'No-Go', reason: 'Final QC found differences in the dosing export' });
    // PROD MAIN is not rolled back by the click: the engineer's restore is open.
    expect(environmentsOf(decided).find((e) => e.name === 'PROD MAIN')?.state).not.toBe('rolled back');
    expect(stageOf(decided, 14).status).toBe('done');
  });

  test('the engineer restores PROD MAIN; the plan returns to Prep for Upgrade; the second attempt goes to Go and closes on PROD\'s IQ documentation', async () => {
    // Started in the minute of the decision, ended now: the restore took under the hour the seed expects.
    const startedAt = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const restored = await must(engineer, 'issue', prod, 'recordRestore', { startedAt, endedAt: new Date().toISOString(), version: '24.1', note: 'restored from the stage 20 snapshot' });
    expect(environmentsOf(restored).find((e) => e.name === 'PROD MAIN')).toMatchObject({ state: 'rolled back', version: '24.1' });
    expect(stageOf(restored, 16).status).toBe('todo');
    expect((await publicComments(prod)).join(' ')).toContain('PROD MAIN runs 24.1 again');

    await must(pm, 'issue', prod, 'completeStage', { stage: 14 });
    const secondSlot = new Date(Date.now() + 7 * 24 * HOUR).toISOString().slice(0, 13) + ':00:00.000Z';
    await must(pm, 'issue', prod, 'proposeStage', { stage: 16, value: secondSlot, reason: 'A new slot after the No-Go' });
    await must(carla, 'portal', prod, 'agreeStage', { stage: 16 });
    await dayOfUpgrade(prod, '2');
    await mustSign(carla, 'portal', prod, 'decideStage', { stage: 24, outcome: 'Go' });
    for (const stage of [25, 26]) await must(engineer, 'issue', prod, 'completeStage', { stage });
    const tested = await must(carla, 'portal', prod, 'completeStage', { stage: 27 });
    expect(environmentsOf(tested).filter((e) => e.name.startsWith('PROD')).map((e) => [e.name, e.version, e.readiness])).toEqual([
      ['PROD MAIN', '25.1', 'iq-pending'],
      ['PROD TEST', '25.1', 'iq-pending'],
    ]);
    expect(await signed(carla, 'portal', prod, 'completeStage', { stage: 28 })).toMatchObject({ ok: false, error: { rule: 'prodIqDocumentedBeforeClosing' } });
    // Unsigned, the IQ record is refused and nothing is recorded; signed, it is kept with its signature.
    expect(await act(engineer, 'issue', prod, 'recordIqDocumentation', { instance: 'PROD', reference: 'IQ-ACME-PROD-25.1' })).toMatchObject({ ok: false, error: { rule: 'signatureRequired', field: 'signature' } });
    const documented = await mustRecordIq(engineer, prod, { instance: 'PROD', reference: 'IQ-ACME-PROD-25.1' });
    expect(environmentsOf(documented).find((e) => e.name === 'PROD MAIN')!.iqDocumentation.at(-1)!.signature).toMatchObject({ name: PEOPLE.engineer.displayName, check: 'valid' });
    const closed = await mustSign(carla, 'portal', prod, 'completeStage', { stage: 28 });
    expect(closed.summary).toMatchObject({ phase: 'Complete', decision: 'Go', attempt: 2 });
  });
});

/** Stages 17–23 of one attempt: the customer's checks, the engineer's backups of PROD MAIN and TEST, the upgrade of MAIN. */
async function dayOfUpgrade(prod: string, attempt: string): Promise<void> {
  for (const stage of [17, 18, 19]) await must(carla, 'portal', prod, 'completeStage', { stage });
  for (const instance of ['PROD MAIN', 'PROD TEST']) await must(engineer, 'issue', prod, 'recordBackup', { instance, version: '24.1', reference: `snap-${instance.replace(' ', '-')}-${attempt}` });
  for (const stage of [20, 21, 22]) await must(engineer, 'issue', prod, 'completeStage', { stage });
  await must(carla, 'portal', prod, 'completeStage', { stage: 23 });
}
