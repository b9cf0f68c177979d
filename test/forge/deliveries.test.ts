/**
 * What the app owes Jira gets there, the documented way: the assignee and the search property on their own endpoints,
 * transitions with their screen's required resolution, the app's own closing recorded in the plan, a trigger that hands
 * Jira's waits to Forge (InvocationError) instead of sleeping, and changelogs read defensively.
 */
import { route } from '@forge/api';
import { kvs } from '@forge/kvs';
import { PLAN_ENTITY } from '../../src/forge/planStore';
import { JiraRetryLater, sendWithRetry } from '../../src/forge/jiraClient';
import { issueEventSchema, statusChangeOf } from '../../src/forge/triggers';
import type { PlanView } from '../../src/app/planView';
import type { JiraCaller, JiraRequest, JiraResponse } from '../../src/local/jira';
import { ForgeAppHarness, PEOPLE, testSettings } from '../support/forgeApp';

const VAL_FORM = { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' };
const PORTAL = 'jiraServiceManagement:portalRequestDetailPanel' as const;

type Fault = (request: JiraRequest, caller: JiraCaller) => JiraResponse | undefined;

/** Answers the app's requests with `fault`'s answer when it gives one; everything else reaches the stand-in. */
function inject(app: ForgeAppHarness, fault: Fault): { calls: string[] } {
  const original = app.jira.handle.bind(app.jira);
  const calls: string[] = [];
  app.jira.handle = async (request, caller) => {
    if (caller.type === 'app') calls.push(`${request.method} ${request.path.split('?')[0]}`);
    return (caller.type === 'app' ? fault(request, caller) : undefined) ?? original(request, caller);
  };
  return { calls };
}

const busy = (retryAfter: string): JiraResponse => ({ status: 429, headers: { 'content-type': 'application/json', 'retry-after': retryAfter }, body: { errorMessages: ['Rate limit exceeded.'], errors: {} } });

async function storedOutbox(planId: string): Promise<unknown[]> {
  const entity = await kvs.entity<{ stored: { outbox: unknown[] } }>(PLAN_ENTITY).get(planId);
  return entity?.stored.outbox ?? [];
}

describe('deliveries: each thing Jira is owed, on its own endpoint, retried the documented way', () => {
  let app: ForgeAppHarness;
  beforeEach(async () => {
    app = new ForgeAppHarness();
    await app.saveSettings();
  });
  afterEach(() => app.close());

  test('an assignee who is not assignable does not block the search property; the refusal is dropped and told to the PM', async () => {
    const settings = testSettings();
    // A customer cannot be assigned a service desk ticket: Jira refuses the assignee with a 400.
    await app.saveSettings({ ...settings, roles: { ...settings.roles, projectDefault: { ...settings.roles.projectDefault, 'IQVIA PM': ['acc-acme2'] } } });
    app.autoDeliver = false;
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const [created] = app.takePending();
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const answer = await app.deliverAsForge(created);
    expect(answer).toEqual({ outcome: { outcome: 'created', planId: 'upgrade-1-25.2' } });
    const issue = await app.issue(key);
    expect(issue.fields.assignee).toBeNull();
    expect((issue as { properties?: Record<string, { targetVersion?: string }> }).properties?.['clinspark-plan']?.targetVersion).toBe('25.2');
    const comments = await app.comments(key);
    expect(comments.filter((c) => !c.internal)).toHaveLength(1);
    expect(comments.filter((c) => c.internal).map((c) => c.text)).toEqual([expect.stringContaining('could not assign')]);
    // Nothing is left owed: a refusal for good is not retried on every change of the plan.
    expect(await storedOutbox('upgrade-1-25.2')).toEqual([]);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('cannot be assigned issues'));
  });

  test('a transition with a required resolution succeeds: stage 7 resolves the VAL request with "Done"', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    expect(app.jira.config.transitionScreens['51']).toEqual([{ fieldId: 'resolution', required: true }]);
    await app.invoke('completeStage', { stage: 1 }, { accountId: 'acc-acme', ticketKey: key, surface: PORTAL });
    for (const stage of [3, 4]) await app.invoke('completeStage', { stage }, { accountId: 'acc-pm', ticketKey: key });
    await app.decideConfiguration(key, 'valRequest');
    await app.provideVal(key);
    const completed = await app.invoke('completeStage', { stage: 7 }, { accountId: 'acc-pm', ticketKey: key });
    expect(completed.ok).toBe(true);
    const issue = await app.issue(key);
    expect((issue.fields.status as { name: string }).name).toBe('Resolved');
    expect(issue.fields.resolution).toMatchObject({ name: 'Done' });
  });

  test('the resolution the app closes with is the project setting, when the screen offers it', async () => {
    await app.saveSettings({ ...testSettings(), closingResolution: "Won't Do" });
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    await app.invoke('completeStage', { stage: 1 }, { accountId: 'acc-acme', ticketKey: key, surface: PORTAL });
    for (const stage of [3, 4]) await app.invoke('completeStage', { stage }, { accountId: 'acc-pm', ticketKey: key });
    await app.decideConfiguration(key, 'valRequest');
    await app.provideVal(key);
    await app.invoke('completeStage', { stage: 7 }, { accountId: 'acc-pm', ticketKey: key });
    expect((await app.issue(key)).fields.resolution).toMatchObject({ name: "Won't Do" });
  });

  test('a ticket closed by stage 7 shows as resolved in every panel, recorded once', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    await app.invoke('completeStage', { stage: 1 }, { accountId: 'acc-acme', ticketKey: key, surface: PORTAL });
    for (const stage of [3, 4]) await app.invoke('completeStage', { stage }, { accountId: 'acc-pm', ticketKey: key });
    await app.decideConfiguration(key, 'valRequest');
    await app.provideVal(key);
    await app.invoke('completeStage', { stage: 7 }, { accountId: 'acc-pm', ticketKey: key });
    // The app's own transition is not delivered back to it (ignoreSelf), so only this invocation could record it.
    expect(app.takePending()).toEqual([]);
    const issuePanel = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key });
    const portalPanel = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-acme', ticketKey: key, surface: PORTAL });
    for (const view of [issuePanel, portalPanel]) expect(view.ok && view.data.tickets.find((t) => t.key === key)).toMatchObject({ resolved: true });
    const history = await app.invoke<{ action: string }[]>('getHistory', {}, { accountId: 'acc-pm', ticketKey: key });
    expect(history.ok && history.data.filter((e) => e.action === 'ticket resolved')).toHaveLength(1);
    expect(await storedOutbox('upgrade-1-25.2')).toEqual([]);
  });

  test('a trigger never sleeps on a 429: it returns InvocationError with Jira\'s Retry-After (at most 900 s), and the retry finishes the work', async () => {
    app.autoDeliver = false;
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const [created] = app.takePending();
    let limited = true;
    inject(app, (request) => (limited && request.method === 'GET' ? busy('3600') : undefined));
    const started = Date.now();
    const first = await app.deliverAsForge(created);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(first.retry).toEqual({ _retry: true, retryOptions: { retryAfter: 900, retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED', retryData: { status: 429, request: `GET /rest/api/3/issue/${key}` } } });
    limited = false;
    const retried = await app.deliverAsForge({ ...created, retryContext: { retryCount: 1, retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED', retryData: { status: 429 } } });
    expect(retried).toEqual({ outcome: { outcome: 'created', planId: 'upgrade-1-25.2' } });
    expect(await app.comments(key)).toHaveLength(1);
  });

  test('a delivery left owed by a 5xx makes the trigger ask for a retry; the others went through and are not repeated', async () => {
    app.autoDeliver = false;
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const [created] = app.takePending();
    let failing = true;
    const { calls } = inject(app, (request) =>
      failing && request.method === 'PUT' && request.path.includes('/assignee') ? { status: 503, headers: { 'content-type': 'application/json' }, body: { errorMessages: ['Service unavailable'], errors: {} } } : undefined,
    );
    const first = await app.deliverAsForge(created);
    expect(first).toMatchObject({ outcome: { outcome: 'created' }, retry: { _retry: true, retryOptions: { retryAfter: 30, retryReason: 'FUNCTION_RETRY_REQUEST' } } });
    expect(await storedOutbox('upgrade-1-25.2')).toEqual([expect.objectContaining({ delivery: { type: 'assignTicket', ticketKey: key, accountId: 'acc-pm' } })]);
    failing = false;
    calls.length = 0;
    expect(await app.deliverAsForge({ ...created, retryContext: { retryCount: 1, retryReason: 'FUNCTION_RETRY_REQUEST' } })).toEqual({ outcome: { outcome: 'duplicate', planId: 'upgrade-1-25.2' } });
    expect(calls).toEqual([`GET /rest/api/3/issue/${key}`, `PUT /rest/api/3/issue/${key}/assignee`]);
    expect(((await app.issue(key)).fields.assignee as { accountId: string }).accountId).toBe('acc-pm');
    expect(await app.comments(key)).toHaveLength(1);
  });

  test('a changelog with 500 items and odd fields still moves the plan', async () => {
    const val = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    app.autoDeliver = false;
    const issue = await app.raise('Validation issue', PEOPLE.acmeCustomer!, { targetVersion: '25.2' });
    await app.deliver(app.takePending()[0]);
    await app.transition(issue, 'Resolved', PEOPLE.support!);
    const [resolved] = app.takePending() as unknown as [{ changelog: { id: string; items: unknown[] } }];
    const odd: unknown[] = [null, 'x', 7, [], { field: 5 }, { field: 'summary' }, { field: 'labels', toString: { nested: true } }, { field: 'description', fromString: 'a'.repeat(100_000), toString: null }];
    const items = Array.from({ length: 500 }, (_, i) => odd[i % odd.length]);
    items[321] = resolved.changelog.items.find((item) => (item as { field?: string }).field === 'status');
    const outcome = await app.deliver({ ...resolved, changelog: { ...resolved.changelog, items }, issue: { ...(resolved as unknown as { issue: object }).issue, fields: { status: 42, reporter: 'nobody', project: { key: 'lower case' } } } });
    expect(outcome).toMatchObject({ outcome: 'updated' });
    const view = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: val });
    expect(view.ok && view.data.tickets.find((t) => t.key === issue)).toMatchObject({ resolved: true });
  });

  test('a changelog item is read from its own properties, never from Object.prototype', () => {
    // A status item without toString: the inherited Object.prototype.toString is not a status name.
    expect(statusChangeOf([{ field: 'status', fromString: 'Waiting for support' }], undefined)).toBeUndefined();
    expect(statusChangeOf([{ field: 'status' }], 'Resolved')).toEqual({ from: '', to: 'Resolved' });
    expect(statusChangeOf([JSON.parse('{"field":"status","toString":"Closed","fromString":"Resolved"}')], undefined)).toEqual({ from: 'Resolved', to: 'Closed' });
    expect(statusChangeOf([Object.assign(Object.create({ field: 'status', toString: 'Closed' }) as object, {})], undefined)).toBeUndefined();
    expect(statusChangeOf([{ field: 'status', toString: 'x'.repeat(256) }], undefined)).toBeUndefined();
  });

  test('a retried event carries retryContext, which the schema accepts; an odd one is read as absent', () => {
    const event = { eventType: 'avi:jira:updated:issue', issue: { id: '1', key: 'FHSD-1' } };
    expect(issueEventSchema.parse({ ...event, retryContext: { retryCount: 2, retryReason: 'FUNCTION_TIME_OUT' } }).retryContext).toEqual({ retryCount: 2, retryReason: 'FUNCTION_TIME_OUT' });
    expect(issueEventSchema.parse({ ...event, retryContext: 'odd' }).retryContext).toBeUndefined();
  });
});

describe('Jira calls within an invocation\'s time', () => {
  const reply = (status: number, headers: Record<string, string> = {}) => new Response(status === 204 ? null : '{}', { status, headers }) as never;

  test('a resolver never sleeps past its deadline: the answer comes back and becomes JiraRetryLater', async () => {
    const waits: number[] = [];
    let now = 1_000;
    const response = await sendWithRetry(async () => reply(429, { 'Retry-After': '5' }), route`/rest/api/3/issue/${'FHSD-1'}`, {}, async (ms) => void waits.push(ms), undefined, { defer: false, deadline: 4_000, now: () => now });
    expect(response.status).toBe(429);
    expect(waits).toEqual([]);
    now = 0;
    await sendWithRetry(async () => reply(503), route`/rest/api/3/issue/${'FHSD-1'}`, {}, async (ms) => void ((now += ms), waits.push(ms)), undefined, { defer: false, deadline: 1_600, now: () => now });
    expect(waits).toEqual([500, 1000]);
  });

  test('a trigger does not wait at all', async () => {
    let calls = 0;
    const waits: number[] = [];
    const response = await sendWithRetry(async () => (calls++, reply(429, { 'Retry-After': '1' })), route`/rest/api/3/issue/${'FHSD-1'}`, {}, async (ms) => void waits.push(ms), undefined, { defer: true, deadline: Number.POSITIVE_INFINITY, now: () => 0 });
    expect([response.status, calls, waits]).toEqual([429, 1, []]);
  });

  test('JiraRetryLater is a JiraRequestError that is not a refusal for good', () => {
    const later = new JiraRetryLater(429, 'GET', '/rest/api/3/issue/FHSD-1', '', 120);
    expect([later.retryAfterSeconds, later.refusedForGood, later.name]).toEqual([120, false, 'JiraRetryLater']);
  });
});
