import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** One emulated function invocation: who it runs for and when it started. */
export interface Invocation {
  readonly accountId?: string;
  readonly invocationId: string;
  readonly startedAt: number;
}

/**
 * Invocation context carried through async calls with AsyncLocalStorage, the mechanism the
 * real runtime relies on too (@forge/api's bindInvocationContext is AsyncLocalStorage.bind).
 */
export class Invocations {
  private readonly storage = new AsyncLocalStorage<Invocation>();

  current(): Invocation | undefined {
    return this.storage.getStore();
  }

  run<T>(accountId: string | undefined, fn: () => T): T {
    const invocation: Invocation = { invocationId: randomUUID(), startedAt: Date.now(), ...(accountId ? { accountId } : {}) };
    return this.storage.run(invocation, fn);
  }
}
