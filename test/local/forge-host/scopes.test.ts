import api, { route } from '@forge/api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { grantedScopesOf, installForgeHost, JIRA_OPERATION_SCOPES, operationOf, scopesCover, type ForgeHost } from '../../../src/local/forge-host';
import { asApp as jiraAsApp, asUser as jiraAsUser, DEMO_USERS, JiraStandIn, STAND_IN_OPERATIONS } from '../../../src/local/jira';

const OPENAPI = JSON.parse(readFileSync(join(__dirname, '../../../../shared/jira/platform-openapi.v3.json'), 'utf8')) as {
  paths: Record<string, Record<string, { 'x-atlassian-oauth2-scopes'?: { state: string; scopes: string[] }[] }>>;
};
const MANIFEST_SCOPES = grantedScopesOf(parse(readFileSync(join(__dirname, '../../../manifest.yml'), 'utf8')) as Record<string, unknown>);

describe('the scopes of each Jira operation', () => {
  it('are the OpenAPI description\'s, for every operation the stand-in answers', () => {
    for (const { method, path } of STAND_IN_OPERATIONS) expect(operationOf(method, path.replace(/\{\w+\}/g, 'x'))?.path).toBe(path);
    for (const op of JIRA_OPERATION_SCOPES) {
      const described = OPENAPI.paths[op.path]?.[op.method.toLowerCase()]?.['x-atlassian-oauth2-scopes'] ?? [];
      expect({ op: `${op.method} ${op.path}`, classic: op.classic, granular: op.granular }).toEqual({
        op: `${op.method} ${op.path}`,
        classic: described.find((s) => s.state === 'Current')?.scopes ?? [],
        granular: described.find((s) => s.state === 'Beta')?.scopes ?? [],
      });
    }
  });

  it('are covered by a whole classic or a whole granular set, never by part of one', () => {
    const postComment = operationOf('POST', '/rest/api/3/issue/FHSD-1/comment')!;
    expect(scopesCover(postComment, ['write:jira-work'])).toBe(true);
    expect(scopesCover(postComment, postComment.granular)).toBe(true);
    expect(scopesCover(postComment, ['read:jira-work', 'write:comment:jira'])).toBe(false);
    expect(scopesCover(operationOf('GET', '/rest/api/3/serverInfo')!, [])).toBe(true);
  });

  it('the manifest covers every call the app makes, and no deletion', () => {
    const covered = (method: string, path: string) => scopesCover(operationOf(method, path)!, MANIFEST_SCOPES);
    for (const [method, path] of [
      ['GET', '/rest/api/3/issue/FHSD-1'], ['PUT', '/rest/api/3/issue/FHSD-1'], ['PUT', '/rest/api/3/issue/FHSD-1/assignee'],
      ['PUT', '/rest/api/3/issue/FHSD-1/properties/clinspark-plan'], ['GET', '/rest/api/3/issue/FHSD-1/comment'], ['POST', '/rest/api/3/issue/FHSD-1/comment'],
      ['GET', '/rest/api/3/issue/FHSD-1/transitions'], ['POST', '/rest/api/3/issue/FHSD-1/transitions'], ['GET', '/rest/api/3/mypermissions'],
      ['GET', '/rest/api/3/status/5'], ['GET', '/rest/api/3/field'], ['POST', '/rest/api/3/issue/FHSD-1/notify'],
      ['GET', '/rest/servicedeskapi/request/FHSD-1/participant'], ['GET', '/rest/servicedeskapi/organization'],
    ] as const) expect(`${method} ${path} ${covered(method, path)}`).toBe(`${method} ${path} true`);
    for (const [method, path] of [['DELETE', '/rest/api/3/issue/FHSD-1'], ['DELETE', '/rest/api/3/issue/FHSD-1/comment/1'], ['DELETE', '/rest/api/3/issue/FHSD-1/properties/p']] as const) {
      expect(`${method} ${path} ${covered(method, path)}`).toBe(`${method} ${path} false`);
    }
  });
});

describe('a call outside the granted scopes, through the real @forge/api', () => {
  let host: ForgeHost;
  let jira: JiraStandIn;
  beforeEach(() => {
    jira = new JiraStandIn({ users: DEMO_USERS });
    host = installForgeHost({
      grantedScopes: MANIFEST_SCOPES,
      jira: async (call) => {
        const answer = await jira.handle({ method: call.method, path: call.path, headers: call.headers, ...(call.body === undefined ? {} : { body: call.body }) }, call.asApp ? jiraAsApp() : jiraAsUser(call.accountId!));
        return { status: answer.status, headers: answer.headers, body: answer.body === undefined ? null : (answer.body as object) };
      },
    });
  });
  afterEach(() => {
    host.uninstall();
    jira.close();
  });

  it('is refused with 401 before it reaches Jira: with the manifest\'s scopes the app cannot delete an issue', async () => {
    const created = await jira.handle({ method: 'POST', path: '/rest/api/3/issue', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: 'Keep me' } }) }, jiraAsApp());
    const key = (created.body as { key: string }).key;
    const deleted = await api.asApp().requestJira(route`/rest/api/3/issue/${key}`, { method: 'DELETE' });
    expect(deleted.status).toBe(401);
    expect(((await deleted.json()) as { message: string }).message).toContain('scope does not match');
    expect((await jira.handle({ method: 'GET', path: `/rest/api/3/issue/${key}` }, jiraAsApp())).status).toBe(200);
    const read = await api.asApp().requestJira(route`/rest/api/3/issue/${key}?fields=summary`);
    expect(read.status).toBe(200);
  });

  it('holds for calls as the person too', async () => {
    const person = DEMO_USERS[1]!.accountId;
    // The user search's granular set needs read:user.property:jira, which the manifest does not grant.
    const found = await host.runAs(person, () => api.asUser().requestJira(route`/rest/api/3/user/search?query=a`));
    expect(found.status).toBe(401);
  });
});
