import { isJsonObject } from '../adf';
import { invalidPayload, JiraHttpError } from '../errors';
import { emptyResponse, jsonResponse } from '../http/messages';
import { eventActor, eventIssue } from '../issues/event-payload';
import { applyFieldInput, cannotSet } from '../issues/field-input';
import { saveIssueUpdate, saveNewComment } from '../issues/issue-updates';
import { transitionJson } from '../issues/representation';
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
  const transitions = hasPermission(actor, 'TRANSITION_ISSUES', issue)
    ? availableTransitions(issue.statusId).filter((transition) => !wantedId || transition.id === wantedId)
    : [];
  return jsonResponse(200, { expand: 'transitions', transitions: transitions.map((transition) => transitionJson(view, transition)) });
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
  if ('resolution' in fields && findStatus(transition.to).category.key !== 'done') {
    throw JiraHttpError.fields(400, { resolution: cannotSet('resolution') });
  }
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
