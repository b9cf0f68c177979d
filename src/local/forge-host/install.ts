import { KvsEmulator } from '../kvs/emulator';
import type { EntityDefinition } from '../kvs/entities';
import { clearRecord, countProductCall, newProductCounters, resetProductCounters, type ForgeHostCounters } from './counters';
import { Invocations } from './invocation';
import { normalizeHeaders, readBody, toResponse, type FetchInit, type ProductHandler } from './product';
import { buildRuntime, DEFAULT_APP, type AppIdentity } from './runtime';
import { operationOf, scopesCover } from './scopes';
import { answerWebTriggerGraphql, type WebTriggerUrlService } from './webTriggerUrls';

export interface ForgeHostOptions {
  /** The KVS backend; defaults to an in-memory emulator with `entities`. */
  readonly kvs?: KvsEmulator;
  /** Custom entities for the default emulator (ignored when `kvs` is given). */
  readonly entities?: readonly EntityDefinition[];
  /** Serves `asApp()/asUser().requestJira(...)`. Without it, Jira calls fail clearly. */
  readonly jira?: ProductHandler;
  readonly app?: Partial<AppIdentity>;
  /**
   * The scopes the app's manifest grants (permissions.scopes). When given, a Jira call whose operation they do not cover
   * is refused with 401, as Jira refuses a token without the operation's scopes; without it nothing is checked.
   */
  readonly grantedScopes?: readonly string[];
  /** Forge resolvers get 25 s; getRemainingTimeInMillis counts down from this per invocation. */
  readonly invocationTimeoutMs?: number;
  /**
   * The Forge account type of a person (`licensed`, `customer`, `unlicensed`, `anonymous`). With it, asUser() calls for
   * anyone but a licensed user are refused before they reach Jira, as for unlicensed users on Forge.
   */
  readonly accountTypeOf?: (accountId: string) => string | undefined;
  /** Answers webTrigger.getUrl/deleteUrl/queryUrls; without it they fail as for an app with no webtrigger. */
  readonly webTriggerUrls?: WebTriggerUrlService;
}

/** What an asUser() call for an unlicensed account gets: it never reaches the product. */
export const AS_USER_REFUSED = 'asUser() is not available for this account: it is not a licensed user of Jira Service Management, so the app must call as itself (asApp).';

export interface ForgeHost {
  readonly kvs: KvsEmulator;
  readonly counters: ForgeHostCounters;
  resetCounters(): void;
  /** Runs fn as one invocation for `accountId` (undefined: no user, like a trigger). */
  runAs<T>(accountId: string | undefined, fn: () => T): T;
  /** Runs fn as one invocation that the platform stops after `timeoutMs` (see Invocations.runWithin). */
  runWithin<T>(accountId: string | undefined, timeoutMs: number, fn: () => Promise<T>): Promise<{ value: T } | { timedOut: true }>;
  currentAccountId(): string | undefined;
  /** Restores the globals as they were before install. Does not close the KVS store. */
  uninstall(): void;
}

interface ForgeTarget {
  readonly type?: unknown;
  readonly provider?: unknown;
  readonly remote?: unknown;
  readonly accountId?: unknown;
}

const GLOBALS = ['__forge_fetch__', '__forge_runtime__'] as const;

/** Jira's answer to a token without the operation's scopes. */
export function scopeMismatch(operation: { method: string; path: string; classic: readonly string[]; granular: readonly string[] }): { status: number; body: object } {
  const wanted = [operation.classic, operation.granular].filter((set) => set.length > 0).map((set) => set.join(' + ')).join(' or ');
  return { status: 401, body: { code: 401, message: `Unauthorized; scope does not match (${operation.method} ${operation.path} needs ${wanted})` } };
}
let installed = false;

function describe(target: unknown, path: string): string {
  return `${JSON.stringify(target)} ${path}`;
}

/**
 * Makes the real @forge/api and @forge/kvs work in this Node process by providing the two
 * globals they use: `__forge_fetch__(target, path, init)` and `__forge_runtime__`.
 */
export function installForgeHost(options: ForgeHostOptions = {}): ForgeHost {
  if (installed) throw new Error('A Forge host is already installed in this process; uninstall it first.');
  const kvs = options.kvs ?? new KvsEmulator({ entities: options.entities ?? [] });
  const invocations = new Invocations();
  const counters: ForgeHostCounters = { jira: newProductCounters(), kvs: kvs.counters, metrics: {} };
  const app: AppIdentity = { ...DEFAULT_APP, ...options.app };
  const runtime = buildRuntime({ app, invocations, metricCounts: counters.metrics, timeoutMs: options.invocationTimeoutMs ?? 25_000 });

  async function kvsFetch(path: string, init: FetchInit | undefined): Promise<Response> {
    const reply = kvs.handle(path, await readBody(init?.body));
    return new Response(reply.body ?? null, { status: reply.status, headers: { 'content-type': 'application/json', 'x-trace-id': 'local' } });
  }

  async function productFetch(target: ForgeTarget, path: string, init: FetchInit | undefined): Promise<Response> {
    if (target.remote === 'stargate' && target.provider === 'app' && path === '/graphql' && options.webTriggerUrls) {
      return toResponse(answerWebTriggerGraphql(await readBody(init?.body), options.webTriggerUrls));
    }
    if (target.remote !== 'jira') throw new Error(`Forge host: only Jira is emulated, not ${describe(target, path)}`);
    const asApp = target.provider === 'app';
    if (!asApp && target.provider !== 'user') {
      throw new Error(`Forge host: use asApp().requestJira or asUser().requestJira (got provider ${String(target.provider)})`);
    }
    const accountId = asApp ? undefined : typeof target.accountId === 'string' ? target.accountId : invocations.current()?.accountId;
    if (!asApp && !accountId) {
      throw new Error(`Forge host: asUser() has no user for ${path}; run the code inside host.runAs(accountId, fn)`);
    }
    if (!options.jira) throw new Error(`Forge host: no Jira handler installed for ${path}`);
    const method = (init?.method ?? 'GET').toUpperCase();
    countProductCall(counters.jira, method, path, asApp);
    // access-to-forge-apps-for-unlicensed-jsm-users: "Unlicensed users (including customer and anonymous) cannot make asUser calls."
    const accountType = !asApp && options.accountTypeOf ? options.accountTypeOf(accountId!) : undefined;
    if (!asApp && options.accountTypeOf && accountType !== 'licensed') {
      return toResponse({ status: 401, body: { errorMessages: [AS_USER_REFUSED], errors: {} } });
    }
    const operation = options.grantedScopes ? operationOf(method, path) : undefined;
    // Operations outside the table (none the stand-in answers) pass unchecked: their scopes are not described offline.
    if (operation && !scopesCover(operation, options.grantedScopes!)) return toResponse(scopeMismatch(operation));
    const body = await readBody(init?.body);
    const call = {
      product: 'jira' as const, asApp, path, method, headers: normalizeHeaders(init?.headers),
      ...(accountId ? { accountId } : {}), ...(body === undefined ? {} : { body }),
    };
    return toResponse(await options.jira(call));
  }

  async function forgeFetch(target: unknown, path: string, init?: FetchInit): Promise<Response> {
    const stopped = invocations.current()?.stopped;
    if (stopped) throw new Error(`Forge host: ${stopped}; nothing more is sent for it (${path})`);
    const t: ForgeTarget = typeof target === 'object' && target !== null ? target : {};
    if (t.type === 'kvs') return kvsFetch(path, init);
    if (t.type === 'fpp') return productFetch(t, path, init);
    throw new Error(`Forge host: nothing emulates ${describe(target, path)}`);
  }

  const g = globalThis as Record<string, unknown>;
  const previous = GLOBALS.map((name) => Object.getOwnPropertyDescriptor(g, name));
  const define = (name: string, value: unknown) => Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });
  define('__forge_fetch__', forgeFetch);
  define('__forge_runtime__', runtime);
  installed = true;

  let active = true;
  return {
    kvs,
    counters,
    resetCounters() {
      kvs.resetCounters();
      resetProductCounters(counters.jira);
      clearRecord(counters.metrics);
    },
    runAs: (accountId, fn) => invocations.run(accountId, fn),
    runWithin: (accountId, timeoutMs, fn) => invocations.runWithin(accountId, timeoutMs, fn),
    currentAccountId: () => invocations.current()?.accountId,
    uninstall() {
      if (!active) return;
      active = false;
      installed = false;
      GLOBALS.forEach((name, i) => {
        const desc = previous[i];
        if (desc) Object.defineProperty(g, name, desc);
        else delete g[name];
      });
    },
  };
}
