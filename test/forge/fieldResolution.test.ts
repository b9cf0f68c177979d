import { kvs } from '@forge/kvs';
import type { AppSettings } from '../../src/app/settings';
import { fieldsKeyOf, settingsKeyOf } from '../../src/forge/planStore';
import { MULTI_SELECT, SELECT_LIST, TEXT_AREA, TEXT_FIELD } from '../../src/local/jira';
import { ForgeAppHarness, PEOPLE, testSettings } from '../support/forgeApp';

const ADMIN = { accountId: 'acc-admin', surface: 'jira:projectSettingsPage' as const };
const FIELD_LIST = 'GET /rest/api/3/field';
const VAL_FORM = { targetVersion: '25.2', currentVersion: '24.1', instances: [{ value: 'VAL' }] };

/** A site whose Jira admin created the form's fields in another order: ids nothing like the demo's. */
const OTHER_SITE = {
  customFields: [
    { id: 'customfield_11800', name: 'Scenario', schema: TEXT_FIELD },
    { id: 'customfield_11801', name: 'ClinSpark target version', schema: SELECT_LIST },
    { id: 'customfield_11802', name: 'Current version', schema: SELECT_LIST },
    { id: 'customfield_11803', name: 'Instances', schema: MULTI_SELECT },
    { id: 'customfield_11804', name: 'Configurations to keep', schema: TEXT_AREA },
    { id: 'customfield_11805', name: 'Preferred slots', schema: TEXT_AREA },
  ],
  formFieldIds: { scenario: 'customfield_11800', targetVersion: 'customfield_11801', currentVersion: 'customfield_11802', instances: 'customfield_11803', keepConfigurations: 'customfield_11804', preferredSlots: 'customfield_11805' },
};
const otherSiteSettings = (): AppSettings => ({ ...testSettings(), formFieldNames: { ...testSettings().formFieldNames, targetVersion: 'ClinSpark target version' } });

describe('the Jira fields the app reads are found in Jira, once', () => {
  let app: ForgeAppHarness;
  afterEach(() => app.close());

  test('the admin\'s save finds them by type and by name, and keeps them: tickets and panels then ask Jira for no field list', async () => {
    app = new ForgeAppHarness(undefined, OTHER_SITE);
    const saved = await app.invoke<AppSettings>('saveSettings', { settings: otherSiteSettings() }, ADMIN);
    expect(saved.ok && saved.data.fields?.targetVersion).toEqual({ id: 'customfield_11801', foundBy: { name: 'ClinSpark target version' } });
    expect(saved.ok && saved.data.fields?.organizations).toEqual({ id: 'customfield_10002', foundBy: { schema: 'com.atlassian.servicedesk:sd-customer-organizations' } });
    expect(app.host.counters.jira.byRoute[FIELD_LIST]).toBe(1);

    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    expect(app.eventOutcomes.at(-1)).toMatchObject({ outcome: 'created', planId: 'upgrade-1-25.2' });
    app.host.resetCounters();
    const view = await app.invoke('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key });
    expect(view.ok).toBe(true);
    expect(app.host.counters.jira.total).toBe(0);
    const reread = await app.invoke<AppSettings>('getSettings', {}, ADMIN);
    expect(reread.ok && reread.data.fields).toEqual(saved.ok && saved.data.fields);
    expect(app.host.counters.jira.byRoute[FIELD_LIST]).toBeUndefined();
  });

  test('a form field name Jira does not know is refused on save, naming the setting; nothing is stored', async () => {
    app = new ForgeAppHarness();
    await app.saveSettings();
    const before = [await kvs.get(settingsKeyOf('FHSD')), await kvs.get(fieldsKeyOf('FHSD'))];
    const settings = { ...testSettings(), releases: [{ version: '26.1', date: '2026-02-16', notesUrl: 'https://docs.clinspark.example/releases/26.1' }], formFieldNames: { ...testSettings().formFieldNames, instances: 'Environments' } };
    const refused = await app.invoke('saveSettings', { settings }, ADMIN);
    expect(refused).toEqual({ ok: false, error: { rule: 'fieldsFound', field: 'formFieldNames.instances', message: 'formFieldNames.instances: Jira has no custom field named "Environments"' } });
    expect([await kvs.get(settingsKeyOf('FHSD')), await kvs.get(fieldsKeyOf('FHSD'))]).toEqual(before);
  });

  test('settings saved before the fields were found: the first ticket event finds and keeps them, the next one makes no field-list call', async () => {
    app = new ForgeAppHarness(undefined, OTHER_SITE);
    await app.saveSettings(otherSiteSettings(), { findFields: false });
    const stored = await kvs.get(settingsKeyOf('FHSD'));
    const first = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    expect(app.eventOutcomes.at(-1)).toMatchObject({ outcome: 'created', planId: 'upgrade-1-25.2' });
    expect(app.host.counters.jira.byRoute[FIELD_LIST]).toBe(1);
    expect(await kvs.get(fieldsKeyOf('FHSD'))).toMatchObject({ targetVersion: { id: 'customfield_11801' } });
    // The admin's record is left as the admin saved it: the event wrote only the fields it found.
    expect(await kvs.get(settingsKeyOf('FHSD'))).toEqual(stored);

    await app.raise('VAL environment request', PEOPLE.betaCustomer!, VAL_FORM);
    expect(app.eventOutcomes.at(-1)).toMatchObject({ outcome: 'created', planId: 'upgrade-2-25.2' });
    expect(app.host.counters.jira.byRoute[FIELD_LIST]).toBe(1);
    expect(first).toBe('FHSD-1');
  });

  test('a form field renamed in the settings since its id was found is found again', async () => {
    app = new ForgeAppHarness(undefined, OTHER_SITE);
    await app.saveSettings({ ...testSettings(), formFieldNames: { ...testSettings().formFieldNames, targetVersion: 'Current version' } });
    expect(await kvs.get(fieldsKeyOf('FHSD'))).toMatchObject({ targetVersion: { id: 'customfield_11802' } });
    await app.saveSettings(otherSiteSettings(), { findFields: false });
    await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    expect(app.eventOutcomes.at(-1)).toMatchObject({ outcome: 'created', planId: 'upgrade-1-25.2' });
    expect(await kvs.get(fieldsKeyOf('FHSD'))).toMatchObject({ targetVersion: { id: 'customfield_11801', foundBy: { name: 'ClinSpark target version' } } });
  });

  test('when a name matches no field, the ticket event is refused for the admin to fix; the customer\'s ticket gets no comment and no plan starts', async () => {
    app = new ForgeAppHarness(undefined, OTHER_SITE);
    await app.saveSettings(testSettings(), { findFields: false });
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    expect(app.eventOutcomes.at(-1)).toEqual({ outcome: 'refused', why: expect.stringContaining('formFieldNames.targetVersion: Jira has no custom field named "Target version"') });
    expect(await app.comments(key)).toEqual([]);
    expect(await kvs.get(fieldsKeyOf('FHSD'))).toBeUndefined();
    expect(await kvs.get(`ticket:${key}`)).toBeUndefined();
  });
});
