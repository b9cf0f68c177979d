import { isJsonObject } from '../adf';
import { invalidPayload, JiraHttpError } from '../errors';
import { emptyResponse, jsonResponse } from '../http/messages';
import { eventActor, eventIssue } from '../issues/event-payload';
import { applyFieldInput } from '../issues/field-input';
import { listParameter, parseFieldSelection } from '../issues/field-selection';
import { saveIssueUpdate, saveNewComment } from '../issues/issue-updates';
import { issueBean, userDetailsById } from '../issues/representation';
import type { EntityPropertyRecord, IssueRecord, JsonObject } from '../model';
import { hasPermission } from '../permissions';
import { toJiraTimestamp } from '../time';
import { INITIAL_STATUS_ID } from '../workflow';
import { checkCommentVisibility } from './comments';
import { type Handler, type HandlerContext, integerParam, requireAccount, requireParam } from './context';
import { checkPropertyKey, checkPropertyValue } from './properties';

/** `properties` of an IssueUpdateDetails body: `[{ key, value }]`. */
function propertiesOf(body: JsonObject): EntityPropertyRecord[] {
  const { properties = [] } = body;
  if (!Array.isArray(properties)) throw invalidPayload();
  return properties.map((property) => {
    if (!isJsonObject(property) || typeof property.key !== 'string' || property.value === undefined) throw invalidPayload();
    checkPropertyKey(property.key);
    checkPropertyValue(property.value);
    return { key: property.key, value: property.value };
  });
}

function requireObjectBody(context: HandlerContext): JsonObject {
  if (!isJsonObject(context.body)) throw invalidPayload();
  return context.body;
}

function rejectTransitionInBody(body: JsonObject): void {
  if (body.transition !== undefined) {
    throw JiraHttpError.messages(400, 'The Jira stand-in does not transition issues on create or edit; use POST /rest/api/3/issue/{issueIdOrKey}/transitions.');
  }
}

/** POST /rest/api/3/issue */
export const createIssue: Handler = (context) => {
  const { site, actor, view } = context;
  requireAccount(actor);
  const body = requireObjectBody(context);
  rejectTransitionInBody(body);
  if (!hasPermission(actor, 'CREATE_ISSUES')) {
    throw JiraHttpError.fields(400, { project: 'You do not have permission to create issues in this project.' });
  }
  const now = site.now();
  const actorId = eventActor(site, actor);
  const draft: IssueRecord = {
    id: '',
    key: '',
    projectKey: site.config.project.key,
    issueTypeId: '',
    summary: '',
    description: null,
    statusId: INITIAL_STATUS_ID,
    statusCategoryChangeDate: now,
    resolutionId: null,
    resolutionDate: null,
    reporterId: actorId,
    creatorId: actorId,
    assigneeId: null,
    labels: [],
    dueDate: null,
    requestTypeId: null,
    organizationIds: [],
    customFields: {},
    created: now,
    updated: now,
  };
  applyFieldInput(site, actor, draft, body, 'create');
  const properties = propertiesOf(body);
  const issue = site.write((emit) => {
    draft.id = String(site.store.nextValue('issueId', 10000));
    draft.key = `${draft.projectKey}-${site.store.nextValue(`issueNumber:${draft.projectKey}`, 1)}`;
    site.store.saveIssue(draft);
    for (const property of properties) site.store.setIssueProperty(draft.id, property.key, property.value);
    emit({ eventType: 'avi:jira:created:issue', issue: eventIssue(site, draft), atlassianId: actorId, associatedUsers: [{ accountId: actorId }] });
    return draft;
  });
  return jsonResponse(201, { id: issue.id, key: issue.key, self: `${view.baseUrl}/rest/api/3/issue/${issue.id}` });
};

/** GET /rest/api/3/issue/{issueIdOrKey} */
export const getIssue: Handler = (context) => {
  const { site, actor, view, query } = context;
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  return jsonResponse(
    200,
    issueBean(view, issue, {
      fields: parseFieldSelection(listParameter(query, 'fields'), '*all'),
      properties: listParameter(query, 'properties'),
      expand: new Set(listParameter(query, 'expand')),
    }),
  );
};

/** PUT /rest/api/3/issue/{issueIdOrKey} */
export const editIssue: Handler = (context) => {
  const { site, actor, view, query } = context;
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  const body = requireObjectBody(context);
  rejectTransitionInBody(body);
  if (!hasPermission(actor, 'EDIT_ISSUES', issue)) {
    throw JiraHttpError.messages(400, 'You do not have permission to edit issues in this project.');
  }
  const after = structuredClone(issue);
  const comments = applyFieldInput(site, actor, after, body, 'edit');
  comments.forEach((comment) => checkCommentVisibility(actor, comment.properties));
  const properties = propertiesOf(body);
  const saved = site.write((emit) => {
    saveIssueUpdate(site, actor, emit, issue, after);
    for (const property of properties) site.store.setIssueProperty(after.id, property.key, property.value);
    for (const comment of comments) saveNewComment(site, actor, emit, after, comment);
    return site.store.findIssueById(after.id) ?? after;
  });
  if (query.get('returnIssue') === 'true') {
    return jsonResponse(200, issueBean(view, saved, { fields: parseFieldSelection(undefined, '*all') }));
  }
  return emptyResponse(204);
};

/** DELETE /rest/api/3/issue/{issueIdOrKey} */
export const deleteIssue: Handler = (context) => {
  const { site, actor } = context;
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  if (!hasPermission(actor, 'DELETE_ISSUES', issue)) {
    throw JiraHttpError.messages(403, 'You do not have permission to delete issues in this project.');
  }
  site.write((emit) => {
    const actorId = eventActor(site, actor);
    const payload = eventIssue(site, issue);
    site.store.deleteIssue(issue.id);
    emit({ eventType: 'avi:jira:deleted:issue', issue: payload, atlassianId: actorId, associatedUsers: [{ accountId: actorId }] });
  });
  return emptyResponse(204);
};

/** GET /rest/api/3/issue/{issueIdOrKey}/changelog */
export const getChangelog: Handler = (context) => {
  const { site, actor, view, query } = context;
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  const startAt = integerParam(query, 'startAt', 0);
  const maxResults = Math.min(integerParam(query, 'maxResults', 100), 100);
  const entries = site.store.listChangelog(issue.id);
  const page = entries.slice(startAt, startAt + maxResults);
  const self = `${view.baseUrl}/rest/api/3/issue/${issue.key}/changelog`;
  const isLast = startAt + page.length >= entries.length;
  return jsonResponse(200, {
    self: `${self}?startAt=${startAt}&maxResults=${maxResults}`,
    ...(isLast ? {} : { nextPage: `${self}?startAt=${startAt + maxResults}&maxResults=${maxResults}` }),
    maxResults,
    startAt,
    total: entries.length,
    isLast,
    values: page.map((entry) => ({
      id: entry.id,
      author: userDetailsById(view, entry.authorId),
      created: toJiraTimestamp(entry.created),
      items: entry.items.map((item) => ({ ...item })),
    })),
  });
};
