import type { Actor } from '../auth';
import type { JiraEvent } from '../events';
import type { CommentRecord, IssueRecord } from '../model';
import type { JiraSite } from '../site';
import { findStatus } from '../workflow';
import { diffIssue } from './changelog';
import type { PendingComment } from './field-input';
import { eventActor, eventComment, eventIssue } from './event-payload';

type Emit = (event: JiraEvent) => void;

/**
 * Saves a changed issue: records the changelog and emits `avi:jira:updated:issue`
 * (plus `avi:jira:assigned:issue` when the assignee changed). Returns whether anything changed.
 * Call inside `site.write`.
 */
export function saveIssueUpdate(site: JiraSite, actor: Actor, emit: Emit, before: IssueRecord, after: IssueRecord): boolean {
  const items = diffIssue(site.config, site.store, before, after);
  if (items.length === 0) return false;
  const now = site.now();
  after.updated = now;
  site.store.saveIssue(after);
  const atlassianId = eventActor(site, actor);
  const changelog = { id: String(site.store.nextValue('changelogId', 10000)), items };
  site.store.appendChangelog({ id: changelog.id, issueId: after.id, authorId: atlassianId, created: now, items });
  const issue = eventIssue(site, after);
  const associatedUsers = [{ accountId: atlassianId }];
  const statusChange = items.find((item) => item.field === 'status');
  emit({
    eventType: 'avi:jira:updated:issue',
    issue,
    atlassianId,
    associatedUsers,
    changelog,
    ...(statusChange
      ? { associatedStatuses: [before.statusId, after.statusId].map((id) => ({ id, name: findStatus(id).name })) }
      : {}),
  });
  if (items.some((item) => item.field === 'assignee')) {
    emit({ eventType: 'avi:jira:assigned:issue', issue, atlassianId, associatedUsers, changelog });
  }
  return true;
}

/** Adds a comment and emits `avi:jira:commented:issue`. Call inside `site.write`. */
export function saveNewComment(site: JiraSite, actor: Actor, emit: Emit, issue: IssueRecord, input: PendingComment): CommentRecord {
  const now = site.now();
  const authorId = eventActor(site, actor);
  const comment: CommentRecord = {
    id: String(site.store.nextValue('commentId', 10000)),
    issueId: issue.id,
    authorId,
    updateAuthorId: authorId,
    body: input.body,
    properties: input.properties,
    created: now,
    updated: now,
  };
  site.store.saveComment(comment);
  const touched = { ...issue, updated: now };
  site.store.saveIssue(touched);
  emit({
    eventType: 'avi:jira:commented:issue',
    issue: eventIssue(site, touched),
    atlassianId: authorId,
    associatedUsers: [{ accountId: authorId }],
    comment: eventComment(comment),
  });
  return comment;
}
