import { call } from './bridge';
import type { ResolverAnswer } from './types';

const started = new Map<string, Promise<ResolverAnswer<unknown>>>();

/**
 * Starts a panel's first resolver call as the bundle starts, before React mounts: the round trip to the app's back end
 * (the slowest part of opening a panel in Jira) then runs while the page renders its loading state.
 */
export function prefetch(name: string): void {
  if (!started.has(name)) started.set(name, call(name));
}

/** The prefetched answer, once: later loads (a retry, a reload) ask the server again. */
export function takePrefetched<T>(name: string): Promise<ResolverAnswer<T>> | null {
  const answer = started.get(name);
  started.delete(name);
  return (answer as Promise<ResolverAnswer<T>> | undefined) ?? null;
}
