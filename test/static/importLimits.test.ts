import * as server from '../../src/app/importLimits';
import * as panel from '../../static/settings-page/src/importLimits';

describe('the settings page names the environment import as the server checks it', () => {
  it('with the same columns, byte and row limits', () => {
    expect(panel.IMPORT_COLUMNS).toEqual(server.IMPORT_COLUMNS);
    expect(panel.IMPORT_MAX_BYTES).toBe(server.IMPORT_MAX_BYTES);
    expect(panel.IMPORT_MAX_ROWS).toBe(server.IMPORT_MAX_ROWS);
  });
});
