/** The stand-in's user/bulk and user/picker, as the OpenAPI description gives them (PageBeanUser, FoundUsers). */
import { ADMIN, AGENT, CUSTOMER, expectSchema, startFixture, type JiraFixture } from './support';

let jira: JiraFixture;
beforeAll(async () => {
  jira = await startFixture();
  jira.standIn.addUser({ accountId: 'acc-former', displayName: 'Fran Former', emailAddress: 'fran@iqvia.example', active: false });
  jira.standIn.addUser({ accountId: 'acc-paula', displayName: 'Paula Parker', emailAddress: 'paula@iqvia.example' });
});
afterAll(() => jira.close());

describe('GET /rest/api/3/user/bulk', () => {
  test('a page of the users named, in the order asked, deactivated ones included; an unknown id is left out', async () => {
    const answer = await jira.request('GET', `/rest/api/3/user/bulk?accountId=${AGENT.accountId}&accountId=nobody&accountId=acc-former&accountId=${encodeURIComponent(CUSTOMER.accountId)}`, { as: ADMIN.emailAddress });
    expect(answer.status).toBe(200);
    expectSchema('PageBeanUser', answer.body);
    const page = answer.body as { total: number; isLast: boolean; values: { accountId: string; active: boolean; accountType: string; avatarUrls: Record<string, string> }[] };
    expect(page.values.map((u) => `${u.accountId}:${u.active}:${u.accountType}`)).toEqual([`${AGENT.accountId}:true:atlassian`, 'acc-former:false:atlassian', `${CUSTOMER.accountId}:true:customer`]);
    expect(page).toMatchObject({ total: 3, isLast: true });
    expect(Object.keys(page.values[0]!.avatarUrls).sort()).toEqual(['16x16', '24x24', '32x32', '48x48']);
  });

  test('pages by startAt and maxResults (10 by default); no accountId is a 400; anonymous is a 401', async () => {
    const ids = [AGENT.accountId, 'acc-former', CUSTOMER.accountId].map((id) => `accountId=${encodeURIComponent(id)}`).join('&');
    const first = (await jira.request('GET', `/rest/api/3/user/bulk?${ids}&maxResults=2`, { as: ADMIN.emailAddress })).body as { isLast: boolean; values: unknown[] };
    expect(first).toMatchObject({ isLast: false, values: [expect.anything(), expect.anything()] });
    const second = (await jira.request('GET', `/rest/api/3/user/bulk?${ids}&maxResults=2&startAt=2`, { as: ADMIN.emailAddress })).body as { isLast: boolean; values: { accountId: string }[] };
    expect(second).toMatchObject({ isLast: true, values: [{ accountId: CUSTOMER.accountId }] });
    expect((await jira.request('GET', '/rest/api/3/user/bulk', { as: ADMIN.emailAddress })).status).toBe(400);
    expect((await jira.request('GET', `/rest/api/3/user/bulk?${ids}`)).status).toBe(401);
  });
});

describe('GET /rest/api/3/user/picker', () => {
  test('matches the prefix of the name, a word of it or the e-mail; active users only; avatar on request', async () => {
    const answer = await jira.request('GET', '/rest/api/3/user/picker?query=car&showAvatar=true', { as: ADMIN.emailAddress });
    expect(answer.status).toBe(200);
    expectSchema('FoundUsers', answer.body);
    const found = answer.body as { total: number; header: string; users: { accountId: string; accountType: string; avatarUrl?: string; html: string }[] };
    expect(found.users.map((u) => u.accountId)).toEqual([CUSTOMER.accountId]);
    expect(found.users[0]).toMatchObject({ accountType: 'customer', avatarUrl: expect.stringContaining('size=24'), html: '<strong>Car</strong>la Customer - <strong>car</strong>la@acme.example' });
    expect(found.header).toBe('Showing 1 of 1 matching users');
    const byWord = (await jira.request('GET', '/rest/api/3/user/picker?query=engin', { as: ADMIN.emailAddress })).body as { users: { accountId: string; avatarUrl?: string }[] };
    expect(byWord.users).toEqual([expect.objectContaining({ accountId: '5b10ac8d82e05b22cc7d4ef7' })]);
    expect(byWord.users[0]).not.toHaveProperty('avatarUrl');
    const former = (await jira.request('GET', '/rest/api/3/user/picker?query=fran', { as: ADMIN.emailAddress })).body as { users: unknown[] };
    expect(former.users).toEqual([]);
  });

  test('maxResults caps the list, total counts every match; excludeAccountIds leaves people out', async () => {
    const some = (await jira.request('GET', '/rest/api/3/user/picker?query=pau&maxResults=1', { as: ADMIN.emailAddress })).body as { total: number; users: unknown[] };
    expect(some.users).toHaveLength(1);
    expect(some.total).toBe(2);
    const without = (await jira.request('GET', `/rest/api/3/user/picker?query=paul&excludeAccountIds=${AGENT.accountId}`, { as: ADMIN.emailAddress })).body as { users: { accountId: string }[] };
    expect(without.users.map((u) => u.accountId)).toEqual(['acc-paula']);
    expect((await jira.request('GET', '/rest/api/3/user/picker', { as: ADMIN.emailAddress })).status).toBe(400);
  });

  test('without "Browse users and groups" (a portal customer) only an exact name match comes back', async () => {
    const partial = (await jira.request('GET', '/rest/api/3/user/picker?query=paul', { as: CUSTOMER.emailAddress })).body as { users: unknown[] };
    expect(partial.users).toEqual([]);
    const exact = (await jira.request('GET', `/rest/api/3/user/picker?query=${encodeURIComponent('Paul PM')}`, { as: CUSTOMER.emailAddress })).body as { users: { accountId: string }[] };
    expect(exact.users.map((u) => u.accountId)).toEqual([AGENT.accountId]);
  });
});
