import { isJsonObject } from '../adf';
import { actorAccountId } from '../auth';
import { invalidPayload, JiraHttpError } from '../errors';
import { jsonResponse } from '../http/messages';
import { listParameter, parseFieldSelection } from '../issues/field-selection';
import { issueBean } from '../issues/representation';
import { JqlError } from '../jql/ast';
import { compileJql } from '../jql/evaluator';
import { parseJql } from '../jql/parser';
import type { IssueRecord } from '../model';
import { type Handler, type HandlerContext, integerParam, isCustomer, requireAccount } from './context';

interface SearchRequest {
  jql: string;
  fields?: string[];
  properties?: string[];
  expand: Set<string>;
  maxResults?: number;
}

const MAX_PAGE = 100;
const UNBOUNDED = 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

/** Runs a JQL query for the actor: only issues they may browse, in the query's order. */
function findIssues(context: HandlerContext, jql: string, requireBounded: boolean): IssueRecord[] {
  const { site, actor } = context;
  try {
    const compiled = compileJql(parseJql(jql), {
      config: site.config,
      store: site.store,
      currentAccountId: actorAccountId(actor),
      includeInternalComments: !isCustomer(actor),
      now: site.clock(),
    });
    if (requireBounded && !compiled.bounded) throw JiraHttpError.messages(400, UNBOUNDED);
    return site.store
      .listIssues()
      .filter((issue) => site.canSee(actor, issue) && compiled.matches(issue))
      .sort(compiled.compare);
  } catch (error) {
    if (error instanceof JqlError) throw JiraHttpError.messages(400, error.message);
    throw error;
  }
}

function pageSize(requested: number | undefined): number {
  if (requested === undefined) return 50;
  if (!Number.isInteger(requested) || requested < 0) throw JiraHttpError.messages(400, 'maxResults must be a non-negative integer.');
  return Math.min(requested, MAX_PAGE);
}

/** Body of POST search requests: Jira refuses properties its bean does not declare. */
function readBody(context: HandlerContext, allowed: readonly string[]): Record<string, unknown> {
  if (context.body === undefined) return {};
  if (!isJsonObject(context.body)) throw invalidPayload();
  for (const key of Object.keys(context.body)) {
    if (!allowed.includes(key)) throw JiraHttpError.messages(400, `Unrecognized field "${key}" (not marked as ignorable).`);
  }
  return context.body;
}

function stringList(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.split(',').map((item) => item.trim()).filter(Boolean);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  throw JiraHttpError.messages(400, `'${name}' must be a list of strings.`);
}

function optionalInteger(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw JiraHttpError.messages(400, `'${name}' must be an integer.`);
  return value;
}

// ---------- /rest/api/3/search/jql (enhanced search, token pagination) ----------

const encodeToken = (offset: number): string => Buffer.from(JSON.stringify({ offset })).toString('base64url');

function decodeToken(token: string | undefined): number {
  if (!token) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (isJsonObject(parsed) && typeof parsed.offset === 'number' && parsed.offset >= 0) return parsed.offset;
  } catch {
    // Fall through to the error below.
  }
  throw JiraHttpError.messages(400, 'The nextPageToken is invalid.');
}

function enhancedSearch(context: HandlerContext, request: SearchRequest & { nextPageToken?: string }) {
  const issues = findIssues(context, request.jql, true);
  const offset = decodeToken(request.nextPageToken);
  const size = pageSize(request.maxResults);
  const page = issues.slice(offset, offset + size);
  const fields = parseFieldSelection(request.fields, 'id');
  const isLast = offset + page.length >= issues.length;
  return jsonResponse(200, {
    issues: page.map((issue) => issueBean(context.view, issue, { fields, properties: request.properties, expand: request.expand })),
    isLast,
    ...(isLast ? {} : { nextPageToken: encodeToken(offset + page.length) }),
  });
}

/** GET /rest/api/3/search/jql */
export const searchJqlGet: Handler = (context) => {
  requireAccount(context.actor);
  const { query } = context;
  return enhancedSearch(context, {
    jql: query.get('jql') ?? '',
    nextPageToken: query.get('nextPageToken') ?? undefined,
    maxResults: query.has('maxResults') ? integerParam(query, 'maxResults', 50) : undefined,
    fields: listParameter(query, 'fields'),
    properties: listParameter(query, 'properties'),
    expand: new Set(listParameter(query, 'expand')),
  });
};

/** POST /rest/api/3/search/jql */
export const searchJqlPost: Handler = (context) => {
  requireAccount(context.actor);
  const body = readBody(context, ['expand', 'fields', 'fieldsByKeys', 'jql', 'maxResults', 'nextPageToken', 'properties', 'reconcileIssues']);
  const token = body.nextPageToken;
  return enhancedSearch(context, {
    jql: typeof body.jql === 'string' ? body.jql : '',
    nextPageToken: typeof token === 'string' ? token : undefined,
    maxResults: optionalInteger(body.maxResults, 'maxResults'),
    fields: stringList(body.fields, 'fields'),
    properties: stringList(body.properties, 'properties'),
    expand: new Set(stringList(body.expand, 'expand')),
  });
};

// ---------- /rest/api/3/search (offset pagination) ----------

function offsetSearch(context: HandlerContext, request: SearchRequest & { startAt: number }) {
  const issues = findIssues(context, request.jql, false);
  const size = pageSize(request.maxResults);
  const page = issues.slice(request.startAt, request.startAt + size);
  const fields = parseFieldSelection(request.fields, '*navigable');
  return jsonResponse(200, {
    expand: 'schema,names',
    startAt: request.startAt,
    maxResults: size,
    total: issues.length,
    issues: page.map((issue) => issueBean(context.view, issue, { fields, properties: request.properties, expand: request.expand })),
  });
}

/** GET /rest/api/3/search */
export const searchGet: Handler = (context) => {
  requireAccount(context.actor);
  const { query } = context;
  return offsetSearch(context, {
    jql: query.get('jql') ?? '',
    startAt: integerParam(query, 'startAt', 0),
    maxResults: query.has('maxResults') ? integerParam(query, 'maxResults', 50) : undefined,
    fields: listParameter(query, 'fields'),
    properties: listParameter(query, 'properties'),
    expand: new Set(listParameter(query, 'expand')),
  });
};

/** POST /rest/api/3/search */
export const searchPost: Handler = (context) => {
  requireAccount(context.actor);
  const body = readBody(context, ['expand', 'fields', 'fieldsByKeys', 'jql', 'maxResults', 'properties', 'startAt', 'validateQuery']);
  return offsetSearch(context, {
    jql: typeof body.jql === 'string' ? body.jql : '',
    startAt: optionalInteger(body.startAt, 'startAt') ?? 0,
    maxResults: optionalInteger(body.maxResults, 'maxResults'),
    fields: stringList(body.fields, 'fields'),
    properties: stringList(body.properties, 'properties'),
    expand: new Set(stringList(body.expand, 'expand')),
  });
};
