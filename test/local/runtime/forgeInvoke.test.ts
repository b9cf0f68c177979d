/**
 * POST /forge/invoke: the Forge context comes from the panel token the server issued, never from the body; a forged
 * issue key or account is refused and changes nothing.
 */
import type { Runtime } from '../../../src/local/runtime';
import { call, contextToken, invoke, MODULES, PEOPLE, runtimeForFile, storeFingerprint } from './support';

jest.setTimeout(30_000);

let runtime: Runtime;
const data = runtimeForFile((started) => (runtime = started));

async function historyLength(key: string): Promise<number> {
  const token = await contextToken(runtime.url, PEOPLE.pm.emailAddress, MODULES.issue, key);
  return (await invoke(runtime.url, token, 'getHistory')).body.data.length;
}

test('a script invokes a resolver with a token from /forge/context-token, as the person it names', async () => {
  const answer = await call(runtime.url, 'POST', '/forge/context-token', { as: PEOPLE.carla.emailAddress, json: { moduleKey: MODULES.portal, issueKey: 'FHSD-4' } });
  expect(answer.status).toBe(200);
  expect(answer.body.context).toMatchObject({ accountId: PEOPLE.carla.accountId, moduleKey: MODULES.portal, extension: { type: 'jiraServiceManagement:portalRequestDetailPanel', request: { key: 'FHSD-4' } } });
  const view = await invoke(runtime.url, answer.body.token, 'getPlanView');
  expect(view.body).toMatchObject({ ok: true, data: { summary: { phase: 'Day of Upgrade' } } });
});

test('a forged issue key, account or context in the body is refused and changes nothing', async () => {
  const gina = await contextToken(runtime.url, PEOPLE.gina.emailAddress, MODULES.portal, 'FHSD-8');
  const before = { fingerprint: storeFingerprint(data.dir), acme: await historyLength('FHSD-4') };
  const forgeries: Record<string, unknown>[] = [
    { context: { accountId: PEOPLE.carla.accountId, extension: { type: 'jira:issuePanel', issue: { key: 'FHSD-4' } } } },
    { issueKey: 'FHSD-4' },
    { accountId: PEOPLE.admin.accountId },
    { extension: { issue: { key: 'FHSD-4' } } },
  ];
  for (const extra of forgeries) {
    const answer = await invoke(runtime.url, gina, 'decideStage', { stage: 24, outcome: 'No-Go', reason: 'forged' }, extra);
    expect(answer.status).toBe(400);
    expect(answer.body.errorMessages[0]).toMatch(/^Unexpected field/);
  }
  // Inside the payload, the resolver's own schema refuses it.
  const inPayload = await invoke(runtime.url, gina, 'completeStage', { stage: 23, issueKey: 'FHSD-4', accountId: PEOPLE.carla.accountId });
  expect(inPayload.body).toMatchObject({ ok: false, error: { rule: 'payloadValid' } });
  // Gina's token stays Gina's, on her own ticket: Acme's Go/No-Go is not hers to take.
  const decided = await invoke(runtime.url, gina, 'decideStage', { stage: 24, outcome: 'No-Go', reason: 'not mine' });
  expect(decided.body.ok).toBe(false);
  expect(storeFingerprint(data.dir)).toBe(before.fingerprint);
  expect(await historyLength('FHSD-4')).toBe(before.acme);
});

test('tokens: missing, unknown, or for what the person may not see', async () => {
  expect((await call(runtime.url, 'POST', '/forge/invoke', { json: { functionKey: 'getPlanView' } })).status).toBe(401);
  expect((await invoke(runtime.url, 'x'.repeat(43), 'getPlanView')).status).toBe(401);
  const token = async (email: string, moduleKey: string, issueKey?: string) => (await call(runtime.url, 'POST', '/forge/context-token', { as: email, json: { moduleKey, ...(issueKey ? { issueKey } : {}) } })).status;
  expect(await token(PEOPLE.gina.emailAddress, MODULES.portal, 'FHSD-4')).toBe(404); // another organization's request
  expect(await token(PEOPLE.carla.emailAddress, MODULES.issue, 'FHSD-4')).toBe(403); // customers have no issue view
  expect(await token(PEOPLE.pm.emailAddress, MODULES.settings)).toBe(403); // not a project admin
  expect(await token(PEOPLE.admin.emailAddress, MODULES.settings)).toBe(200);
  expect(await token(PEOPLE.pm.emailAddress, 'no-such-module', 'FHSD-4')).toBe(400);
  const wrong = await call(runtime.url, 'POST', '/forge/context-token', { headers: { authorization: 'Basic bm9ib2R5QG5vd2hlcmUuZXhhbXBsZTp4' }, json: { moduleKey: MODULES.portal, issueKey: 'FHSD-4' } });
  expect(wrong.status).toBe(401);
  expect(wrong.body).toEqual({ errorMessages: [expect.any(String)], errors: {} });
});

test('a page token works only with the session it was issued to', async () => {
  const signIn = await call(runtime.url, 'POST', '/session', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `accountId=${encodeURIComponent(PEOPLE.carla.accountId)}` });
  expect(signIn.status).toBe(303);
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const page = await call(runtime.url, 'GET', '/portal/request/FHSD-4', { headers: { cookie, accept: 'text/html' } });
  expect(page.status).toBe(200);
  const panels = JSON.parse(/<script type="application\/json" id="forge-panels">(.*?)<\/script>/s.exec(page.body as string)![1]!) as { token: string; context: { accountId: string } }[];
  expect(panels).toHaveLength(1);
  expect(panels[0]!.context.accountId).toBe(PEOPLE.carla.accountId);
  const withSession = await call(runtime.url, 'POST', '/forge/invoke', { headers: { cookie, authorization: `Bearer ${panels[0]!.token}` }, json: { functionKey: 'getPlanView' } });
  expect(withSession.body.ok).toBe(true);
  expect((await invoke(runtime.url, panels[0]!.token, 'getPlanView')).status).toBe(401);
  // Switching person ends the session and its tokens.
  await call(runtime.url, 'POST', '/session', { headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `accountId=${encodeURIComponent(PEOPLE.gina.accountId)}` });
  const afterSwitch = await call(runtime.url, 'POST', '/forge/invoke', { headers: { cookie, authorization: `Bearer ${panels[0]!.token}` }, json: { functionKey: 'getPlanView' } });
  expect(afterSwitch.status).toBe(401);
});

test('invoke from another site is refused', async () => {
  const token = await contextToken(runtime.url, PEOPLE.pm.emailAddress, MODULES.issue, 'FHSD-4');
  const answer = await call(runtime.url, 'POST', '/forge/invoke', { headers: { authorization: `Bearer ${token}`, origin: 'http://evil.example' }, json: { functionKey: 'getPlanView' } });
  expect(answer.status).toBe(403);
});

test("the bridge's requestJira runs as the token's person, within the app's scopes", async () => {
  const pm = await contextToken(runtime.url, PEOPLE.pm.emailAddress, MODULES.issue, 'FHSD-8');
  const fetchAs = (restPath: string) => call(runtime.url, 'POST', '/forge/product-fetch', { headers: { authorization: `Bearer ${pm}` }, json: { product: 'jira', restPath, method: 'GET', headers: [['accept', 'application/json']] } });
  // The manifest grants neither read:jira-user nor the user search's read:user.property:jira: Jira refuses the token there.
  const search = await fetchAs('/rest/api/3/user/search?query=a');
  expect(search.status).toBe(200);
  expect([search.body.status, JSON.parse(search.body.body).message]).toEqual([401, expect.stringContaining('scope does not match')]);
  const permissions = await fetchAs('/rest/api/3/mypermissions?issueKey=FHSD-8&permissions=BROWSE_PROJECTS,EDIT_ISSUES');
  expect(JSON.parse(permissions.body.body).permissions).toMatchObject({ BROWSE_PROJECTS: { havePermission: true }, EDIT_ISSUES: { havePermission: true } });
  expect((await fetchAs('/rest/api/3/issue/FHSD-8')).body.status).toBe(200);
  expect((await fetchAs('https://evil.example/rest/api/3/myself')).status).toBe(400);
});

// access-to-forge-apps-for-unlicensed-jsm-users: "Unlicensed users (including customer and anonymous) cannot make asUser calls."
test("a portal customer's requestJira is refused: it is an asUser call", async () => {
  const gina = await contextToken(runtime.url, PEOPLE.gina.emailAddress, MODULES.portal, 'FHSD-8');
  const answer = await call(runtime.url, 'POST', '/forge/product-fetch', { headers: { authorization: `Bearer ${gina}` }, json: { product: 'jira', restPath: '/rest/api/3/myself', method: 'GET' } });
  expect(answer.status).toBe(401);
  expect(answer.body).toMatchObject({ errorMessages: [expect.stringContaining('asUser()')] });
});

test("a panel's context carries the person's Jira time zone and a locale, as view.getContext() documents them", async () => {
  // forge-docs/custom-ui-bridge/view: "timezone: The timezone of the user that interacted with the app."
  const search = await call(runtime.url, 'POST', '/rest/api/3/search/jql', { as: PEOPLE.nadia.emailAddress, json: { jql: 'project = FHSD ORDER BY key ASC', fields: ['summary'] } });
  const northwind = search.body.issues[0].key as string;
  const readers = [
    { person: PEOPLE.carla, moduleKey: MODULES.portal, issueKey: 'FHSD-4' },
    { person: PEOPLE.nadia, moduleKey: MODULES.portal, issueKey: northwind },
    { person: PEOPLE.pm, moduleKey: MODULES.issue, issueKey: 'FHSD-4' },
  ];
  expect(new Set(readers.map((r) => r.person.timeZone)).size).toBe(3);
  for (const { person, moduleKey, issueKey } of readers) {
    const myself = await call(runtime.url, 'GET', '/rest/api/3/myself', { as: person.emailAddress });
    expect(myself.body.timeZone).toBe(person.timeZone);
    const answer = await call(runtime.url, 'POST', '/forge/context-token', { as: person.emailAddress, json: { moduleKey, issueKey } });
    expect(answer.status).toBe(200);
    expect(answer.body.context).toMatchObject({ timezone: myself.body.timeZone, locale: expect.stringMatching(/^[a-z]{2}(-[A-Z]{2})?$/) });
  }
});
