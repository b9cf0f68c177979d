import { z } from 'zod';
import { ticketCreated, ticketStatusChanged, type TicketEventOutcome } from '../app/ticketEvents';
import type { AppPorts, Ticket } from '../app/ports';
import { firstIssue } from '../app/projectSettings';
import { withResolvedFields } from '../app/fieldResolution';
import { PlanRefusal } from '../domain/errors';
import { forgePorts } from './runtime';
import { DEFAULT_PROJECT_KEY } from '../app/settings';
import type { ForgeJiraClient } from './jiraClient';

const user = z.object({ accountId: z.string().min(1).max(128) }).passthrough();

/** The parts of Forge's Jira issue events the app reads; anything else in them is ignored. */
export const issueEventSchema = z.object({
  eventType: z.enum(['avi:jira:created:issue', 'avi:jira:updated:issue']),
  atlassianId: z.string().min(1).max(128).optional(),
  issue: z.object({
    id: z.string().regex(/^\d{1,18}$/),
    key: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}-\d{1,9}$/),
    fields: z
      .object({
        project: z.object({ key: z.string().max(10) }).passthrough().optional(),
        reporter: user.nullish(),
        status: z.object({ name: z.string().max(255) }).passthrough().optional(),
      })
      .passthrough()
      .default({}),
  }),
  associatedUsers: z.array(user).optional(),
  changelog: z
    .object({
      id: z.string().regex(/^\d{1,18}$/),
      items: z.array(z.object({ field: z.string(), fromString: z.string().nullish(), toString: z.string().nullish() }).passthrough()).max(200),
    })
    .optional(),
});

export type IssueEvent = z.infer<typeof issueEventSchema>;

type TriggerPorts = AppPorts & { jira: Pick<ForgeJiraClient, 'getTicket'> & AppPorts['jira'] };

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
    return ticketCreated(ports, { ticket, actorAccountId }, { ...loaded, settings: resolved });
  }

  const status = event.changelog?.items.find((item) => item.field === 'status');
  if (!status || !event.changelog) return { outcome: 'ignored', why: 'no status change' };
  const ticket: Ticket = {
    key: event.issue.key,
    projectKey,
    status: status.toString ?? '',
    reporterAccountId: event.issue.fields.reporter?.accountId ?? null,
    requestTypeName: null,
    organizationIds: [],
    fields: {},
  };
  return ticketStatusChanged(ports, { ticket, actorAccountId, changelogId: Number(event.changelog.id), from: status.fromString ?? '', to: status.toString ?? '' });
}

/** The `on-issue-event` function of the manifest's trigger. */
export async function onIssueEvent(event: unknown): Promise<void> {
  const outcome = await handleIssueEvent(event, forgePorts());
  if (outcome.outcome === 'ignored') return;
  console.log('issue event', outcome);
}
