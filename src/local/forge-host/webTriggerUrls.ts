import type { ProductReply } from './product';

/**
 * The platform's side of `webTrigger.getUrl / deleteUrl / queryUrls` (runtime-reference/web-trigger-api): @forge/api
 * asks it through the `createWebTriggerUrl`, `deleteWebTriggerUrl` and `webTriggerUrlsByAppContext` GraphQL operations.
 */
export interface WebTriggerUrlService {
  /** A URL of the module: any existing one unless `forceCreate`; undefined when the manifest has no such webtrigger. */
  urlFor(moduleKey: string, forceCreate: boolean): string | undefined;
  /** Deletes the URL with this id; false when there is none. A deleted URL invokes nothing any more. */
  deleteUrl(id: string): boolean;
  urls(): { triggerKey: string; url: string }[];
}

interface GraphqlRequest {
  query?: unknown;
  variables?: Record<string, unknown>;
}

const errorReply = (message: string): ProductReply => ({ status: 200, body: { errors: [{ message }], data: null } });

/** Answers one of the three operations @forge/api sends to `/graphql` for web trigger URLs. */
export function answerWebTriggerGraphql(body: string | undefined, service: WebTriggerUrlService): ProductReply {
  let request: GraphqlRequest;
  try {
    request = JSON.parse(body ?? '') as GraphqlRequest;
  } catch {
    return { status: 400, body: { errors: [{ message: 'The GraphQL request is not JSON.' }] } };
  }
  const query = typeof request.query === 'string' ? request.query : '';
  const variables = request.variables ?? {};
  if (query.includes('createWebTriggerUrl')) {
    const input = (variables.input ?? {}) as { triggerKey?: unknown };
    const url = typeof input.triggerKey === 'string' ? service.urlFor(input.triggerKey, variables.forceCreate === true) : undefined;
    return url ? { status: 200, body: { data: { createWebTriggerUrl: { url } } } } : errorReply(`No webtrigger module ${String(input.triggerKey)} in the app's manifest.`);
  }
  if (query.includes('deleteWebTriggerUrl')) {
    const deleted = typeof variables.id === 'string' && service.deleteUrl(variables.id);
    return { status: 200, body: { data: { deleteWebTriggerUrl: deleted ? { success: true, message: null } : { success: false, message: 'No such web trigger URL.' } } } };
  }
  if (query.includes('webTriggerUrlsByAppContext')) return { status: 200, body: { data: { webTriggerUrlsByAppContext: service.urls() } } };
  return errorReply('Only the web trigger URL operations of the Forge platform are emulated.');
}
