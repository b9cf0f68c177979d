import api, { asApp, asUser, bindInvocationContext, getAppContext, route } from '@forge/api';
import { kvs } from '@forge/kvs';
import { installForgeHost, type ForgeHost, type ProductCall } from '../../../src/local/forge-host';
import { plan, PLAN_ENTITIES, type Plan } from '../kvs/helpers';

let host: ForgeHost;
let calls: ProductCall[];

beforeEach(() => {
  calls = [];
  host = installForgeHost({
    entities: PLAN_ENTITIES,
    app: { appId: '5b0e8f4e-2a4b-4f0c-9a8e-1c2d3e4f5a6b', scopes: ['read:jira-work'] },
    jira: async (call) => {
      calls.push(call);
      if (call.path.startsWith('/rest/api/3/issue/FHSD-404')) return { status: 404, body: { errorMessages: ['Issue does not exist'] } };
      if (call.method === 'PUT') return { status: 204 };
      return { status: 200, body: { key: 'FHSD-1', fields: { summary: 'Upgrade' }, seenAs: call.accountId ?? 'app' } };
    },
  });
});
afterEach(() => host.uninstall());

describe('requestJira through the real @forge/api', () => {
  it('sends asApp requests to the handler and returns its response', async () => {
    const key = 'FHSD-1';
    const res = await asApp().requestJira(route`/rest/api/3/issue/${key}?fields=${'summary'}`, { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(await res.json()).toEqual({ key: 'FHSD-1', fields: { summary: 'Upgrade' }, seenAs: 'app' });
    expect(calls).toEqual([
      { product: 'jira', asApp: true, method: 'GET', path: '/rest/api/3/issue/FHSD-1?fields=summary', headers: { accept: 'application/json' } },
    ]);
  });

  it('sends asUser requests with the invocation user, and bodies', async () => {
    await host.runAs('user-42', async () => {
      const res = await asUser().requestJira(route`/rest/api/3/issue/${'FHSD-1'}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ fields: { summary: 'x' } }),
      });
      expect(res.status).toBe(204);
      expect(await res.text()).toBe('');
    });
    expect(calls[0]).toMatchObject({ asApp: false, accountId: 'user-42', method: 'PUT', body: '{"fields":{"summary":"x"}}' });
    expect(calls[0]?.headers['content-type']).toBe('application/json');
  });

  it('keeps concurrent invocations apart', async () => {
    const seen = await Promise.all(
      ['alice', 'bob', 'carol'].map((user) =>
        host.runAs(user, async () => {
          await new Promise((r) => setTimeout(r, 5));
          return (await (await api.asUser().requestJira(route`/rest/api/3/myself`)).json()).seenAs;
        }),
      ),
    );
    expect(seen).toEqual(['alice', 'bob', 'carol']);
  });

  it('lets asUser(accountId) name the user explicitly', async () => {
    await asUser('explicit-user').requestJira(route`/rest/api/3/myself`);
    expect(calls[0]?.accountId).toBe('explicit-user');
  });

  it('passes error statuses through', async () => {
    const res = await asApp().requestJira(route`/rest/api/3/issue/${'FHSD-404'}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errorMessages: ['Issue does not exist'] });
  });

  it('fails clearly for asUser with no user, other products and the bare requestJira', async () => {
    await expect(asUser().requestJira(route`/rest/api/3/myself`)).rejects.toThrow(/runAs/);
    await expect(asApp().requestConfluence(route`/wiki/api/v2/pages`)).rejects.toThrow(/only Jira/);
    await expect(api.requestJira(route`/rest/api/3/myself`)).rejects.toThrow(/asApp\(\)/);
    expect(calls).toHaveLength(0);
  });

  it('counts Jira calls by method and path, and KVS operations', async () => {
    await asApp().requestJira(route`/rest/api/3/issue/${'FHSD-1'}?expand=${'changelog'}`);
    await asApp().requestJira(route`/rest/api/3/issue/${'FHSD-1'}`);
    await host.runAs('u1', () => asUser().requestJira(route`/rest/api/3/issue/${'FHSD-1'}`, { method: 'PUT', body: '{}' }));
    await kvs.set('a1', { x: 1 });
    await kvs.get('a1');
    await kvs.entity<Plan>('plan').set('p1', plan());
    await kvs.entity<Plan>('plan').query().index('by-next-due').getMany();
    expect(host.counters.jira).toEqual({
      total: 3,
      asApp: 2,
      asUser: 1,
      byRoute: { 'GET /rest/api/3/issue/FHSD-1': 2, 'PUT /rest/api/3/issue/FHSD-1': 1 },
    });
    expect(host.counters.kvs).toMatchObject({ requests: 4, reads: 2, writes: 2, errors: 0, readUnits: 2, writeUnits: 2 });
    expect(host.counters.kvs.bytesWritten).toBe('{"x":1}'.length + JSON.stringify(plan()).length);
    expect(host.counters.kvs.byPath['/api/v1/entity/query']).toMatchObject({ requests: 1, reads: 1 });
    host.resetCounters();
    expect(host.counters.jira.total).toBe(0);
    expect(host.counters.kvs).toMatchObject({ requests: 0, reads: 0, writes: 0, byPath: {} });
  });
});

describe('the emulated runtime', () => {
  it('answers getAppContext with the configured identity and invocation', async () => {
    await host.runAs('u1', async () => {
      const ctx = getAppContext();
      expect(String(ctx.appAri)).toBe('ari:cloud:ecosystem::app/5b0e8f4e-2a4b-4f0c-9a8e-1c2d3e4f5a6b');
      expect(ctx.permissions?.scopes).toEqual(['read:jira-work']);
      expect(ctx.invocationRemainingTimeInMillis()).toBeGreaterThan(24_000);
      expect(ctx.invocationId).not.toBe('local-invocation');
    });
  });

  it('carries the user into callbacks bound with bindInvocationContext', async () => {
    const bound = host.runAs('bound-user', () => bindInvocationContext(() => host.currentAccountId()));
    expect(host.currentAccountId()).toBeUndefined();
    expect(bound()).toBe('bound-user');
  });

  it('restores the globals on uninstall and refuses a second install', () => {
    expect(() => installForgeHost()).toThrow(/already installed/);
    host.uninstall();
    const g = globalThis as Record<string, unknown>;
    expect(g.__forge_fetch__).toBeUndefined();
    expect(g.__forge_runtime__).toBeUndefined();
    host = installForgeHost();
  });
});

describe('asUser for unlicensed accounts', () => {
  // access-to-forge-apps-for-unlicensed-jsm-users: "Unlicensed users (including customer and anonymous) cannot make asUser calls."
  it('refuses asUser() for a customer with a 401 that never reaches Jira; asApp() still works, and licensed users keep asUser()', async () => {
    host.uninstall();
    const types: Record<string, string> = { 'customer-1': 'customer', 'agent-1': 'licensed' };
    host = installForgeHost({ jira: async (call) => (calls.push(call), { status: 200, body: { seenAs: call.accountId ?? 'app' } }), accountTypeOf: (id) => types[id] });
    await host.runAs('customer-1', async () => {
      const refused = await asUser().requestJira(route`/rest/api/3/myself`);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ errorMessages: [expect.stringContaining('asUser()')] });
      expect((await asApp().requestJira(route`/rest/api/3/myself`)).status).toBe(200);
    });
    await host.runAs('agent-1', async () => {
      expect(await (await asUser().requestJira(route`/rest/api/3/myself`)).json()).toEqual({ seenAs: 'agent-1' });
    });
    expect(calls.map((c) => c.accountId ?? 'app')).toEqual(['app', 'agent-1']);
  });
});

describe('an invocation stopped at its time limit', () => {
  it('answers timedOut at the limit, and whatever it tries later reaches neither Jira nor KVS', async () => {
    let late: unknown;
    const run = await host.runWithin(undefined, 50, async () => {
      await new Promise((r) => setTimeout(r, 150));
      late = await Promise.allSettled([asApp().requestJira(route`/rest/api/3/issue/${'FHSD-1'}`), kvs.set('late', 1)]);
      return 'finished';
    });
    expect(run).toEqual({ timedOut: true });
    await new Promise((r) => setTimeout(r, 250));
    expect(late).toEqual([
      { status: 'rejected', reason: expect.objectContaining({ message: expect.stringContaining('stopped after 50 ms') }) },
      { status: 'rejected', reason: expect.anything() },
    ]);
    expect(calls).toEqual([]);
    expect(await kvs.get('late')).toBeUndefined();
  });

  it('answers the value when the function ends in time', async () => {
    expect(await host.runWithin('user-1', 1_000, async () => host.currentAccountId())).toEqual({ value: 'user-1' });
  });
});
