/**
 * Issue #14: an engineer subscribes to their slots as an iCalendar feed. The feed is the manifest's `webtrigger`
 * module, served by the runtime as events-reference/web-trigger describes: a public URL, any method, no session and
 * no user; the app answers only a link carrying the engineer's secret token.
 */
import { slotEventUid } from '../../../src/domain/icalendar';
import type { Runtime } from '../../../src/local/runtime';
import { contextToken, invoke, PEOPLE, runtimeForFile } from './support';

jest.setTimeout(60_000);

let runtime: Runtime;
runtimeForFile((started) => (runtime = started));

const CALENDAR = 'upgrade-slot-calendar';

async function feedLinkOf(email: string, renew?: boolean) {
  const token = await contextToken(runtime.url, email, CALENDAR);
  return (await invoke(runtime.url, token, 'getSlotFeedLink', renew === undefined ? {} : { renew })).body;
}

/** A calendar app fetching the link: from elsewhere, with no cookie. */
const subscribe = (url: string, method = 'GET') => fetch(url, { method, headers: { origin: 'https://calendar.example', 'user-agent': 'CalendarApp/1.0' } });

const unfold = (text: string): string[] => text.replace(/\r\n[ \t]/g, '').split('\r\n');

test('the engineer\'s link opens their slots as an iCalendar feed, the same event as the slot\'s .ics download', async () => {
  const link = await feedLinkOf(PEOPLE.engineer.emailAddress);
  expect(link).toMatchObject({ ok: true, data: { url: expect.stringMatching(new RegExp(`^${runtime.url}/public/[A-Za-z0-9]{25}/[A-Za-z0-9_-]{43}/slots\\.ics$`)) } });
  expect(link.data.slots).toBeGreaterThanOrEqual(1);

  const answer = await subscribe(link.data.url);
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  expect(answer.headers.get('cache-control')).toBe('private, max-age=300');
  const lines = unfold(await answer.text());
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines).toContain(`X-WR-CALNAME:ClinSpark upgrade slots (FHSD): ${PEOPLE.engineer.displayName}`);
  expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(link.data.slots);
  // Acme's Day of Upgrade (FHSD-4), agreed: the same UID as its .ics download, so a calendar holds it once.
  const pm = await contextToken(runtime.url, PEOPLE.pm.emailAddress, 'upgrade-plan-issue-panel', 'FHSD-4');
  const plan = (await invoke(runtime.url, pm, 'getPlanView')).body.data;
  expect(lines).toContain(`UID:${slotEventUid(plan.planId, plan.summary.attempt)}`);
  expect(lines.some((l) => l.startsWith('SUMMARY:ClinSpark upgrade\\, Acme Clinical Research (FHSD-4)'))).toBe(true);
  expect(lines).toContain('STATUS:CONFIRMED');

  const head = await subscribe(link.data.url, 'HEAD');
  expect(head.status).toBe(200);
  expect(await head.text()).toBe('');
});

test('the same link on every ask; renewing it retires the old one, which then opens nothing', async () => {
  const first = (await feedLinkOf(PEOPLE.engineer.emailAddress)).data.url as string;
  expect((await feedLinkOf(PEOPLE.engineer.emailAddress)).data.url).toBe(first);
  const renewed = (await feedLinkOf(PEOPLE.engineer.emailAddress, true)).data.url as string;
  expect(renewed).not.toBe(first);
  expect(renewed.split('/').slice(0, -2).join('/')).toBe(first.split('/').slice(0, -2).join('/'));
  expect((await subscribe(first)).status).toBe(404);
  expect((await subscribe(renewed)).status).toBe(200);
});

test('a guessed, malformed or absent token opens nothing, with one answer that tells nothing; only GET and HEAD read it', async () => {
  const url = (await feedLinkOf(PEOPLE.engineer.emailAddress)).data.url as string;
  const base = url.split('/').slice(0, -2).join('/');
  const guessed = await subscribe(`${base}/${'A'.repeat(43)}/slots.ics`);
  expect(guessed.status).toBe(404);
  const noFeed = await guessed.text();
  for (const path of ['', '/', '/short/slots.ics', `/${'A'.repeat(43)}/other.ics`]) {
    const answer = await subscribe(`${base}${path}`);
    expect([path, answer.status]).toEqual([path, 404]);
    expect(await answer.text()).toBe(noFeed);
  }
  const posted = await fetch(url, { method: 'POST', body: 'x' });
  expect(posted.status).toBe(405);
  expect(posted.headers.get('allow')).toBe('GET, HEAD');
  // A URL id the platform never gave reaches no function.
  expect((await subscribe(`${runtime.url}/public/${'Z'.repeat(25)}/x`)).status).toBe(404);
});

test('only an engineer of the project\'s plans gets a link; a portal customer gets no calendar at all', async () => {
  expect(await feedLinkOf(PEOPLE.pm.emailAddress)).toMatchObject({ ok: false, error: { rule: 'slotFeedEngineer', field: 'account' } });
  expect(await feedLinkOf(PEOPLE.engineer.emailAddress, 'yes' as never)).toMatchObject({ ok: false, error: { rule: 'payloadValid', field: 'renew' } });
  const refused = await fetch(`${runtime.url}/forge/context-token`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${PEOPLE.carla.emailAddress}:t`).toString('base64')}` },
    body: JSON.stringify({ moduleKey: CALENDAR }),
  });
  expect(refused.status).not.toBe(200);
});
