import { type Actor, actorAccountId } from '../auth';
import { ORGANIZATIONS_FIELD, REQUEST_TYPE_FIELD } from '../config';
import type { EventComment, EventIssue, EventUser } from '../events';
import { isInternalComment } from './comments';
import type { CommentRecord, IssueRecord, JsonObject } from '../model';
import type { JiraSite } from '../site';
import { toJiraTimestamp } from '../time';
import { fieldValue, type View } from './representation';

const userRef = (accountId: string | null): EventUser | null => (accountId === null ? null : { accountId });

/** The issue as Forge Jira events carry it: user fields are `{ accountId }` references. */
export function eventIssue(site: JiraSite, issue: IssueRecord): EventIssue {
  const view: View = { site, baseUrl: site.config.baseUrl, actor: { kind: 'anonymous' } };
  const requestType = site.config.requestTypes.find((candidate) => candidate.id === issue.requestTypeId);
  const fields: JsonObject = {
    summary: issue.summary,
    issuetype: fieldValue(view, issue, 'issuetype'),
    creator: userRef(issue.creatorId) as JsonObject | null,
    created: toJiraTimestamp(issue.created),
    project: fieldValue(view, issue, 'project'),
    reporter: userRef(issue.reporterId) as JsonObject | null,
    assignee: userRef(issue.assigneeId) as JsonObject | null,
    updated: toJiraTimestamp(issue.updated),
    status: fieldValue(view, issue, 'status'),
    labels: [...issue.labels],
    resolution: fieldValue(view, issue, 'resolution'),
    [REQUEST_TYPE_FIELD]: requestType ? { requestType: { id: requestType.id, name: requestType.name } } : null,
    [ORGANIZATIONS_FIELD]: fieldValue(view, issue, ORGANIZATIONS_FIELD),
    ...structuredClone(issue.customFields),
  };
  return { id: issue.id, key: issue.key, fields };
}

export function eventComment(comment: CommentRecord): EventComment {
  return {
    id: comment.id,
    author: { accountId: comment.authorId },
    updateAuthor: { accountId: comment.updateAuthorId },
    body: structuredClone(comment.body),
    created: toJiraTimestamp(comment.created),
    updated: toJiraTimestamp(comment.updated),
    jsdPublic: !isInternalComment(comment),
  };
}

/** The account an event names as its cause: the person, or the app's own account. */
export function eventActor(site: JiraSite, actor: Actor): string {
  return actorAccountId(actor) ?? site.config.appAccountId;
}
