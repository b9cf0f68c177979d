import { kvs } from '@forge/kvs';
import type { SettingsAnswer } from '../../src/app/projectSettings';
import { validateSettings } from '../../src/app/projectSettings';
import { defaultSettings } from '../../src/app/settings';
import { PlanRefusal } from '../../src/domain/errors';
import { settingsKeyOf } from '../../src/forge/planStore';
import { ForgeAppHarness, testSettings } from '../support/forgeApp';

const ADMIN = { accountId: 'acc-admin', surface: 'jira:projectSettingsPage' as const };

function refusalOf(run: () => unknown): PlanRefusal | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof PlanRefusal) return error;
    throw error;
  }
  return undefined;
}

describe('validateSettings: vendorName', () => {
  const { fields: _f, ...base } = defaultSettings('FHSD');
  test('is trimmed; absent (settings of older releases, or a client that does not send it), it is the default', () => {
    expect(validateSettings({ ...base, vendorName: '  Foundation Health ' }).vendorName).toBe('Foundation Health');
    const { vendorName: _v, ...older } = base;
    expect(validateSettings(older).vendorName).toBe('IQVIA');
  });

  test('empty or over 80 characters is refused, naming the field', () => {
    expect(refusalOf(() => validateSettings({ ...base, vendorName: '   ' }))).toMatchObject({ rule: 'settingsValid', field: 'vendorName', message: "vendorName: the vendor's name as customers know it, 1 to 80 characters" });
    expect(refusalOf(() => validateSettings({ ...base, vendorName: 'x'.repeat(81) }))).toMatchObject({ rule: 'settingsValid', field: 'vendorName' });
    expect(refusalOf(() => validateSettings({ ...base, vendorName: 42 }))).toMatchObject({ field: 'vendorName' });
  });
});

describe('saveProjectSettings: vendorName', () => {
  let app: ForgeAppHarness;
  beforeEach(async () => {
    app = new ForgeAppHarness();
    await app.saveSettings();
  });
  afterEach(() => app.close());

  test('the settings page reads the vendor in force, with the note on where plans name it; a refused name changes nothing', async () => {
    const read = await app.invoke<SettingsAnswer>('getSettings', {}, ADMIN);
    expect(read.ok && read.data.vendorName).toBe('IQVIA');
    expect(read.ok && read.data.guide.help.vendorName).toContain('each plan keeps the name it was opened under');
    const before = await kvs.get(settingsKeyOf('FHSD'));
    const refused = await app.invoke('saveSettings', { settings: { ...testSettings(), fields: null, vendorName: '' } }, ADMIN);
    expect(refused).toMatchObject({ ok: false, error: { rule: 'settingsValid', field: 'vendorName' } });
    expect(await kvs.get(settingsKeyOf('FHSD'))).toEqual(before);
    const saved = await app.invoke<SettingsAnswer>('saveSettings', { settings: { ...testSettings(), fields: null, vendorName: 'Foundation Health' } }, ADMIN);
    expect(saved.ok && saved.data.vendorName).toBe('Foundation Health');
  });
});
