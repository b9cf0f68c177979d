import { isJsonObject } from '../adf';
import { invalidPayload, JiraHttpError } from '../errors';
import { emptyResponse } from '../http/messages';
import { assignTo } from '../issues/field-input';
import { saveIssueUpdate } from '../issues/issue-updates';
import { hasPermission } from '../permissions';
import { type Handler, requireParam } from './context';

/** PUT /rest/api/3/issue/{issueIdOrKey}/assignee — body `{ accountId }`; null unassigns, "-1" is the default (unassigned). */
export const assignIssue: Handler = (context) => {
  const { site, actor, body } = context;
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  if (!isJsonObject(body)) throw invalidPayload();
  if (!('accountId' in body) || (body.accountId !== null && typeof body.accountId !== 'string')) {
    throw JiraHttpError.messages(400, 'accountId must be provided (null to unassign).');
  }
  if (!hasPermission(actor, 'ASSIGN_ISSUES', issue)) {
    throw JiraHttpError.messages(403, 'You do not have permission to assign issues.');
  }
  const after = structuredClone(issue);
  const error = assignTo(site, after, body.accountId);
  if (error) throw JiraHttpError.fields(400, { assignee: error });
  site.write((emit) => saveIssueUpdate(site, actor, emit, issue, after));
  return emptyResponse(204);
};
