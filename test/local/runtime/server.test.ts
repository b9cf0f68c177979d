/**
 * The local runtime as a server people run: `--no-demo` gives the site without demo data; only the server's own
 * loopback names are answered (DNS rebinding); sessions end when idle or old, and their panel tokens with them;
 * Jira REST writes must say application/json.
 */
import Database from 'better-sqlite3';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { Runtime } from '../../../src/local/runtime';
import { parseArgs } from '../../../src/local/runtime/cli';
import { appRecords, call, PEOPLE, start, storeFingerprint, tempDataDir } from './support';

jest.setTimeout(60_000);

const MINUTE = 60_000;
let now = Date.now();
const data = tempDataDir();
let runtime: Runtime;

beforeAll(async () => {
  runtime = await start(data.dir, { demo: false, clock: () => now, sessionLimits: { idleMs: 10 * MINUTE, absoluteMs: 60 * MINUTE } });
});
afterAll(async () => {
  await runtime.close();
  data.remove();
});

/** A request with a Host header of our choosing (fetch does not let one set it). */
function raw(path: string, options: { host: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: runtime.port, path, method: options.method ?? 'GET', headers: { ...options.headers, host: options.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function signIn(accountId: string): Promise<string> {
  const answer = await call(runtime.url, 'POST', '/session', { headers: FORM, body: new URLSearchParams({ accountId }).toString() });
  expect(answer.status).toBe(303);
  return answer.headers.get('set-cookie')!.split(';')[0]!;
}

/** The settings page's panel token: bound to the session that loaded the page. */
async function settingsPanelToken(cookie: string): Promise<string> {
  const page = await call(runtime.url, 'GET', '/settings', { headers: { cookie, accept: 'text/html' } });
  expect(page.status).toBe(200);
  const panels = JSON.parse(/<script type="application\/json" id="forge-panels">(.*?)<\/script>/s.exec(page.body as string)![1]!) as { token: string }[];
  return panels[0]!.token;
}

const invokeAs = (cookie: string, token: string) =>
  call(runtime.url, 'POST', '/forge/invoke', { headers: { cookie, authorization: `Bearer ${token}` }, json: { functionKey: 'getSettings', payload: {} } });

describe('npm start -- --no-demo', () => {
  it('is an option of the command line', () => {
    expect(parseArgs(['--no-demo', '--port', '4100'])).toMatchObject({ demo: false, port: 4100, reset: false });
    expect(parseArgs([])).toMatchObject({ demo: true, port: 4000 });
    expect(parseArgs([], { PORT: '4200' }).port).toBe(4200);
    expect(() => parseArgs(['--demo-less'])).toThrow(/unknown option --demo-less \(known: --reset, --no-demo/);
  });

  it('starts with the site (people, project, request types) and nothing of the demo: no tickets, plans or settings', async () => {
    expect(runtime.data).toBe('empty');
    expect(appRecords(data.dir).size).toBe(0);
    const project = await call(runtime.url, 'GET', '/rest/api/3/project/FHSD', { as: PEOPLE.pm.emailAddress });
    expect(project).toMatchObject({ status: 200, body: { key: 'FHSD' } });
    const search = await call(runtime.url, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('project = FHSD')}`, { as: PEOPLE.pm.emailAddress });
    expect(search).toMatchObject({ status: 200, body: { issues: [] } });
    const carla = await signIn(PEOPLE.carla.accountId);
    const portal = await call(runtime.url, 'GET', '/portal', { headers: { cookie: carla, accept: 'text/html' } });
    expect(portal.body).toContain('/portal/create/');
    const settings = await call(runtime.url, 'POST', '/forge/invoke', {
      headers: { authorization: `Bearer ${await settingsPanelToken(await signIn(PEOPLE.admin.accountId))}` },
      json: { functionKey: 'getSettings', payload: {} },
    });
    expect(settings.status).toBe(401); // a page token needs its session cookie too
  });
});

describe('Host header (DNS rebinding)', () => {
  it.each(['127.0.0.1', 'localhost', '[::1]'])('answers %s with its port', async (name) => {
    const answer = await raw('/rest/api/3/project/FHSD', { host: `${name}:${runtime.port}`, headers: { authorization: `Basic ${Buffer.from(`${PEOPLE.pm.emailAddress}:t`).toString('base64')}` } });
    expect(answer.status).toBe(200);
  });

  it.each([
    ['another name', 'attacker.example'],
    ['another name with our port', 'attacker.example:PORT'],
    ['our name on another port', '127.0.0.1:1'],
    ['no port', 'localhost'],
    ['a name made to look like ours', 'localhost.attacker.example:PORT'],
  ])('refuses %s with 421 and changes nothing', async (_what, host) => {
    const before = storeFingerprint(data.dir);
    const answer = await raw('/rest/api/3/issue', {
      host: host.replace('PORT', String(runtime.port)),
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${PEOPLE.pm.emailAddress}:t`).toString('base64')}` },
      body: JSON.stringify({ fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: 'rebound' } }),
    });
    expect(answer).toEqual({ status: 421, body: { errorMessages: [expect.stringContaining('This server answers to')], errors: {} } });
    expect(storeFingerprint(data.dir)).toBe(before);
  });
});

describe('Jira REST writes need a JSON body', () => {
  const pm = PEOPLE.pm.emailAddress;
  const issue = JSON.stringify({ fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: 'x' } });

  it.each([
    ['no Content-Type', undefined],
    ['text/plain', 'text/plain;charset=UTF-8'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['JSON-looking but not JSON', 'application/jsonp'],
  ])('refuses %s with 415 and changes nothing', async (_what, contentType) => {
    const before = storeFingerprint(data.dir);
    const answer = await raw('/rest/api/3/issue', {
      host: `127.0.0.1:${runtime.port}`,
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${pm}:t`).toString('base64')}`, ...(contentType ? { 'content-type': contentType } : {}) },
      body: issue,
    });
    expect(answer).toEqual({ status: 415, body: { errorMessages: [expect.stringContaining('application/json')], errors: {} } });
    expect(storeFingerprint(data.dir)).toBe(before);
  });

  it('accepts application/json (with a charset) and writes without a body', async () => {
    const search = await call(runtime.url, 'POST', '/rest/api/3/search/jql', { as: pm, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ jql: 'project = FHSD' }) });
    expect(search.status).toBe(200);
    const noBody = await call(runtime.url, 'POST', '/rest/api/3/search/jql', { as: pm });
    expect(noBody.status).toBe(400); // Jira's own answer to an unbounded (empty) query, not a media-type refusal
    expect(noBody.body.errorMessages[0]).toContain('Unbounded');
  });

  it("refuses the bridge's requestJira with a body that is not JSON, as Jira would", async () => {
    const admin = await signIn(PEOPLE.admin.accountId);
    const token = await settingsPanelToken(admin);
    const answer = await call(runtime.url, 'POST', '/forge/product-fetch', {
      headers: { cookie: admin, authorization: `Bearer ${token}` },
      json: { product: 'jira', restPath: '/rest/api/3/search/jql', method: 'POST', headers: [['content-type', 'text/plain']], body: JSON.stringify({ jql: 'project = FHSD' }) },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe(415);
  });
});

describe('sessions', () => {
  it('end after 10 idle minutes here: pages ask to sign in again, and the panel token bound to the session stops working', async () => {
    now = Date.now();
    const cookie = await signIn(PEOPLE.admin.accountId);
    const token = await settingsPanelToken(cookie);
    expect((await invokeAs(cookie, token)).status).toBe(200);

    now += 9 * MINUTE; // in use: the idle time starts again
    expect((await call(runtime.url, 'GET', '/queue', { headers: { cookie, accept: 'text/html' } })).status).toBe(200);
    now += 9 * MINUTE;
    expect((await invokeAs(cookie, token)).status).toBe(200);

    now += 10 * MINUTE;
    const page = await call(runtime.url, 'GET', '/queue', { headers: { cookie, accept: 'text/html' } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/switch?expired=1');
    expect(page.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await call(runtime.url, 'GET', '/switch?expired=1', { headers: { accept: 'text/html' } })).body).toContain('Your session has expired');
    expect((await invokeAs(cookie, token)).status).toBe(401);
    const form = await call(runtime.url, 'POST', '/issue/FHSD-1/comment', { headers: { cookie, ...FORM }, body: 'comment=hi' });
    expect(form).toMatchObject({ status: 401, body: expect.stringContaining('expired') });
  });

  it('end an hour after sign-in however busy (here), and the token with it', async () => {
    now = Date.now();
    const cookie = await signIn(PEOPLE.admin.accountId);
    const token = await settingsPanelToken(cookie);
    for (let i = 0; i < 6; i += 1) {
      now += 9 * MINUTE;
      expect((await invokeAs(cookie, token)).status).toBe(200);
    }
    now += 7 * MINUTE;
    expect((await invokeAs(cookie, token)).status).toBe(401);
    expect((await call(runtime.url, 'GET', '/settings', { headers: { cookie, accept: 'text/html' } })).headers.get('location')).toBe('/switch?expired=1');
  });

  it('are ended at start when they expired while the runtime was stopped', async () => {
    now = Date.now();
    const cookie = await signIn(PEOPLE.admin.accountId);
    await runtime.close();
    now += 11 * MINUTE;
    runtime = await start(data.dir, { demo: false, clock: () => now, sessionLimits: { idleMs: 10 * MINUTE, absoluteMs: 60 * MINUTE } });
    const db = new Database(join(data.dir, 'runtime.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    expect((await call(runtime.url, 'GET', '/settings', { headers: { cookie, accept: 'text/html' } })).headers.get('location')).toBe('/switch?expired=1');
  });
});
