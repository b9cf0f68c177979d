import type { Actor } from '../auth';
import { REQUEST_PARTICIPANTS_FIELD } from '../config';
import { jsonResponse, type JiraResponse } from '../http/messages';
import { saveIssueUpdate } from '../issues/issue-updates';
import { avatarUrls, type View } from '../issues/representation';
import type { IssueRecord, JsonObject, JsonValue, OrganizationRecord, UserRecord } from '../model';
import { participantsOf } from '../permissions';
import { type Handler, type HandlerContext, requireParam } from './context';

/** Jira Service Management's own error body (`/rest/servicedeskapi`), not the platform's `errorMessages`. */
function serviceDeskError(status: number, message: string): JiraResponse {
  return jsonResponse(status, { errorMessage: message, i18nErrorMessage: { i18nKey: 'sd.rest.error', parameters: [] } });
}

/** JSM's paging parameters: `start` (0) and `limit` (50), with JSM's 400 on garbage. */
function paging(context: HandlerContext): { start: number; limit: number } | JiraResponse {
  const read = (name: string, fallback: number): number | undefined => {
    const raw = context.query.get(name);
    if (raw === null || raw === '') return fallback;
    return /^\d+$/.test(raw) ? Number(raw) : undefined;
  };
  const start = read('start', 0);
  const limit = read('limit', 50);
  if (start === undefined || limit === undefined || limit === 0) return serviceDeskError(400, 'The start and limit parameters must be non-negative integers, limit at least 1.');
  return { start, limit: Math.min(limit, 50) };
}

/** A `PagedDTO`: one page of values with JSM's paging fields and links. */
function page(view: View, path: string, all: readonly JsonValue[], start: number, limit: number): JiraResponse {
  const values = all.slice(start, start + limit);
  const base = `${view.baseUrl}/rest/servicedeskapi`;
  const isLastPage = start + values.length >= all.length;
  return jsonResponse(200, {
    _expands: [],
    size: values.length,
    start,
    limit,
    isLastPage,
    _links: { base, context: '', self: `${base}${path}`, ...(isLastPage ? {} : { next: `${base}${path}?start=${start + limit}&limit=${limit}` }), ...(start > 0 ? { prev: `${base}${path}?start=${Math.max(0, start - limit)}&limit=${limit}` } : {}) },
    values: [...values],
  });
}

/** JSM's `UserDTO`. */
function userDto(view: View, user: UserRecord): JsonObject {
  return {
    accountId: user.accountId,
    emailAddress: user.emailAddress,
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
    _links: { jiraRest: `${view.baseUrl}/rest/api/2/user?accountId=${encodeURIComponent(user.accountId)}`, avatarUrls: avatarUrls(view, user.accountId), self: `${view.baseUrl}/rest/api/2/user?accountId=${encodeURIComponent(user.accountId)}` },
  };
}

/** JSM's `OrganizationDTO`. */
function organizationDto(view: View, organization: OrganizationRecord): JsonObject {
  return { id: organization.id, name: organization.name, _links: { self: `${view.baseUrl}/rest/servicedeskapi/organization/${organization.id}` } };
}

const isAgentOrApp = (actor: Actor): boolean => actor.kind === 'app' || (actor.kind === 'user' && actor.user.accountType === 'atlassian');

/** The request if the caller may view it; JSM answers 404 alike for a missing request and one the caller cannot see. */
function viewableRequest(context: HandlerContext): IssueRecord | JiraResponse {
  if (context.actor.kind === 'anonymous') return serviceDeskError(401, 'You are not authenticated. Authentication required to perform this operation.');
  const reference = requireParam(context, 'issueIdOrKey');
  const issue = context.site.findIssue(reference);
  if (!issue || !context.site.canSee(context.actor, issue)) return serviceDeskError(404, `The request ${reference} does not exist or you do not have permission to view it.`);
  return issue;
}

function participantUsers(context: HandlerContext, issue: IssueRecord): JsonObject[] {
  return participantsOf(issue).flatMap((accountId) => {
    const user = context.site.store.findUser(accountId);
    return user ? [userDto(context.view, user)] : [];
  });
}

/** GET /rest/servicedeskapi/request/{issueIdOrKey}/participant — needs permission to view the request. */
export const getRequestParticipants: Handler = (context) => {
  const issue = viewableRequest(context);
  if (!('id' in issue)) return issue;
  const window = paging(context);
  if (!('start' in window)) return window;
  return page(context.view, `/request/${issue.key}/participant`, participantUsers(context, issue), window.start, window.limit);
};

/** POST /rest/servicedeskapi/request/{issueIdOrKey}/participant `{ accountIds }` — agents, the app, or the request's reporter. */
export const addRequestParticipants: Handler = (context) => {
  const issue = viewableRequest(context);
  if (!('id' in issue)) return issue;
  const { actor, site, body } = context;
  if (!isAgentOrApp(actor) && !(actor.kind === 'user' && actor.user.accountId === issue.reporterId)) {
    return serviceDeskError(403, 'You do not have permission to manage the participants of this request.');
  }
  const accountIds = (body as { accountIds?: unknown } | undefined)?.accountIds;
  if (!Array.isArray(accountIds) || accountIds.length === 0 || !accountIds.every((id) => typeof id === 'string')) {
    return serviceDeskError(400, 'accountIds must be a non-empty list of account ids.');
  }
  const unknown = (accountIds as string[]).filter((id) => !site.store.findUser(id)?.active);
  if (unknown.length > 0) return serviceDeskError(400, `These users do not exist or are inactive: ${unknown.join(', ')}.`);
  const participants = [...new Set([...participantsOf(issue), ...(accountIds as string[])])].filter((id) => id !== issue.reporterId);
  const after: IssueRecord = { ...issue, customFields: { ...issue.customFields, [REQUEST_PARTICIPANTS_FIELD]: participants.map((accountId) => ({ accountId })) } };
  site.write((emit) => saveIssueUpdate(site, actor, emit, issue, after));
  return page(context.view, `/request/${issue.key}/participant`, participantUsers(context, after), 0, 50);
};

/**
 * GET /rest/servicedeskapi/organization[?accountId=…] — every organization, or those the account belongs to.
 * Filtering by accountId needs an agent licence (the app has one); a customer sees only their own organizations.
 */
export const getOrganizations: Handler = (context) => {
  const { actor, site, view, query } = context;
  if (actor.kind === 'anonymous') return serviceDeskError(401, 'You are not authenticated. Authentication required to perform this operation.');
  const accountId = query.get('accountId');
  if (accountId !== null && !isAgentOrApp(actor)) return serviceDeskError(403, 'Only agents can list the organizations of another user.');
  const window = paging(context);
  if (!('start' in window)) return window;
  let memberOf: readonly string[] | undefined;
  if (accountId !== null) {
    const user = site.store.findUser(accountId);
    if (!user) return serviceDeskError(404, `The user ${accountId} does not exist.`);
    memberOf = user.organizationIds;
  } else if (!isAgentOrApp(actor)) {
    memberOf = actor.user.organizationIds;
  }
  const organizations = site.store
    .listOrganizations()
    .filter((organization) => !memberOf || memberOf.includes(organization.id))
    .sort((left, right) => Number(left.id) - Number(right.id))
    .map((organization) => organizationDto(view, organization));
  return page(view, '/organization', organizations, window.start, window.limit);
};
