import { kvs } from '@forge/kvs';
import type { PlanView } from '../../src/app/planView';
import type { SettingsAnswer } from '../../src/app/projectSettings';
import type { AppSettings } from '../../src/app/settings';
import { settingsKeyOf } from '../../src/forge/planStore';
import { ForgeAppHarness, PEOPLE, TEST_RELEASES, testSettings } from '../support/forgeApp';

const ADMIN = { accountId: 'acc-admin', surface: 'jira:projectSettingsPage' as const };
const PORTAL = 'jiraServiceManagement:portalRequestDetailPanel' as const;
const VAL_FORM = { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' };

/** Settings as a release of the app before the catalogue stored them: releases as bare versions. */
const olderSettings = (): AppSettings => ({ ...testSettings(), releases: ['24.1', '24.2', '25.1', '25.2'] as unknown as AppSettings['releases'] });

describe('the release catalogue decides which versions a request may name (intake)', () => {
  let app: ForgeAppHarness;
  afterEach(() => app.close());

  test('a request for a version that is not a known release is refused on its ticket, naming the known ones latest first; no plan is made', async () => {
    app = new ForgeAppHarness();
    await app.saveSettings();
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, { ...VAL_FORM, targetVersion: '25.7' });
    expect(app.eventOutcomes.at(-1)).toEqual({ outcome: 'refused', why: 'ClinSpark 25.7 is not a known release. The known releases are 25.2, 25.1, 24.2 and 24.1.' });
    const comments = await app.comments(key);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ internal: false, text: expect.stringContaining('This request cannot start or join a ClinSpark plan: ClinSpark 25.7 is not a known release. The known releases are 25.2, 25.1, 24.2 and 24.1.') });
    expect(await kvs.get(`ticket:${key}`)).toBeUndefined();
    expect(await app.invoke('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key })).toMatchObject({ ok: false, error: { rule: 'planExists' } });
  });

  test('until the catalogue has releases, every request is refused saying the service desk is not set up, IQVIA\'s to fix; once the admin adds them, a new request starts its plan', async () => {
    app = new ForgeAppHarness();
    await app.saveSettings({ ...testSettings(), releases: [] });
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    expect(app.eventOutcomes.at(-1)).toMatchObject({ outcome: 'refused' });
    const [comment] = await app.comments(key);
    expect(comment!.internal).toBe(false);
    expect(comment!.text).toContain('this service desk has no ClinSpark releases set up yet, so version 25.2 cannot be checked. This is for IQVIA to fix');
    expect(await kvs.get(`ticket:${key}`)).toBeUndefined();

    const saved = await app.invoke<SettingsAnswer>('saveSettings', { settings: testSettings() }, ADMIN);
    expect(saved.ok).toBe(true);
    await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    expect(app.eventOutcomes.at(-1)).toMatchObject({ outcome: 'created', planId: 'upgrade-1-25.2' });
  });

  test('rule 2 from the catalogue: 24.1 → 25.2 crosses three releases, stage 18 is required, and stage 1 links each one\'s notes, in the portal too', async () => {
    app = new ForgeAppHarness();
    await app.saveSettings();
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const view = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-acme', ticketKey: key, surface: PORTAL });
    if (!view.ok) throw new Error(view.error.message);
    const stages = view.data.phases.flatMap((p) => p.stages);
    expect(view.data.releasesCrossed).toEqual(['24.2', '25.1', '25.2']);
    expect(stages.find((s) => s.number === 18)).toMatchObject({ required: true, guidance: 'Required: the upgrade crosses 3 releases.' });
    expect(stages.find((s) => s.number === 1)!.releaseNotes).toEqual(TEST_RELEASES.slice(1));
  });
});

describe('the release catalogue in the settings (edge validation, older settings)', () => {
  let app: ForgeAppHarness;
  beforeEach(() => {
    app = new ForgeAppHarness();
  });
  afterEach(() => app.close());

  test.each([
    ['a link that is not https', (r: AppSettings['releases']) => [r[0], r[1], { ...r[2]!, notesUrl: 'http://docs.clinspark.example/releases/25.1' }, r[3]], 'releases.2.notesUrl', 'the link to the release notes, starting with https://'],
    ['a date that does not exist', (r: AppSettings['releases']) => [{ ...r[0]!, date: '2024-02-30' }, ...r.slice(1)], 'releases.0.date', 'the release date, a real day written yyyy-MM-dd such as 2025-03-14'],
    ['a version listed twice', (r: AppSettings['releases']) => [...r, { ...r[1]!, version: '24.2.0' }], 'releases.4.version', '24.2.0 is listed twice (also row 2): keep one row per release'],
    ['a version that is not one', (r: AppSettings['releases']) => [...r.slice(0, 3), { ...r[3]!, version: '25.x' }], 'releases.3.version', 'a ClinSpark version such as 25.1'],
    ['a new release without its date', (r: AppSettings['releases']) => [...r, { version: '26.1', date: null, notesUrl: 'https://docs.clinspark.example/releases/26.1' }], 'releases.4.date', 'give the day ClinSpark 26.1 was released (yyyy-MM-dd)'],
    ['a new release without its notes link', (r: AppSettings['releases']) => [{ version: '26.1', date: '2026-02-16', notesUrl: null }, ...r], 'releases.0.notesUrl', 'give the link to the release notes of ClinSpark 26.1 (https://…)'],
  ])('%s is refused naming the row and field; nothing is stored', async (_name, breakIt, field, message) => {
    await app.saveSettings();
    const before = await kvs.get(settingsKeyOf('FHSD'));
    const settings = { ...testSettings(), releases: breakIt(testSettings().releases) };
    const refused = await app.invoke('saveSettings', { settings }, ADMIN);
    expect(refused).toEqual({ ok: false, error: { rule: 'settingsValid', field, message: `${field}: ${message}` } });
    expect(await kvs.get(settingsKeyOf('FHSD'))).toEqual(before);
  });

  test('the catalogue is stored sorted by version, whatever the order of the rows', async () => {
    const saved = await app.invoke<SettingsAnswer>('saveSettings', { settings: { ...testSettings(), releases: [...TEST_RELEASES].reverse() } }, ADMIN);
    expect(saved.ok && saved.data.releases).toEqual(TEST_RELEASES);
    expect(((await kvs.get(settingsKeyOf('FHSD'))) as AppSettings).releases).toEqual(TEST_RELEASES);
  });

  test('settings saved by an older release (bare versions) are read as releases without date or notes; saved back as they are; a request still starts its plan', async () => {
    await app.saveSettings(olderSettings());
    const read = await app.invoke<SettingsAnswer>('getSettings', {}, ADMIN);
    const migrated = ['24.1', '24.2', '25.1', '25.2'].map((version) => ({ version, date: null, notesUrl: null }));
    expect(read.ok && read.data.releases).toEqual(migrated);

    // The admin saves another change without knowing the dates yet: the releases kept from before may stay without them.
    // The page sends back the settings, not what the answer adds to them (the guide, the site's organizations, the names).
    const { guide: _guide, organizations: _organizations, directory: _directory, ...answer } = read.ok ? read.data : ({} as SettingsAnswer);
    const resaved = await app.invoke<SettingsAnswer>('saveSettings', { settings: { ...answer, resolvedStatuses: ['Resolved', 'Closed', 'Done'] } }, ADMIN);
    expect(resaved.ok && resaved.data.releases).toEqual(migrated);
    // …and completes one; a date once given cannot be taken away again.
    const completed = [{ ...migrated[0]!, date: '2024-02-12', notesUrl: 'https://docs.clinspark.example/releases/24.1' }, ...migrated.slice(1)];
    expect(await app.invoke('saveSettings', { settings: { ...answer, releases: completed } }, ADMIN)).toMatchObject({ ok: true });
    expect(await app.invoke('saveSettings', { settings: { ...answer, releases: migrated } }, ADMIN)).toMatchObject({ ok: false, error: { field: 'releases.0.date' } });

    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    expect(app.eventOutcomes.at(-1)).toMatchObject({ outcome: 'created' });
    const view = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key });
    expect(view.ok && view.data.phases[0]!.stages[0]!.releaseNotes).toEqual(migrated.slice(1));
  });
});
