/** What a product request (`asApp()/asUser().requestJira`) looks like to the caller-supplied handler. */
export interface ProductCall {
  readonly product: 'jira';
  readonly asApp: boolean;
  /** The user the request runs as; undefined for asApp. */
  readonly accountId?: string;
  /** Path and query as the app built it with `route`, e.g. `/rest/api/3/issue/FHSD-1?fields=status`. */
  readonly path: string;
  readonly method: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface ProductReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string is sent as is; an object is sent as JSON (content-type added when missing). */
  readonly body?: string | object | null;
}

export type ProductHandler = (call: ProductCall) => ProductReply | Promise<ProductReply>;

type BodyInput = ConstructorParameters<typeof Response>[0];
type HeadersInput = ConstructorParameters<typeof Headers>[0];

/** Fetch init as the real packages pass it to `__forge_fetch__`. */
export interface FetchInit {
  readonly method?: string;
  readonly headers?: unknown;
  readonly body?: unknown;
}

export async function readBody(body: unknown): Promise<string | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  return new Response(body as BodyInput).text();
}

export function normalizeHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers((headers ?? undefined) as HeadersInput).forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

export function toResponse(reply: ProductReply): Response {
  const headers = new Headers(reply.headers as HeadersInput);
  let text: string | null = null;
  if (!NULL_BODY_STATUS.has(reply.status) && reply.body !== undefined && reply.body !== null) {
    if (typeof reply.body === 'string') {
      text = reply.body;
    } else {
      text = JSON.stringify(reply.body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
  }
  return new Response(text, { status: reply.status, headers });
}
