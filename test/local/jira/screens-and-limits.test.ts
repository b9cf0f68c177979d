/**
 * What Jira refuses that the app must handle: a transition screen's required resolution (and a field that is not on the
 * screen), an assignee who may not be assigned, an issue property over 32768 characters (OpenAPI, PUT
 * /issue/{issueIdOrKey}/properties/{propertyKey}: "The maximum length is 32768 characters").
 */
import { asApp, asUser, DEMO_ORGANIZATIONS, DEMO_USERS, JiraStandIn, type JiraResponse } from '../../../src/local/jira';
import { AGENT, CUSTOMER } from './support';

let jira: JiraStandIn;
let key: string;

async function send(method: string, path: string, body?: unknown, as = asApp()): Promise<JiraResponse> {
  return jira.handle({ method, path, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }, as);
}

beforeEach(async () => {
  jira = new JiraStandIn({ users: DEMO_USERS, organizations: DEMO_ORGANIZATIONS });
  const created = await send('POST', '/rest/api/3/issue', { fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: 'VAL request', customfield_10010: '11', customfield_10002: [1] } }, asUser(CUSTOMER.accountId));
  key = (created.body as { key: string }).key;
});
afterEach(() => jira.close());

describe('transition screens', () => {
  test('expand=transitions.fields lists each screen field with required and its allowed values; without it, no fields', async () => {
    const plain = (await send('GET', `/rest/api/3/issue/${key}/transitions`)).body as { transitions: Record<string, unknown>[] };
    expect(plain.transitions.every((t) => !('fields' in t))).toBe(true);
    const expanded = (await send('GET', `/rest/api/3/issue/${key}/transitions?expand=transitions.fields`)).body as { transitions: { id: string; hasScreen: boolean; fields: Record<string, { required: boolean; allowedValues: { name: string }[] }> }[] };
    const resolve = expanded.transitions.find((t) => t.id === '51')!;
    expect(resolve.hasScreen).toBe(true);
    expect(resolve.fields.resolution).toMatchObject({ required: true, key: 'resolution', operations: ['set'], schema: { type: 'resolution', system: 'resolution' } });
    expect(resolve.fields.resolution!.allowedValues.map((v) => v.name)).toContain('Done');
    const start = expanded.transitions.find((t) => t.id === '31')!;
    expect([start.hasScreen, start.fields]).toEqual([false, {}]);
  });

  test('Resolve without its required resolution is refused with Jira\'s field error, and changes nothing', async () => {
    const refused = await send('POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '51' } });
    expect(refused).toMatchObject({ status: 400, body: { errorMessages: [], errors: { resolution: 'Resolution is required.' } } });
    const issue = (await send('GET', `/rest/api/3/issue/${key}?fields=status,resolution`)).body as { fields: { status: { name: string }; resolution: unknown } };
    expect([issue.fields.status.name, issue.fields.resolution]).toEqual(['Waiting for support', null]);
    expect(await send('POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '51' }, fields: { resolution: { name: 'Done' } } })).toMatchObject({ status: 204 });
  });

  test('a field that is not on the transition\'s screen is refused', async () => {
    const refused = await send('POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '31' }, fields: { resolution: { name: 'Done' } } });
    expect(refused).toMatchObject({ status: 400, body: { errors: { resolution: expect.stringContaining('not on the appropriate screen') } } });
  });

  test('the screens are configurable: a site whose Resolve has no screen takes no resolution', async () => {
    jira.close();
    jira = new JiraStandIn({ users: DEMO_USERS, organizations: DEMO_ORGANIZATIONS, transitionScreens: {} });
    const created = await send('POST', '/rest/api/3/issue', { fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: 'x', customfield_10010: '11', customfield_10002: [1] } }, asUser(CUSTOMER.accountId));
    key = (created.body as { key: string }).key;
    expect(await send('POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '51' } })).toMatchObject({ status: 204 });
  });
});

describe('the assignee and the issue property on their own endpoints', () => {
  test('PUT /assignee refuses someone who may not be assigned (a customer, an unknown account) with Jira\'s 400, and accepts an agent', async () => {
    for (const accountId of [CUSTOMER.accountId, 'no-such-account']) {
      expect(await send('PUT', `/rest/api/3/issue/${key}/assignee`, { accountId })).toEqual({
        status: 400,
        headers: expect.anything(),
        body: { errorMessages: [], errors: { assignee: `User '${accountId}' cannot be assigned issues.` } },
      });
    }
    expect(await send('PUT', `/rest/api/3/issue/${key}/assignee`, { accountId: AGENT.accountId })).toMatchObject({ status: 204 });
  });

  test('PUT /properties/{key} takes a value up to 32768 characters and refuses a longer one', async () => {
    const fits = { text: 'x'.repeat(32_768 - JSON.stringify({ text: '' }).length) };
    expect(await send('PUT', `/rest/api/3/issue/${key}/properties/clinspark-plan`, fits)).toMatchObject({ status: 201 });
    const refused = await send('PUT', `/rest/api/3/issue/${key}/properties/clinspark-plan`, { text: `${fits.text}x` });
    expect(refused).toMatchObject({ status: 400, body: { errorMessages: [expect.stringContaining('32768')] } });
    const kept = (await send('GET', `/rest/api/3/issue/${key}/properties/clinspark-plan`)).body as { value: { text: string } };
    expect(kept.value.text).toHaveLength(fits.text.length);
  });
});
