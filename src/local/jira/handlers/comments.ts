import { JiraHttpError } from '../errors';
import { emptyResponse, jsonResponse } from '../http/messages';
import { parseCommentInput } from '../issues/comment-input';
import { internalFlag, isInternalComment } from '../issues/comments';
import { saveNewComment } from '../issues/issue-updates';
import { commentJson, visibleComments } from '../issues/representation';
import type { Actor } from '../auth';
import type { CommentRecord, EntityPropertyRecord, IssueRecord } from '../model';
import { hasPermission } from '../permissions';
import { type Handler, type HandlerContext, integerParam, isCustomer, requireAccount, requireParam } from './context';
import { listParameter } from '../issues/field-selection';

/** Customers cannot write internal notes. */
export function checkCommentVisibility(actor: Actor, properties: readonly EntityPropertyRecord[]): void {
  if (isCustomer(actor) && internalFlag(properties) === true) {
    throw JiraHttpError.fields(400, { comment: 'Customers cannot add internal comments.' });
  }
}

const withProperties = (context: HandlerContext): boolean => (listParameter(context.query, 'expand') ?? []).includes('properties');

function commentNotFound(id: string): JiraHttpError {
  return JiraHttpError.messages(404, `Can not find a comment for the id: ${id}.`);
}

/** The issue and one of its comments the actor may read. */
function visibleComment(context: HandlerContext): { issue: IssueRecord; comment: CommentRecord } {
  const { site, actor } = context;
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  const id = requireParam(context, 'id');
  const comment = site.store.findComment(id);
  if (!comment || comment.issueId !== issue.id || (isCustomer(actor) && isInternalComment(comment))) throw commentNotFound(id);
  return { issue, comment };
}

function mayChange(actor: Actor, issue: IssueRecord, comment: CommentRecord, verb: 'EDIT' | 'DELETE'): boolean {
  if (actor.kind === 'app') return true;
  if (hasPermission(actor, `${verb}_ALL_COMMENTS`, issue)) return true;
  return actor.kind === 'user' && comment.authorId === actor.user.accountId && hasPermission(actor, `${verb}_OWN_COMMENTS`, issue);
}

/** GET /rest/api/3/issue/{issueIdOrKey}/comment */
export const getComments: Handler = (context) => {
  const { site, actor, view, query } = context;
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  const startAt = integerParam(query, 'startAt', 0);
  const maxResults = Math.min(integerParam(query, 'maxResults', 5000), 5000);
  const comments = visibleComments(view, issue);
  if (query.get('orderBy') === '-created') comments.reverse();
  const page = comments.slice(startAt, startAt + maxResults);
  return jsonResponse(200, {
    startAt,
    maxResults,
    total: comments.length,
    comments: page.map((comment) => commentJson(view, issue, comment, withProperties(context))),
  });
};

/** POST /rest/api/3/issue/{issueIdOrKey}/comment */
export const addComment: Handler = (context) => {
  const { site, actor, view } = context;
  requireAccount(actor);
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  if (!hasPermission(actor, 'ADD_COMMENTS', issue)) {
    throw JiraHttpError.messages(400, 'You do not have the permission to comment on this issue.');
  }
  const input = parseCommentInput(context.body);
  if (typeof input === 'string') throw JiraHttpError.fields(400, { comment: input });
  checkCommentVisibility(actor, input.properties);
  const comment = site.write((emit) => saveNewComment(site, actor, emit, issue, input));
  return jsonResponse(201, commentJson(view, issue, comment, withProperties(context)));
};

/** GET /rest/api/3/issue/{issueIdOrKey}/comment/{id} */
export const getComment: Handler = (context) => {
  const { issue, comment } = visibleComment(context);
  return jsonResponse(200, commentJson(context.view, issue, comment, withProperties(context)));
};

/** PUT /rest/api/3/issue/{issueIdOrKey}/comment/{id} */
export const updateComment: Handler = (context) => {
  const { site, actor, view } = context;
  const { issue, comment } = visibleComment(context);
  if (!mayChange(actor, issue, comment, 'EDIT')) throw JiraHttpError.messages(400, 'You do not have permission to edit this comment.');
  const input = parseCommentInput(context.body);
  if (typeof input === 'string') throw JiraHttpError.fields(400, { comment: input });
  checkCommentVisibility(actor, input.properties);
  const replaced = new Set(input.properties.map((property) => property.key));
  const updated: CommentRecord = {
    ...comment,
    body: input.body,
    properties: [...comment.properties.filter((property) => !replaced.has(property.key)), ...input.properties],
    updateAuthorId: actor.kind === 'anonymous' ? comment.updateAuthorId : actor.user.accountId,
    updated: site.now(),
  };
  site.write(() => site.store.saveComment(updated));
  return jsonResponse(200, commentJson(view, issue, updated, withProperties(context)));
};

/** DELETE /rest/api/3/issue/{issueIdOrKey}/comment/{id} */
export const deleteComment: Handler = (context) => {
  const { site, actor } = context;
  const { issue, comment } = visibleComment(context);
  if (!mayChange(actor, issue, comment, 'DELETE')) throw JiraHttpError.messages(400, 'You do not have permission to delete this comment.');
  site.write(() => site.store.deleteComment(comment.id));
  return emptyResponse(204);
};
