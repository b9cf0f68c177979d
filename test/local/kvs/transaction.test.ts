import { Filter, FilterConditions, kvs } from '@forge/kvs';
import { installForgeHost, type ForgeHost } from '../../../src/local/forge-host';
import { kvsError, plan, PLAN_ENTITIES, type Plan } from './helpers';

let host: ForgeHost;
const plans = () => kvs.entity<Plan>('plan');
const revisionIs = (n: number) => new Filter<Plan>().and('revision', FilterConditions.equalTo(n));
const noRevision = () => new Filter<Plan>().and('revision', FilterConditions.notExists());

beforeEach(async () => {
  host = installForgeHost({ entities: PLAN_ENTITIES });
  await plans().set('p1', plan({ revision: 1 }));
  await kvs.set('audit:1', 'old');
});
afterEach(() => host.uninstall());

/** storage-reference/transactions, transactions-entities (and limits-kvs-ce, "Transaction limits"). */
describe('transactions', () => {
  it('commits sets, deletes and checks together when every condition holds', async () => {
    await plans().set('p2', plan({ revision: 3 }));
    await kvs
      .transact()
      .set('p1', plan({ revision: 2, phase: 'testing' }), { entityName: 'plan', conditions: revisionIs(1) })
      .set('audit:2', { event: 'revised' })
      .delete('audit:1')
      .check('p2', { entityName: 'plan', conditions: revisionIs(3) })
      .execute();
    expect(await plans().get('p1')).toMatchObject({ revision: 2, phase: 'testing' });
    expect(await kvs.get('audit:2')).toEqual({ event: 'revised' });
    expect(await kvs.get('audit:1')).toBeUndefined();
  });

  it('writes nothing when one condition fails ("if any condition is not met, the entire transaction will fail")', async () => {
    host.resetCounters();
    const err = await kvsError(
      kvs
        .transact()
        .set('audit:2', 'new')
        .delete('audit:1')
        .set('p1', plan({ revision: 2 }), { entityName: 'plan', conditions: revisionIs(7) })
        .execute(),
    );
    // The status and code of this answer are not documented: the emulator's own choice, which the app does not read.
    expect(err.responseDetails.status).toBe(409);
    expect(err.code).toBe('CONDITIONAL_CHECK_FAILED');
    expect(err.context).toEqual({ failedConditions: [{ key: 'p1', entityName: 'plan' }] });
    expect(await kvs.get('audit:2')).toBeUndefined();
    expect(await kvs.get('audit:1')).toBe('old');
    expect(await plans().get('p1')).toMatchObject({ revision: 1 });
    expect(host.counters.kvs.byPath['/api/v1/transaction']).toMatchObject({ requests: 1, errors: 1, writes: 0 });
  });

  it('fails a check on a missing entity whatever its condition, even NOT_EXISTS ("check if key exists and meets conditions")', async () => {
    for (const conditions of [revisionIs(1), noRevision()]) {
      const err = await kvsError(kvs.transact().set('audit:3', 'x').check('p9', { entityName: 'plan', conditions }).execute());
      expect(err.code).toBe('CONDITIONAL_CHECK_FAILED');
    }
    expect(await kvs.get('audit:3')).toBeUndefined();
  });

  it('fails a conditional set or delete of a missing entity (undocumented: the stricter reading), so it cannot create', async () => {
    expect((await kvsError(kvs.transact().set('p2', plan(), { entityName: 'plan', conditions: noRevision() }).execute())).code).toBe('CONDITIONAL_CHECK_FAILED');
    expect((await kvsError(kvs.transact().delete('p2', { entityName: 'plan', conditions: noRevision() }).execute())).code).toBe('CONDITIONAL_CHECK_FAILED');
    expect(await plans().get('p2')).toBeUndefined();
  });

  it('tests NOT_EXISTS against an attribute of an entity that exists', async () => {
    await plans().set('p3', { organizationId: 'org-1', targetVersion: '2024.9' } as Plan);
    await kvs.transact().set('p3', plan({ revision: 1 }), { entityName: 'plan', conditions: noRevision() }).execute();
    expect(await plans().get('p3')).toMatchObject({ revision: 1 });
    expect((await kvsError(kvs.transact().set('p3', plan({ revision: 2 }), { entityName: 'plan', conditions: noRevision() }).execute())).code).toBe('CONDITIONAL_CHECK_FAILED');
  });

  it('creates only if absent the documented way: keyPolicy FAIL_IF_EXISTS, refused for an existing key that stays as it was', async () => {
    await plans().set('p2', plan({ revision: 0 }), { keyPolicy: 'FAIL_IF_EXISTS' });
    const err = await kvsError(plans().set('p2', plan({ revision: 5 }), { keyPolicy: 'FAIL_IF_EXISTS' }));
    expect(err.responseDetails.status).toBe(409);
    expect(await plans().get('p2')).toMatchObject({ revision: 0 });
    await kvs.transact().set('p2', plan({ revision: 1 }), { entityName: 'plan', conditions: revisionIs(0) }).execute();
    expect(await plans().get('p2')).toMatchObject({ revision: 1 });
  });

  it('takes only a ttl as a set option: no keyPolicy in a transaction', async () => {
    const err = await kvsError(kvs.transact().set('k1', 1, undefined, { keyPolicy: 'FAIL_IF_EXISTS' } as never).execute());
    expect(err.responseDetails.status).toBe(400);
    expect(await kvs.get('k1')).toBeUndefined();
  });

  it('deletes a key "whether the key exists or not"', async () => {
    await kvs.transact().delete('audit:missing').delete('p9', { entityName: 'plan' }).execute();
  });

  it('accepts 25 operations and refuses 26, writing nothing', async () => {
    let full = kvs.transact();
    for (let i = 0; i < 25; i++) full = full.set(`k${i}`, i);
    await full.execute();
    expect(await kvs.get('k24')).toBe(24);
    let big = kvs.transact();
    for (let i = 0; i < 26; i++) big = big.set(`n${i}`, i);
    expect((await kvsError(big.execute())).responseDetails.status).toBe(400);
    expect(await kvs.get('n0')).toBeUndefined();
  });

  it('uses each key once ("Each key can only be used once in a transaction")', async () => {
    const err = await kvsError(kvs.transact().set('k1', 1).delete('k1').execute());
    expect(err.responseDetails.status).toBe(400);
    expect(await kvs.get('k1')).toBeUndefined();
    // Whether an entity key and a plain key of the same name are "the same key" is not written: refused, the stricter reading.
    expect((await kvsError(kvs.transact().set('p1', plan({ revision: 2 }), { entityName: 'plan' }).set('p1', 'plain').execute())).responseDetails.status).toBe(400);
  });

  it('refuses a payload over 4MB and values over the key and object limits, writing nothing', async () => {
    const chunk = 'x'.repeat(200 * 1024);
    let heavy = kvs.transact();
    for (let i = 0; i < 21; i++) heavy = heavy.set(`h${i}`, chunk);
    expect((await kvsError(heavy.execute())).responseDetails.status).toBe(400);
    expect(await kvs.get('h0')).toBeUndefined();
    expect((await kvsError(kvs.transact().set('k1', 1).set('k2', 'x'.repeat(240 * 1024)).execute())).code).toBe('MAX_SIZE');
    expect((await kvsError(kvs.transact().set('k1', 1).set('k'.repeat(501), 1).execute())).code).toBe('KEY_TOO_LONG');
    expect(await kvs.get('k1')).toBeUndefined();
  });
});
