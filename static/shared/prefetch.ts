import { call } from './bridge';
import type { ResolverAnswer } from './types';

const started = new Map<string, Promise<ResolverAnswer<unknown>>>();
const arrived = new Map<string, ResolverAnswer<unknown>>();

/**
 * Starts a panel's first resolver call as the bundle starts, before React mounts: the round trip to the app's back end
 * (the slowest part of opening a panel in Jira) then runs while the page renders its loading state.
 */
export function prefetch(name: string): void {
  if (started.has(name)) return;
  const answer = call(name);
  started.set(name, answer);
  void answer.then((a) => {
    if (started.get(name) === answer) arrived.set(name, a);
  });
}

/** The prefetched answer, once: later loads (a retry, a reload) ask the server again. */
export function takePrefetched<T>(name: string): Promise<ResolverAnswer<T>> | null {
  const answer = started.get(name);
  started.delete(name);
  arrived.delete(name);
  return (answer as Promise<ResolverAnswer<T>> | undefined) ?? null;
}

/** The prefetched answer if it is already in (a first render can then show it instead of a loading state), else null. */
export function arrivedAnswer<T>(name: string): ResolverAnswer<T> | null {
  return (arrived.get(name) as ResolverAnswer<T> | undefined) ?? null;
}

/**
 * Resolves once every prefetched answer is in, or after `ms`: a panel whose answer comes quickly renders it at once,
 * without a loading state shown for a moment and thrown away; a slow one shows its loading state no later than `ms`.
 */
export function prefetchedOrAfter(ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    void Promise.all(started.values()).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
