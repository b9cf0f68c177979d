import type { Actor } from '../auth';
import { customFieldName, ORGANIZATIONS_FIELD, REQUEST_TYPE_FIELD, type TransitionScreenField } from '../config';
import type { CommentRecord, IssueRecord, JsonObject, JsonValue, UserRecord } from '../model';
import { hasPermission } from '../permissions';
import type { JiraSite } from '../site';
import { toJiraTimestamp } from '../time';
import { availableTransitions, findStatus, type WorkflowStatus, type WorkflowTransition } from '../workflow';
import { isInternalComment } from './comments';
import { type FieldSelection, SYSTEM_FIELD_NAMES } from './field-selection';

/** What a response is rendered for: the site, the origin of `self` links and the caller. */
export interface View {
  site: JiraSite;
  baseUrl: string;
  actor: Actor;
}

const api = (view: View, path: string): string => `${view.baseUrl}/rest/api/3${path}`;

export function avatarUrls(view: View, accountId: string): JsonObject {
  const urls: JsonObject = {};
  for (const size of [48, 24, 16, 32]) {
    urls[`${size}x${size}`] = `${view.baseUrl}/secure/useravatar?size=${size}&ownerId=${encodeURIComponent(accountId)}`;
  }
  return urls;
}

/** The `UserDetails` shape (issue fields, comment authors, changelog authors). */
export function userDetails(view: View, user: UserRecord): JsonObject {
  return {
    self: api(view, `/user?accountId=${encodeURIComponent(user.accountId)}`),
    accountId: user.accountId,
    emailAddress: user.emailAddress,
    avatarUrls: avatarUrls(view, user.accountId),
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
    accountType: user.accountType,
  };
}

export function userDetailsById(view: View, accountId: string | null): JsonObject | null {
  if (accountId === null) return null;
  const user = view.site.store.findUser(accountId);
  if (!user) return { accountId, displayName: 'Former user', active: false, accountType: 'unknown' };
  return userDetails(view, user);
}

/** The `User` shape (`/myself`, `/user`, `/user/search`). */
export function userBean(view: View, user: UserRecord): JsonObject {
  return {
    ...userDetails(view, user),
    locale: 'en_US',
    groups: { size: 0, items: [] },
    applicationRoles: { size: user.accountType === 'atlassian' ? 1 : 0, items: [] },
    expand: 'groups,applicationRoles',
  };
}

export function statusJson(view: View, status: WorkflowStatus): JsonObject {
  return {
    self: api(view, `/status/${status.id}`),
    description: status.description,
    iconUrl: `${view.baseUrl}/images/icons/statuses/generic.png`,
    name: status.name,
    id: status.id,
    statusCategory: {
      self: api(view, `/statuscategory/${status.category.id}`),
      id: status.category.id,
      key: status.category.key,
      colorName: status.category.colorName,
      name: status.category.name,
    },
  };
}

export function projectJson(view: View): JsonObject {
  const { project } = view.site.config;
  return {
    self: api(view, `/project/${project.id}`),
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: 'service_desk',
    simplified: false,
    avatarUrls: avatarUrls(view, `project-${project.id}`),
  };
}

export function issueTypeJson(view: View, issueTypeId: string): JsonObject {
  const type = view.site.config.issueTypes.find((candidate) => candidate.id === issueTypeId);
  return {
    self: api(view, `/issuetype/${issueTypeId}`),
    id: issueTypeId,
    description: type?.description ?? '',
    iconUrl: `${view.baseUrl}/rest/api/2/universal_avatar/view/type/issuetype/avatar/10553?size=medium`,
    name: type?.name ?? issueTypeId,
    subtask: false,
    hierarchyLevel: 0,
  };
}

function resolutionJson(view: View, resolutionId: string | null): JsonObject | null {
  if (resolutionId === null) return null;
  const resolution = view.site.config.resolutions.find((candidate) => candidate.id === resolutionId);
  return {
    self: api(view, `/resolution/${resolutionId}`),
    id: resolutionId,
    description: resolution?.description ?? '',
    name: resolution?.name ?? resolutionId,
  };
}

function statusDate(iso: string): JsonObject {
  const jira = toJiraTimestamp(iso);
  return { iso8601: jira, jira, friendly: jira.slice(0, 10), epochMillis: Date.parse(iso) };
}

/** customfield_10010 as JSM returns it: the request type and the request's current status. */
function requestTypeJson(view: View, issue: IssueRecord): JsonObject | null {
  const requestType = view.site.config.requestTypes.find((candidate) => candidate.id === issue.requestTypeId);
  if (!requestType) return null;
  const { project } = view.site.config;
  const status = findStatus(issue.statusId);
  const serviceDeskApi = `${view.baseUrl}/rest/servicedeskapi`;
  return {
    _links: {
      jiraRest: api(view, `/issue/${issue.id}`),
      web: `${view.baseUrl}/servicedesk/customer/portal/${project.serviceDeskId}/${issue.key}`,
      agent: `${view.baseUrl}/browse/${issue.key}`,
      self: `${serviceDeskApi}/request/${issue.id}`,
    },
    requestType: {
      _expands: ['field'],
      id: requestType.id,
      _links: { self: `${serviceDeskApi}/servicedesk/${project.serviceDeskId}/requesttype/${requestType.id}` },
      name: requestType.name,
      description: requestType.description,
      helpText: '',
      issueTypeId: requestType.issueTypeId,
      serviceDeskId: project.serviceDeskId,
      portalId: project.serviceDeskId,
      groupIds: [],
    },
    currentStatus: {
      status: status.name,
      statusCategory: status.category.key.toUpperCase(),
      statusDate: statusDate(issue.statusCategoryChangeDate),
    },
  };
}

/** customfield_10002 as JSM returns it: the organizations the request is shared with. */
function organizationsJson(view: View, organizationIds: readonly string[]): JsonValue {
  return organizationIds.map((id) => ({
    id,
    name: view.site.store.findOrganization(id)?.name ?? id,
    _links: { self: `${view.baseUrl}/rest/servicedeskapi/organization/${id}` },
  }));
}

export function commentJson(view: View, issue: IssueRecord, comment: CommentRecord, withProperties: boolean): JsonObject {
  const json: JsonObject = {
    self: api(view, `/issue/${issue.id}/comment/${comment.id}`),
    id: comment.id,
    author: userDetailsById(view, comment.authorId),
    body: comment.body,
    updateAuthor: userDetailsById(view, comment.updateAuthorId),
    created: toJiraTimestamp(comment.created),
    updated: toJiraTimestamp(comment.updated),
    jsdPublic: !isInternalComment(comment),
  };
  if (withProperties) json.properties = comment.properties.map(({ key, value }) => ({ key, value }));
  return json;
}

/** Comments the actor may read: customers never see internal comments. */
export function visibleComments(view: View, issue: IssueRecord): CommentRecord[] {
  const comments = view.site.store.listComments(issue.id);
  if (view.actor.kind === 'user' && view.actor.user.accountType === 'customer') {
    return comments.filter((comment) => !isInternalComment(comment));
  }
  return comments;
}

export function fieldValue(view: View, issue: IssueRecord, fieldId: string): JsonValue {
  switch (fieldId) {
    case 'summary':
      return issue.summary;
    case 'description':
      return issue.description;
    case 'issuetype':
      return issueTypeJson(view, issue.issueTypeId);
    case 'project':
      return projectJson(view);
    case 'status':
      return statusJson(view, findStatus(issue.statusId));
    case 'statuscategorychangedate':
      return toJiraTimestamp(issue.statusCategoryChangeDate);
    case 'reporter':
      return userDetailsById(view, issue.reporterId);
    case 'creator':
      return userDetailsById(view, issue.creatorId);
    case 'assignee':
      return userDetailsById(view, issue.assigneeId);
    case 'created':
      return toJiraTimestamp(issue.created);
    case 'updated':
      return toJiraTimestamp(issue.updated);
    case 'labels':
      return [...issue.labels];
    case 'resolution':
      return resolutionJson(view, issue.resolutionId);
    case 'resolutiondate':
      return issue.resolutionDate === null ? null : toJiraTimestamp(issue.resolutionDate);
    case 'duedate':
      return issue.dueDate;
    case 'comment': {
      const comments = visibleComments(view, issue);
      return {
        comments: comments.map((comment) => commentJson(view, issue, comment, false)),
        self: api(view, `/issue/${issue.id}/comment`),
        maxResults: comments.length,
        total: comments.length,
        startAt: 0,
      };
    }
    case REQUEST_TYPE_FIELD:
      return requestTypeJson(view, issue);
    case ORGANIZATIONS_FIELD:
      return organizationsJson(view, issue.organizationIds);
    default:
      return issue.customFields[fieldId] ?? null;
  }
}

export function fieldDisplayName(view: View, fieldId: string): string {
  return SYSTEM_FIELD_NAMES[fieldId] ?? customFieldName(view.site.config, fieldId);
}

export interface IssueRenderOptions {
  fields: FieldSelection;
  /** Entity property keys to include (`*all` for every one). */
  properties?: readonly string[];
  expand?: ReadonlySet<string>;
}

export const ISSUE_EXPAND = 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations';

/** The `IssueBean` shape. */
export function issueBean(view: View, issue: IssueRecord, options: IssueRenderOptions): JsonObject {
  const fieldIds = options.fields.fieldsOf(issue);
  if (!options.fields.returnsFields && !options.properties?.length && !options.expand?.size) return { id: issue.id };
  const bean: JsonObject = { expand: ISSUE_EXPAND, id: issue.id, self: api(view, `/issue/${issue.id}`), key: issue.key };
  const fields: JsonObject = {};
  for (const fieldId of fieldIds) fields[fieldId] = fieldValue(view, issue, fieldId);
  bean.fields = fields;
  if (options.properties?.length) {
    const wantsAll = options.properties.includes('*all');
    const properties: JsonObject = {};
    for (const property of view.site.store.listIssueProperties(issue.id)) {
      if (wantsAll || options.properties.includes(property.key)) properties[property.key] = property.value;
    }
    bean.properties = properties;
  }
  if (options.expand?.has('names')) {
    const names: JsonObject = {};
    for (const fieldId of fieldIds) names[fieldId] = fieldDisplayName(view, fieldId);
    bean.names = names;
  }
  if (options.expand?.has('changelog')) bean.changelog = recentChangelog(view, issue);
  if (options.expand?.has('transitions') || options.expand?.has('transitions.fields')) {
    bean.transitions = hasPermission(view.actor, 'TRANSITION_ISSUES', issue) ? transitionsJsonFor(view, issue, options.expand.has('transitions.fields')) : [];
  }
  return bean;
}

/** Histories `expand=changelog` returns at most (the page's `maxResults`). */
export const EXPANDED_CHANGELOG_MAX = 100;

/**
 * What `expand=changelog` adds (a `PageOfChangelogs`): the OpenAPI's GET issue says it "Returns a list of recent updates
 * to an issue, sorted by date, starting from the most recent".
 */
function recentChangelog(view: View, issue: IssueRecord): JsonObject {
  const entries = view.site.store.listChangelog(issue.id);
  const histories = entries.slice(-EXPANDED_CHANGELOG_MAX).reverse();
  return {
    startAt: 0,
    maxResults: EXPANDED_CHANGELOG_MAX,
    total: histories.length,
    histories: histories.map((entry) => ({ id: entry.id, author: userDetailsById(view, entry.authorId), created: toJiraTimestamp(entry.created), items: entry.items.map((item) => ({ ...item })) })),
  };
}

/** The `FieldMetadata` of a field on a transition's screen (what `expand=transitions.fields` adds). */
function screenFieldJson(view: View, field: TransitionScreenField): JsonObject {
  return {
    required: field.required,
    schema: { type: 'resolution', system: 'resolution' },
    name: 'Resolution',
    key: 'resolution',
    hasDefaultValue: false,
    operations: ['set'],
    allowedValues: view.site.config.resolutions.map((r) => ({ self: api(view, `/resolution/${r.id}`), id: r.id, name: r.name, description: r.description })),
  };
}

/** The `IssueTransition` shape; its screen's fields only when asked for (`expand=transitions.fields`). */
export function transitionJson(view: View, transition: WorkflowTransition, withFields = false): JsonObject {
  const screen = view.site.config.transitionScreens[transition.id];
  return {
    id: transition.id,
    name: transition.name,
    to: statusJson(view, findStatus(transition.to)),
    hasScreen: screen !== undefined,
    isGlobal: false,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    isLooped: false,
    ...(withFields ? { fields: Object.fromEntries((screen ?? []).map((field) => [field.fieldId, screenFieldJson(view, field)])) } : {}),
  };
}

function transitionsJsonFor(view: View, issue: IssueRecord, withFields: boolean): JsonValue[] {
  return availableTransitions(issue.statusId).map((transition) => transitionJson(view, transition, withFields));
}
