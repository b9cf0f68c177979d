/**
 * Every Jira wait fits the invocation's time (limits-invocation: 25 s): the JSM reads a customer's access and organizations
 * take, and the workflow validator's reads, retry within the deadline of the client they run through, as every other
 * Jira call does; a trigger waits for none of them and hands Jira's wait to Forge. Through the real @forge/api and the
 * Jira stand-in, which answers 429 with Retry-After: 8 to the paths under test.
 */
import { ForgeJiraClient, JiraRetryLater } from '../../src/forge/jiraClient';
import { validateResolution } from '../../src/forge/workflowValidator';
import { ForgeAppHarness, PEOPLE } from '../support/forgeApp';

const VAL_FORM = { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' };
const RESOLVED_ID = '5';

/** A client whose clock moves only when it waits: the waits it takes are exact, and no test sleeps. */
function clientWithin(deadlineMs: number, kind: 'resolver' | 'trigger' = 'resolver') {
  let now = 0;
  const waits: number[] = [];
  const jira = new ForgeJiraClient({ kind, deadline: deadlineMs, now: () => now, wait: async (ms) => void ((now += ms), waits.push(ms)) });
  return { jira, waits, elapsed: () => now };
}

describe('every Jira wait fits the time left', () => {
  let app: ForgeAppHarness;
  let busy: RegExp;
  beforeEach(async () => {
    app = new ForgeAppHarness();
    await app.saveSettings();
    busy = /^$/;
    const handle = app.jira.handle.bind(app.jira);
    app.jira.handle = async (request, caller) =>
      busy.test(request.path.split('?')[0]!) ? { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '8' }, body: { errorMessages: ['busy'], errors: {} } } : handle(request, caller);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    app.close();
  });

  test("ForgeJiraClient.organizationsOf: a resolver's JSM reads wait only while the wait ends before its deadline, then say Jira is busy", async () => {
    busy = /^\/rest\/servicedeskapi\/organization$/;
    const { jira, waits, elapsed } = clientWithin(20_000);
    const failure = await app.host.runAs(undefined, () => jira.organizationsOf('acc-acme')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(JiraRetryLater);
    expect(waits).toEqual([8_000, 8_000]);
    expect(elapsed()).toBeLessThanOrEqual(20_000);
    expect(jira.retryLater).toBe(failure);
  });

  test("ForgeJiraClient.customerAccessTo: a trigger's JSM read waits for nothing and hands Jira's Retry-After to Forge", async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    busy = /\/participant$/;
    const { jira, waits } = clientWithin(20_000, 'trigger');
    const failure = await app.host.runAs(undefined, () => jira.customerAccessTo('acc-beta', key, 'customfield_10002')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(JiraRetryLater);
    expect((failure as JiraRetryLater).retryAfterSeconds).toBe(8);
    expect(waits).toEqual([]);
  });

  test('validatorReads: the workflow validator retries within its deadline and then refuses, as it cannot tell', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    busy = /^\/rest\/api\/3\/status\//;
    const { jira, waits, elapsed } = clientWithin(20_000);
    // The validator logs why it could not decide.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const answer = await app.host.runAs(undefined, () => validateResolution({ issue: { key }, transition: { to: { id: RESOLVED_ID } } }, { ...app.ports, jira }));
    expect(answer).toEqual({ result: false, errorMessage: expect.stringContaining('could not check whether') });
    expect(waits).toEqual([8_000, 8_000]);
    expect(elapsed()).toBeLessThanOrEqual(20_000);
  });
});
