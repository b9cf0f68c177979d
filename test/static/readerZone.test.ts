/**
 * A panel adopts the reader's zone from the Forge context (view.getContext().timezone) before it renders; without one
 * (a context that names none or an unknown name, a bridge that fails or never answers) it keeps the browser's.
 */
type Answer = () => Promise<unknown>;
let answer: Answer = async () => ({});
(globalThis as { __bridge?: unknown }).__bridge = { callBridge: (name: string) => (name === 'getContext' ? answer() : Promise.reject(new Error(`not in this test: ${name}`))) };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { adoptReaderTimeZone } = require('../../static/shared/readerZone') as typeof import('../../static/shared/readerZone');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const time = require('../../static/shared/time') as typeof import('../../static/shared/time');

afterEach(() => {
  time.setReaderTimeZone(time.browserZone());
  jest.useRealTimers();
});

test("the context's timezone becomes the reader's zone, and every instant is shown in it", async () => {
  answer = async () => ({ accountId: 'a', timezone: 'Europe/Prague', locale: 'en-US' });
  await expect(adoptReaderTimeZone()).resolves.toBe(true);
  expect(time.readerTimeZone()).toBe('Europe/Prague');
  expect(time.formatInstant('2026-12-01T09:00:00Z')).toBe('1 Dec 2026, 10:00 CET');
});

test.each([
  ['names no zone', async () => ({ accountId: 'a' })],
  ['names a zone nobody knows', async () => ({ timezone: 'Moon/Tranquility' })],
  ['fails', async () => Promise.reject(new Error('host gone'))],
])('a context that %s leaves the browser\'s zone', async (_what, reply) => {
  answer = reply;
  await expect(adoptReaderTimeZone()).resolves.toBe(false);
  expect(time.readerTimeZone()).toBe(time.browserZone());
});

test('a host that does not answer in time does not keep the panel blank: it renders with the browser\'s zone, and a late answer changes nothing', async () => {
  jest.useFakeTimers();
  let late: (context: unknown) => void = () => undefined;
  answer = () => new Promise((resolve) => (late = resolve));
  const adopted = adoptReaderTimeZone();
  jest.advanceTimersByTime(1500);
  await expect(adopted).resolves.toBe(false);
  expect(time.readerTimeZone()).toBe(time.browserZone());
  // An answer after the panel rendered is not adopted: the panel never mixes two zones.
  late({ timezone: 'Asia/Tokyo' });
  await Promise.resolve();
  expect(time.readerTimeZone()).toBe(time.browserZone());
});
