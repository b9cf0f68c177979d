import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** One emulated function invocation: who it runs for and when it started. */
export interface Invocation {
  readonly accountId?: string;
  readonly invocationId: string;
  readonly startedAt: number;
  /** Set when the platform stopped the invocation (its time limit passed): it may reach nothing any more. */
  stopped?: string;
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
    return this.storage.run(this.create(accountId), fn);
  }

  /**
   * Runs `fn` as one invocation stopped after `timeoutMs`, as Forge stops a function at its limit: the caller stops
   * waiting, and whatever the function still tries to reach (KVS, Jira) fails, so its late writes never land.
   */
  async runWithin<T>(accountId: string | undefined, timeoutMs: number, fn: () => Promise<T>): Promise<{ value: T } | { timedOut: true }> {
    const invocation = this.create(accountId);
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<{ timedOut: true }>((resolve) => {
      timer = setTimeout(() => {
        invocation.stopped = `the invocation was stopped after ${timeoutMs} ms (its time limit)`;
        resolve({ timedOut: true });
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.storage.run(invocation, fn).then((value) => ({ value })), limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  private create(accountId: string | undefined): Invocation {
    return { invocationId: randomUUID(), startedAt: Date.now(), ...(accountId ? { accountId } : {}) };
  }
}
