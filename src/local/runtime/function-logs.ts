import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * What the app's functions write to the console goes to the runtime's log, prefixed with the function, as Forge
 * collects function logs (`forge logs`). Output outside a function invocation is left alone.
 */
export class FunctionLogs {
  private readonly current = new AsyncLocalStorage<string>();
  private writing = false;
  private readonly originals = new Map<(typeof METHODS)[number], (...args: unknown[]) => void>();

  constructor(private readonly log: (line: string) => void) {
    for (const method of METHODS) {
      const original = console[method].bind(console) as (...args: unknown[]) => void;
      this.originals.set(method, original);
      console[method] = (...args: unknown[]) => {
        const fn = this.current.getStore();
        if (fn === undefined || this.writing) return original(...args);
        this.writing = true;
        try {
          this.log(`[${fn}] ${method === 'log' || method === 'info' ? '' : `${method.toUpperCase()} `}${format(...args)}`);
        } finally {
          this.writing = false;
        }
      };
    }
  }

  /** Runs `work` as the function `functionKey`: its console output is attributed to it. */
  run<T>(functionKey: string, work: () => T): T {
    return this.current.run(functionKey, work);
  }

  restore(): void {
    for (const [method, original] of this.originals) console[method] = original;
    this.originals.clear();
  }
}
