import { kvs } from '@forge/kvs';
import { installForgeHost, type ForgeHost } from '../../../src/local/forge-host';
import { FORGE_KVS_LIMITS } from '../../../src/local/kvs';
import { kvsError, plan, PLAN_ENTITIES, type Plan } from './helpers';

let host: ForgeHost;
beforeEach(() => {
  host = installForgeHost({ entities: PLAN_ENTITIES });
});
afterEach(() => host.uninstall());

/** A JSON string value whose serialized form is exactly `bytes` long. */
const stringOfJsonBytes = (bytes: number) => 'x'.repeat(bytes - 2);

describe('documented limits', () => {
  it('accepts a 500-character key and refuses 501 characters', async () => {
    await kvs.set('k'.repeat(500), 1);
    expect(await kvs.get('k'.repeat(500))).toBe(1);
    const err = await kvsError(kvs.set('k'.repeat(501), 1));
    expect(err.responseDetails.status).toBe(400);
    expect(err.code).toBe('KEY_TOO_LONG');
    expect((await kvsError(kvs.entity<Plan>('plan').set('p'.repeat(501), plan()))).code).toBe('KEY_TOO_LONG');
  });

  it('refuses keys outside the documented key format', async () => {
    for (const key of ['a/b', 'üü', '   ', 'a?b']) {
      expect((await kvsError(kvs.set(key, 1))).code).toBe('INVALID_KEY');
    }
    expect((await kvsError(kvs.set('', 1))).code).toBe('KEY_TOO_SHORT');
    // handling-errors-kvs: KEY_TOO_SHORT "The provided key needs to be more than one character"; entity keys only may not be empty.
    expect((await kvsError(kvs.set('k', 1))).code).toBe('KEY_TOO_SHORT');
    await kvs.entity<Plan>('plan').set('p', plan());
    expect((await kvsError(kvs.entity('plan').set('', plan()))).code).toBe('EMPTY_KEY');
    await kvs.set('a b:c.d_e-f#1', 'ok');
    expect(await kvs.get('a b:c.d_e-f#1')).toBe('ok');
  });

  it('accepts a value of exactly 240 KiB and refuses one byte more, storing nothing', async () => {
    expect(FORGE_KVS_LIMITS.maxValueBytes).toBe(245_760);
    await kvs.set('big', stringOfJsonBytes(245_760));
    const err = await kvsError(kvs.set('bigger', stringOfJsonBytes(245_761)));
    expect(err.responseDetails.status).toBe(400);
    expect(err.code).toBe('MAX_SIZE');
    expect(await kvs.get('bigger')).toBeUndefined();
    const big = await kvsError(kvs.entity<Plan>('plan').set('p', plan({ plan: stringOfJsonBytes(245_761) })));
    expect(big.code).toBe('MAX_SIZE');
    expect(await kvs.entity('plan').get('p')).toBeUndefined();
  });

  it('accepts a secret of exactly 128 KiB and refuses one byte more, storing nothing (kvs-api-secret)', async () => {
    expect(FORGE_KVS_LIMITS.maxSecretValueBytes).toBe(131_072);
    await kvs.setSecret('secret', stringOfJsonBytes(131_072));
    expect(await kvs.getSecret('secret')).toHaveLength(131_070);
    const err = await kvsError(kvs.setSecret('secret', stringOfJsonBytes(131_073)));
    expect(err.responseDetails.status).toBe(400);
    expect(err.code).toBe('MAX_SIZE');
    expect(await kvs.getSecret('secret')).toHaveLength(131_070);
    expect((await kvsError(kvs.setSecret('other', 'é'.repeat(65_536)))).code).toBe('MAX_SIZE');
    expect(await kvs.getSecret('other')).toBeUndefined();
  });

  it('measures a secret key in UTF-8 bytes (500) and a plain key in characters (500)', async () => {
    // U+3000 matches \s in the key format and takes 3 bytes in UTF-8.
    const bytes500 = 'kk' + '\u3000'.repeat(166);
    const bytes502 = 'k' + '\u3000'.repeat(167);
    await kvs.setSecret(bytes500, 'ok');
    expect(await kvs.getSecret(bytes500)).toBe('ok');
    const err = await kvsError(kvs.setSecret(bytes502, 'no'));
    expect(err.responseDetails.status).toBe(400);
    expect(err.code).toBe('KEY_TOO_LONG');
    expect((await kvsError(kvs.getSecret(bytes502))).code).toBe('KEY_TOO_LONG');
    await kvs.set(bytes502, 'plain');
    expect(await kvs.get(bytes502)).toBe('plain');
  });

  it('measures size in UTF-8 bytes', async () => {
    const err = await kvsError(kvs.set('utf8', 'é'.repeat(123_000)));
    expect(err.code).toBe('MAX_SIZE');
  });

  it('accepts object depth 31 and refuses 32', async () => {
    const nest = (depth: number): unknown => (depth === 0 ? 1 : { n: nest(depth - 1) });
    await kvs.set('deep', nest(31));
    expect((await kvsError(kvs.set('deeper', nest(32)))).code).toBe('MAX_DEPTH');
  });

  it('accepts a ttl of 1 year and refuses a longer one ("The maximum supported TTL is 1 year")', async () => {
    await kvs.set('ttl1', 1, { ttl: { value: 365, unit: 'DAYS' } });
    expect((await kvsError(kvs.set('ttl2', 1, { ttl: { value: 366, unit: 'DAYS' } }))).responseDetails.status).toBe(400);
    expect(await kvs.get('ttl2')).toBeUndefined();
  });

  it('counts a refused write as an error with no bytes written', async () => {
    host.resetCounters();
    await kvsError(kvs.set('bigger', stringOfJsonBytes(245_761)));
    expect(host.counters.kvs).toMatchObject({ requests: 1, errors: 1, writes: 0, bytesWritten: 0 });
  });
});
