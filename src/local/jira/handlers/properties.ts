import { JiraHttpError } from '../errors';
import { emptyResponse, jsonResponse } from '../http/messages';
import type { JsonValue } from '../model';
import { hasPermission } from '../permissions';
import { type Handler, requireParam } from './context';

export const MAX_PROPERTY_KEY_LENGTH = 255;
export const MAX_PROPERTY_VALUE_LENGTH = 32_768;

export function checkPropertyKey(key: string): void {
  if (!key) throw JiraHttpError.messages(400, 'The property key cannot be empty.');
  if (key.length > MAX_PROPERTY_KEY_LENGTH) {
    throw JiraHttpError.messages(400, `The property key cannot be longer than ${MAX_PROPERTY_KEY_LENGTH} characters.`);
  }
}

export function checkPropertyValue(value: JsonValue): void {
  if (JSON.stringify(value).length > MAX_PROPERTY_VALUE_LENGTH) {
    throw JiraHttpError.messages(400, `The property value cannot be longer than ${MAX_PROPERTY_VALUE_LENGTH} bytes.`);
  }
}

const propertyNotFound = (key: string): JiraHttpError => JiraHttpError.messages(404, `The property with key '${key}' does not exist.`);

/** GET /rest/api/3/issue/{issueIdOrKey}/properties */
export const getIssuePropertyKeys: Handler = (context) => {
  const { site, actor, view } = context;
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  return jsonResponse(200, {
    keys: site.store.listIssueProperties(issue.id).map(({ key }) => ({
      self: `${view.baseUrl}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}`,
      key,
    })),
  });
};

/** GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey} */
export const getIssueProperty: Handler = (context) => {
  const { site, actor } = context;
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  const key = requireParam(context, 'propertyKey');
  const value = site.store.getIssueProperty(issue.id, key);
  if (value === undefined) throw propertyNotFound(key);
  return jsonResponse(200, { key, value });
};

/** PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey} — 201 when created, 200 when replaced. */
export const setIssueProperty: Handler = (context) => {
  const { site, actor } = context;
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  const key = requireParam(context, 'propertyKey');
  if (!hasPermission(actor, 'EDIT_ISSUES', issue)) throw JiraHttpError.messages(403, 'You do not have permission to edit this issue.');
  if (context.body === undefined) throw JiraHttpError.messages(400, 'The property value must be valid JSON.');
  const value = context.body as JsonValue;
  checkPropertyKey(key);
  checkPropertyValue(value);
  const created = site.write(() => site.store.setIssueProperty(issue.id, key, value));
  return emptyResponse(created ? 201 : 200);
};

/** DELETE /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey} */
export const deleteIssueProperty: Handler = (context) => {
  const { site, actor } = context;
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  const key = requireParam(context, 'propertyKey');
  if (!hasPermission(actor, 'EDIT_ISSUES', issue)) throw JiraHttpError.messages(403, 'You do not have permission to edit this issue.');
  const deleted = site.write(() => site.store.deleteIssueProperty(issue.id, key));
  if (!deleted) throw propertyNotFound(key);
  return emptyResponse(204);
};
