import type { IncomingMessage, ServerResponse } from 'node:http';
import { asUser, type JiraStandIn } from '../../jira';
import { ModuleNotAllowed, type ForgeApp } from '../forge-app';
import { AS_USER_REFUSED, grantedScopesOf, operationOf, scopeMismatch, scopesCover } from '../../forge-host';
import { ContextRefusal, deriveContext, SCRIPT_TOKEN_TTL_MS, type PanelTokens } from '../panel-contexts';
import type { AppManifest } from '../manifest';
import { unsupportedMediaType } from './jira-api';
import { BodyTooLarge, headerOf, isJson, readBody, sendJiraError, sendJson } from './messages';

/** A front-end invoke carries at most 500KB (limits-invocation, "Front-end invocation request payload size"); read as 500,000 bytes, the stricter reading. */
export const INVOKE_MAX_BODY = 500_000;
const FUNCTION_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

export interface ForgeApiDeps {
  readonly app: ForgeApp;
  readonly jira: JiraStandIn;
  readonly manifest: AppManifest;
  readonly tokens: PanelTokens;
  readonly origin: () => string;
  readonly log: (line: string) => void;
}

type JsonBody = { ok: true; value: Record<string, unknown> } | { ok: false };

async function readJsonObject(request: IncomingMessage, response: ServerResponse): Promise<JsonBody> {
  if (!isJson(headerOf(request, 'content-type'))) {
    sendJiraError(response, 415, 'Unsupported Media Type: use application/json.');
    return { ok: false };
  }
  let text: string;
  try {
    text = await readBody(request, INVOKE_MAX_BODY);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    sendJiraError(response, 413, 'Request entity too large.');
    return { ok: false };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    sendJiraError(response, 400, 'Invalid request payload. Refer to the REST API documentation and try again.');
    return { ok: false };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    sendJiraError(response, 400, 'The request body must be a JSON object.');
    return { ok: false };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

function bearer(request: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(headerOf(request, 'authorization') ?? '')?.[1];
}

/**
 * `POST /forge/invoke` — what a panel's `invoke(functionKey, payload)` becomes. The Forge context (person, module,
 * ticket) comes only from the panel token; the body says which resolver and what the person chose, nothing else.
 */
export async function serveInvoke(deps: ForgeApiDeps, request: IncomingMessage, response: ServerResponse, sessionId: string | undefined): Promise<void> {
  const token = bearer(request);
  const resolved = token ? deps.tokens.resolve(token, sessionId) : undefined;
  if (!resolved) {
    sendJiraError(response, 401, 'A valid panel token is required: Authorization: Bearer <token> (from the page or POST /forge/context-token).', {}, { 'www-authenticate': 'Bearer' });
    return;
  }
  const body = await readJsonObject(request, response);
  if (!body.ok) return;
  const unexpected = Object.keys(body.value).filter((k) => k !== 'functionKey' && k !== 'payload');
  if (unexpected.length > 0) {
    const errors = Object.fromEntries(unexpected.map((k) => [k, 'Not accepted: the Forge context (person, module, issue, project) comes from the panel token.']));
    sendJiraError(response, 400, `Unexpected field(s): ${unexpected.join(', ')}.`, errors);
    return;
  }
  const { functionKey, payload } = body.value;
  if (typeof functionKey !== 'string' || !FUNCTION_KEY.test(functionKey) || PROTOTYPE_NAMES.has(functionKey)) {
    sendJiraError(response, 400, 'functionKey must name a resolver definition.', { functionKey: 'A resolver definition name such as getPlanView.' });
    return;
  }
  if (payload !== undefined && (payload === null || typeof payload !== 'object' || Array.isArray(payload))) {
    sendJiraError(response, 400, 'payload must be a JSON object.', { payload: 'A JSON object.' });
    return;
  }
  let result: unknown;
  try {
    result = await deps.app.invokeResolver(resolved.panel, resolved.context, functionKey, payload ?? {});
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ModuleNotAllowed) return sendJiraError(response, 403, message);
    if (/has no definition for/.test(message)) {
      sendJiraError(response, 404, message, { functionKey: 'No such resolver definition.' });
      return;
    }
    deps.log(`invoke ${functionKey} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    sendJiraError(response, 500, `The function ${resolved.panel.resolverFunction} failed while running ${functionKey}.`);
    return;
  }
  sendJson(response, 200, result === undefined ? null : result);
}

/**
 * `POST /forge/context-token` — for scripts: Basic auth as a demo person (as for /rest/api/3), body
 * `{ moduleKey, issueKey? }`; answers `{ token, expiresAt, context }` with the context the server derived.
 */
export async function serveContextToken(deps: ForgeApiDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const caller = deps.jira.callerFromAuthorization(request.headers.authorization);
  if (!caller || caller.type !== 'user') {
    sendJiraError(response, 401, 'Client must be authenticated to access this resource.', {}, { 'www-authenticate': 'Basic realm="Jira stand-in"' });
    return;
  }
  const body = await readJsonObject(request, response);
  if (!body.ok) return;
  const { moduleKey, issueKey } = body.value;
  const panel = deps.manifest.panels.find((p) => p.key === moduleKey);
  if (!panel) {
    sendJiraError(response, 400, 'moduleKey must name a UI module of manifest.yml.', { moduleKey: `One of ${deps.manifest.panels.map((p) => p.key).join(', ')}.` });
    return;
  }
  if (issueKey !== undefined && (typeof issueKey !== 'string' || !/^[A-Z][A-Z0-9_]{1,9}-\d{1,9}$/.test(issueKey))) {
    sendJiraError(response, 400, 'issueKey must be an issue key such as FHSD-1.', { issueKey: 'An issue key.' });
    return;
  }
  const person = deps.jira.store.findUser(caller.accountId)!;
  try {
    const context = await deriveContext(deps.jira, deps.origin(), { person, panel, projectKey: deps.jira.config.project.key, colorMode: 'light', ...(issueKey ? { issueKey } : {}) });
    const row = deps.tokens.issue(context, null, SCRIPT_TOKEN_TTL_MS);
    sendJson(response, 200, { token: row.token, expiresAt: new Date(row.expiresAt).toISOString(), context });
  } catch (error) {
    if (error instanceof ContextRefusal) return sendJiraError(response, error.status, error.message);
    throw error;
  }
}

/**
 * `POST /forge/product-fetch` — what the bridge's `requestJira(path, init)` becomes: the Jira request, made as the
 * token's person. Body `{ product: "jira", restPath, method?, headers?, body? }`; answers `{ status, statusText,
 * headers, body }` (body as text), which the bridge turns back into a Response.
 */
export async function serveProductFetch(deps: ForgeApiDeps, request: IncomingMessage, response: ServerResponse, sessionId: string | undefined): Promise<void> {
  const token = bearer(request);
  const resolved = token ? deps.tokens.resolve(token, sessionId) : undefined;
  if (!resolved) {
    sendJiraError(response, 401, 'A valid panel token is required: Authorization: Bearer <token>.', {}, { 'www-authenticate': 'Bearer' });
    return;
  }
  // The bridge's requestJira is an asUser call: refused for unlicensed accounts, customers included.
  if (resolved.context.accountType !== 'licensed') return sendJiraError(response, 401, AS_USER_REFUSED);
  const body = await readJsonObject(request, response);
  if (!body.ok) return;
  const { product, restPath, method = 'GET', headers = [], body: text } = body.value as { product?: unknown; restPath?: unknown; method?: unknown; headers?: unknown; body?: unknown };
  if (product !== 'jira') return sendJiraError(response, 400, 'Only Jira is available on this site.', { product: 'jira' });
  if (typeof restPath !== 'string' || !/^\/rest\/[A-Za-z0-9/_.,=&?%:@+()!*'~;-]*$/.test(restPath) || restPath.includes('..')) {
    return sendJiraError(response, 400, 'restPath must be a Jira REST path such as /rest/api/3/myself.', { restPath: 'A /rest/... path.' });
  }
  if (typeof method !== 'string' || !/^(GET|POST|PUT|DELETE|PATCH)$/i.test(method)) return sendJiraError(response, 400, 'method must be GET, POST, PUT, DELETE or PATCH.');
  const operation = operationOf(method, restPath);
  // The bridge's requestJira runs under the app's scopes too.
  if (operation && !scopesCover(operation, grantedScopesOf(deps.manifest.raw))) {
    const refusal = scopeMismatch(operation);
    return sendJson(response, 200, { status: refusal.status, statusText: '', headers: { 'content-type': 'application/json' }, body: JSON.stringify(refusal.body) });
  }
  const pairs = Array.isArray(headers) ? (headers as unknown[]).filter((h): h is [string, string] => Array.isArray(h) && typeof h[0] === 'string' && typeof h[1] === 'string') : [];
  const forwarded: Record<string, string> = Object.fromEntries(pairs.map(([k, v]) => [k.toLowerCase(), v]));
  if (unsupportedMediaType(method, forwarded['content-type'], typeof text === 'string' ? text : '')) {
    // What Jira answers the browser's fetch of a body without a JSON content type.
    const refusal = { errorMessages: ['Unsupported Media Type: send the body as application/json (Content-Type: application/json).'], errors: {} };
    return sendJson(response, 200, { status: 415, statusText: '', headers: { 'content-type': 'application/json;charset=UTF-8' }, body: JSON.stringify(refusal) });
  }
  const answer = await deps.jira.handle(
    { method: method.toUpperCase(), path: restPath, headers: forwarded, baseUrl: deps.origin(), ...(typeof text === 'string' ? { body: text } : {}) },
    asUser(resolved.context.accountId),
  );
  sendJson(response, 200, { status: answer.status, statusText: '', headers: answer.headers, body: answer.body === undefined ? null : JSON.stringify(answer.body) });
}
