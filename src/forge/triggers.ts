import { InvocationError, InvocationErrorCode } from '@forge/events';
import { z } from 'zod';
import { ticketCreated, ticketStatusChanged, type TicketEventOutcome } from '../app/ticketEvents';
import { rememberReporter } from '../app/people';
import type { AppPorts, Ticket } from '../app/ports';
import { firstIssue } from '../app/projectSettings';
import { withResolvedFields } from '../app/fieldResolution';
import { PlanRefusal } from '../domain/errors';
import { forgePorts } from './runtime';
import { DEFAULT_PROJECT_KEY } from '../app/settings';
import { JiraRetryLater, MAX_RETRY_AFTER_SECONDS, type ForgeJiraClient } from './jiraClient';

const user = z.object({ accountId: z.string().min(1).max(128) }).passthrough();

/** Forge retries an event at most 4 times (events-reference/product_events). */
export const MAX_EVENT_RETRIES = 4;

/**
 * The parts of Forge's Jira issue events the app reads; anything else in them is ignored, and a part the app can do
 * without (reporter, project, status, actor, changelog) that is malformed is read as absent rather than dropping the event.
 */
export const issueEventSchema = z.object({
  eventType: z.enum(['avi:jira:created:issue', 'avi:jira:updated:issue']),
  atlassianId: z.string().min(1).max(128).optional().catch(undefined),
  issue: z.object({
    id: z.string().regex(/^\d{1,18}$/),
    key: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}-\d{1,9}$/),
    fields: z
      .object({
        project: z.object({ key: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/) }).passthrough().optional().catch(undefined),
        reporter: user.nullish().catch(undefined),
        status: z.object({ name: z.string().min(1).max(255) }).passthrough().optional().catch(undefined),
      })
      .passthrough()
      .default({})
      .catch({}),
  }),
  associatedUsers: z.array(user).optional().catch(undefined),
  // Items are read one by one (statusChangeOf): one odd item, or hundreds of them, never drop the event.
  changelog: z
    .object({ id: z.string().regex(/^\d{1,18}$/), items: z.array(z.unknown()) })
    .passthrough()
    .optional()
    .catch(undefined),
  // Present when Forge retries the event (the app returned InvocationError, or the platform failed the run).
  retryContext: z
    .object({ retryCount: z.number().int().min(0).max(100), retryReason: z.string().max(100).optional(), retryData: z.unknown().optional() })
    .passthrough()
    .optional()
    .catch(undefined),
});

export type IssueEvent = z.infer<typeof issueEventSchema>;

type TriggerPorts = AppPorts & { jira: Pick<ForgeJiraClient, 'retryLater'> & AppPorts['jira'] };

/** An own string property of a changelog item; never one inherited from Object.prototype (`toString` is a function there). */
function ownText(item: object, name: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(item, name)) return undefined;
  const value = (item as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** The status change of a changelog, read defensively from its own properties; the other items are not the app's business. */
export function statusChangeOf(items: readonly unknown[], currentStatus: string | undefined): { from: string; to: string } | undefined {
  const item = items.find((candidate): candidate is object => typeof candidate === 'object' && candidate !== null && ownText(candidate, 'field') === 'status');
  if (!item) return undefined;
  const to = ownText(item, 'toString') ?? currentStatus;
  if (!to || to.length > 255) return undefined;
  return { from: ownText(item, 'fromString') ?? '', to };
}

/** Handles one delivery of a Jira issue event; deliveries come at least once and in any order, so each is idempotent. */
export async function handleIssueEvent(raw: unknown, ports: TriggerPorts): Promise<TicketEventOutcome> {
  const parsed = issueEventSchema.safeParse(raw);
  if (!parsed.success) return { outcome: 'ignored', why: `malformed event: ${firstIssue(parsed.error).message}` };
  const event = parsed.data;
  const actorAccountId = event.atlassianId ?? event.associatedUsers?.[0]?.accountId ?? 'unknown';
  const projectKey = event.issue.fields.project?.key ?? event.issue.key.split('-')[0]!;

  if (event.eventType === 'avi:jira:created:issue') {
    const loaded = await ports.plans.loadForTicket(event.issue.key, projectKey);
    const { configured, settings } = loaded;
    // A project takes part once an admin saved its settings; FHSD does by default.
    if (!configured && projectKey !== DEFAULT_PROJECT_KEY) return { outcome: 'ignored', why: `project ${projectKey} is not a configured service desk project` };
    let resolved: Awaited<ReturnType<typeof withResolvedFields>>;
    try {
      resolved = await withResolvedFields(ports, settings);
    } catch (error) {
      // The project admin must name the form's fields as Jira does; the customer's ticket is not the place to say so.
      if (error instanceof PlanRefusal) return { outcome: 'refused', why: `the project settings do not match Jira's fields: ${error.message}` };
      throw error;
    }
    const ticket = await ports.jira.getTicket(event.issue.key, resolved);
    const outcome = await ticketCreated(ports, { ticket, actorAccountId }, { ...loaded, settings: resolved });
    // The reporter's name and avatar came with the ticket: kept for the panels when a plan names them, at no Jira call
    // (a redelivery too, so that a delivery cut short after the plan was stored still remembers them).
    if (outcome.outcome === 'created' || outcome.outcome === 'attached' || outcome.outcome === 'duplicate') await rememberReporter(ports, ticket.reporter, settings);
    return outcome;
  }

  const change = event.changelog && statusChangeOf(event.changelog.items, event.issue.fields.status?.name);
  if (!change || !event.changelog) return { outcome: 'ignored', why: 'no status change' };
  const ticket: Ticket = {
    key: event.issue.key,
    projectKey,
    status: change.to,
    reporterAccountId: event.issue.fields.reporter?.accountId ?? null,
    requestTypeName: null,
    organizationIds: [],
    fields: {},
  };
  return ticketStatusChanged(ports, { ticket, actorAccountId, changelogId: Number(event.changelog.id), from: change.from, to: change.to });
}

/** What one delivery answers Forge: what it did, and a request to be retried when work is still owed. */
export interface IssueEventAnswer {
  outcome?: TicketEventOutcome;
  retry?: InvocationError;
  /** What made the handler stop, when something did. */
  failure?: unknown;
}

/** The wait before another try of a failure Jira gave no wait for: 15 s, 1 min, 4 min, 15 min. */
const backOffSeconds = (retryCount: number): number => Math.min(MAX_RETRY_AFTER_SECONDS, 15 * 4 ** retryCount);

function retryRequest(cause: unknown, retryCount: number): InvocationError {
  if (cause instanceof JiraRetryLater) {
    return new InvocationError({
      retryAfter: Math.min(MAX_RETRY_AFTER_SECONDS, cause.retryAfterSeconds),
      retryReason: cause.status === 429 ? InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED : InvocationErrorCode.FUNCTION_RETRY_REQUEST,
      retryData: { status: cause.status, request: `${cause.method} ${cause.path.split('?')[0]}` },
    });
  }
  return new InvocationError({ retryAfter: backOffSeconds(retryCount), retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST, retryData: { error: cause instanceof Error ? cause.name : 'unknown' } });
}

/**
 * One delivery as Forge runs it. Forge retries a trigger only when it RETURNS an InvocationError (a thrown error is not a
 * retry request), so whatever is left owed — an outbox item Jira answered 429/5xx to, or a step that failed — becomes one,
 * with Jira's Retry-After. The handler is idempotent, so the retry finishes the work. After Forge's last retry nothing is
 * lost: the plan's outbox still holds what Jira is owed, and the next change or event of the plan delivers it.
 */
export async function answerIssueEvent(raw: unknown, ports: TriggerPorts): Promise<IssueEventAnswer> {
  const retryCount = issueEventSchema.shape.retryContext.safeParse((raw as { retryContext?: unknown } | null)?.retryContext).data?.retryCount ?? 0;
  let outcome: TicketEventOutcome | undefined;
  let failure: unknown;
  try {
    outcome = await handleIssueEvent(raw, ports);
  } catch (error) {
    failure = error;
  }
  // The client remembers every call it left for later, thrown or caught by the outbox: the longest wait Jira asked wins.
  const cause = ports.jira.retryLater ?? failure;
  if (cause === undefined) return outcome ? { outcome } : {};
  if (retryCount >= MAX_EVENT_RETRIES) console.warn(`issue event still owes Jira after ${retryCount} retries: the plan's outbox keeps it for the plan's next change`);
  return { ...(outcome ? { outcome } : {}), ...(failure === undefined ? {} : { failure }), retry: retryRequest(cause, retryCount) };
}

/** The `on-issue-event` function of the manifest's trigger. */
export async function onIssueEvent(event: unknown): Promise<InvocationError | undefined> {
  const answer = await answerIssueEvent(event, forgePorts({ kind: 'trigger' }));
  if (answer.outcome && answer.outcome.outcome !== 'ignored') console.log('issue event', answer.outcome);
  if (answer.failure !== undefined && !(answer.failure instanceof JiraRetryLater)) console.error('issue event failed', answer.failure);
  if (answer.retry) console.log('issue event: Jira is still owed work, Forge is asked to retry', answer.retry.retryOptions);
  return answer.retry;
}
