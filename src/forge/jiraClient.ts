import api, { route, type RequestInit } from '@forge/api';
import { JIRA_PERMISSIONS, type CustomerAccess, type JiraPermission, type JiraPort, type Ticket, type TicketUpdate } from '../app/ports';
import { z } from 'zod';
import type { JiraField } from '../app/fieldResolution';
import { fieldIdsOf, type AppSettings } from '../app/settings';
import { customerAccessTo } from './jiraRequestAccess';

/** The issue property the plan summary is indexed under (declared as a jira:entityProperty module). */
export const SEARCH_PROPERTY_KEY = 'clinspark-plan';
/** A comment property that marks which delivery posted it, so that a retry finds it instead of posting it twice. */
export const DELIVERY_PROPERTY_KEY = 'clinspark-delivery';

export const MAX_RETRIES = 3;
/** Longest wait honoured from Retry-After: a resolver has 25 s in all. */
export const MAX_RETRY_WAIT_MS = 8000;

type JiraResponse = Awaited<ReturnType<ReturnType<typeof api.asApp>['requestJira']>>;
type Requester = (path: ReturnType<typeof route>, init?: RequestInit) => Promise<JiraResponse>;

export class JiraRequestError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    body: string,
  ) {
    super(`Jira answered ${status} to ${method} ${path}: ${body.slice(0, 300)}`);
    this.name = 'JiraRequestError';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How long Jira asks to wait (Retry-After in seconds or as a date), else an exponential back-off. */
export function retryDelay(retryAfter: string | null, attempt: number, now: number = Date.now()): number {
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : retryAfter ? Date.parse(retryAfter) - now : NaN;
  const wanted = Number.isFinite(seconds) && seconds >= 0 ? seconds : 500 * 2 ** attempt;
  return Math.min(wanted, MAX_RETRY_WAIT_MS);
}

/** Sends a request, retrying a bounded number of times on 429 and 5xx, as Jira's rate limiting asks. */
export async function sendWithRetry(
  request: Requester,
  path: ReturnType<typeof route>,
  init: RequestInit = {},
  wait: (ms: number) => Promise<void> = sleep,
  retryOn: (status: number) => boolean = (status) => status === 429 || status >= 500,
): Promise<JiraResponse> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await request(path, init);
    const retriable = retryOn(response.status);
    if (!retriable || attempt >= MAX_RETRIES) return response;
    await wait(retryDelay(response.headers.get('Retry-After'), attempt));
  }
}

async function expectOk(response: JiraResponse, method: string, path: ReturnType<typeof route>): Promise<JiraResponse> {
  if (response.ok) return response;
  throw new JiraRequestError(response.status, method, path.value, await response.text());
}

/** A comment body in the Atlassian Document Format: a paragraph per blank-line-separated block, line breaks kept. */
export function toAdf(text: string): object {
  const paragraphs = text.split(/\n{2,}/).map((block) => ({
    type: 'paragraph',
    content: block.split('\n').flatMap((line, i) => [...(i > 0 ? [{ type: 'hardBreak' }] : []), ...(line ? [{ type: 'text', text: line }] : [])]),
  }));
  return { type: 'doc', version: 1, content: paragraphs };
}

/** Jira's field list, as far as the app reads it (FieldDetails of the OpenAPI description); other properties are ignored. */
const fieldListSchema = z
  .array(z.object({ id: z.string().min(1), name: z.string(), custom: z.boolean().default(false), schema: z.object({ custom: z.string().optional() }).optional() }))
  .max(20_000);

const JSON_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' };

/** Jira REST calls through @forge/api: as the app for writes, as the person for their permissions. */
export class ForgeJiraClient implements JiraPort {
  constructor(private readonly wait: (ms: number) => Promise<void> = sleep) {}

  private async send(as: 'app' | 'user', method: string, path: ReturnType<typeof route>, body?: unknown, retryOn?: (status: number) => boolean): Promise<JiraResponse> {
    const requester = as === 'app' ? api.asApp() : api.asUser();
    const init: RequestInit = { method, headers: JSON_HEADERS, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    return sendWithRetry((p, i) => requester.requestJira(p, i), path, init, this.wait, retryOn);
  }

  private async call(as: 'app' | 'user', method: string, path: ReturnType<typeof route>, body?: unknown, retryOn?: (status: number) => boolean): Promise<JiraResponse> {
    return expectOk(await this.send(as, method, path, body, retryOn), method, path);
  }

  async addComment(ticketKey: string, text: string, visibility: 'customer' | 'internal', deliveryId: string): Promise<void> {
    // Only a 429 is retried here: after a 5xx Jira may have stored the comment, so the outbox keeps it and the next
    // delivery looks for its delivery id before posting again.
    const body = {
      body: toAdf(text),
      properties: [
        { key: 'sd.public.comment', value: { internal: visibility === 'internal' } },
        { key: DELIVERY_PROPERTY_KEY, value: { id: deliveryId } },
      ],
    };
    await this.call('app', 'POST', route`/rest/api/3/issue/${ticketKey}/comment`, body, (status) => status === 429);
  }

  async hasDeliveredComment(ticketKey: string, deliveryId: string): Promise<boolean> {
    const response = await this.call('app', 'GET', route`/rest/api/3/issue/${ticketKey}/comment?orderBy=-created&maxResults=100&expand=properties`);
    const page = (await response.json()) as { comments?: { properties?: { key: string; value?: { id?: string } }[] }[] };
    return (page.comments ?? []).some((c) => c.properties?.some((p) => p.key === DELIVERY_PROPERTY_KEY && p.value?.id === deliveryId));
  }

  async updateTicket(ticketKey: string, update: TicketUpdate): Promise<void> {
    await this.call('app', 'PUT', route`/rest/api/3/issue/${ticketKey}?notifyUsers=false`, {
      ...(update.assignee ? { fields: { assignee: { accountId: update.assignee } } } : {}),
      ...(update.searchProperty ? { properties: [{ key: SEARCH_PROPERTY_KEY, value: update.searchProperty }] } : {}),
    });
  }

  async transitionTo(ticketKey: string, statuses: readonly string[]): Promise<boolean> {
    const response = await this.call('app', 'GET', route`/rest/api/3/issue/${ticketKey}/transitions`);
    const { transitions = [] } = (await response.json()) as { transitions?: { id: string; to?: { name?: string } }[] };
    const transition = statuses.map((status) => transitions.find((t) => t.to?.name === status)).find(Boolean);
    if (!transition) return false;
    await this.call('app', 'POST', route`/rest/api/3/issue/${ticketKey}/transitions`, { transition: { id: transition.id } });
    return true;
  }

  async permissionsOf(_accountId: string, ticketKey: string): Promise<ReadonlySet<JiraPermission>> {
    // asUser() is the person of this invocation, the one the Forge context names.
    return this.permissionsFrom(await this.send('user', 'GET', route`/rest/api/3/mypermissions?issueKey=${ticketKey}&permissions=${JIRA_PERMISSIONS.join(',')}`));
  }

  async projectPermissionsOf(_accountId: string, projectKey: string): Promise<ReadonlySet<JiraPermission>> {
    return this.permissionsFrom(await this.send('user', 'GET', route`/rest/api/3/mypermissions?projectKey=${projectKey}&permissions=${JIRA_PERMISSIONS.join(',')}`));
  }

  customerAccessTo(accountId: string, ticketKey: string, organizationsField: string): Promise<CustomerAccess> {
    return customerAccessTo(accountId, ticketKey, organizationsField, this.wait);
  }

  private async permissionsFrom(response: JiraResponse): Promise<ReadonlySet<JiraPermission>> {
    // Jira answers 404 to a person who may not see the ticket or project: they hold no permission on it.
    if (response.status === 404) return new Set();
    await expectOk(response, 'GET', route`/rest/api/3/mypermissions`);
    const { permissions = {} } = (await response.json()) as { permissions?: Record<string, { havePermission?: boolean }> };
    return new Set(JIRA_PERMISSIONS.filter((p) => permissions[p]?.havePermission === true));
  }

  async listFields(): Promise<JiraField[]> {
    const response = await this.call('app', 'GET', route`/rest/api/3/field`);
    const parsed = fieldListSchema.safeParse(await response.json());
    if (!parsed.success) throw new JiraRequestError(response.status, 'GET', '/rest/api/3/field', `an unexpected field list: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data;
  }

  /** Reads the ticket's request form answers, which Forge's issue events do not carry; the settings' fields must be found. */
  async getTicket(ticketKey: string, settings: AppSettings): Promise<Ticket> {
    const fields = ['project', 'status', 'reporter', ...Object.values(fieldIdsOf(settings))].join(',');
    const response = await this.call('app', 'GET', route`/rest/api/3/issue/${ticketKey}?fields=${fields}`);
    const issue = (await response.json()) as { key: string; fields: Record<string, unknown> };
    return ticketFromIssue(issue, settings);
  }
}

/** Reads a Jira issue's JSON into the app's ticket. */
export function ticketFromIssue(issue: { key: string; fields: Record<string, unknown> }, settings: AppSettings): Ticket {
  const fields = issue.fields;
  const ids = fieldIdsOf(settings);
  const requestType = fields[ids.requestType] as { requestType?: { name?: string } } | null | undefined;
  const organizations = fields[ids.organizations] as { id?: string | number }[] | null | undefined;
  return {
    key: issue.key,
    projectKey: (fields.project as { key?: string } | undefined)?.key ?? issue.key.split('-')[0]!,
    status: (fields.status as { name?: string } | undefined)?.name ?? '',
    reporterAccountId: (fields.reporter as { accountId?: string } | null | undefined)?.accountId ?? null,
    requestTypeName: requestType?.requestType?.name ?? null,
    organizationIds: Array.isArray(organizations) ? organizations.map((o) => String(o.id ?? '')).filter(Boolean) : [],
    fields,
  };
}
