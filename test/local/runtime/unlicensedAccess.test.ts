/**
 * access-to-forge-apps-for-unlicensed-users: "By default, Forge modules don't allow unlicensed user access. You can opt in
 * for unlicensed access via the manifest using the `unlicensedAccess` property on supported modules." A portal customer
 * gets the portal panel only when the manifest lists `customer` for it; the same runtime, the same person, the same
 * request, with and without the opt-in.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Runtime } from '../../../src/local/runtime';
import { DEMO_CUSTOM_FIELDS, DEMO_ORGANIZATION_LIST, DEMO_PEOPLE } from '../../../src/local/demo/cast';
import { JiraStandIn } from '../../../src/local/jira';
import { moduleAllows, readManifest, type PanelModule } from '../../../src/local/runtime/manifest';
import { deriveContext } from '../../../src/local/runtime/panel-contexts';
import { call, contextToken, invoke, MODULES, PEOPLE, start, tempDataDir } from './support';

jest.setTimeout(30_000);

const REPO = resolve(__dirname, '..', '..', '..');

/** This app with its manifest changed: src/ and static/ are the repository's own. */
function appWithManifest(change: (manifest: Record<string, any>) => void): { root: string; remove(): void } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const root = mkdtempSync(join(tmpdir(), 'fhsd-app-'));
  const manifest = parse(readFileSync(join(REPO, 'manifest.yml'), 'utf8'));
  change(manifest);
  writeFileSync(join(root, 'manifest.yml'), stringify(manifest));
  symlinkSync(join(REPO, 'src'), join(root, 'src'));
  symlinkSync(join(REPO, 'static'), join(root, 'static'));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A request Gina (a Globex customer) raises in the portal, through the REST API as her. */
async function ginasRequest(runtime: Runtime): Promise<string> {
  const created = await call(runtime.url, 'POST', '/rest/api/3/issue', { as: PEOPLE.gina.emailAddress, json: { fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: 'Question', customfield_10010: '14' } } });
  if (created.status !== 201) throw new Error(`create ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body.key as string;
}

test('the manifest opts the portal panel, and only it, in for customers', () => {
  const manifest = readManifest(REPO);
  expect(manifest.panels.map((p) => [p.key, p.unlicensedAccess])).toEqual([
    [MODULES.issue, []],
    [MODULES.portal, ['customer']],
    [MODULES.settings, []],
    // The calendar of slots is a full-page module (jiraServiceManagement:queuePage): Forge refuses unlicensedAccess on it.
    ['upgrade-slot-calendar', []],
  ]);
});

test('an unlicensedAccess value Forge does not know is a manifest error', () => {
  const app = appWithManifest((m) => {
    m.modules['jiraServiceManagement:portalRequestDetailPanel'][0].unlicensedAccess = ['customers'];
  });
  try {
    expect(() => readManifest(app.root)).toThrow(/unlicensedAccess of upgrade-plan-portal-panel/);
  } finally {
    app.remove();
  }
});

test('unlicensedAccess on a module type that does not support it is a manifest error naming the type, the module and the property', () => {
  for (const [type, key] of [['jiraServiceManagement:queuePage', 'upgrade-slot-calendar'], ['jira:projectSettingsPage', MODULES.settings]] as const) {
    const app = appWithManifest((m) => {
      m.modules[type][0].unlicensedAccess = ['customer'];
    });
    try {
      expect(() => readManifest(app.root)).toThrow(`${type} does not support the following Forge properties - 'unlicensedAccess' (module ${key})`);
    } finally {
      app.remove();
    }
  }
  // A module type the runtime does not show is checked too; a type that takes fewer account types refuses the others.
  const menu = appWithManifest((m) => {
    m.modules['jiraServiceManagement:portalUserMenuAction'] = [{ key: 'menu-action', title: 'Menu', unlicensedAccess: ['anonymous'] }];
  });
  try {
    expect(() => readManifest(menu.root)).toThrow('unlicensedAccess of menu-action must be a list of unlicensed, customer');
  } finally {
    menu.remove();
  }
});

test('a customer gets no context for the queue page, even from a module entry that lists customer', async () => {
  const jira = new JiraStandIn({ users: DEMO_PEOPLE, organizations: DEMO_ORGANIZATION_LIST, customFields: DEMO_CUSTOM_FIELDS });
  try {
    const gina = jira.store.findUser(PEOPLE.gina.accountId)!;
    const panel: PanelModule = { key: 'upgrade-slot-calendar', type: 'jiraServiceManagement:queuePage', title: 'Calendar', resourceKey: 'calendar-page', resolverFunction: 'panel-resolver', unlicensedAccess: ['customer'] };
    expect(moduleAllows(panel, 'customer')).toBe(false);
    await expect(deriveContext(jira, 'http://127.0.0.1', { person: gina, panel, projectKey: 'FHSD', colorMode: 'light' })).rejects.toMatchObject({ status: 403, moduleNotRun: true });
  } finally {
    jira.close();
  }
});

describe('a portal customer and the portal request detail panel', () => {
  test('without unlicensedAccess the panel is refused to a customer, not to an agent', async () => {
    const app = appWithManifest((m) => {
      delete m.modules['jiraServiceManagement:portalRequestDetailPanel'][0].unlicensedAccess;
    });
    const data = tempDataDir();
    const runtime = await start(data.dir, { appRoot: app.root, demo: false });
    try {
      const key = await ginasRequest(runtime);
      const refused = await call(runtime.url, 'POST', '/forge/context-token', { as: PEOPLE.gina.emailAddress, json: { moduleKey: MODULES.portal, issueKey: key } });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ errorMessages: [expect.stringMatching(/not available to customer accounts/)] });
      // An agent is a licensed user: Forge runs every module for them.
      const agent = await contextToken(runtime.url, PEOPLE.pm.emailAddress, MODULES.portal, key);
      expect((await invoke(runtime.url, agent, 'getPlanView')).status).toBe(200);
    } finally {
      await runtime.close();
      data.remove();
      app.remove();
    }
  });

  test('with unlicensedAccess: [customer] the panel is served to the customer, with accountType customer', async () => {
    const data = tempDataDir();
    const runtime = await start(data.dir, { demo: false });
    try {
      const key = await ginasRequest(runtime);
      const issued = await call(runtime.url, 'POST', '/forge/context-token', { as: PEOPLE.gina.emailAddress, json: { moduleKey: MODULES.portal, issueKey: key } });
      expect(issued.status).toBe(200);
      expect(issued.body.context).toMatchObject({ accountId: PEOPLE.gina.accountId, accountType: 'customer', extension: { type: 'jiraServiceManagement:portalRequestDetailPanel', request: { key } } });
      const answer = await invoke(runtime.url, issued.body.token, 'getPlanView');
      expect(answer.status).toBe(200);
      // No plan follows a "Get help" request: the resolver answers, and says so.
      expect(answer.body).toMatchObject({ ok: false, error: { rule: 'planExists' } });
      // The issue panel, the settings page and the queue page stay refused to her: they do not opt in.
      expect((await call(runtime.url, 'POST', '/forge/context-token', { as: PEOPLE.gina.emailAddress, json: { moduleKey: MODULES.issue, issueKey: key } })).status).toBe(403);
      expect((await call(runtime.url, 'POST', '/forge/context-token', { as: PEOPLE.gina.emailAddress, json: { moduleKey: MODULES.settings } })).status).toBe(403);
      const queuePage = await call(runtime.url, 'POST', '/forge/context-token', { as: PEOPLE.gina.emailAddress, json: { moduleKey: 'upgrade-slot-calendar' } });
      expect(queuePage.status).toBe(403);
      expect(queuePage.body).toMatchObject({ errorMessages: [expect.stringMatching(/not available to customer accounts/)] });
    } finally {
      await runtime.close();
      data.remove();
    }
  });
});
