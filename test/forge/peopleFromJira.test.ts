/**
 * Issue #13, deliverable 3: people and organizations come from Jira. The settings' people are checked against Jira on
 * save, field by field; a save that takes roles away on open plans warns first; names and avatars are cached so that a
 * panel load still asks Jira nothing. Driven through the real resolvers, @forge/kvs and @forge/api, against the stand-in.
 */
import { kvs } from '@forge/kvs';
import type { RoleRemoval } from '../../src/app/people';
import type { PlanView } from '../../src/app/planView';
import type { SettingsAnswer } from '../../src/app/projectSettings';
import type { AppSettings } from '../../src/app/settings';
import { PEOPLE_KEY, settingsKeyOf } from '../../src/forge/planStore';
import { ForgeAppHarness, PEOPLE, testSettings, type Surface } from '../support/forgeApp';
import { kvsState } from '../reliability/support';
import { JiraContract, type SentRequest } from '../support/openapi';

const SETTINGS_PAGE: Surface = 'jira:projectSettingsPage';
const ADMIN = { accountId: 'acc-admin', surface: SETTINGS_PAGE };
const VAL_FORM = { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' };

type Refusal = { ok: false; error: { rule: string; field: string | null; message: string; roleRemovals?: RoleRemoval[] } };

/** Settings as the page sends them: no fields (found again on save), no directory. */
function pageSettings(change: (s: AppSettings) => AppSettings = (s) => s): Record<string, unknown> {
  const { fields: _fields, directory: _directory, ...settings } = change(testSettings());
  return settings as unknown as Record<string, unknown>;
}

describe('saving the settings: every person and organization is one Jira knows', () => {
  let app: ForgeAppHarness;
  beforeEach(() => {
    app = new ForgeAppHarness();
  });
  afterEach(() => app.close());

  const refusedWithNothingSaved = async (settings: Record<string, unknown>, field: string, message: RegExp): Promise<void> => {
    const before = kvsState(app);
    const answer = await app.invoke('saveSettings', { settings }, ADMIN);
    expect(answer).toMatchObject({ ok: false, error: { rule: 'settingsValid', field } });
    expect((answer as Refusal).error.message).toMatch(message);
    expect(kvsState(app)).toEqual(before);
  };

  test('an account id no Jira user has is refused, naming its field; nothing is saved', async () => {
    await refusedWithNothingSaved(
      pageSettings((s) => ({ ...s, roles: { ...s.roles, organizations: { ...s.roles.organizations, '1': { Customer: ['acc-acme'], 'IQVIA PM': ['garbage-id'] } } } })),
      'roles.organizations.1.IQVIA PM.0',
      /^roles\.organizations\.1\.IQVIA PM\.0: no Jira user has the account id "garbage-id"/,
    );
  });

  test('a portal customer in an IQVIA role, and an agent listed twice, are refused naming the person', async () => {
    await refusedWithNothingSaved(pageSettings((s) => ({ ...s, roles: { ...s.roles, projectDefault: { ...s.roles.projectDefault, 'IQVIA Engineer': ['acc-eng', 'acc-acme'] } } })), 'roles.projectDefault.IQVIA Engineer.1', /Alice Acme is a portal customer; IQVIA Engineer needs a Jira user/);
    await refusedWithNothingSaved(pageSettings((s) => ({ ...s, roles: { ...s.roles, projectDefault: { ...s.roles.projectDefault, 'IQVIA PM': ['acc-pm', 'acc-pm'] } } })), 'roles.projectDefault.IQVIA PM.1', /Paula PM is already listed/);
  });

  test('a deactivated account is refused', async () => {
    app.jira.addUser({ accountId: 'acc-gone', displayName: 'Gus Gone', emailAddress: 'gus@iqvia.test', active: false });
    await refusedWithNothingSaved(pageSettings((s) => ({ ...s, roles: { ...s.roles, projectDefault: { ...s.roles.projectDefault, 'IQVIA Support': ['acc-gone'] } } })), 'roles.projectDefault.IQVIA Support.0', /Gus Gone's Jira account is deactivated/);
  });

  test('an unknown decision maker and an unknown organization are refused the same way', async () => {
    await refusedWithNothingSaved(pageSettings((s) => ({ ...s, decisionMakers: { '1': ['acc-acme', 'nobody'] } })), 'decisionMakers.1.1', /no Jira user has the account id "nobody"/);
    await refusedWithNothingSaved(pageSettings((s) => ({ ...s, roles: { ...s.roles, organizations: { ...s.roles.organizations, '99': { Customer: ['acc-beta'] } } } })), 'roles.organizations.99', /no Service Management organization has the id "99"/);
    await refusedWithNothingSaved(pageSettings((s) => ({ ...s, decisionMakers: { '42': ['acc-acme'] } })), 'decisionMakers.42', /no Service Management organization has the id "42"/);
  });

  test('good settings are saved with the names and avatars Jira gave, and the page gets the organizations to pick from', async () => {
    const answer = await app.invoke<SettingsAnswer>('saveSettings', { settings: pageSettings() }, ADMIN);
    expect(answer.ok).toBe(true);
    const saved = (answer as { ok: true; data: SettingsAnswer }).data;
    expect(saved.organizations).toEqual([
      { id: '1', name: 'Acme Clinical' },
      { id: '2', name: 'Beta Research' },
    ]);
    expect(saved.directory['acc-pm']).toEqual({ accountId: 'acc-pm', displayName: 'Paula PM', accountType: 'atlassian', avatarUrl: expect.stringMatching(/^http:\/\/.+ownerId=acc-pm/) });
    expect(saved.directory['acc-acme']).toMatchObject({ displayName: 'Alice Acme', accountType: 'customer' });
    const cache = (await app.host.runAs('acc-admin', () => kvs.get<Record<string, { displayName: string }>>(PEOPLE_KEY)))!;
    // Everyone named, and the admin who saved (they act on plans too).
    expect(Object.keys(cache).sort()).toEqual(['acc-acme', 'acc-admin', 'acc-beta', 'acc-eng', 'acc-pm', 'acc-ss', 'acc-sup']);
    const read = await app.invoke<SettingsAnswer>('getSettings', {}, ADMIN);
    expect(read.ok && read.data.directory['acc-sup']?.displayName).toBe('Sam Support');
  });

  test('the hand-kept directory of an older release is read, shown where Jira has no answer yet, and dropped on the next save', async () => {
    await app.saveSettings({ ...testSettings(), people: { 'acc-pm': 'Paula (old name)', 'acc-sup': 'Sam S.' } });
    await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const key = 'FHSD-1';
    const before = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-sup', ticketKey: key });
    // The reporter came from Jira with the ticket; the PM only from the old directory.
    expect(before.ok && before.data.names).toMatchObject({ 'acc-pm': 'Paula (old name)', 'acc-acme': 'Alice Acme' });
    const saved = await app.invoke('saveSettings', { settings: { ...pageSettings(), people: { 'acc-pm': 'Whatever the old page sent' } } }, ADMIN);
    expect(saved.ok).toBe(true);
    const stored = await app.host.runAs('acc-admin', () => kvs.get<Record<string, unknown>>(settingsKeyOf('FHSD')));
    expect(stored).not.toHaveProperty('people');
    const after = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-sup', ticketKey: key });
    expect(after.ok && after.data.names['acc-pm']).toBe('Paula PM');
  });
});

describe('a save that takes roles away from people on open plans warns first', () => {
  let app: ForgeAppHarness;
  let key: string;
  beforeEach(async () => {
    app = new ForgeAppHarness();
    expect((await app.invoke('saveSettings', { settings: pageSettings() }, ADMIN)).ok).toBe(true);
    key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
  });
  afterEach(() => app.close());

  test('the answer names the plan, its ticket, and who loses which role; nothing is saved until the admin confirms', async () => {
    const settings = pageSettings((s) => ({ ...s, roles: { ...s.roles, organizations: { ...s.roles.organizations, '1': { Customer: ['acc-acme2'] } } } }));
    const before = kvsState(app);
    const warned = (await app.invoke('saveSettings', { settings }, ADMIN)) as Refusal;
    expect(warned).toMatchObject({ ok: false, error: { rule: 'roleRemovalsUnconfirmed', field: 'confirmRoleRemovals' } });
    expect(warned.error.roleRemovals).toEqual([{ planId: expect.any(String), title: expect.stringContaining('25.2'), ticketKey: key, organizationId: '1', losses: [{ accountId: 'acc-acme', name: 'Alice Acme', role: 'Customer' }] }]);
    expect(warned.error.message).toContain(`${key} "`);
    expect(warned.error.message).toContain('Alice Acme loses Customer');
    expect(kvsState(app)).toEqual(before);

    const confirmed = await app.invoke<SettingsAnswer>('saveSettings', { settings, confirmRoleRemovals: true }, ADMIN);
    expect(confirmed.ok && confirmed.data.roles.organizations['1']).toEqual({ Customer: ['acc-acme2'] });
  });

  test('a project default that changes warns on the plans of organizations without their own list; a change elsewhere does not', async () => {
    const noPm = pageSettings((s) => ({ ...s, roles: { ...s.roles, projectDefault: { ...s.roles.projectDefault, 'IQVIA PM': ['acc-eng'] } } }));
    const warned = (await app.invoke('saveSettings', { settings: noPm }, ADMIN)) as Refusal;
    expect(warned.error.roleRemovals?.[0]?.losses).toEqual([{ accountId: 'acc-pm', name: 'Paula PM', role: 'IQVIA PM' }]);
    // Beta has no open plan: changing its people takes nothing from anyone.
    const betaOnly = pageSettings((s) => ({ ...s, roles: { ...s.roles, organizations: { ...s.roles.organizations, '2': { Customer: ['acc-acme2'] } } } }));
    expect((await app.invoke('saveSettings', { settings: betaOnly }, ADMIN)).ok).toBe(true);
  });

  test("naming decision makers takes the seat from the default one (the plan's reporter until a PROD request names its own)", async () => {
    const deciders = pageSettings((s) => ({ ...s, roles: { ...s.roles, organizations: { ...s.roles.organizations, '1': { Customer: ['acc-acme', 'acc-acme2'] } } }, decisionMakers: { '1': ['acc-acme2'] } }));
    const answer = (await app.invoke('saveSettings', { settings: deciders }, ADMIN)) as Refusal;
    expect(answer.error.roleRemovals?.map((r) => r.losses)).toEqual([[{ accountId: 'acc-acme', name: 'Alice Acme', role: 'Decision maker' }]]);
  });
});

describe('names and avatars in the panels, with no Jira call at panel load', () => {
  let app: ForgeAppHarness;
  beforeEach(async () => {
    app = new ForgeAppHarness();
    expect((await app.invoke('saveSettings', { settings: pageSettings() }, ADMIN)).ok).toBe(true);
  });
  afterEach(() => app.close());

  test('a panel load shows everyone the plan names with Jira\'s name and avatar, in two KVS reads and no Jira call', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    app.host.resetCounters();
    const view = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key });
    expect(app.host.counters.jira.total).toBe(0);
    expect(app.host.counters.kvs.requests).toBe(2);
    expect(view.ok).toBe(true);
    const data = (view as { ok: true; data: PlanView }).data;
    expect(data.names).toMatchObject({ 'acc-acme': 'Alice Acme', 'acc-pm': 'Paula PM', 'acc-eng': 'Eric Engineer' });
    expect(data.avatars['acc-pm']).toMatch(/^http:\/\/.+\/secure\/useravatar\?size=24&ownerId=acc-pm$/);
    expect(data.phases.flatMap((p) => p.stages).find((s) => s.owner === 'acc-eng')?.ownerName).toBe('Eric Engineer');
  });

  test('a reporter the settings do not name is remembered from their ticket, at no extra Jira call; a refused ticket remembers no one', async () => {
    const ana = { accountId: 'acc-acme3', displayName: 'Ana Acme', emailAddress: 'ana@acme.test', accountType: 'customer' as const, organizationIds: ['1'] };
    app.jira.addUser(ana);
    app.host.resetCounters();
    const key = await app.raise('VAL environment request', ana, VAL_FORM);
    expect(app.eventOutcomes.at(-1)).toMatchObject({ outcome: 'created' });
    expect(app.host.counters.jira.asApp).toBeLessThanOrEqual(5);
    const view = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key });
    expect(view.ok && view.data.names['acc-acme3']).toBe('Ana Acme');

    const stray = { accountId: 'acc-stray', displayName: 'Stan Stray', emailAddress: 'stan@acme.test', accountType: 'customer' as const };
    app.jira.addUser(stray);
    // The form names Acme, which Stan does not belong to: refused.
    await app.raise('VAL environment request', { ...stray, organizationIds: ['1'] }, VAL_FORM);
    expect(app.eventOutcomes.at(-1)).toMatchObject({ outcome: 'refused' });
    const cache = await app.host.runAs('acc-admin', () => kvs.get<Record<string, unknown>>(PEOPLE_KEY));
    expect(cache).not.toHaveProperty('acc-stray');
  });
});

describe('the pickers search Jira as the admin, for the settings page only', () => {
  let app: ForgeAppHarness;
  beforeEach(async () => {
    app = new ForgeAppHarness();
    await app.saveSettings();
  });
  afterEach(() => app.close());

  test('agents for IQVIA roles; customers first for the Customer role and decision makers', async () => {
    const agents = await app.invoke<{ accountId: string; accountType: string }[]>('searchPeople', { query: 'a', kind: 'agent' }, ADMIN);
    expect(agents.ok && agents.data.map((p) => p.accountId)).toEqual(['acc-admin']);
    const customers = await app.invoke<{ accountId: string; accountType: string; avatarUrl: string | null }[]>('searchPeople', { query: 'a', kind: 'customer' }, ADMIN);
    expect(customers.ok && customers.data.map((p) => `${p.accountId}:${p.accountType}`)).toEqual(['acc-acme2:customer', 'acc-acme:customer', 'acc-admin:atlassian']);
    expect(customers.ok && customers.data[0]!.avatarUrl).toMatch(/useravatar/);
  });

  test("the save's and the search's Jira requests are the OpenAPI description's (user/bulk, user/picker: documented parameters only)", async () => {
    const sent: SentRequest[] = [];
    const original = app.jira.handle.bind(app.jira);
    app.jira.handle = async (request, caller) => {
      sent.push({ method: request.method, path: request.path });
      return original(request, caller);
    };
    expect((await app.invoke('saveSettings', { settings: pageSettings() }, ADMIN)).ok).toBe(true);
    expect((await app.invoke('searchPeople', { query: 'Alice A', kind: 'customer' }, ADMIN)).ok).toBe(true);
    const platform = sent.filter((r) => r.path.startsWith('/rest/api/3/'));
    expect(platform.map((r) => r.path.split('?')[0])).toEqual(expect.arrayContaining(['/rest/api/3/user/bulk', '/rest/api/3/user/picker']));
    expect(platform.flatMap((r) => new JiraContract().problemsWith(r))).toEqual([]);
  });

  test('from another module, or by someone who is not a project admin, the search is refused before asking Jira for anyone', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    app.host.resetCounters();
    expect(await app.invoke('searchPeople', { query: 'a', kind: 'agent' }, { accountId: 'acc-admin', ticketKey: key })).toMatchObject({ ok: false, error: { rule: 'projectAdmin' } });
    expect(app.host.counters.jira.total).toBe(0);
    expect(await app.invoke('searchPeople', { query: 'a', kind: 'agent' }, { accountId: 'acc-pm', surface: SETTINGS_PAGE })).toMatchObject({ ok: false, error: { rule: 'projectAdmin' } });
    expect(await app.invoke('searchPeople', { query: '', kind: 'agent' }, ADMIN)).toMatchObject({ ok: false, error: { rule: 'payloadValid', field: 'query' } });
  });
});
