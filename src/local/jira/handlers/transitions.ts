import { isJsonObject } from '../adf';
import { invalidPayload, JiraHttpError } from '../errors';
import { emptyResponse, jsonResponse } from '../http/messages';
import { eventActor, eventIssue } from '../issues/event-payload';
import { applyFieldInput, cannotSet } from '../issues/field-input';
import { saveIssueUpdate, saveNewComment } from '../issues/issue-updates';
import { transitionJson } from '../issues/representation';
import type { TransitionScreenField } from '../config';
import type { IssueRecord } from '../model';
import { hasPermission } from '../permissions';
import { runTransitionValidators } from '../transition-validation';
import { availableTransitions, findStatus, type WorkflowTransition } from '../workflow';
import { checkCommentVisibility } from './comments';
import { type Handler, requireParam } from './context';

/** GET /rest/api/3/issue/{issueIdOrKey}/transitions */
export const getTransitions: Handler = (context) => {
  const { site, actor, view, query } = context;
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  const wantedId = query.get('transitionId');
  const withFields = (query.get('expand') ?? '').split(',').some((part) => part.trim() === 'transitions.fields');
  const transitions = hasPermission(actor, 'TRANSITION_ISSUES', issue)
    ? availableTransitions(issue.statusId).filter((transition) => !wantedId || transition.id === wantedId)
    : [];
  return jsonResponse(200, { expand: 'transitions', transitions: transitions.map((transition) => transitionJson(view, transition, withFields)) });
};

function transitionIdOf(body: Record<string, unknown>): string | undefined {
  const reference = body.transition;
  if (!isJsonObject(reference)) return undefined;
  const id = reference.id;
  if (typeof id === 'string' && id) return id;
  if (typeof id === 'number') return String(id);
  return undefined;
}

/** Moves the issue to the transition's status; entering "done" resolves it, leaving "done" unresolves it. */
function moveToStatus(issue: IssueRecord, transition: WorkflowTransition, now: string, defaultResolutionId: string): void {
  const from = findStatus(issue.statusId);
  const to = findStatus(transition.to);
  issue.statusId = to.id;
  if (from.category.key !== to.category.key) issue.statusCategoryChangeDate = now;
  if (to.category.key === 'done') {
    issue.resolutionId ??= defaultResolutionId;
    if (from.category.key !== 'done') issue.resolutionDate = now;
  } else {
    issue.resolutionId = null;
    issue.resolutionDate = null;
  }
}

/**
 * A transition takes only the fields of its screen (a transition without a screen takes none), and its screen's required
 * fields must be given: Jira answers 400 naming each field.
 */
function checkScreenFields(screen: readonly TransitionScreenField[], fields: Record<string, unknown>, update: Record<string, unknown>): void {
  const errors: Record<string, string> = {};
  for (const fieldId of [...Object.keys(fields), ...Object.keys(update)]) {
    if (fieldId !== 'comment' && !screen.some((field) => field.fieldId === fieldId)) errors[fieldId] = cannotSet(fieldId);
  }
  for (const field of screen) {
    if (field.required && !(field.fieldId in fields) && !(field.fieldId in update)) errors[field.fieldId] = 'Resolution is required.';
  }
  if (Object.keys(errors).length > 0) throw JiraHttpError.fields(400, errors);
}

/** POST /rest/api/3/issue/{issueIdOrKey}/transitions */
export const doTransition: Handler = async (context) => {
  const { site, actor } = context;
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  const body = context.body;
  if (!isJsonObject(body)) throw invalidPayload();
  const transitionId = transitionIdOf(body);
  if (!transitionId) throw JiraHttpError.messages(400, "Missing 'transition' identifier");
  if (!hasPermission(actor, 'TRANSITION_ISSUES', issue)) {
    throw JiraHttpError.messages(400, 'You do not have permission to transition this issue.');
  }
  const transition = availableTransitions(issue.statusId).find((candidate) => candidate.id === transitionId);
  if (!transition) throw JiraHttpError.messages(400, `Transition id '${transitionId}' is not valid for this issue.`);

  const after = structuredClone(issue);
  const comments = applyFieldInput(site, actor, after, body, 'transition');
  comments.forEach((comment) => checkCommentVisibility(actor, comment.properties));
  const fields = isJsonObject(body.fields) ? body.fields : {};
  checkScreenFields(site.config.transitionScreens[transition.id] ?? [], fields, isJsonObject(body.update) ? body.update : {});
  const defaultResolution = site.config.resolutions[0]?.id ?? '10000';
  moveToStatus(after, transition, site.now(), defaultResolution);

  const verdict = await runTransitionValidators(site.validators, {
    issue: eventIssue(site, issue),
    transition: {
      id: transition.id,
      name: transition.name,
      from: { id: issue.statusId, name: findStatus(issue.statusId).name },
      to: { id: transition.to, name: findStatus(transition.to).name },
    },
    accountId: eventActor(site, actor),
    modifiedFields: structuredClone(fields),
  });
  if (!verdict.result) throw JiraHttpError.messages(400, verdict.errorMessage ?? 'The transition was refused.');

  site.write((emit) => {
    const current = site.store.findIssueById(issue.id);
    if (!current || current.statusId !== issue.statusId || current.updated !== issue.updated) {
      throw JiraHttpError.messages(409, 'The issue was changed while the transition was being validated. Reload it and try again.');
    }
    saveIssueUpdate(site, actor, emit, issue, after);
    for (const comment of comments) saveNewComment(site, actor, emit, after, comment);
  });
  return emptyResponse(204);
};
