import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PEOPLE } from '../../../src/local/demo/cast';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../../src/local/runtime';

export { PEOPLE };

export const MODULES = { issue: 'upgrade-plan-issue-panel', portal: 'upgrade-plan-portal-panel', settings: 'upgrade-plan-settings' } as const;

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'fhsd-runtime-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function start(dataDir: string, options: Omit<RuntimeOptions, 'dataDir'> = {}): Promise<Runtime> {
  return startRuntime({ port: 0, log: () => undefined, ...options, dataDir });
}

/** One runtime for a whole test file: started before its tests, closed and its data folder removed after them. */
export function runtimeForFile(onStarted: (runtime: Runtime) => void, options: Omit<RuntimeOptions, 'dataDir'> = {}): { readonly dir: string } {
  const data = tempDataDir();
  let runtime: Runtime | undefined;
  beforeAll(async () => {
    runtime = await start(data.dir, options);
    onStarted(runtime);
  });
  afterAll(async () => {
    await runtime?.close();
    data.remove();
  });
  return { dir: data.dir };
}

export const basic = (email: string): string => `Basic ${Buffer.from(`${email}:any-api-token`).toString('base64')}`;

export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

export async function call(base: string, method: string, path: string, options: { headers?: Record<string, string>; body?: string; as?: string; json?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.as) headers.authorization = basic(options.as);
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }), redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** A panel token for `email` on `moduleKey` (and issue), as a script gets one. */
export async function contextToken(base: string, email: string, moduleKey: string, issueKey?: string): Promise<string> {
  const answer = await call(base, 'POST', '/forge/context-token', { as: email, json: { moduleKey, ...(issueKey ? { issueKey } : {}) } });
  if (answer.status !== 200) throw new Error(`context-token ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.token as string;
}

export async function invoke(base: string, token: string, functionKey: string, payload: unknown = {}, extra: Record<string, unknown> = {}): Promise<Answer> {
  return call(base, 'POST', '/forge/invoke', { headers: { authorization: `Bearer ${token}` }, json: { functionKey, payload, ...extra } });
}

/** A digest of every row of the stand-in's and the app's databases (read while the runtime runs: WAL lets readers in). */
export function storeFingerprint(dataDir: string): string {
  const hash = createHash('sha256');
  for (const file of ['jira.db', 'kvs.db']) {
    const db = new Database(join(dataDir, file), { readonly: true, fileMustExist: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
      for (const { name } of tables) {
        hash.update(`${file}:${name}\n`);
        for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all()) hash.update(`${JSON.stringify(row)}\n`);
      }
    } finally {
      db.close();
    }
  }
  return hash.digest('hex');
}

/** Every record the app keeps in its Forge storage (plans, audit entries, registries, settings, ticket look-ups). */
export function appRecords(dataDir: string): Map<string, string> {
  const db = new Database(join(dataDir, 'kvs.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT ns, key, json FROM kvs_record ORDER BY ns, key').all() as { ns: string; key: string; json: string }[];
    return new Map(rows.map((r) => [`${r.ns}|${r.key}`, r.json]));
  } finally {
    db.close();
  }
}

/** Polls `check` until it returns a value (bounded). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** A browser session of one person (the switcher's sign-in): pages read as HTML, forms posted with the session's CSRF token. */
export async function pageSession(base: string, accountId: string): Promise<{ cookie: string; get(path: string): Promise<string>; post(path: string, form: Record<string, string | string[]>): Promise<{ status: number; location: string | null }> }> {
  const session = await call(base, 'POST', '/session', { headers: FORM, body: new URLSearchParams({ accountId }).toString() });
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  const get = async (path: string) => String((await call(base, 'GET', path, { headers: { cookie, accept: 'text/html' } })).body ?? '');
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(await get('/portal'))?.[1] ?? '';
  const post = async (path: string, form: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ csrf });
    for (const [name, value] of Object.entries(form)) for (const one of [value].flat()) body.append(name, one);
    const answer = await call(base, 'POST', path, { headers: { cookie, ...FORM }, body: body.toString() });
    return { status: answer.status, location: answer.headers.get('location') };
  };
  return { cookie, get, post };
}
