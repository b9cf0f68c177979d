import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JiraStandIn } from '../../jira';
import { NOT_AUTHENTICATED } from '../../jira/errors';
import { BodyTooLarge, headerOf, readBody, sendJiraError, sendText } from './messages';

export const JIRA_MAX_BODY = 10 * 1024 * 1024;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_MEDIA_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/** Jira's REST operations consume application/json: a write whose body says nothing, or something else, is refused. */
export function unsupportedMediaType(method: string, contentType: string | undefined, body: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase()) && body.length > 0 && !(contentType !== undefined && JSON_MEDIA_TYPE.test(contentType.trim()));
}

/**
 * `/rest/api/3/...`: the Jira stand-in over HTTP, Basic auth with a demo person's e-mail and any token. A write is
 * answered only once the events it caused are queued on disk for the app's triggers, so what a client was told
 * happened cannot lose its trigger to a crash.
 */
export async function serveJiraApi(jira: JiraStandIn, request: IncomingMessage, response: ServerResponse, origin: string, settled: () => Promise<void>): Promise<void> {
  const caller = jira.callerFromAuthorization(request.headers.authorization);
  if (!caller) {
    sendJiraError(response, 401, NOT_AUTHENTICATED, {}, { 'www-authenticate': 'Basic realm="Jira stand-in"' });
    return;
  }
  let body: string;
  try {
    body = await readBody(request, JIRA_MAX_BODY);
  } catch (error) {
    if (error instanceof BodyTooLarge) return sendJiraError(response, 413, 'Request entity too large.');
    throw error;
  }
  if (unsupportedMediaType(request.method ?? 'GET', headerOf(request, 'content-type'), body)) {
    return sendJiraError(response, 415, 'Unsupported Media Type: send the body as application/json (Content-Type: application/json).');
  }
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const answer = await jira.handle({ method: request.method ?? 'GET', path: request.url ?? '/', headers, body, baseUrl: origin }, caller);
  await settled();
  const text = answer.body === undefined || answer.status === 204 ? '' : JSON.stringify(answer.body);
  if (answer.status === 204 || !text) {
    response.writeHead(answer.status, { ...answer.headers, 'cache-control': 'no-store' });
    response.end();
    return;
  }
  sendText(response, answer.status, answer.headers['content-type'] ?? 'application/json;charset=UTF-8', text, answer.headers);
}
