import { refuse } from '../domain/errors';
import type { Surface, Viewer } from '../app/viewer';

/** Forge module types and the surface each one is. */
export const SURFACES: Readonly<Record<string, Surface>> = {
  'jira:issuePanel': 'agent',
  'jiraServiceManagement:portalRequestDetailPanel': 'portal',
  'jira:projectSettingsPage': 'admin',
  // The calendar of slots, in the service desk's Queues section: agents only (full-page modules refuse unlicensedAccess).
  'jiraServiceManagement:queuePage': 'agent',
};

interface ForgeContext {
  accountId?: unknown;
  accountType?: unknown;
  extension?: {
    type?: unknown;
    issue?: { key?: unknown };
    request?: { key?: unknown };
    project?: { key?: unknown };
  };
}

const KEY = /^[A-Z][A-Z0-9_]{1,9}-\d{1,9}$/;
const PROJECT = /^[A-Z][A-Z0-9_]{1,9}$/;

/** The person and the ticket as the Forge platform gives them; a resolver trusts nothing else. */
export function viewerFromContext(context: ForgeContext, needsTicket = true): Viewer {
  const accountId = context.accountId;
  if (typeof accountId !== 'string' || !accountId) refuse('forgeContext', 'context.accountId is missing: the request has no signed-in person', { field: 'context.accountId' });
  const type = String(context.extension?.type ?? '');
  const surface = SURFACES[type];
  if (!surface) refuse('forgeContext', `context.extension.type "${type}" is not one of this app's modules`, { field: 'context.extension.type' });
  // Only the portal panel opts in to customers (manifest unlicensedAccess); no module of the app serves other unlicensed or anonymous users.
  const accountType = context.accountType;
  if (accountType !== 'licensed' && accountType !== 'customer') {
    refuse('forgeContext', `context.accountType "${String(accountType ?? '')}" is not served: the app runs for licensed users and portal customers`, { field: 'context.accountType' });
  }
  if (accountType === 'customer' && surface !== 'portal') refuse('forgeContext', `${type} does not run for customer accounts`, { field: 'context.accountType' });
  const rawKey = context.extension?.issue?.key ?? context.extension?.request?.key;
  const ticketKey = typeof rawKey === 'string' && KEY.test(rawKey) ? rawKey : '';
  if (needsTicket && !ticketKey) refuse('forgeContext', 'context.extension.issue.key is missing: open the panel from a ticket', { field: 'context.extension.issue.key' });
  const rawProject = context.extension?.project?.key;
  const projectKey = typeof rawProject === 'string' && PROJECT.test(rawProject) ? rawProject : ticketKey.split('-')[0] ?? '';
  if (!projectKey) refuse('forgeContext', 'context.extension.project.key is missing', { field: 'context.extension.project.key' });
  return { accountId, accountType, ticketKey, projectKey, surface };
}
