import { ADF_REQUIRED, isAdfDocument, isJsonObject } from '../adf';
import type { Actor } from '../auth';
import { ORGANIZATIONS_FIELD, REQUEST_TYPE_FIELD } from '../config';
import { invalidPayload, JiraHttpError } from '../errors';
import type { EntityPropertyRecord, IssueRecord, JsonObject, JsonValue } from '../model';
import { hasPermission } from '../permissions';
import type { JiraSite } from '../site';
import { parseCommentInput } from './comment-input';

/**
 * Where field values come from: issue creation, issue edit, or a transition
 * (whose screen-less transitions accept only `resolution` and comments).
 */
export type FieldInputMode = 'create' | 'edit' | 'transition';

export interface PendingComment {
  body: JsonObject;
  properties: EntityPropertyRecord[];
}

export interface FieldInput {
  fields?: unknown;
  update?: unknown;
}

interface InputContext {
  site: JiraSite;
  actor: Actor;
  mode: FieldInputMode;
  draft: IssueRecord;
  /** Fields whose value is set: some checks depend on another field's final value. */
  touched: Set<string>;
}

type Setter = (context: InputContext, value: unknown) => string | undefined;

export const cannotSet = (fieldId: string): string => `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`;

const CUSTOM_FIELD = /^customfield_\d+$/;

function accountIdOf(value: unknown): string | null | undefined {
  if (value === null) return null;
  if (!isJsonObject(value)) return undefined;
  if (value.accountId === null) return null;
  return typeof value.accountId === 'string' ? value.accountId : undefined;
}

function idOrName(value: unknown): { id?: string; name?: string; key?: string } | undefined {
  if (!isJsonObject(value)) return undefined;
  const pick = (field: string): string | undefined => {
    const raw = value[field];
    if (typeof raw === 'string') return raw;
    if (typeof raw === 'number') return String(raw);
    return undefined;
  };
  return { id: pick('id'), name: pick('name'), key: pick('key') };
}

const setProject: Setter = ({ site, mode }, value) => {
  if (mode !== 'create') return cannotSet('project');
  const ref = idOrName(value);
  const { project } = site.config;
  if (ref && (ref.id === project.id || ref.key?.toUpperCase() === project.key)) return undefined;
  return 'Specify a valid project ID or key';
};

const setIssueType: Setter = ({ site, draft }, value) => {
  const ref = idOrName(value);
  const type = site.config.issueTypes.find((candidate) => candidate.id === ref?.id || (ref?.name !== undefined && candidate.name.toLowerCase() === ref.name.toLowerCase()));
  if (!type) return 'The issue type selected is invalid.';
  draft.issueTypeId = type.id;
  return undefined;
};

const setSummary: Setter = ({ draft }, value) => {
  if (typeof value !== 'string') return 'Operation value must be a string';
  const summary = value.trim();
  if (!summary) return 'You must specify a summary of the issue.';
  if (summary.length > 255) return 'Summary must be less than 255 characters.';
  if (/[\r\n]/.test(summary)) return 'The summary is invalid because it contains newline characters.';
  draft.summary = summary;
  return undefined;
};

const setDescription: Setter = ({ draft }, value) => {
  if (value !== null && !isAdfDocument(value)) return ADF_REQUIRED;
  draft.description = value;
  return undefined;
};

const setReporter: Setter = ({ site, actor, draft }, value) => {
  const accountId = accountIdOf(value);
  if (accountId === undefined) return 'Specify the reporter by accountId.';
  if (accountId === null) return 'Reporter is required.';
  const user = site.store.findUser(accountId);
  if (!user || user.accountType === 'app') return 'Specified reporter is not a user.';
  const isCustomer = actor.kind === 'user' && actor.user.accountType === 'customer';
  if (isCustomer && accountId !== actor.user.accountId) return 'You do not have permission to modify the reporter.';
  draft.reporterId = accountId;
  return undefined;
};

const setAssignee: Setter = (context, value) => {
  const { site, actor, draft } = context;
  const accountId = accountIdOf(value);
  if (accountId === undefined) return 'Specify the assignee by accountId.';
  if (!hasPermission(actor, 'ASSIGN_ISSUES', context.mode === 'create' ? undefined : draft)) {
    return 'You do not have permission to assign issues.';
  }
  return assignTo(site, draft, accountId);
};

/** Sets the assignee after checking the person may be assigned (`-1` and null unassign). */
export function assignTo(site: JiraSite, draft: IssueRecord, accountId: string | null): string | undefined {
  if (accountId === null || accountId === '-1') {
    draft.assigneeId = null;
    return undefined;
  }
  const user = site.store.findUser(accountId);
  if (!user || !user.active || !hasPermission({ kind: 'user', user }, 'ASSIGNABLE_USER', draft)) {
    return `User '${accountId}' cannot be assigned issues.`;
  }
  draft.assigneeId = accountId;
  return undefined;
}

function validLabel(label: unknown): string | undefined {
  if (typeof label !== 'string' || !label) return 'Labels must be non-empty strings.';
  if (/\s/.test(label)) return `The label '${label}' contains spaces which is invalid.`;
  if (label.length > 255) return `The label '${label}' exceeds the maximum length for a single label of 255 characters.`;
  return undefined;
}

const setLabels: Setter = ({ draft }, value) => {
  if (!Array.isArray(value)) return 'Labels must be a list of strings.';
  for (const label of value) {
    const error = validLabel(label);
    if (error) return error;
  }
  draft.labels = [...new Set(value as string[])];
  return undefined;
};

const setDueDate: Setter = ({ draft }, value) => {
  if (value === null) {
    draft.dueDate = null;
    return undefined;
  }
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    return `Error parsing date string: ${String(value)}`;
  }
  draft.dueDate = value;
  return undefined;
};

const setResolution: Setter = ({ site, mode, draft }, value) => {
  if (mode !== 'transition') return cannotSet('resolution');
  const ref = idOrName(value);
  const resolution = site.config.resolutions.find((candidate) => candidate.id === ref?.id || candidate.name === ref?.name);
  if (!resolution) return "Could not find valid 'id' or 'name' in resolution object.";
  draft.resolutionId = resolution.id;
  return undefined;
};

const setRequestType: Setter = ({ site, draft }, value) => {
  if (value === null) {
    draft.requestTypeId = null;
    return undefined;
  }
  const raw = isJsonObject(value) ? value.id : value;
  const wanted = typeof raw === 'number' ? String(raw) : raw;
  if (typeof wanted !== 'string') return 'The request type must be given by id or by "<portal key>/<request type key>".';
  const portalKey = site.config.project.key.toLowerCase();
  const requestType = site.config.requestTypes.find(
    (candidate) => candidate.id === wanted || `${portalKey}/${candidate.key}` === wanted.toLowerCase(),
  );
  if (!requestType) return `The request type '${wanted}' does not exist.`;
  draft.requestTypeId = requestType.id;
  return undefined;
};

function organizationIdOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  if (isJsonObject(value)) return organizationIdOf(value.id);
  return undefined;
}

function resolveOrganizations(site: JiraSite, values: unknown): string[] | string {
  if (!Array.isArray(values)) return 'Organizations must be a list of organization ids.';
  const ids: string[] = [];
  for (const value of values) {
    const id = organizationIdOf(value);
    if (id === undefined) return 'Organizations must be a list of organization ids.';
    if (!site.store.findOrganization(id)) return `The organization with id '${id}' does not exist.`;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

const setOrganizations: Setter = ({ site, draft }, value) => {
  const ids = resolveOrganizations(site, value === null ? [] : value);
  if (typeof ids === 'string') return ids;
  draft.organizationIds = ids;
  return undefined;
};

const setCustomField =
  (fieldId: string): Setter =>
  ({ draft }, value) => {
    draft.customFields[fieldId] = value as JsonValue;
    return undefined;
  };

const SETTERS: Readonly<Record<string, Setter>> = {
  project: setProject,
  issuetype: setIssueType,
  summary: setSummary,
  description: setDescription,
  reporter: setReporter,
  assignee: setAssignee,
  labels: setLabels,
  duedate: setDueDate,
  resolution: setResolution,
  [REQUEST_TYPE_FIELD]: setRequestType,
  [ORGANIZATIONS_FIELD]: setOrganizations,
};

const TRANSITION_FIELDS = new Set(['resolution']);

function setterFor(fieldId: string, mode: FieldInputMode): Setter | undefined {
  if (mode === 'transition' && !TRANSITION_FIELDS.has(fieldId)) return undefined;
  if (mode !== 'transition' && fieldId === 'resolution') return undefined;
  return SETTERS[fieldId] ?? (CUSTOM_FIELD.test(fieldId) ? setCustomField(fieldId) : undefined);
}

function applyOperation(context: InputContext, fieldId: string, operation: unknown, comments: PendingComment[]): string | undefined {
  if (!isJsonObject(operation)) return `Operations for field '${fieldId}' must be objects such as { "set": value }.`;
  const entries = Object.entries(operation);
  const [verb, argument] = entries[0] ?? [];
  if (entries.length !== 1 || verb === undefined) return `Each operation for field '${fieldId}' must name exactly one verb.`;
  const { draft } = context;

  if (fieldId === 'comment' && verb === 'add' && context.mode !== 'create') {
    const comment = parseCommentInput(argument);
    if (typeof comment === 'string') return comment;
    comments.push(comment);
    return undefined;
  }
  if (fieldId === 'labels' && (verb === 'add' || verb === 'remove')) {
    const error = validLabel(argument);
    if (error) return error;
    const label = argument as string;
    draft.labels = verb === 'add' ? [...new Set([...draft.labels, label])] : draft.labels.filter((existing) => existing !== label);
    return undefined;
  }
  if (fieldId === ORGANIZATIONS_FIELD && (verb === 'add' || verb === 'remove')) {
    const ids = resolveOrganizations(context.site, [argument]);
    if (typeof ids === 'string') return ids;
    const [id] = ids;
    draft.organizationIds = verb === 'add' ? [...new Set([...draft.organizationIds, ...ids])] : draft.organizationIds.filter((existing) => existing !== id);
    return undefined;
  }
  const setter = setterFor(fieldId, context.mode);
  if (!setter) return cannotSet(fieldId);
  if (verb !== 'set') return `Field '${fieldId}' does not support operation '${verb}'.`;
  context.touched.add(fieldId);
  return setter(context, argument);
}

/**
 * Applies `fields` and `update` of an IssueUpdateDetails body to `draft`, the
 * way Jira validates them: all field errors are reported together as a 400.
 * Returns the comments that `update.comment` asks to add.
 */
export function applyFieldInput(site: JiraSite, actor: Actor, draft: IssueRecord, input: FieldInput, mode: FieldInputMode): PendingComment[] {
  const { fields = {}, update = {} } = input;
  if (!isJsonObject(fields) || !isJsonObject(update)) throw invalidPayload();
  const context: InputContext = { site, actor, mode, draft, touched: new Set() };
  const errors: Record<string, string> = {};
  const comments: PendingComment[] = [];

  for (const [fieldId, value] of Object.entries(fields)) {
    const setter = setterFor(fieldId, mode);
    if (!setter) {
      errors[fieldId] = cannotSet(fieldId);
      continue;
    }
    if (fieldId in update) {
      errors[fieldId] = `Field '${fieldId}' cannot be set in both 'fields' and 'update'.`;
      continue;
    }
    context.touched.add(fieldId);
    const error = setter(context, value);
    if (error) errors[fieldId] = error;
  }
  for (const [fieldId, operations] of Object.entries(update)) {
    if (fieldId in fields) continue;
    if (!Array.isArray(operations)) {
      errors[fieldId] = `Operations for field '${fieldId}' must be a list.`;
      continue;
    }
    for (const operation of operations) {
      const error = applyOperation(context, fieldId, operation, comments);
      if (error) {
        errors[fieldId] = error;
        break;
      }
    }
  }
  if (mode === 'create') requireCreateFields(fields, errors);
  checkRequestTypeMatchesIssueType(context, errors);
  if (Object.keys(errors).length > 0) throw JiraHttpError.fields(400, errors);
  return comments;
}

function requireCreateFields(fields: JsonObject, errors: Record<string, string>): void {
  if (!('project' in fields)) errors.project ??= 'Specify a valid project ID or key';
  if (!('issuetype' in fields)) errors.issuetype ??= 'Specify an issue type';
  if (!('summary' in fields)) errors.summary ??= 'You must specify a summary of the issue.';
}

function checkRequestTypeMatchesIssueType({ site, draft, touched }: InputContext, errors: Record<string, string>): void {
  if (!touched.has(REQUEST_TYPE_FIELD) && !touched.has('issuetype')) return;
  if (errors[REQUEST_TYPE_FIELD] || errors.issuetype || draft.requestTypeId === null) return;
  const requestType = site.config.requestTypes.find((candidate) => candidate.id === draft.requestTypeId);
  if (requestType && requestType.issueTypeId !== draft.issueTypeId) {
    errors[REQUEST_TYPE_FIELD] = `The request type '${requestType.name}' is not valid for the issue type of this issue.`;
  }
}
