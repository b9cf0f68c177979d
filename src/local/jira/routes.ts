import { addComment, deleteComment, getComment, getComments, updateComment } from './handlers/comments';
import type { Handler } from './handlers/context';
import { createIssue, deleteIssue, editIssue, getChangelog, getIssue } from './handlers/issues';
import { getFields } from './handlers/fields';
import { getMyPermissions } from './handlers/permissions';
import { notifyIssue } from './handlers/notify';
import { deleteIssueProperty, getIssueProperty, getIssuePropertyKeys, setIssueProperty } from './handlers/properties';
import { searchGet, searchJqlGet, searchJqlPost, searchPost } from './handlers/search';
import { getProject, getServerInfo, getStatus, getStatuses } from './handlers/site-info';
import { addRequestParticipants, getOrganizations, getRequestParticipants } from './handlers/service-desk';
import { doTransition, getTransitions } from './handlers/transitions';
import { assignIssue } from './handlers/assignee';
import { bulkGetUsers, findUsers, getCurrentUser, getUser, pickUsers } from './handlers/users';
import { type HttpMethod, Router } from './http/router';

export interface RouteDefinition {
  handler: Handler;
  /** Answered without credentials (everything else is 401 for anonymous callers). */
  anonymous?: boolean;
}

const ISSUE = '/rest/api/3/issue/{issueIdOrKey}';

const TABLE: readonly [HttpMethod, string, Handler, { anonymous?: boolean }?][] = [
  ['GET', '/rest/api/3/serverInfo', getServerInfo, { anonymous: true }],
  ['GET', '/rest/api/3/myself', getCurrentUser],
  ['GET', '/rest/api/3/user', getUser],
  ['GET', '/rest/api/3/user/search', findUsers],
  ['GET', '/rest/api/3/user/bulk', bulkGetUsers],
  ['GET', '/rest/api/3/user/picker', pickUsers],
  ['GET', '/rest/api/3/mypermissions', getMyPermissions],
  ['GET', '/rest/api/3/project/{projectIdOrKey}', getProject],
  ['GET', '/rest/api/3/status', getStatuses],
  ['GET', '/rest/api/3/status/{idOrName}', getStatus],
  ['GET', '/rest/api/3/field', getFields, { anonymous: true }],
  ['POST', '/rest/api/3/issue', createIssue],
  ['GET', ISSUE, getIssue],
  ['PUT', ISSUE, editIssue],
  ['DELETE', ISSUE, deleteIssue],
  ['PUT', `${ISSUE}/assignee`, assignIssue],
  ['GET', `${ISSUE}/changelog`, getChangelog],
  ['GET', `${ISSUE}/transitions`, getTransitions],
  ['POST', `${ISSUE}/transitions`, doTransition],
  ['GET', `${ISSUE}/comment`, getComments],
  ['POST', `${ISSUE}/comment`, addComment],
  ['GET', `${ISSUE}/comment/{id}`, getComment],
  ['PUT', `${ISSUE}/comment/{id}`, updateComment],
  ['DELETE', `${ISSUE}/comment/{id}`, deleteComment],
  ['POST', `${ISSUE}/notify`, notifyIssue],
  ['GET', `${ISSUE}/properties`, getIssuePropertyKeys],
  ['GET', `${ISSUE}/properties/{propertyKey}`, getIssueProperty],
  ['PUT', `${ISSUE}/properties/{propertyKey}`, setIssueProperty],
  ['DELETE', `${ISSUE}/properties/{propertyKey}`, deleteIssueProperty],
  ['GET', '/rest/api/3/search/jql', searchJqlGet],
  ['POST', '/rest/api/3/search/jql', searchJqlPost],
  ['GET', '/rest/api/3/search', searchGet],
  ['POST', '/rest/api/3/search', searchPost],
  // Jira Service Management's own API: who a request is shared with.
  ['GET', '/rest/servicedeskapi/request/{issueIdOrKey}/participant', getRequestParticipants],
  ['POST', '/rest/servicedeskapi/request/{issueIdOrKey}/participant', addRequestParticipants],
  ['GET', '/rest/servicedeskapi/organization', getOrganizations],
];

/** The operations the stand-in answers, by method and path template. */
export const STAND_IN_OPERATIONS: readonly { method: HttpMethod; path: string }[] = TABLE.map(([method, path]) => ({ method, path }));

/** The REST v3 operations the stand-in answers. */
export function buildRouter(): Router<RouteDefinition> {
  const router = new Router<RouteDefinition>();
  for (const [method, template, handler, options] of TABLE) router.add(method, template, { handler, ...options });
  return router;
}
