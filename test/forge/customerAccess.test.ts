/**
 * Portal customers are unlicensed users of Jira Service Management, and "Unlicensed users (including customer and
 * anonymous) cannot make asUser calls" (access-to-forge-apps-for-unlicensed-jsm-users). The harness's Forge host refuses
 * asUser() for them as Forge does, so these tests prove the app authorizes a customer from what it reads as itself:
 * the request's reporter, its participants, and the customer's organizations. Agents keep the asUser check.
 */
import { viewerFromContext } from '../../src/forge/context';
import { asApp } from '../../src/local/jira';
import { ForgeAppHarness, PEOPLE, testSettings } from '../support/forgeApp';

const PORTAL = 'jiraServiceManagement:portalRequestDetailPanel' as const;
const VAL_FORM = { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' };

/** Acme's plan names both Acme people and Beta's Bob as its customers: the settings alone do not let anyone act. */
async function world(): Promise<{ app: ForgeAppHarness; key: string }> {
  const app = new ForgeAppHarness();
  const settings = testSettings();
  await app.saveSettings({ ...settings, roles: { ...settings.roles, organizations: { ...settings.roles.organizations, '1': { Customer: ['acc-acme', 'acc-acme2', 'acc-beta'] } } } });
  const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
  return { app, key };
}

const customerOn = (accountId: string, ticketKey: string) => ({ accountId, surface: PORTAL, ticketKey });

describe('a portal customer is authorized from reads the app makes as itself', () => {
  let app: ForgeAppHarness;
  let key: string;
  beforeEach(async () => ({ app, key } = await world()));
  afterEach(() => app.close());

  test('the reporter acts with one asApp read of the request and no asUser call', async () => {
    app.host.resetCounters();
    const answer = await app.invoke('completeStage', { stage: 1 }, customerOn('acc-acme', key));
    expect(answer.ok).toBe(true);
    expect(app.host.counters.jira.asUser).toBe(0);
    expect(app.host.counters.jira.byRoute[`GET /rest/api/3/issue/${key}`]).toBe(1);
    expect(Object.keys(app.host.counters.jira.byRoute).filter((r) => r.includes('servicedeskapi'))).toEqual([]);
  });

  test('a panel load costs a customer no Jira call', async () => {
    app.host.resetCounters();
    const view = await app.invoke('getPlanView', {}, customerOn('acc-acme', key));
    expect(view.ok).toBe(true);
    expect(app.host.counters.jira.total).toBe(0);
  });

  test("a colleague of the reporter's organization acts through the request's organization", async () => {
    const answer = await app.invoke('completeStage', { stage: 1 }, customerOn('acc-acme2', key));
    expect(answer.ok).toBe(true);
    expect(app.host.counters.jira.asUser).toBe(0);
  });

  test('a customer of another organization is refused, until the request is shared with them as a participant', async () => {
    const refused = await app.invoke('completeStage', { stage: 1 }, customerOn('acc-beta', key));
    expect(refused).toMatchObject({ ok: false, error: { rule: 'jiraPermission', field: 'issue' } });
    const added = await app.jira.handle({ method: 'POST', path: `/rest/servicedeskapi/request/${key}/participant`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accountIds: ['acc-beta'] }) }, asApp());
    expect(added.status).toBe(200);
    await app.jira.whenEventsDelivered();
    const accepted = await app.invoke('completeStage', { stage: 1 }, customerOn('acc-beta', key));
    expect(accepted.ok).toBe(true);
  });

  test('an agent is still checked as themselves (asUser mypermissions)', async () => {
    app.host.resetCounters();
    const answer = await app.invoke('completeStage', { stage: 3 }, { accountId: 'acc-pm', ticketKey: key });
    expect(answer.ok).toBe(true);
    expect(app.host.counters.jira.byRoute['GET /rest/api/3/mypermissions']).toBe(1);
    expect(app.host.counters.jira.asUser).toBe(1);
  });

  test("the settings resolvers refuse a customer before asking Jira anything as them", async () => {
    app.host.resetCounters();
    const answer = await app.invoke('getSettings', {}, customerOn('acc-acme', key));
    expect(answer).toMatchObject({ ok: false, error: { rule: 'projectAdmin' } });
    expect(app.host.counters.jira.total).toBe(0);
  });
});

describe('the Forge context says who is asking', () => {
  const portal = { accountId: 'acc-acme', extension: { type: PORTAL, request: { key: 'FHSD-1' } } };

  test('a customer in the portal is a customer viewer; the account type never comes from elsewhere', () => {
    expect(viewerFromContext({ ...portal, accountType: 'customer' })).toEqual({ accountId: 'acc-acme', accountType: 'customer', ticketKey: 'FHSD-1', projectKey: 'FHSD', surface: 'portal' });
  });

  test.each([undefined, 'unlicensed', 'anonymous', 'admin'])('accountType %p is refused, naming the field', (accountType) => {
    expect(() => viewerFromContext({ ...portal, accountType })).toThrow(expect.objectContaining({ rule: 'forgeContext', field: 'context.accountType' }));
  });

  test('a customer context on a module that does not opt in to customers is refused', () => {
    expect(() => viewerFromContext({ accountId: 'acc-acme', accountType: 'customer', extension: { type: 'jira:issuePanel', issue: { key: 'FHSD-1' } } })).toThrow(expect.objectContaining({ field: 'context.accountType' }));
  });
});
