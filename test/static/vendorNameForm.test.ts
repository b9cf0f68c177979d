import { settingsGuide, validateSettings } from '../../src/app/projectSettings';
import { defaultSettings } from '../../src/app/settings';
import { fieldKeys, fromForm, toForm } from '../../static/settings-page/src/model';

const GUIDE = settingsGuide();

describe('settings form model: vendorName', () => {
  test('round-trips the vendor, trimmed; what it sends passes the server\'s validation unchanged', () => {
    const form = { ...toForm(defaultSettings()), vendorName: '  Foundation Health ' };
    const { settings } = fromForm(form, GUIDE);
    expect(settings?.vendorName).toBe('Foundation Health');
    expect(validateSettings(settings).vendorName).toBe('Foundation Health');
  });

  test('settings of older releases without one show an empty field, and an empty or overlong name is refused, keyed as the server names it', () => {
    const { vendorName: _v, ...older } = defaultSettings();
    const form = toForm(older);
    expect(form.vendorName).toBe('');
    expect(fromForm(form, GUIDE).errors.vendorName).toBe('Give the vendor\'s name as your customers know it (such as IQVIA).');
    expect(fromForm({ ...form, vendorName: 'x'.repeat(81) }, GUIDE).errors.vendorName).toBe('A vendor name is at most 80 characters.');
    expect(fieldKeys(form)).toContain('vendorName');
  });
});
