import { newKvsCounters, newTally, recordRequest, resetKvsCounters, type KvsCounters, type RequestTally } from './counters';
import type { EntityDefinition } from './entities';
import { KvsError, kvsErrors } from './errors';
import { batchHandlers } from './handlers/batch';
import type { Handler, HandlerContext } from './handlers/common';
import { entityHandlers } from './handlers/entity';
import { kvHandlers } from './handlers/kv';
import { transactionHandlers } from './handlers/transaction';
import { FORGE_KVS_LIMITS, type KvsLimits } from './limits';
import { MemoryStore } from './memory-store';
import type { KvsStore } from './store';

export interface KvsEmulatorOptions {
  /** Defaults to a new MemoryStore. The emulator closes it in close(). */
  readonly store?: KvsStore;
  /** Custom entities, as in manifest `app.storage.entities` (see parseEntityDefinitions). */
  readonly entities?: readonly EntityDefinition[];
  /** Overrides of FORGE_KVS_LIMITS (tests that need small limits). */
  readonly limits?: Partial<KvsLimits>;
  /** Clock in epoch milliseconds; defaults to Date.now. */
  readonly now?: () => number;
  /** Called after every request with what it did (benchmarks, traces). */
  readonly onRequest?: (event: KvsRequestEvent) => void;
}

export interface KvsRequestEvent extends RequestTally {
  readonly path: string;
  readonly status: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
}

/** A reply as the real service would send it: status plus JSON text (none for 204). */
export interface KvsReply {
  readonly status: number;
  readonly body?: string;
}

const HANDLERS: Readonly<Record<string, Handler>> = {
  ...kvHandlers,
  ...entityHandlers,
  ...batchHandlers,
  ...transactionHandlers,
};

const isReadPath = (path: string): boolean => /\/(get|query)$/.test(path);

/**
 * Server side of every path @forge/kvs calls (POST /api/v1/...). Each request runs inside one
 * store transaction, so a failing request (a transaction whose condition fails, a batch that
 * breaks a whole-request rule) leaves nothing behind.
 */
export class KvsEmulator {
  readonly counters: KvsCounters = newKvsCounters();
  readonly store: KvsStore;
  readonly limits: KvsLimits;
  private readonly entities: ReadonlyMap<string, EntityDefinition>;
  private readonly now: () => number;
  private readonly onRequest: ((event: KvsRequestEvent) => void) | undefined;

  constructor(options: KvsEmulatorOptions = {}) {
    this.store = options.store ?? new MemoryStore();
    this.limits = { ...FORGE_KVS_LIMITS, ...options.limits };
    this.entities = new Map((options.entities ?? []).map((def) => [def.name, def]));
    this.now = options.now ?? Date.now;
    this.onRequest = options.onRequest;
  }

  /** Handles one request: `path` like `/api/v1/get`, `requestBody` the JSON text sent. */
  handle(path: string, requestBody: string | undefined): KvsReply {
    const route = path.split('?')[0] ?? path;
    const requestBytes = Buffer.byteLength(requestBody ?? '', 'utf8');
    const tally = newTally();
    let reply: KvsReply;
    try {
      const handler = HANDLERS[route];
      if (!handler) throw kvsErrors.notFound(route);
      const parsed = this.parse(requestBody);
      const ctx: HandlerContext = { store: this.store, limits: this.limits, now: this.now(), entities: this.entities, tally, requestBytes };
      const result = this.store.transaction(() => handler(ctx, parsed));
      reply = result.body === undefined ? { status: 204 } : { status: 200, body: JSON.stringify(result.body) };
    } catch (e) {
      reply = KvsEmulator.errorReply(e);
    }
    const responseBytes = Buffer.byteLength(reply.body ?? '', 'utf8');
    recordRequest(this.counters, { path: route, isRead: isReadPath(route), ok: reply.status < 300, requestBytes, responseBytes, tally });
    const committed = reply.status < 300 ? tally : { ...tally, writes: 0, bytesWritten: 0 };
    this.onRequest?.({ path: route, status: reply.status, requestBytes, responseBytes, ...committed });
    return reply;
  }

  resetCounters(): void {
    resetKvsCounters(this.counters);
  }

  entityDefinitions(): EntityDefinition[] {
    return [...this.entities.values()];
  }

  close(): void {
    this.store.close();
  }

  private parse(text: string | undefined): unknown {
    if (text === undefined || text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw kvsErrors.badRequest('body is not valid JSON');
    }
  }

  private static errorReply(e: unknown): KvsReply {
    if (e instanceof KvsError) return { status: e.status, body: JSON.stringify(e.toBody()) };
    const detail = e instanceof Error ? e.message : String(e);
    return {
      status: 500,
      body: JSON.stringify({ code: 'INTERNAL_SERVER_ERROR', message: 'An internal server error has occurred', context: { emulator: detail } }),
    };
  }
}
