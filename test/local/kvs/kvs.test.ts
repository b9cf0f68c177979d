import { kvs, MetadataField, WhereConditions } from '@forge/kvs';
import { installForgeHost, type ForgeHost } from '../../../src/local/forge-host';
import { KvsEmulator } from '../../../src/local/kvs';
import { kvsError } from './helpers';

let host: ForgeHost;
let clock = 1_700_000_000_000;

beforeEach(() => {
  host = installForgeHost({ kvs: new KvsEmulator({ now: () => clock }) });
});
afterEach(() => host.uninstall());

describe('KVS get/set/delete through the real @forge/kvs client', () => {
  it('stores, reads, overwrites and deletes JSON values', async () => {
    expect(await kvs.get('missing')).toBeUndefined();
    await kvs.set('settings:1', { a: 1, list: [1, 'x', null], nested: { b: true } });
    expect(await kvs.get('settings:1')).toEqual({ a: 1, list: [1, 'x', null], nested: { b: true } });
    await kvs.set('settings:1', 'replaced');
    expect(await kvs.get('settings:1')).toBe('replaced');
    await kvs.delete('settings:1');
    expect(await kvs.get('settings:1')).toBeUndefined();
    await expect(kvs.delete('settings:1')).resolves.toBeUndefined();
  });

  it('returns metadata when asked, keeping createdAt across overwrites', async () => {
    await kvs.set('k1', 1);
    clock += 1000;
    await kvs.set('k1', 2);
    const got = await kvs.get('k1', { metadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT] });
    expect(got).toEqual({ key: 'k1', value: 2, createdAt: clock - 1000, updatedAt: clock });
  });

  it('FAIL_IF_EXISTS refuses an existing key and leaves it untouched', async () => {
    await kvs.set('lock', 'first', { keyPolicy: 'FAIL_IF_EXISTS' });
    const err = await kvsError(kvs.set('lock', 'second', { keyPolicy: 'FAIL_IF_EXISTS' }));
    expect(err.responseDetails.status).toBe(409);
    expect(err.code).toBe('KEY_ALREADY_EXISTS');
    expect(await kvs.get('lock')).toBe('first');
  });

  it('OVERRIDE with returnValue gives the previous or the latest value', async () => {
    expect(await kvs.set('v1', 1, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' })).toBeUndefined();
    expect(await kvs.set('v1', 2, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' })).toEqual({ key: 'v1', value: 1 });
    expect(await kvs.set('v1', 3, { keyPolicy: 'OVERRIDE', returnValue: 'LATEST' })).toEqual({ key: 'v1', value: 3 });
  });

  it('expires values after their ttl', async () => {
    await kvs.set('temp', 'x', { ttl: { value: 5, unit: 'MINUTES' } });
    const meta = await kvs.get('temp', { metadataFields: [MetadataField.EXPIRE_TIME] });
    expect(meta?.expireTime).toBe(new Date(clock + 5 * 60_000).toISOString());
    clock += 5 * 60_000;
    expect(await kvs.get('temp')).toBeUndefined();
    await kvs.set('temp', 'y', { keyPolicy: 'FAIL_IF_EXISTS' });
    expect(await kvs.get('temp')).toBe('y');
  });

  it('keeps secrets apart from plain keys', async () => {
    await kvs.setSecret('token', 's3cret');
    expect(await kvs.get('token')).toBeUndefined();
    expect(await kvs.getSecret('token')).toBe('s3cret');
    await kvs.deleteSecret('token');
    expect(await kvs.getSecret('token')).toBeUndefined();
  });
});

describe('KVS query', () => {
  beforeEach(async () => {
    for (let i = 0; i < 25; i++) await kvs.set(`item:${String(i).padStart(2, '0')}`, i);
    await kvs.set('other:1', 'x');
  });

  it('pages through a key prefix in key order with cursors', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      let q = kvs.query().where('key', WhereConditions.beginsWith('item:')).limit(10);
      if (cursor) q = q.cursor(cursor);
      const page = await q.getMany<number>();
      seen.push(...page.results.map((r) => r.value));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...Array(25).keys()]);
  });

  it('defaults to 10 results, finds one, and rejects a limit over 20', async () => {
    expect((await kvs.query().getMany()).results).toHaveLength(10);
    expect(await kvs.query().where('key', WhereConditions.beginsWith('other:')).getOne()).toEqual({ key: 'other:1', value: 'x' });
    const err = await kvsError(kvs.query().limit(21).getMany());
    expect(err.responseDetails.status).toBe(400);
    expect(err.code).toBe('LIST_QUERY_LIMIT_EXCEEDED');
  });

  it('answers a bad key query with the documented codes (handling-errors-kvs)', async () => {
    expect((await kvsError(kvs.query().limit(0).getMany())).code).toBe('LIST_QUERY_LIMIT_EXCEEDED');
    // What the client's types do not let it build, sent as the REST API would get it.
    const answer = (body: unknown) => JSON.parse(host.kvs.handle('/api/v1/query', JSON.stringify(body)).body as string) as { code: string };
    const beginsWith = (property: string, values: unknown[] = ['item:']) => ({ property, condition: 'BEGINS_WITH', values });
    expect(answer({ where: [beginsWith('key'), beginsWith('key')] }).code).toBe('QUERY_WHERE_INVALID');
    expect(answer({ where: [beginsWith('value')] }).code).toBe('QUERY_WHERE_FIELD_INVALID');
    expect(answer({ where: [beginsWith('key', ['a', 'b'])] }).code).toBe('INVALID_FILTER_VALUES');
    expect(answer({ where: [{ property: 'key', condition: 'EQUAL_TO', values: ['item:01'] }] }).code).toBe('INVALID_FILTER_CONDITION');
  });

  it('rejects a cursor that is not one of its own', async () => {
    const err = await kvsError(kvs.query().cursor('not-a-cursor').getMany());
    expect(err.code).toBe('INVALID_CURSOR');
  });
});

describe('KVS batch operations', () => {
  it('sets, gets and deletes many keys, reporting missing ones', async () => {
    const set = await kvs.batchSet([{ key: 'a1', value: 1 }, { key: 'b1', value: 2 }, { key: 'bad key!', value: 3 }]);
    expect(set.successfulKeys).toEqual([{ key: 'a1' }, { key: 'b1' }]);
    expect(set.failedKeys).toEqual([{ key: 'bad key!', error: expect.objectContaining({ code: 'INVALID_KEY' }) }]);
    const got = await kvs.batchGet([{ key: 'a1' }, { key: 'b1' }, { key: 'c1' }]);
    expect(got.successfulKeys).toEqual([{ key: 'a1', value: 1 }, { key: 'b1', value: 2 }]);
    expect(got.failedKeys).toEqual([{ key: 'c1', error: expect.objectContaining({ code: 'KEY_NOT_FOUND' }) }]);
    await kvs.batchDelete([{ key: 'a1' }, { key: 'b1' }]);
    expect(await kvs.get('a1')).toBeUndefined();
  });

  it('refuses a whole batch with a repeated key or more than 25 keys', async () => {
    expect((await kvsError(kvs.batchSet([{ key: 'a1', value: 1 }, { key: 'a1', value: 2 }]))).code).toBe('DUPLICATE_KEY');
    const many = Array.from({ length: 26 }, (_, i) => ({ key: `k${i}`, value: i }));
    expect((await kvsError(kvs.batchSet(many))).responseDetails.status).toBe(400);
    expect(await kvs.get('a1')).toBeUndefined();
    expect(await kvs.get('k0')).toBeUndefined();
  });
});
