/**
 * Pickers and the environment import name customers by their JSM organizations: the app lists them as itself
 * (GET /rest/servicedeskapi/organization), page after page, through the real @forge/api and the manifest's scopes.
 */
import { ForgeJiraClient } from '../../src/forge/jiraClient';
import { ForgeAppHarness, ORGS } from '../support/forgeApp';

describe('ForgeJiraClient.listOrganizations', () => {
  let app: ForgeAppHarness;
  afterEach(() => app.close());

  test('lists every organization of the site, sorted by name, as the app', async () => {
    app = new ForgeAppHarness();
    app.host.resetCounters();
    const organizations = await app.host.runAs(undefined, () => new ForgeJiraClient({ kind: 'resolver' }).listOrganizations());
    expect(organizations).toEqual([...ORGS].sort((a, b) => a.name.localeCompare(b.name)));
    expect(app.host.counters.jira.asUser).toBe(0);
  });

  test('reads past the first page of 50', async () => {
    app = new ForgeAppHarness();
    for (let i = 0; i < 60; i += 1) app.jira.addOrganization({ id: String(100 + i), name: `Customer ${String(i).padStart(2, '0')}` });
    const organizations = await app.host.runAs(undefined, () => new ForgeJiraClient({ kind: 'resolver' }).listOrganizations());
    expect(organizations).toHaveLength(62);
    expect(organizations.map((o) => o.name)).toContain('Customer 59');
  });
});
