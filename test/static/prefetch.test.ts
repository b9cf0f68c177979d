/**
 * The first answer of a panel (static/shared/prefetch.ts): asked for before React mounts; when it is in by the first
 * render, the panel shows it at once (arrivedAnswer), else its loading state no later than the wait given.
 */
// The host's side of @forge/bridge, as Jira's page gives it: the package takes it when it is first loaded.
let host: (name: string, payload: unknown) => Promise<unknown> = () => Promise.resolve(undefined);
(globalThis as unknown as { __bridge: unknown }).__bridge = { callBridge: (name: string, payload: unknown) => host(name, payload) };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { arrivedAnswer, prefetch, prefetchedOrAfter, takePrefetched } = require('../../static/shared/prefetch') as typeof import('../../static/shared/prefetch');

test('prefetchedOrAfter resolves as the answer arrives, and arrivedAnswer then gives it, once taken never again', async () => {
  let answer: (value: unknown) => void = () => undefined;
  host = (name) => (name === 'invoke' ? new Promise((resolve) => (answer = resolve)) : Promise.resolve(undefined));
  prefetch('getPlanView');
  expect(arrivedAnswer('getPlanView')).toBeNull();
  const ready = prefetchedOrAfter(60_000);
  answer({ ok: true, data: { title: 'Upgrade to 25.1' } });
  await ready;
  expect(arrivedAnswer('getPlanView')).toEqual({ ok: true, data: { title: 'Upgrade to 25.1' } });
  await expect(takePrefetched('getPlanView')).resolves.toEqual({ ok: true, data: { title: 'Upgrade to 25.1' } });
  expect(arrivedAnswer('getPlanView')).toBeNull();
  expect(takePrefetched('getPlanView')).toBeNull();
});

test('a slow answer does not hold the panel: prefetchedOrAfter resolves after the wait, with nothing arrived', async () => {
  host = (name) => (name === 'invoke' ? new Promise(() => undefined) : Promise.resolve(undefined));
  prefetch('getSettings');
  const started = Date.now();
  await prefetchedOrAfter(50);
  expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  expect(arrivedAnswer('getSettings')).toBeNull();
  expect(takePrefetched('getSettings')).not.toBeNull();
});
