import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Filter, FilterConditions, kvs, WhereConditions } from '@forge/kvs';
import { installForgeHost, type ForgeHost } from '../../../src/local/forge-host';
import { KvsEmulator, SqliteStore } from '../../../src/local/kvs';
import { kvsError, plan, PLAN_ENTITIES, type Plan } from './helpers';

let dir: string;
let host: ForgeHost | undefined;

const open = () => {
  host = installForgeHost({ kvs: new KvsEmulator({ store: new SqliteStore(join(dir, 'kvs.sqlite')), entities: PLAN_ENTITIES }) });
  return host;
};
const close = () => {
  host?.uninstall();
  host?.kvs.close();
  host = undefined;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kvs-sqlite-'));
});
afterEach(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SQLite store', () => {
  it('keeps keys, secrets and entities across close and reopen', async () => {
    open();
    await kvs.set('settings', { theme: 'dark' });
    await kvs.setSecret('token', 'abc');
    await kvs.entity<Plan>('plan').set('p1', plan({ revision: 3 }));
    close();

    open();
    expect(await kvs.get('settings')).toEqual({ theme: 'dark' });
    expect(await kvs.getSecret('token')).toBe('abc');
    expect(await kvs.entity<Plan>('plan').get('p1')).toMatchObject({ revision: 3 });
    const { results } = await kvs.entity<Plan>('plan').query().index('by-organization', { partition: ['org-1'] }).getMany();
    expect(results.map((r) => r.key)).toEqual(['p1']);
  });

  it('queries key prefixes with cursors', async () => {
    open();
    for (let i = 0; i < 12; i++) await kvs.set(`row:${String(i).padStart(2, '0')}`, i);
    await kvs.set('rows', 'not a row:');
    const first = await kvs.query().where('key', WhereConditions.beginsWith('row:')).limit(10).getMany<number>();
    const second = await kvs.query().where('key', WhereConditions.beginsWith('row:')).limit(10).cursor(first.nextCursor as string).getMany<number>();
    expect([...first.results, ...second.results].map((r) => r.value)).toEqual([...Array(12).keys()]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('rolls back a failed transaction entirely, also after reopening', async () => {
    open();
    await kvs.entity<Plan>('plan').set('p1', plan({ revision: 1 }));
    const err = await kvsError(
      kvs
        .transact()
        .set('log', 'written?')
        .set('p1', plan({ revision: 2 }), { entityName: 'plan', conditions: new Filter<Plan>().and('revision', FilterConditions.equalTo(9)) })
        .execute(),
    );
    expect(err.responseDetails.status).toBe(409);
    close();
    open();
    expect(await kvs.get('log')).toBeUndefined();
    expect(await kvs.entity<Plan>('plan').get('p1')).toMatchObject({ revision: 1 });
  });

  it('leaves no trace of a request whose process is killed mid-transaction', async () => {
    const file = join(dir, 'killed.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'killed-writer.ts'), file], {
      cwd: join(__dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`writer exited early (${String(code)})`)));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const store = new SqliteStore(file);
    expect(store.get('kvs', 'committed')?.json).toBe('"yes"');
    expect(store.scan('kvs', { prefix: 'half:', now: 0 })).toEqual([]);
    store.close();
  }, 20_000);

  it('rolls back the writes of a request that throws midway', () => {
    const store = new SqliteStore(join(dir, 'raw.sqlite'));
    const record = { key: 'a', json: '1', createdAt: 1, updatedAt: 1 };
    expect(() =>
      store.transaction(() => {
        store.put('kvs', record);
        throw new Error('crash');
      }),
    ).toThrow('crash');
    expect(store.get('kvs', 'a')).toBeUndefined();
    store.close();
  });
});
