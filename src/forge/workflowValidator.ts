import api, { route } from '@forge/api';
import { z } from 'zod';
import { checkTicketResolution, type ResolutionCheck } from '../app/ticketResolution';
import type { AppPorts } from '../app/ports';
import { forgePorts } from './runtime';
import { sendWithRetry } from './jiraClient';

export const validatorArgsSchema = z.object({
  issue: z.object({ key: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}-\d{1,9}$/) }).passthrough(),
  transition: z.object({ to: z.object({ id: z.string().max(32).optional(), name: z.string().max(255).optional() }).passthrough() }).passthrough(),
}).passthrough();

/** The name of a status, from the transition when given, else asked of Jira. */
async function statusName(to: { id?: string; name?: string }): Promise<string> {
  if (to.name) return to.name;
  if (!to.id) return '';
  const response = await sendWithRetry((p, i) => api.asApp().requestJira(p, i), route`/rest/api/3/status/${to.id}`);
  return response.ok ? (((await response.json()) as { name?: string }).name ?? '') : '';
}

export async function validateResolution(args: unknown, ports: AppPorts, nameOf: (to: { id?: string; name?: string }) => Promise<string> = statusName): Promise<ResolutionCheck> {
  const parsed = validatorArgsSchema.safeParse(args);
  if (!parsed.success) return { result: false, errorMessage: 'The upgrade plan app could not read this transition; ask a Jira admin.' };
  const { issue, transition } = parsed.data;
  return checkTicketResolution(ports, issue.key, issue.key.split('-')[0]!, await nameOf(transition.to));
}

/** The `resolution-guard` function of the manifest's workflow validator. */
export async function onTransitionValidate(args: unknown): Promise<ResolutionCheck> {
  return validateResolution(args, forgePorts());
}
