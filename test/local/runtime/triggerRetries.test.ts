/**
 * The trigger queue retries as Forge documents it (events-reference/product_events): only an event whose function
 * RETURNED an InvocationError (after its retryAfter, at most 4 times, retryContext in the redelivered event), or whose run
 * the platform failed (stopped past its time limit, the process died during the delivery). A thrown error is not retried.
 * Waits are Forge's minimum (1 s) or the queue's first platform wait (1 s), so these tests take a few real seconds.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { resolve } from 'node:path';
import { KvsPlanRepository } from '../../../src/forge/planStore';
import { DEMO_CUSTOM_FIELDS, DEMO_ORGANIZATION_LIST, DEMO_PEOPLE, demoSettings, PEOPLE } from '../../../src/local/demo/cast';
import { asApp, asUser, JiraStandIn, type JiraEvent, type JiraResponse } from '../../../src/local/jira';
import { ForgeApp, type TriggerRun } from '../../../src/local/runtime/forge-app';
import { readManifest, type TriggerModule } from '../../../src/local/runtime/manifest';
import { RuntimeStateStore } from '../../../src/local/runtime/state-store';
import { MAX_EVENT_BYTES, MAX_EVENT_RETRIES, MAX_RETRY_DATA_BYTES, TriggerQueue } from '../../../src/local/runtime/triggers';
import { eventually, tempDataDir } from './support';

jest.setTimeout(30_000);

const APP_ROOT = resolve(__dirname, '..', '..', '..');
const TRIGGER: TriggerModule = readManifest(APP_ROOT).triggers[0]!;
const VAL_REQUEST = { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: 'VAL at 25.2', customfield_10010: '11', customfield_10002: [1], customfield_10100: { value: '24.2' }, customfield_10101: { value: '25.2' }, customfield_10102: [{ value: 'VAL' }] };

/** Resolves once no event is pending or being delivered, retries included. */
async function drained(state: RuntimeStateStore): Promise<void> {
  await eventually(async () => (state.pendingTriggers() === 0 && state.interruptedTriggers().length === 0 ? true : undefined), 25_000);
}

describe('the trigger queue with a fake function', () => {
  let dir: ReturnType<typeof tempDataDir>;
  let state: RuntimeStateStore;
  const logs: string[] = [];
  const event = { eventType: 'avi:jira:created:issue', atlassianId: 'acc', issue: { id: '1', key: 'FHSD-1' } } as unknown as JiraEvent;
  beforeEach(() => {
    dir = tempDataDir();
    state = new RuntimeStateStore(`${dir.dir}/state.db`);
    logs.length = 0;
  });
  afterEach(() => {
    state.close();
    dir.remove();
  });

  const queueWith = (runTrigger: (trigger: TriggerModule, event: Record<string, unknown>) => Promise<TriggerRun>) =>
    new TriggerQueue({ state, app: { runTrigger }, triggers: [TRIGGER], appAccountId: 'app', log: (line) => logs.push(line) });

  test('a thrown error is logged and not retried', async () => {
    let runs = 0;
    const queue = queueWith(async () => {
      runs += 1;
      throw new Error('boom');
    });
    queue.start();
    queue.accept(event);
    await drained(state);
    await queue.close();
    expect(runs).toBe(1);
    expect(state.failedTriggers()).toEqual([expect.objectContaining({ attempts: 1, lastError: expect.stringContaining('boom') })]);
    expect(logs.join('\n')).toContain('a thrown error is not retried');
  });

  test('a returned InvocationError is retried after its retryAfter, at most 4 times, with retryContext', async () => {
    const seen: { at: number; retryContext?: unknown }[] = [];
    const queue = queueWith(async (_trigger, delivered) => {
      seen.push({ at: Date.now(), ...(delivered.retryContext ? { retryContext: delivered.retryContext } : {}) });
      return { returned: new InvocationError({ retryAfter: 1, retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED, retryData: { ticket: 'FHSD-1' } }) };
    });
    queue.start();
    queue.accept(event);
    await drained(state);
    await queue.close();
    expect(seen).toHaveLength(1 + MAX_EVENT_RETRIES);
    expect(seen.map((s) => s.retryContext)).toEqual([
      undefined,
      ...[1, 2, 3, 4].map((retryCount) => ({ retryCount, retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED', retryData: { ticket: 'FHSD-1' } })),
    ]);
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]!.at - seen[i - 1]!.at).toBeGreaterThanOrEqual(950);
    expect(state.failedTriggers()).toEqual([expect.objectContaining({ attempts: 5 })]);
  });

  test('retryData that is not an object is not passed on (ECO-734); nothing returned means delivered', async () => {
    const seen: unknown[] = [];
    const queue = queueWith(async (_trigger, delivered) => {
      seen.push(delivered.retryContext);
      return { returned: delivered.retryContext ? undefined : new InvocationError({ retryAfter: 1, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST, retryData: 'text' }) };
    });
    queue.start();
    queue.accept(event);
    await drained(state);
    await queue.close();
    expect(seen).toEqual([undefined, { retryCount: 1, retryReason: 'FUNCTION_RETRY_REQUEST' }]);
    expect(state.failedTriggers()).toEqual([]);
  });

  test('a retry asked with more than 4KB of retryData is not made (logged, kept as failed); 4,000 bytes is retried with it', async () => {
    const seen: unknown[] = [];
    const retryDataOf = (bytes: number) => ({ note: 'x'.repeat(bytes - '{"note":""}'.length) });
    const queue = queueWith(async (_trigger, delivered) => {
      seen.push(delivered.retryContext);
      if (delivered.retryContext) return { returned: undefined };
      const bytes = (delivered.issue as { key: string }).key === 'FHSD-1' ? MAX_RETRY_DATA_BYTES : MAX_RETRY_DATA_BYTES + 1;
      return { returned: new InvocationError({ retryAfter: 1, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST, retryData: retryDataOf(bytes) }) };
    });
    queue.start();
    queue.accept(event);
    queue.accept({ ...event, issue: { id: '2', key: 'FHSD-2' } } as unknown as JiraEvent);
    await drained(state);
    await queue.close();
    expect(MAX_RETRY_DATA_BYTES).toBe(4_000);
    expect(seen).toEqual([undefined, undefined, { retryCount: 1, retryReason: 'FUNCTION_RETRY_REQUEST', retryData: retryDataOf(MAX_RETRY_DATA_BYTES) }]);
    expect(state.failedTriggers()).toEqual([expect.objectContaining({ id: 2, attempts: 1, lastError: expect.stringContaining('4001 bytes of retryData') })]);
    expect(logs).toContainEqual(expect.stringMatching(/event #2: .*4001 bytes of retryData.*; not retried\.$/));
  });

  test('an event larger than 200 kB is not delivered: logged and kept as failed, never run; one of 200,000 bytes is delivered', async () => {
    const delivered: unknown[] = [];
    const queue = queueWith(async (_trigger, e) => (delivered.push((e.issue as { key: string }).key), { returned: undefined }));
    queue.start();
    const sized = (key: string, bytes: number) => {
      const e = { ...event, issue: { id: '1', key, description: '' } } as unknown as JiraEvent;
      const filler = bytes - Buffer.byteLength(JSON.stringify(e), 'utf8');
      return { ...e, issue: { id: '1', key, description: 'x'.repeat(filler) } } as unknown as JiraEvent;
    };
    queue.accept(sized('FHSD-1', MAX_EVENT_BYTES));
    queue.accept(sized('FHSD-2', MAX_EVENT_BYTES + 1));
    await drained(state);
    await queue.close();
    expect(MAX_EVENT_BYTES).toBe(200_000);
    expect(delivered).toEqual(['FHSD-1']);
    expect(state.failedTriggers()).toEqual([{ id: 2, moduleKey: TRIGGER.key, attempts: 0, lastError: expect.stringContaining('200001 bytes') }]);
    expect(logs).toContainEqual(expect.stringMatching(/event #2 \(avi:jira:created:issue\) not delivered: the event is 200001 bytes/));
  });

  test('a delivery the process died in is retried at the next start as a platform failure', async () => {
    state.enqueueTrigger(TRIGGER.key, event, Date.now());
    const row = state.nextTrigger(Date.now())!;
    state.triggerStarted(row.id); // the process dies here
    const seen: unknown[] = [];
    const queue = queueWith(async (_trigger, delivered) => (seen.push(delivered.retryContext), { returned: undefined }));
    queue.start();
    await drained(state);
    await queue.close();
    expect(seen).toEqual([{ retryCount: 1, retryReason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR' }]);
  });
});

describe('the app\'s real trigger through the queue, against the Jira stand-in', () => {
  let dir: ReturnType<typeof tempDataDir>;
  let jira: JiraStandIn;
  let app: ForgeApp;
  let state: RuntimeStateStore;
  let queue: TriggerQueue;
  const logs: string[] = [];

  async function startWith(triggerTimeoutMs?: number): Promise<void> {
    dir = tempDataDir();
    jira = new JiraStandIn({ users: DEMO_PEOPLE, organizations: DEMO_ORGANIZATION_LIST, customFields: DEMO_CUSTOM_FIELDS });
    app = new ForgeApp({ appRoot: APP_ROOT, manifest: readManifest(APP_ROOT), kvsFile: `${dir.dir}/kvs.db`, jira, siteUrl: () => 'http://127.0.0.1', log: (line) => logs.push(line), ...(triggerTimeoutMs ? { triggerTimeoutMs } : {}) });
    state = new RuntimeStateStore(`${dir.dir}/state.db`);
    queue = new TriggerQueue({ state, app, triggers: [TRIGGER], appAccountId: jira.config.appAccountId, log: (line) => logs.push(line) });
    jira.onEvent((event) => queue.accept(event));
    await app.host.runAs(undefined, () => new KvsPlanRepository().saveSettings(demoSettings()));
    queue.start();
  }

  afterEach(async () => {
    await queue.close();
    app.close();
    state.close();
    jira.close();
    dir.remove();
    logs.length = 0;
  });

  async function raise(): Promise<string> {
    const created = await jira.handle({ method: 'POST', path: '/rest/api/3/issue', body: JSON.stringify({ fields: VAL_REQUEST }) }, asUser(PEOPLE.carla.accountId));
    expect(created.status).toBe(201);
    await jira.whenEventsDelivered();
    return (created.body as { key: string }).key;
  }

  async function ticket(key: string): Promise<{ assignee: string | null; property: unknown; comments: number }> {
    const issue = (await jira.handle({ method: 'GET', path: `/rest/api/3/issue/${key}?fields=assignee&properties=clinspark-plan` }, asApp())).body as { fields: { assignee: { accountId: string } | null }; properties: Record<string, unknown> };
    const comments = (await jira.handle({ method: 'GET', path: `/rest/api/3/issue/${key}/comment` }, asApp())).body as { comments: unknown[] };
    return { assignee: issue.fields.assignee?.accountId ?? null, property: issue.properties['clinspark-plan'] ?? null, comments: comments.comments.length };
  }

  test('a ticket created while Jira answers 429 and then 500 is retried through InvocationError and ends with its plan, its one welcome comment and its assignee, exactly once', async () => {
    await startWith();
    const original = jira.handle.bind(jira);
    const faults: string[] = [];
    let commentFailed = false;
    jira.handle = async (request, caller): Promise<JiraResponse> => {
      if (caller.type !== 'app') return original(request, caller);
      if (faults.length === 0) {
        faults.push(`429 ${request.method} ${request.path}`);
        return { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '1' }, body: { errorMessages: ['Rate limit exceeded.'], errors: {} } };
      }
      if (!commentFailed && request.method === 'POST' && request.path.endsWith('/comment')) {
        commentFailed = true;
        // Jira stored the comment, but the answer was a 500: the retry must find it instead of posting it again.
        await original(request, caller);
        faults.push(`500 ${request.method} ${request.path}`);
        return { status: 500, headers: { 'content-type': 'application/json', 'retry-after': '1' }, body: { errorMessages: ['Internal server error'], errors: {} } };
      }
      return original(request, caller);
    };
    const key = await raise();
    await drained(state);
    // The trigger's first call: Jira's field list on a site whose fields are not found yet, else the ticket's form.
    expect(faults).toEqual([expect.stringMatching(/^429 GET \/rest\/api\/3\/(field|issue\/FHSD-1)/), expect.stringMatching(/^500 POST \/rest\/api\/3\/issue\/FHSD-1\/comment/)]);
    expect(logs.filter((l) => /asked to be retried/.test(l))).toEqual([
      expect.stringContaining('(FUNCTION_UPSTREAM_RATE_LIMITED); retry 1 of 4 in 1 s'),
      expect.stringContaining('(FUNCTION_RETRY_REQUEST); retry 2 of 4 in 1 s'),
    ]);
    expect(state.failedTriggers()).toEqual([]);
    expect(await ticket(key)).toEqual({ assignee: PEOPLE.pm.accountId, property: expect.objectContaining({ targetVersion: '25.2' }), comments: 1 });
    const plans = await app.host.runAs(undefined, () => new KvsPlanRepository().listByOrganization('1'));
    expect(plans.map((p) => p.planId)).toEqual(['upgrade-1-25.2']);
  });

  test('a run past its time limit is stopped (its late calls reach nothing) and retried as FUNCTION_TIME_OUT', async () => {
    await startWith(400);
    const original = jira.handle.bind(jira);
    let slow = true;
    jira.handle = async (request, caller) => {
      if (caller.type === 'app' && slow) {
        slow = false;
        await new Promise((r) => setTimeout(r, 700));
      }
      return original(request, caller);
    };
    const key = await raise();
    await drained(state);
    expect(logs.filter((l) => /ran past its time limit/.test(l))).toEqual([expect.stringContaining('retry 1 of 4 in 1 s')]);
    expect(state.failedTriggers()).toEqual([]);
    expect(await ticket(key)).toEqual({ assignee: PEOPLE.pm.accountId, property: expect.objectContaining({ targetVersion: '25.2' }), comments: 1 });
  });
});
