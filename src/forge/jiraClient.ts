import api, { route, type RequestInit } from '@forge/api';
import { JIRA_PERMISSIONS, type CustomerAccess, type JiraPermission, type JiraPerson, type JiraPort, type PlanSearchProperty, type Ticket, type TicketStatusReading } from '../app/ports';
import { z } from 'zod';
import type { JiraField } from '../app/fieldResolution';
import { fieldIdsOf, type AppSettings } from '../app/settings';
import { customerAccessTo, listOrganizations, organizationsOf, type ServiceDeskOrganization } from './jiraRequestAccess';

/** The issue property the plan summary is indexed under (declared as a jira:entityProperty module). */
export const SEARCH_PROPERTY_KEY = 'clinspark-plan';
/** A comment property that marks which delivery posted it, so that a retry finds it instead of posting it twice. */
export const DELIVERY_PROPERTY_KEY = 'clinspark-delivery';

export const MAX_RETRIES = 3;
/** Longest wait honoured from Retry-After inside one invocation. */
export const MAX_RETRY_WAIT_MS = 8000;
/** Forge stops a resolver, validator or product-event trigger after 25 s (limits-invocation). */
export const INVOCATION_LIMIT_MS = 25_000;
/** Kept back from the limit for the work after the last Jira call (the KVS write that clears the outbox). */
export const INVOCATION_MARGIN_MS = 5_000;
/** Forge lowers a longer retryAfter of an InvocationError to 900 s (events-reference/product_events). */
export const MAX_RETRY_AFTER_SECONDS = 900;
/** The wait asked of Forge when Jira gave no Retry-After (a 5xx, no answer at all). */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;

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

  /** A 4xx other than 429 (rate limited) and 409 (a conflicting edit): asking again would be refused again. */
  get refusedForGood(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 429 && this.status !== 409;
  }
}

/** Jira was busy (429), failing (5xx) or did not answer (status 0): the work is still owed and may be tried after `retryAfterSeconds`. */
export class JiraRetryLater extends JiraRequestError {
  constructor(status: number, method: string, path: string, body: string, readonly retryAfterSeconds: number) {
    super(status, method, path, body);
    this.name = 'JiraRetryLater';
  }

  override get refusedForGood(): boolean {
    return false;
  }
}

/** Whether Jira may answer differently if asked again later: rate limited or a server failure. */
export const isTransientStatus = (status: number): boolean => status === 429 || status >= 500;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What Jira's Retry-After asks (seconds or an HTTP date), in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(retryAfter: string | null, now: number = Date.now()): number | undefined {
  if (retryAfter === null) return undefined;
  const ms = /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - now;
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

/** How long Jira asks to wait (Retry-After in seconds or as a date), else an exponential back-off. */
export function retryDelay(retryAfter: string | null, attempt: number, now: number = Date.now()): number {
  return Math.min(retryAfterMs(retryAfter, now) ?? 500 * 2 ** attempt, MAX_RETRY_WAIT_MS);
}

/** The retryAfter to give Forge for an answer: Jira's Retry-After rounded up, at least 1 s, at most 900 s. */
export function retryAfterSecondsOf(retryAfter: string | null, now: number = Date.now()): number {
  const ms = retryAfterMs(retryAfter, now);
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, ms === undefined ? DEFAULT_RETRY_AFTER_SECONDS : Math.ceil(ms / 1000)));
}

/**
 * How long an invocation may keep waiting for Jira. A trigger never sleeps (`defer`): it hands the wait to Forge through
 * InvocationError. A resolver sleeps only while the wait ends before its deadline.
 */
export interface RetryBudget {
  readonly defer: boolean;
  /** Epoch milliseconds after which no wait may end. */
  readonly deadline: number;
  readonly now: () => number;
}

/** Sends a request, retrying a bounded number of times on 429 and 5xx, as Jira's rate limiting asks, within the invocation's budget (always given: no wait may outlast it). */
export async function sendWithRetry(
  request: Requester,
  path: ReturnType<typeof route>,
  init: RequestInit,
  wait: (ms: number) => Promise<void>,
  retryOn: (status: number) => boolean = isTransientStatus,
  budget: RetryBudget,
): Promise<JiraResponse> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await request(path, init);
    if (!retryOn(response.status) || budget.defer || attempt >= MAX_RETRIES) return response;
    const delay = retryDelay(response.headers.get('Retry-After'), attempt, budget.now());
    if (budget.now() + delay > budget.deadline) return response;
    await wait(delay);
  }
}

/** The answer when Jira accepted the request; else JiraRetryLater (busy or failing: the work is owed) or JiraRequestError. */
export async function expectOk(response: JiraResponse, method: string, path: ReturnType<typeof route>): Promise<JiraResponse> {
  if (response.ok) return response;
  const body = await response.text();
  if (isTransientStatus(response.status)) throw new JiraRetryLater(response.status, method, path.value, body, retryAfterSecondsOf(response.headers.get('Retry-After')));
  throw new JiraRequestError(response.status, method, path.value, body);
}

/** A comment body in the Atlassian Document Format: a paragraph per blank-line-separated block, line breaks kept. */
export function toAdf(text: string): object {
  const paragraphs = text.split(/\n{2,}/).map((block) => ({
    type: 'paragraph',
    content: block.split('\n').flatMap((line, i) => [...(i > 0 ? [{ type: 'hardBreak' }] : []), ...(line ? [{ type: 'text', text: line }] : [])]),
  }));
  return { type: 'doc', version: 1, content: paragraphs };
}

/** Plain text as the HTML body of an e-mail: escaped, a paragraph per blank-line-separated block, line breaks kept. */
export function toHtml(text: string): string {
  const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return text.split(/\n{2,}/).map((block) => `<p>${block.split('\n').map(escape).join('<br>')}</p>`).join('');
}

/** Account ids per user/bulk request: 50 ids keep the URL well under the length proxies accept. */
export const USERS_PER_REQUEST = 50;

const ACCOUNT_TYPES = ['atlassian', 'customer', 'app', 'unknown'] as const;
/** An avatar URL as the panels may use it: http(s) only, of a sane length; anything else is no avatar. */
const avatarUrlSchema = z.string().max(1000).regex(/^https?:\/\/[^\s]+$/);
/** A user as Jira's user APIs answer (User, UserDetails, UserPickerUser), as far as the app reads it. */
const jiraUserSchema = z.object({
  accountId: z.string().min(1).max(128),
  displayName: z.string().max(255).nullish(),
  accountType: z.string().optional(),
  active: z.boolean().optional(),
  avatarUrls: z.record(z.string(), z.unknown()).optional(),
});
const userPageSchema = z.object({ isLast: z.boolean().optional(), values: z.array(jiraUserSchema).max(1000) });
const foundUsersSchema = z.object({ users: z.array(jiraUserSchema.extend({ avatarUrl: z.string().optional() })).max(1000) });

/** The app's person from a Jira user; an unknown account type counts as 'unknown', a missing name as the account id. */
export function personFrom(user: z.infer<typeof jiraUserSchema>, avatar: unknown): JiraPerson {
  const accountType = (ACCOUNT_TYPES as readonly string[]).includes(user.accountType ?? '') ? (user.accountType as JiraPerson['accountType']) : 'unknown';
  const avatarUrl = avatarUrlSchema.safeParse(avatar);
  return { accountId: user.accountId, displayName: user.displayName?.trim() || user.accountId, avatarUrl: avatarUrl.success ? avatarUrl.data : null, accountType, active: user.active !== false };
}

/** Jira's field list, as far as the app reads it (FieldDetails of the OpenAPI description); other properties are ignored. */
const fieldListSchema = z
  .array(z.object({ id: z.string().min(1), name: z.string(), custom: z.boolean().default(false), schema: z.object({ custom: z.string().optional() }).optional() }))
  .max(20_000);

const JSON_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' };

export interface JiraClientOptions {
  /** A trigger defers every wait to Forge (JiraRetryLater); a resolver or validator (the default) waits within its deadline. */
  kind?: 'trigger' | 'resolver';
  /** Epoch milliseconds by which every wait must have ended; none when omitted. */
  deadline?: number;
  wait?: (ms: number) => Promise<void>;
  now?: () => number;
}

interface TransitionJson {
  id: string;
  to?: { name?: string };
  fields?: Record<string, { required?: boolean; allowedValues?: { id?: string; name?: string }[] }>;
}

/** Jira REST calls through @forge/api: as the app for writes, as the person for their permissions. */
export class ForgeJiraClient implements JiraPort {
  private readonly wait: (ms: number) => Promise<void>;
  private readonly budget: RetryBudget;
  private deferred: JiraRetryLater | undefined;

  constructor(options: JiraClientOptions | ((ms: number) => Promise<void>) = {}) {
    const settings = typeof options === 'function' ? { wait: options } : options;
    this.wait = settings.wait ?? sleep;
    this.budget = { defer: settings.kind === 'trigger', deadline: settings.deadline ?? Number.POSITIVE_INFINITY, now: settings.now ?? (() => Date.now()) };
  }

  /** The longest wait Jira asked for in this invocation, if any call was left for later: what a trigger hands Forge. */
  get retryLater(): JiraRetryLater | undefined {
    return this.deferred;
  }

  private async send(as: 'app' | 'user', method: string, path: ReturnType<typeof route>, body?: unknown, retryOn?: (status: number) => boolean): Promise<JiraResponse> {
    const requester = as === 'app' ? api.asApp() : api.asUser();
    const init: RequestInit = { method, headers: JSON_HEADERS, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    try {
      return await sendWithRetry((p, i) => requester.requestJira(p, i), path, init, this.wait, retryOn, this.budget);
    } catch (error) {
      // No answer at all (a connection reset): Jira may answer later, like a 5xx.
      throw this.remember(new JiraRetryLater(0, method, path.value, error instanceof Error ? error.message : String(error), DEFAULT_RETRY_AFTER_SECONDS));
    }
  }

  private async call(as: 'app' | 'user', method: string, path: ReturnType<typeof route>, body?: unknown, retryOn?: (status: number) => boolean): Promise<JiraResponse> {
    return this.remembering((async () => expectOk(await this.send(as, method, path, body, retryOn), method, path))());
  }

  private remember(error: JiraRetryLater): JiraRetryLater {
    if (!this.deferred || error.retryAfterSeconds > this.deferred.retryAfterSeconds) this.deferred = error;
    return error;
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

  async assign(ticketKey: string, accountId: string): Promise<void> {
    await this.call('app', 'PUT', route`/rest/api/3/issue/${ticketKey}/assignee`, { accountId });
  }

  async notify(ticketKey: string, accountId: string, message: { subject: string; text: string }): Promise<void> {
    // Only a 429 is retried: after a 5xx Jira may have queued the e-mail; the reminder's unconfirmed claim decides (scheduledJob).
    const body = { subject: message.subject, textBody: message.text, htmlBody: toHtml(message.text), to: { users: [{ accountId }], reporter: false, assignee: false, watchers: false, voters: false } };
    await this.call('app', 'POST', route`/rest/api/3/issue/${ticketKey}/notify`, body, (status) => status === 429);
  }

  async setSearchProperty(ticketKey: string, property: PlanSearchProperty): Promise<void> {
    await this.call('app', 'PUT', route`/rest/api/3/issue/${ticketKey}/properties/${SEARCH_PROPERTY_KEY}`, property);
  }

  async transitionTo(ticketKey: string, statuses: readonly string[], resolution: string): Promise<string | undefined> {
    const response = await this.call('app', 'GET', route`/rest/api/3/issue/${ticketKey}/transitions?expand=transitions.fields`);
    const { transitions = [] } = (await response.json()) as { transitions?: TransitionJson[] };
    const transition = statuses.map((status) => transitions.find((t) => t.to?.name === status)).find((t): t is TransitionJson => !!t);
    if (!transition) return undefined;
    const fields = screenFields(transition, resolution);
    const path = route`/rest/api/3/issue/${ticketKey}/transitions`;
    const answer = await this.send('app', 'POST', path, { transition: { id: transition.id }, ...(fields ? { fields } : {}) });
    if (answer.status === 400) {
      const body = await answer.text();
      // A workflow validator's verdict (messages, no field named) follows the plan, which changes: ask again later. A
      // field Jira names (the screen wants what the app cannot give) stays refused.
      if (!namesFields(body)) throw this.remember(new JiraRetryLater(400, 'POST', path.value, body, DEFAULT_RETRY_AFTER_SECONDS));
      throw new JiraRequestError(400, 'POST', path.value, body);
    }
    await expectOk(answer, 'POST', path).catch((error: unknown) => {
      throw error instanceof JiraRetryLater ? this.remember(error) : error;
    });
    return transition.to?.name;
  }

  async permissionsOf(_accountId: string, ticketKey: string): Promise<ReadonlySet<JiraPermission>> {
    // asUser() is the person of this invocation, the one the Forge context names.
    return this.permissionsFrom(await this.send('user', 'GET', route`/rest/api/3/mypermissions?issueKey=${ticketKey}&permissions=${JIRA_PERMISSIONS.join(',')}`));
  }

  async projectPermissionsOf(_accountId: string, projectKey: string): Promise<ReadonlySet<JiraPermission>> {
    return this.permissionsFrom(await this.send('user', 'GET', route`/rest/api/3/mypermissions?projectKey=${projectKey}&permissions=${JIRA_PERMISSIONS.join(',')}`));
  }

  customerAccessTo(accountId: string, ticketKey: string, organizationsField: string): Promise<CustomerAccess> {
    return this.remembering(customerAccessTo(this.getAsApp, accountId, ticketKey, organizationsField));
  }

  organizationsOf(accountId: string): Promise<ReadonlySet<string>> {
    return this.remembering(organizationsOf(this.getAsApp, accountId));
  }

  listOrganizations(): Promise<ServiceDeskOrganization[]> {
    return this.remembering(listOrganizations(this.getAsApp));
  }

  /** A GET as the app, its answer as it came: JSM's paged reads and the workflow validator retry within the invocation's time like every other call. */
  readonly getAsApp = (path: ReturnType<typeof route>): Promise<JiraResponse> => this.send('app', 'GET', path);

  private async remembering<T>(answer: Promise<T>): Promise<T> {
    try {
      return await answer;
    } catch (error) {
      throw error instanceof JiraRetryLater ? this.remember(error) : error;
    }
  }

  async usersByIds(accountIds: readonly string[]): Promise<JiraPerson[]> {
    const found: JiraPerson[] = [];
    const ids = [...new Set(accountIds)];
    // A chunk of ids per request keeps the URL short; each chunk is read page after page (Jira's default page is 10).
    for (let chunk = 0; chunk < ids.length; chunk += USERS_PER_REQUEST) {
      const query = new URLSearchParams(ids.slice(chunk, chunk + USERS_PER_REQUEST).map((id): [string, string] => ['accountId', id]));
      for (let startAt = 0, page = 0; page < USERS_PER_REQUEST; page += 1) {
        const response = await this.call('app', 'GET', route`/rest/api/3/user/bulk?${query}&startAt=${String(startAt)}&maxResults=${String(USERS_PER_REQUEST)}`);
        const parsed = userPageSchema.safeParse(await response.json());
        if (!parsed.success) throw new JiraRequestError(response.status, 'GET', '/rest/api/3/user/bulk', `an unexpected page of users: ${parsed.error.issues[0]?.message ?? ''}`);
        found.push(...parsed.data.values.map((user) => personFrom(user, user.avatarUrls?.['24x24'])));
        startAt += parsed.data.values.length;
        if (parsed.data.isLast !== false || parsed.data.values.length === 0) break;
      }
    }
    return found;
  }

  async searchUsers(query: string, maxResults: number): Promise<JiraPerson[]> {
    // As the person asking: Jira applies their "Browse users and groups" permission and the users' privacy settings.
    const response = await this.call('user', 'GET', route`/rest/api/3/user/picker?query=${query}&maxResults=${String(maxResults)}&showAvatar=true&excludeConnectUsers=true`);
    const parsed = foundUsersSchema.safeParse(await response.json());
    if (!parsed.success) throw new JiraRequestError(response.status, 'GET', '/rest/api/3/user/picker', `an unexpected list of users: ${parsed.error.issues[0]?.message ?? ''}`);
    // The picker lists active users only (it has no `active`); its avatar is the one asked for.
    return parsed.data.users.map((user) => personFrom({ ...user, active: true }, user.avatarUrl));
  }

  async ticketStatusOf(ticketKey: string): Promise<TicketStatusReading> {
    const response = await this.call('app', 'GET', route`/rest/api/3/issue/${ticketKey}?fields=status&expand=changelog`);
    const issue = (await response.json()) as { fields?: { status?: { name?: string } }; changelog?: unknown };
    return { status: issue.fields?.status?.name ?? '', changelogId: newestChangelogOf(issue.changelog).id };
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
    // expand=changelog: "recent updates to an issue, sorted by date, starting from the most recent" (GET issue, OpenAPI).
    const response = await this.call('app', 'GET', route`/rest/api/3/issue/${ticketKey}?fields=${fields}&expand=changelog`);
    const issue = (await response.json()) as { key: string; fields: Record<string, unknown>; changelog?: unknown };
    const newest = newestChangelogOf(issue.changelog);
    return { ...ticketFromIssue(issue, settings), changelogId: newest.id, statusMovedBy: newest.statusMovedBy };
  }
}

const changelogSchema = z.object({
  histories: z.array(z.object({ id: z.string().regex(/^\d{1,18}$/), author: z.object({ accountId: z.string() }).passthrough().nullish(), items: z.array(z.object({ field: z.string().optional() }).passthrough()).default([]) }).passthrough()).max(1000),
});

/**
 * The newest changelog entry of an `expand=changelog` answer: its id (0 when there is none) and who made the newest
 * status change among the entries read. The ids are compared, not the order, which the app does not rely on.
 */
export function newestChangelogOf(changelog: unknown): { id: number; statusMovedBy: string | null } {
  const parsed = changelogSchema.safeParse(changelog);
  if (!parsed.success) return { id: 0, statusMovedBy: null };
  const histories = [...parsed.data.histories].sort((a, b) => Number(b.id) - Number(a.id));
  const status = histories.find((h) => h.items.some((item) => item.field === 'status'));
  return { id: histories.length > 0 ? Number(histories[0]!.id) : 0, statusMovedBy: status?.author?.accountId ?? null };
}

/** Whether a Jira error body names fields (`errors`), rather than only messages. */
function namesFields(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    return typeof parsed.errors === 'object' && parsed.errors !== null && Object.keys(parsed.errors).length > 0;
  } catch {
    return false;
  }
}

/**
 * The fields a transition's screen is sent with: the resolution when the screen has one (Jira refuses a field that is not
 * on the screen). Another required field is left out, and Jira's 400 names it.
 */
function screenFields(transition: TransitionJson, resolution: string): Record<string, unknown> | undefined {
  const field = transition.fields?.resolution;
  if (!field) return undefined;
  const allowed = field.allowedValues?.find((value) => value.name?.toLowerCase() === resolution.toLowerCase());
  return { resolution: allowed?.id ? { id: allowed.id } : { name: resolution } };
}

/** Reads a Jira issue's JSON into the app's ticket. */
export function ticketFromIssue(issue: { key: string; fields: Record<string, unknown> }, settings: AppSettings): Ticket {
  const fields = issue.fields;
  const ids = fieldIdsOf(settings);
  const requestType = fields[ids.requestType] as { requestType?: { name?: string } } | null | undefined;
  const organizations = fields[ids.organizations] as { id?: string | number }[] | null | undefined;
  const reporter = jiraUserSchema.safeParse(fields.reporter);
  return {
    key: issue.key,
    reporter: reporter.success ? personFrom(reporter.data, reporter.data.avatarUrls?.['24x24']) : null,
    projectKey: (fields.project as { key?: string } | undefined)?.key ?? issue.key.split('-')[0]!,
    status: (fields.status as { name?: string } | undefined)?.name ?? '',
    reporterAccountId: (fields.reporter as { accountId?: string } | null | undefined)?.accountId ?? null,
    requestTypeName: requestType?.requestType?.name ?? null,
    organizationIds: Array.isArray(organizations) ? organizations.map((o) => String(o.id ?? '')).filter(Boolean) : [],
    fields,
  };
}
