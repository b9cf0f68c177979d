import type { JsonValue } from '../model';

/** A request to the stand-in, as the runtime adapter or the HTTP server hands it over. */
export interface JiraRequest {
  method: string;
  /** Path with an optional query string, e.g. `/rest/api/3/issue/FHSD-1?fields=summary`. */
  path: string;
  /** Header names are matched case-insensitively. */
  headers?: Record<string, string | undefined>;
  /** Raw body text; parsed as JSON by the stand-in. */
  body?: string;
  /** Origin used for `self` links; defaults to the site's configured base URL. */
  baseUrl?: string;
}

export interface JiraResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON body, or undefined for an empty body (204). */
  body: JsonValue | undefined;
}

const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };

export function jsonResponse(status: number, body: JsonValue): JiraResponse {
  return { status, headers: { ...JSON_HEADERS }, body };
}

export function emptyResponse(status = 204): JiraResponse {
  return { status, headers: {}, body: undefined };
}

export function responseText(response: JiraResponse): string {
  return response.body === undefined ? '' : JSON.stringify(response.body);
}

/** A WHATWG `Response` (as `fetch` returns) for a stand-in response; handy for `__forge_fetch__`. */
export function toFetchResponse(response: JiraResponse): Response {
  const hasBody = response.body !== undefined && response.status !== 204;
  return new Response(hasBody ? responseText(response) : null, { status: response.status, headers: response.headers });
}

export function headerValue(headers: JiraRequest['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}
