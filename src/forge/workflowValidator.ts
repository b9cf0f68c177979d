import { route } from '@forge/api';
import { z } from 'zod';
import { checkTicketResolution, type ResolutionCheck, type TransitionTarget } from '../app/ticketResolution';
import type { AppPorts } from '../app/ports';
import { forgePorts } from './runtime';
import type { ForgeJiraClient } from './jiraClient';

/** What Forge passes a validator function (jira-workflow-validator): the issue's key and the transition's status ids. */
export const validatorArgsSchema = z.object({
  issue: z.object({ key: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}-\d{1,9}$/) }).passthrough(),
  transition: z.object({ to: z.object({ id: z.string().regex(/^\d{1,18}$/) }).passthrough() }).passthrough(),
}).passthrough();

const statusSchema = z.object({ name: z.string(), statusCategory: z.object({ key: z.string() }) });
const requestTypeFieldSchema = z.object({ requestType: z.object({ name: z.string() }).passthrough() }).passthrough().nullish();

/** Thrown when Jira does not say what a status is: the validator then refuses, since it cannot tell. */
export class StatusUnknown extends Error {}

export interface ValidatorReads {
  statusOf: (id: string) => Promise<TransitionTarget>;
  requestTypeOf: (ticketKey: string, requestTypeField: string) => Promise<string | null>;
}

/** The validator's reads as the app, through the invocation's client: a retried call still ends within Forge's 25 s. */
export function validatorReads(jira: Pick<ForgeJiraClient, 'getAsApp'>): ValidatorReads {
  return {
    // The status a transition leads to: its name and its category.
    statusOf: async (id) => {
      const response = await jira.getAsApp(route`/rest/api/3/status/${id}`);
      if (!response.ok) throw new StatusUnknown(`Jira answered ${response.status} for status ${id}`);
      const parsed = statusSchema.safeParse(await response.json());
      if (!parsed.success) throw new StatusUnknown(`status ${id} has no category`);
      return { name: parsed.data.name, categoryKey: parsed.data.statusCategory.key };
    },
    // The ticket's request type name, from the field the settings name; null when it has none.
    requestTypeOf: async (ticketKey, field) => {
      const response = await jira.getAsApp(route`/rest/api/3/issue/${ticketKey}?fields=${field}`);
      if (!response.ok) throw new StatusUnknown(`Jira answered ${response.status} for ${ticketKey}`);
      const body = (await response.json()) as { fields?: Record<string, unknown> };
      const parsed = requestTypeFieldSchema.safeParse(body.fields?.[field]);
      return parsed.success ? (parsed.data?.requestType.name ?? null) : null;
    },
  };
}

/** Decides from the target status's category; fails closed when the arguments, the status or Jira cannot be read. */
export async function validateResolution(args: unknown, ports: AppPorts & { jira: Pick<ForgeJiraClient, 'getAsApp'> }, reads: ValidatorReads = validatorReads(ports.jira)): Promise<ResolutionCheck> {
  const parsed = validatorArgsSchema.safeParse(args);
  if (!parsed.success) return { result: false, errorMessage: 'The upgrade plan app could not read this transition; ask a Jira admin.' };
  const { issue, transition } = parsed.data;
  const projectKey = issue.key.split('-')[0]!;
  try {
    const target = await reads.statusOf(transition.to.id);
    return await checkTicketResolution(ports, issue.key, projectKey, target, (field) => reads.requestTypeOf(issue.key, field));
  } catch (error) {
    console.error('workflow validator could not decide', error);
    return { result: false, errorMessage: `The upgrade plan app could not check whether ${issue.key} may move to this status (Jira did not answer as expected). Try again in a moment; if it keeps failing, ask a Jira admin.` };
  }
}

/** The `resolution-guard` function of the manifest's workflow validator. */
export async function onTransitionValidate(args: unknown): Promise<ResolutionCheck> {
  return validateResolution(args, forgePorts());
}
