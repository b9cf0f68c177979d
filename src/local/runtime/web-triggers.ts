import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { WebTriggerUrlService } from '../forge-host';
import type { TriggerRun } from './forge-app';
import type { WebTriggerModule } from './manifest';
import type { RuntimeStateStore } from './state-store';

const META_KEY = 'webtrigger-urls';
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** The path of a web trigger URL: `/x1/<id>` (urlFormat v1) or `/public/<id>` (v2), then the caller's own segments. */
const URL_PATH = /^\/(x1|public)\/([A-Za-z0-9]{20,40})(\/.*)?$/;

/** A URL id like the platform's (`XUBR5WnG2Hk2V52APDdGaRSDm`): 25 random letters and digits. */
function newUrlId(): string {
  return [...randomBytes(25)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

export interface WebTriggerRoute {
  readonly module: WebTriggerModule;
  readonly id: string;
  readonly userPath: string;
}

/**
 * The web trigger URLs of the installation (runtime-reference/web-trigger-api): one per module until the app asks
 * for another with `forceCreate`, stable across restarts (kept in runtime.db), and dead once deleted.
 */
export class WebTriggers implements WebTriggerUrlService {
  constructor(
    private readonly state: RuntimeStateStore,
    private readonly modules: readonly WebTriggerModule[],
    private readonly origin: () => string,
  ) {}

  private load(): Record<string, string> {
    return JSON.parse(this.state.getMeta(META_KEY) ?? '{}') as Record<string, string>;
  }

  private urlOf(id: string, module: WebTriggerModule): string {
    return `${this.origin()}/${module.urlFormat === 'v2' ? 'public' : 'x1'}/${id}`;
  }

  urlFor(moduleKey: string, forceCreate: boolean): string | undefined {
    const module = this.modules.find((m) => m.key === moduleKey);
    if (!module) return undefined;
    const urls = this.load();
    const existing = Object.keys(urls).find((id) => urls[id] === moduleKey);
    if (existing && !forceCreate) return this.urlOf(existing, module);
    const id = newUrlId();
    this.state.setMeta(META_KEY, JSON.stringify({ ...urls, [id]: moduleKey }));
    return this.urlOf(id, module);
  }

  deleteUrl(id: string): boolean {
    const urls = this.load();
    if (!(id in urls)) return false;
    delete urls[id];
    this.state.setMeta(META_KEY, JSON.stringify(urls));
    return true;
  }

  urls(): { triggerKey: string; url: string }[] {
    const urls = this.load();
    return Object.entries(urls).flatMap(([id, key]) => {
      const module = this.modules.find((m) => m.key === key);
      return module ? [{ triggerKey: key, url: this.urlOf(id, module) }] : [];
    });
  }

  /** The module a request path reaches: a live URL id under its own format's prefix. */
  route(path: string): WebTriggerRoute | undefined {
    const match = URL_PATH.exec(path);
    if (!match) return undefined;
    const module = this.modules.find((m) => m.key === this.load()[match[2]!]);
    if (!module || (module.urlFormat === 'v2') !== (match[1] === 'public')) return undefined;
    return { module, id: match[2]!, userPath: match[3] ?? '' };
  }
}

/**
 * The request as the function receives it (events-reference/web-trigger, "Request"): headers as lists of strings,
 * the query parsed into lists (a comma-separated value is split, as in the page's `apples=green,red` example).
 */
export function webTriggerRequestOf(method: string, url: URL, headers: IncomingHttpHeaders, body: string, route: WebTriggerRoute): Record<string, unknown> {
  const asLists: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) asLists[name] = Array.isArray(value) ? value : [value];
  const queryParameters: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) (queryParameters[name] ??= []).push(...value.split(','));
  return { method, headers: asLists, ...(body === '' ? {} : { body }), path: url.pathname, userPath: route.userPath, queryParameters };
}

export interface HttpAnswer {
  readonly status: number;
  readonly statusText?: string;
  readonly headers: Record<string, string[]>;
  readonly body: string;
}

const PLATFORM_ERROR: HttpAnswer = { status: 500, headers: { 'content-type': ['text/plain;charset=UTF-8'] }, body: 'Internal Server Error: the web trigger function gave no valid response.' };
const isStringLists = (value: unknown): value is Record<string, string[]> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'));

/**
 * The HTTP answer the platform makes of the function's result (events-reference/web-trigger, "Response"; module
 * `response`): a dynamic trigger sends its statusCode, headers and body; a static one the manifest output its
 * `outputKey` names; anything else, a throw or a timeout is a 500.
 */
export function httpAnswerOf(module: WebTriggerModule, run: TriggerRun | { threw: unknown }): HttpAnswer {
  if (!('returned' in run)) return PLATFORM_ERROR;
  const value = run.returned as Record<string, unknown> | null | undefined;
  if (typeof value !== 'object' || value === null) return PLATFORM_ERROR;
  if (module.response.type === 'static') {
    const output = module.response.outputs.find((o) => o.key === value.outputKey);
    if (!output) return PLATFORM_ERROR;
    return { status: output.statusCode, headers: output.contentType ? { 'content-type': [output.contentType] } : {}, body: output.body ?? '' };
  }
  const { statusCode, statusText, headers, body } = value;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return PLATFORM_ERROR;
  if (headers !== undefined && !isStringLists(headers)) return PLATFORM_ERROR;
  if (body !== undefined && typeof body !== 'string') return PLATFORM_ERROR;
  if (statusText !== undefined && typeof statusText !== 'string') return PLATFORM_ERROR;
  return { status: statusCode, ...(statusText ? { statusText } : {}), headers: (headers as Record<string, string[]> | undefined) ?? {}, body: (body as string | undefined) ?? '' };
}
