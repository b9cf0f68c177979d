import { Filter, FilterConditions, kvs } from '@forge/kvs';
import { installForgeHost, type ForgeHost } from '../../../src/local/forge-host';
import { kvsError, plan, PLAN_ENTITIES, type Plan } from './helpers';

let host: ForgeHost;
const plans = () => kvs.entity<Plan>('plan');
const revisionIs = (n: number) => new Filter<Plan>().and('revision', FilterConditions.equalTo(n));

beforeEach(async () => {
  host = installForgeHost({ entities: PLAN_ENTITIES });
  await plans().set('p1', plan({ revision: 1 }));
  await kvs.set('audit:1', 'old');
});
afterEach(() => host.uninstall());

describe('transactions', () => {
  it('commits sets, deletes and checks together when every condition holds', async () => {
    await kvs
      .transact()
      .set('p1', plan({ revision: 2, phase: 'testing' }), { entityName: 'plan', conditions: revisionIs(1) })
      .set('audit:2', { event: 'revised' })
      .delete('audit:1')
      .check('p2', { entityName: 'plan', conditions: new Filter<Plan>().and('revision', FilterConditions.notExists()) })
      .execute();
    expect(await plans().get('p1')).toMatchObject({ revision: 2, phase: 'testing' });
    expect(await kvs.get('audit:2')).toEqual({ event: 'revised' });
    expect(await kvs.get('audit:1')).toBeUndefined();
  });

  it('writes nothing when one condition fails', async () => {
    host.resetCounters();
    const err = await kvsError(
      kvs
        .transact()
        .set('audit:2', 'new')
        .delete('audit:1')
        .set('p1', plan({ revision: 2 }), { entityName: 'plan', conditions: revisionIs(7) })
        .execute(),
    );
    expect(err.responseDetails.status).toBe(409);
    expect(err.code).toBe('CONDITIONAL_CHECK_FAILED');
    expect(err.context).toEqual({ failedConditions: [{ key: 'p1', entityName: 'plan' }] });
    expect(await kvs.get('audit:2')).toBeUndefined();
    expect(await kvs.get('audit:1')).toBe('old');
    expect(await plans().get('p1')).toMatchObject({ revision: 1 });
    expect(host.counters.kvs.byPath['/api/v1/transaction']).toMatchObject({ requests: 1, errors: 1, writes: 0 });
  });

  it('fails a check on a missing entity unless it asks for NOT_EXISTS', async () => {
    const err = await kvsError(kvs.transact().set('audit:3', 'x').check('p9', { entityName: 'plan', conditions: revisionIs(1) }).execute());
    expect(err.code).toBe('CONDITIONAL_CHECK_FAILED');
    expect(await kvs.get('audit:3')).toBeUndefined();
  });

  it('creates an entity only if absent (optimistic create)', async () => {
    const absent = new Filter<Plan>().and('revision', FilterConditions.notExists());
    await kvs.transact().set('p2', plan(), { entityName: 'plan', conditions: absent }).execute();
    const err = await kvsError(kvs.transact().set('p2', plan({ revision: 5 }), { entityName: 'plan', conditions: absent }).execute());
    expect(err.responseDetails.status).toBe(409);
    expect(await plans().get('p2')).toMatchObject({ revision: 1 });
  });

  it('refuses more than 25 operations, repeated keys, and invalid values before writing', async () => {
    let big = kvs.transact();
    for (let i = 0; i < 26; i++) big = big.set(`k${i}`, i);
    expect((await kvsError(big.execute())).code).toBe('MAX_OPERATIONS');
    expect(await kvs.get('k0')).toBeUndefined();
    expect((await kvsError(kvs.transact().set('k', 1).delete('k').execute())).code).toBe('DUPLICATE_KEY');
    const tooBig = 'x'.repeat(240 * 1024);
    expect((await kvsError(kvs.transact().set('k1', 1).set('k2', tooBig).execute())).code).toBe('MAX_SIZE');
    expect(await kvs.get('k1')).toBeUndefined();
  });
});
