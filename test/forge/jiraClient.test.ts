import { route } from '@forge/api';
import { MAX_RETRIES, MAX_RETRY_WAIT_MS, retryDelay, sendWithRetry, toAdf, type RetryBudget } from '../../src/forge/jiraClient';

/** No deadline: these tests are about the retries themselves (the budget's are in deliveries.test.ts). */
const NO_DEADLINE: RetryBudget = { defer: false, deadline: Number.POSITIVE_INFINITY, now: () => 0 };

const reply = (status: number, headers: Record<string, string> = {}) => new Response(status === 204 ? null : '{}', { status, headers }) as never;

describe('Jira calls: bounded retries honouring Retry-After', () => {
  test('429 and 5xx are retried, waiting what Retry-After asks, then the answer comes back', async () => {
    const answers = [reply(429, { 'Retry-After': '2' }), reply(503), reply(200)];
    const waits: number[] = [];
    const response = await sendWithRetry(async () => answers.shift()!, route`/rest/api/3/issue/${'FHSD-1'}`, {}, async (ms) => void waits.push(ms), undefined, NO_DEADLINE);
    expect(response.status).toBe(200);
    expect(waits).toEqual([2000, 1000]);
  });

  test('retries stop after MAX_RETRIES and the last answer is returned', async () => {
    let calls = 0;
    const response = await sendWithRetry(async () => (calls++, reply(500)), route`/rest/api/3/issue/${'FHSD-1'}`, {}, async () => undefined, undefined, NO_DEADLINE);
    expect(response.status).toBe(500);
    expect(calls).toBe(MAX_RETRIES + 1);
  });

  test('a 4xx other than 429 is not retried', async () => {
    let calls = 0;
    await sendWithRetry(async () => (calls++, reply(400)), route`/rest/api/3/issue/${'FHSD-1'}`, {}, async () => undefined, undefined, NO_DEADLINE);
    expect(calls).toBe(1);
  });

  test('Retry-After as seconds or as a date; capped so a resolver stays inside its 25 s', () => {
    expect(retryDelay('3', 0)).toBe(3000);
    expect(retryDelay(new Date(Date.UTC(2026, 0, 1, 0, 0, 5)).toUTCString(), 0, Date.UTC(2026, 0, 1))).toBe(5000);
    expect(retryDelay('3600', 0)).toBe(MAX_RETRY_WAIT_MS);
    expect(retryDelay(null, 2)).toBe(2000);
  });

  test('comments are sent in the Atlassian Document Format, paragraphs and line breaks kept', () => {
    expect(toAdf('one\ntwo\n\nthree')).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'one' }, { type: 'hardBreak' }, { type: 'text', text: 'two' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'three' }] },
      ],
    });
  });
});
