import type { IncomingMessage, ServerResponse } from 'node:http';
import { defaultAvatarSvg, type JiraStandIn } from '../../jira';
import type { ForgeApp } from '../forge-app';
import type { AppManifest } from '../manifest';
import type { PanelTokens } from '../panel-contexts';
import { addAgentComment, calendarPage, issuePage, queuePage, settingsPage, transitionIssue } from '../ui/agent-pages';
import { html } from '../ui/html';
import { layout } from '../ui/layout';
import { addPortalComment, createForm, createRequest, portalHome, requestPage } from '../ui/portal-pages';
import { PAGE_CSP, PageRequest, type UiDeps } from '../ui/request-context';
import { switchPage } from '../ui/switch-page';
import { serveContextToken, serveInvoke, serveProductFetch } from './forge-api';
import { serveJiraApi } from './jira-api';
import { BodyTooLarge, parseForm, readBody, redirect, sendJiraError, sendJson, sendText, wantsHtml } from './messages';
import { sameOrigin, type Sessions } from './sessions';
import { serveAsset, serveResource } from './static-files';
import { httpAnswerOf, webTriggerRequestOf, type WebTriggerRoute, type WebTriggers } from '../web-triggers';

/** limits-invocation: "Payload size | 5MB | The maximum request payload size for an invocation." */
const WEB_TRIGGER_PAYLOAD_LIMIT = 5 * 1024 * 1024;

export interface ServerDeps {
  readonly appRoot: string;
  readonly jira: JiraStandIn;
  readonly app: ForgeApp;
  readonly manifest: AppManifest;
  readonly tokens: PanelTokens;
  readonly sessions: Sessions;
  readonly webTriggers: WebTriggers;
  readonly origin: () => string;
  /** Resolves once the events of the writes so far are queued on disk (REST answers wait for it). */
  readonly queued: () => Promise<void>;
  /** Resolves once the queued events are delivered to the triggers (bounded; pages wait for it). */
  readonly delivered: () => Promise<void>;
  readonly log: (line: string) => void;
}

/** The bridge's server side: POST only, JSON, never cross-site. */
const FORGE_ENDPOINTS: Record<string, (deps: ServerDeps, request: IncomingMessage, response: ServerResponse, sessionId: string | undefined) => Promise<void>> = {
  '/forge/invoke': serveInvoke,
  '/forge/context-token': (deps, request, response) => serveContextToken(deps, request, response),
  '/forge/product-fetch': serveProductFetch,
};

const KEY = '([A-Z][A-Z0-9_]{1,9}-\\d{1,9})';
type PageHandler = (page: PageRequest, param: string) => Promise<void>;

/** Pages of a signed-in person: [method, path pattern, handler]. */
const PAGES: readonly [string, RegExp, PageHandler][] = [
  ['GET', /^\/portal$/, (p) => portalHome(p)],
  ['GET', /^\/portal\/create\/(\d{1,9})$/, createForm],
  ['POST', /^\/portal\/create\/(\d{1,9})$/, createRequest],
  ['GET', new RegExp(`^/portal/request/${KEY}$`), requestPage],
  ['POST', new RegExp(`^/portal/request/${KEY}/comment$`), addPortalComment],
  ['GET', /^\/queue$/, (p) => queuePage(p)],
  ['GET', new RegExp(`^/issue/${KEY}$`), issuePage],
  // Jira's own address of an issue (the router's `getUrl({ target: 'issue' })` gives /browse/KEY): the issue view here.
  ['GET', new RegExp(`^/browse/${KEY}$`), async (p, key) => redirect(p.response, `/issue/${key}`)],
  ['POST', new RegExp(`^/issue/${KEY}/transition$`), transitionIssue],
  ['POST', new RegExp(`^/issue/${KEY}/comment$`), addAgentComment],
  ['GET', /^\/settings$/, (p) => settingsPage(p)],
  ['GET', /^\/calendar$/, (p) => calendarPage(p)],
];

function notFound(request: IncomingMessage, response: ServerResponse, origin: string, path: string): void {
  if (wantsHtml(request)) {
    const body = html`<h1>Not found</h1><p>Nothing lives at <code>${path}</code>. <a href="/">Start page</a></p>`;
    sendText(response, 404, 'text/html;charset=UTF-8', layout({ title: 'Not found', body }), { 'content-security-policy': PAGE_CSP });
    return;
  }
  sendJiraError(response, 404, `null for uri: ${origin}${path}`);
}

async function signIn(deps: ServerDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const form = parseForm(await readBody(request, 16 * 1024));
  const accountId = form.get('accountId')?.[0] ?? '';
  const person = deps.jira.store.findUser(accountId);
  if (!person || !person.active || person.accountType === 'app') return sendText(response, 400, 'text/plain;charset=UTF-8', 'Choose one of the demo people.');
  const previous = deps.sessions.current(request);
  const cookie = deps.sessions.start(person.accountId, deps.sessions.idOf(request), previous?.session.theme ?? 'light');
  redirect(response, person.accountType === 'customer' ? '/portal' : '/queue', { 'set-cookie': cookie });
}

async function setTheme(deps: ServerDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const signedIn = deps.sessions.current(request);
  const form = parseForm(await readBody(request, 4 * 1024));
  if (!signedIn || form.get('csrf')?.[0] !== signedIn.session.csrf) return sendJiraError(response, 403, 'Sign in first (and send the page\'s CSRF token).');
  deps.sessions.setTheme(signedIn.session.id, form.get('theme')?.[0] === 'dark' ? 'dark' : 'light');
  sendJson(response, 204, null);
}

/** One request to a web trigger URL: the function's answer, as the platform makes an HTTP response of it. */
async function serveWebTrigger(deps: ServerDeps, request: IncomingMessage, response: ServerResponse, url: URL, route: WebTriggerRoute): Promise<void> {
  let body: string;
  try {
    body = await readBody(request, WEB_TRIGGER_PAYLOAD_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLarge) return sendText(response, 413, 'text/plain;charset=UTF-8', 'The request is larger than an invocation may carry (5 MB).');
    throw error;
  }
  const event = webTriggerRequestOf((request.method ?? 'GET').toUpperCase(), url, request.headers, body, route);
  let run: Awaited<ReturnType<ForgeApp['runWebTrigger']>> | { threw: unknown };
  try {
    run = await deps.app.runWebTrigger(route.module, event);
  } catch (error) {
    deps.log(`web trigger ${route.module.key} failed: ${error instanceof Error ? error.message : String(error)}`);
    run = { threw: error };
  }
  const answer = httpAnswerOf(route.module, run);
  for (const [name, values] of Object.entries(answer.headers)) response.setHeader(name, values);
  response.statusCode = answer.status;
  if (answer.statusText) response.statusMessage = answer.statusText;
  response.end(request.method === 'HEAD' ? undefined : answer.body);
}

async function route(deps: ServerDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const method = (request.method ?? 'GET').toUpperCase();
  const url = new URL(request.url ?? '/', 'http://local');
  const path = url.pathname;
  const origin = deps.origin();

  if (path.startsWith('/rest/')) return serveJiraApi(deps.jira, request, response, origin, deps.queued);
  const forge = FORGE_ENDPOINTS[path];
  if (forge) {
    if (method !== 'POST') return sendJiraError(response, 405, `Method ${method} is not allowed for ${path}.`, {}, { allow: 'POST' });
    if (!sameOrigin(request)) return sendJiraError(response, 403, 'Cross-site requests are refused.');
    return forge(deps, request, response, deps.sessions.liveId(request));
  }
  const resource = /^\/forge\/resources\/([A-Za-z0-9_-]+)\/(.*)$/.exec(path);
  if (resource && method === 'GET') return serveResource(response, deps.appRoot, deps.manifest, resource[1]!, resource[2]!);
  const asset = /^\/assets\/([A-Za-z0-9_.-]+)$/.exec(path);
  if (asset && method === 'GET') return serveAsset(response, asset[1]!);
  if (path === '/health' && method === 'GET') return sendJson(response, 200, { status: 'ok' });
  // Web trigger URLs are public: any method, from anywhere, no session (web-triggers, "Authentication").
  const webTrigger = deps.webTriggers.route(path);
  if (webTrigger) return serveWebTrigger(deps, request, response, url, webTrigger);
  // The avatarUrls the Jira stand-in gives: public images, as Atlassian's avatar service serves them (an <img> sends no credentials).
  if (path === '/secure/useravatar' && method === 'GET') {
    const owner = deps.jira.store.findUser(url.searchParams.get('ownerId') ?? '');
    return sendText(response, 200, 'image/svg+xml', defaultAvatarSvg(owner, Number(url.searchParams.get('size') ?? 48)), { 'cache-control': 'max-age=3600' });
  }

  if (method === 'POST' && !sameOrigin(request)) return sendText(response, 403, 'text/plain;charset=UTF-8', 'Cross-site form posts are refused.');
  if (path === '/session' && method === 'POST') return signIn(deps, request, response);
  if (path === '/session/theme' && method === 'POST') return setTheme(deps, request, response);
  if (path === '/session/end' && method === 'POST') return redirect(response, '/switch', { 'set-cookie': deps.sessions.end(deps.sessions.idOf(request)) });

  const signedIn = deps.sessions.current(request);
  // A cookie whose session has ended (idle or too old): the person is asked to sign in again.
  const expired = !signedIn && deps.sessions.idOf(request) !== undefined;
  const ui: UiDeps = { jira: deps.jira, manifest: deps.manifest, tokens: deps.tokens, origin: deps.origin, settle: deps.delivered };
  if (path === '/switch' && method === 'GET') {
    const people = deps.jira.store.listUsers().filter((u) => u.active && u.accountType !== 'app');
    const note = url.searchParams.get('expired') === '1' && !signedIn ? html`<div class="message notice" role="status">Your session has expired. Choose who you are to sign in again.</div>` : html``;
    const body = html`${note}${switchPage(deps.jira, people, signedIn?.person.accountId)}`;
    if (signedIn) return new PageRequest(ui, request, response, url, signedIn).page({ title: 'Demo people', active: 'switch', body });
    return sendText(response, 200, 'text/html;charset=UTF-8', layout({ title: 'Demo people', body }), { 'content-security-policy': PAGE_CSP });
  }
  if (expired && method === 'GET' && (path === '/' || PAGES.some(([pageMethod, pattern]) => pageMethod === 'GET' && pattern.test(path)))) {
    return redirect(response, '/switch?expired=1', { 'set-cookie': deps.sessions.end(undefined) });
  }
  if (path === '/' && method === 'GET') return redirect(response, !signedIn ? '/switch' : signedIn.person.accountType === 'customer' ? '/portal' : '/queue');

  for (const [pageMethod, pattern, handler] of PAGES) {
    const match = pattern.exec(path);
    if (!match) continue;
    if (pageMethod !== method) continue;
    if (!signedIn) return method === 'GET' ? redirect(response, '/switch') : sendText(response, 401, 'text/plain;charset=UTF-8', expired ? 'Your session has expired: sign in again.' : 'Sign in first.');
    return handler(new PageRequest(ui, request, response, url, signedIn), match[1] ?? '');
  }
  if (PAGES.some(([, pattern]) => pattern.test(path))) return sendJiraError(response, 405, `Method ${method} is not allowed for ${path}.`);
  notFound(request, response, origin, path);
}

/** The names this server answers to: its loopback names with its port (and the address it listens on). */
export function ownHosts(port: number, listenHost: string): ReadonlySet<string> {
  const bracketed = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  return new Set(['127.0.0.1', 'localhost', '[::1]', bracketed.toLowerCase()].map((name) => `${name}:${port}`));
}

/**
 * DNS rebinding guard: a page of another site whose name was pointed at 127.0.0.1 reaches this server with that
 * name in `Host`; only the server's own names are answered.
 */
export function isOwnHost(request: IncomingMessage, hosts: ReadonlySet<string>): boolean {
  const host = request.headers.host;
  return typeof host === 'string' && hosts.has(host.trim().toLowerCase());
}

/** The one HTTP entry point: Jira's REST API, the Forge bridge endpoints, panel resources and the pages. */
export function requestListener(deps: ServerDeps): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    route(deps, request, response).catch((error: unknown) => {
      if (error instanceof BodyTooLarge) {
        if (!response.headersSent) sendJiraError(response, 413, 'Request entity too large.');
        return;
      }
      deps.log(`${request.method} ${request.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) sendJiraError(response, 500, 'Internal server error');
      else response.destroy();
    });
  };
}
