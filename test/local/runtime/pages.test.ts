/** The browser pages, as a browser drives them: sign in with the switcher, raise a request, act in the issue view. */
import type { Runtime } from '../../../src/local/runtime';
import { call, PEOPLE, runtimeForFile } from './support';

jest.setTimeout(30_000);

let runtime: Runtime;
runtimeForFile((started) => (runtime = started));

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function signIn(accountId: string): Promise<{ cookie: string; get(path: string): Promise<{ status: number; html: string; location: string | null }>; post(path: string, form: Record<string, string | string[]>): Promise<{ status: number; location: string | null }> }> {
  const answer = await call(runtime.url, 'POST', '/session', { headers: FORM, body: new URLSearchParams({ accountId }).toString() });
  const cookie = answer.headers.get('set-cookie')!.split(';')[0]!;
  const get = async (path: string) => {
    const page = await call(runtime.url, 'GET', path, { headers: { cookie, accept: 'text/html' } });
    return { status: page.status, html: String(page.body ?? ''), location: page.headers.get('location') };
  };
  const home = await get('/portal');
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(home.html)?.[1] ?? '';
  const post = async (path: string, form: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ csrf });
    for (const [k, v] of Object.entries(form)) for (const value of [v].flat()) body.append(k, value);
    const answer = await call(runtime.url, 'POST', path, { headers: { cookie, ...FORM }, body: body.toString() });
    return { status: answer.status, location: answer.headers.get('location') };
  };
  return { cookie, get, post };
}

test('the start page lists the demo people; pages need a session', async () => {
  const start = await call(runtime.url, 'GET', '/switch', { headers: { accept: 'text/html' } });
  expect(start.status).toBe(200);
  for (const person of Object.values(PEOPLE)) expect(start.body).toContain(person.emailAddress);
  expect(start.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect((await call(runtime.url, 'GET', '/queue', { headers: { accept: 'text/html' } })).headers.get('location')).toBe('/switch');
});

test('a customer sees only their organization in the portal, and no agent view', async () => {
  const gina = await signIn(PEOPLE.gina.accountId);
  const portal = await gina.get('/portal');
  expect(portal.html).toContain('FHSD-8');
  expect(portal.html).not.toContain('FHSD-4');
  expect((await gina.get('/portal/request/FHSD-4')).status).toBe(404);
  expect((await gina.get('/issue/FHSD-8')).status).toBe(403);
  expect((await gina.get('/settings')).status).toBe(403);
  const request = await gina.get('/portal/request/FHSD-8');
  expect(request.html).toContain('forge-panel');
  expect(request.html).not.toContain('Internal note');
});

test('a customer raises a request with the form; the app makes its plan before the page shows it', async () => {
  const hugo = await signIn(PEOPLE.hugo.accountId);
  const created = await hugo.post('/portal/create/13', {
    summary: 'PROD to 25.2',
    organization: '2',
    targetVersion: '25.2',
    currentVersion: '24.1',
    instances: ['PROD MAIN', 'PROD TEST'],
    keepConfigurations: 'Enrolment dashboard',
    preferredSlots: ['2099-03-01T08:00', ''],
  });
  expect(created.status).toBe(303);
  const key = /\/portal\/request\/(FHSD-\d+)/.exec(created.location ?? '')![1]!;
  const page = await hugo.get(`/portal/request/${key}`);
  expect(page.html).toContain('2099-03-01 08:00 UTC');
  expect(page.html).toContain('is part of the upgrade plan to ClinSpark 25.2');
});

test('forms without the session CSRF token, or from another site, are refused', async () => {
  const priya = await signIn(PEOPLE.pm.accountId);
  const forged = await call(runtime.url, 'POST', '/issue/FHSD-4/comment', { headers: { cookie: priya.cookie, ...FORM }, body: 'comment=hi&visibility=public&csrf=wrong' });
  expect(forged.status).toBe(403);
  const crossSite = await call(runtime.url, 'POST', '/session', { headers: { ...FORM, origin: 'http://evil.example' }, body: `accountId=${PEOPLE.admin.accountId}` });
  expect(crossSite.status).toBe(403);
});

test('an agent works the issue: the workflow validator refuses to resolve while stages are open; comments are internal or public', async () => {
  const erik = await signIn(PEOPLE.engineer.accountId);
  const issue = await erik.get('/issue/FHSD-4');
  expect(issue.status).toBe(200);
  expect(issue.html).toContain('upgrade-plan-issue-panel');
  const resolve = /name="transitionId" value="(\d+)" title="to Resolved"/.exec(issue.html)![1]!;
  const refused = await erik.post('/issue/FHSD-4/transition', { transitionId: resolve });
  expect(decodeURIComponent(refused.location ?? '').replace(/\+/g, ' ')).toMatch(/of its plan “ClinSpark [\d.]+ → [\d.]+” are still open/);
  const note = await erik.post('/issue/FHSD-4/comment', { comment: 'PROD MAIN upgrade at 60 %', visibility: 'internal' });
  expect(note.location).toContain('notice=');
  const carla = await signIn(PEOPLE.carla.accountId);
  expect((await carla.get('/portal/request/FHSD-4')).html).not.toContain('PROD MAIN upgrade at 60 %');
  expect((await erik.get('/issue/FHSD-4')).html).toContain('PROD MAIN upgrade at 60 %');
});

test('the panel resources get the bridge shim before their bundle', async () => {
  const page = await call(runtime.url, 'GET', '/forge/resources/issue-panel/index.html');
  expect(page.status).toBe(200);
  const html = String(page.body);
  expect(html.indexOf('/assets/bridge-shim.js')).toBeGreaterThan(-1);
  expect(html.indexOf('/assets/bridge-shim.js')).toBeLessThan(html.indexOf('<script type="module"'));
  // Forge's Custom UI policy: the manifest allows inline styles, not inline scripts or other origins.
  const policy = page.headers.get('content-security-policy') ?? '';
  expect(policy).toContain("style-src 'self' 'unsafe-inline'");
  expect(policy).toContain("connect-src 'self'");
  expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
});
