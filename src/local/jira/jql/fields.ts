import { adfToPlainText, isJsonObject } from '../adf';
import { type IndexedPropertyValue, ORGANIZATIONS_FIELD, REQUEST_TYPE_FIELD, type SiteConfig } from '../config';
import { isInternalComment } from '../issues/comments';
import type { IssueRecord, JsonValue } from '../model';
import type { JiraStore } from '../store/store';
import { findStatus, STATUS_CATEGORIES, WORKFLOW_STATUSES } from '../workflow';
import { JqlError } from './ast';

/** What JQL evaluation needs from the site. */
export interface JqlEnvironment {
  config: SiteConfig;
  store: JiraStore;
  /** Account id `currentUser()` stands for (undefined: no match). */
  currentAccountId: string | undefined;
  /** False for customers: text search must not look into internal notes. */
  includeInternalComments: boolean;
  now: Date;
}

export type FieldKind = 'id' | 'text' | 'date' | 'number';

/** How a JQL field reads an issue and interprets the values written after the operator. */
export interface JqlFieldDefinition {
  kind: FieldKind;
  /** The issue's values: ids for `id` fields, text for `text`, ISO timestamps for `date`. */
  values(issue: IssueRecord, environment: JqlEnvironment): string[];
  /** An operand value as the id the issue's values hold; null stands for EMPTY. Throws on unknown values. */
  resolve?(value: string, environment: JqlEnvironment, fieldName: string): string | null;
  /** Field accepts `currentUser()`. */
  userField?: boolean;
  /** Values compare as written (labels, custom fields, entity properties); other fields ignore case. */
  exact?: boolean;
  /** Sort key for ORDER BY; fields without one cannot be sorted on. */
  sortKey?(issue: IssueRecord, environment: JqlEnvironment): string | number | null;
  defaultDirection?: 'asc' | 'desc';
}

export const valueDoesNotExist = (value: string, fieldName: string): JqlError =>
  new JqlError(`The value '${value}' does not exist for the field '${fieldName}'.`);

const lower = (text: string): string => text.toLowerCase();

function byIdOrName<T extends { id: string; name: string }>(items: readonly T[], value: string): T | undefined {
  return items.find((item) => item.id === value || lower(item.name) === lower(value));
}

const userField = (read: (issue: IssueRecord) => string | null): JqlFieldDefinition => ({
  kind: 'id',
  userField: true,
  values: (issue) => {
    const accountId = read(issue);
    return accountId === null ? [] : [accountId];
  },
  resolve: (value, { store }, fieldName) => {
    if (!store.findUser(value)) throw valueDoesNotExist(value, fieldName);
    return value;
  },
  sortKey: (issue, { store }) => {
    const accountId = read(issue);
    return accountId === null ? null : lower(store.findUser(accountId)?.displayName ?? accountId);
  },
  defaultDirection: 'asc',
});

const dateField = (read: (issue: IssueRecord) => string | null, defaultDirection: 'asc' | 'desc'): JqlFieldDefinition => ({
  kind: 'date',
  values: (issue) => {
    const value = read(issue);
    return value === null ? [] : [value];
  },
  sortKey: (issue) => {
    const value = read(issue);
    return value === null ? null : Date.parse(value);
  },
  defaultDirection,
});

const textField = (read: (issue: IssueRecord, environment: JqlEnvironment) => string[]): JqlFieldDefinition => ({ kind: 'text', values: read });

const issueIdField: JqlFieldDefinition = {
  kind: 'id',
  values: (issue) => [issue.id],
  resolve: (value, { store }, fieldName) => {
    const issue = /^\d+$/.test(value) ? store.findIssueById(value) : store.findIssueByKey(value);
    if (!issue) throw new JqlError(`An issue with key '${value}' does not exist for field '${fieldName}'.`);
    return issue.id;
  },
  sortKey: (issue) => Number(issue.id),
  defaultDirection: 'asc',
};

const requestTypeField: JqlFieldDefinition = {
  kind: 'id',
  values: (issue) => (issue.requestTypeId === null ? [] : [issue.requestTypeId]),
  resolve: (value, { config }, fieldName) => {
    const portalKey = lower(config.project.key);
    const found =
      byIdOrName(config.requestTypes, value) ?? config.requestTypes.find((type) => `${portalKey}/${type.key}` === lower(value) || type.key === lower(value));
    if (!found) throw valueDoesNotExist(value, fieldName);
    return found.id;
  },
};

const organizationsField: JqlFieldDefinition = {
  kind: 'id',
  values: (issue) => [...issue.organizationIds],
  resolve: (value, { store }, fieldName) => {
    const found = byIdOrName(store.listOrganizations(), value);
    if (!found) throw valueDoesNotExist(value, fieldName);
    return found.id;
  },
};

function commentTexts(issue: IssueRecord, { store, includeInternalComments }: JqlEnvironment): string[] {
  return store
    .listComments(issue.id)
    .filter((comment) => includeInternalComments || !isInternalComment(comment))
    .map((comment) => adfToPlainText(comment.body));
}

const description = (issue: IssueRecord): string[] => (issue.description ? [adfToPlainText(issue.description)] : []);

const FIELDS: Readonly<Record<string, JqlFieldDefinition>> = {
  project: {
    kind: 'id',
    values: (issue) => [issue.projectKey],
    resolve: (value, { config }, fieldName) => {
      const { project } = config;
      if (value === project.id || lower(value) === lower(project.key) || lower(value) === lower(project.name)) return project.key;
      throw valueDoesNotExist(value, fieldName);
    },
  },
  key: issueIdField,
  issuekey: issueIdField,
  id: issueIdField,
  status: {
    kind: 'id',
    values: (issue) => [issue.statusId],
    resolve: (value, _environment, fieldName) => {
      const status = byIdOrName(WORKFLOW_STATUSES, value);
      if (!status) throw valueDoesNotExist(value, fieldName);
      return status.id;
    },
    sortKey: (issue) => WORKFLOW_STATUSES.findIndex((status) => status.id === issue.statusId),
    defaultDirection: 'asc',
  },
  statuscategory: {
    kind: 'id',
    values: (issue) => [findStatus(issue.statusId).category.key],
    resolve: (value, _environment, fieldName) => {
      const category = Object.values(STATUS_CATEGORIES).find(
        (candidate) => String(candidate.id) === value || candidate.key === lower(value) || lower(candidate.name) === lower(value),
      );
      if (!category) throw valueDoesNotExist(value, fieldName);
      return category.key;
    },
  },
  issuetype: {
    kind: 'id',
    values: (issue) => [issue.issueTypeId],
    resolve: (value, { config }, fieldName) => {
      const type = byIdOrName(config.issueTypes, value);
      if (!type) throw valueDoesNotExist(value, fieldName);
      return type.id;
    },
  },
  resolution: {
    kind: 'id',
    values: (issue) => (issue.resolutionId === null ? [] : [issue.resolutionId]),
    resolve: (value, { config }, fieldName) => {
      if (lower(value) === 'unresolved') return null;
      const resolution = byIdOrName(config.resolutions, value);
      if (!resolution) throw valueDoesNotExist(value, fieldName);
      return resolution.id;
    },
  },
  reporter: userField((issue) => issue.reporterId),
  assignee: userField((issue) => issue.assigneeId),
  creator: userField((issue) => issue.creatorId),
  labels: { kind: 'id', exact: true, values: (issue) => [...issue.labels], resolve: (value) => value },
  'request type': requestTypeField,
  'customer request type': requestTypeField,
  organizations: organizationsField,
  organization: organizationsField,
  summary: {
    ...textField((issue) => [issue.summary]),
    sortKey: (issue) => lower(issue.summary),
    defaultDirection: 'asc',
  },
  description: textField(description),
  comment: textField(commentTexts),
  text: textField((issue, environment) => [issue.summary, ...description(issue), ...commentTexts(issue, environment)]),
  created: dateField((issue) => issue.created, 'desc'),
  createddate: dateField((issue) => issue.created, 'desc'),
  updated: dateField((issue) => issue.updated, 'desc'),
  updateddate: dateField((issue) => issue.updated, 'desc'),
  resolutiondate: dateField((issue) => issue.resolutionDate, 'desc'),
  resolved: dateField((issue) => issue.resolutionDate, 'desc'),
  duedate: dateField((issue) => (issue.dueDate === null ? null : `${issue.dueDate}T00:00:00.000Z`), 'asc'),
  due: dateField((issue) => (issue.dueDate === null ? null : `${issue.dueDate}T00:00:00.000Z`), 'asc'),
};

export function systemField(name: string): JqlFieldDefinition | undefined {
  return FIELDS[lower(name)];
}

/** Scalars of a stored value: arrays give their elements, objects their `value`, `name`, `id` or `accountId`. */
export function scalarsOf(value: JsonValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item) => scalarsOf(item));
  if (isJsonObject(value)) {
    for (const key of ['value', 'name', 'id', 'accountId']) {
      const inner = value[key];
      if (typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'boolean') return [String(inner)];
    }
    return [];
  }
  return [String(value)];
}

export function customField(id: string): JqlFieldDefinition {
  const fieldId = `customfield_${id}`;
  if (fieldId === REQUEST_TYPE_FIELD) return requestTypeField;
  if (fieldId === ORGANIZATIONS_FIELD) return organizationsField;
  return { kind: 'id', exact: true, values: (issue) => scalarsOf(issue.customFields[fieldId]), resolve: (value) => value };
}

/** The indexed value `issue.property[key].path` names, if an installed app asked Jira to index it. */
export function indexedValue(config: SiteConfig, key: string, path: readonly string[]): IndexedPropertyValue | undefined {
  const dotted = path.join('.');
  return config.indexedProperties.find((value) => value.propertyKey === key && value.path === dotted);
}

/** The indexed value a search alias (e.g. `upgradeOverdueStages`) stands for; aliases, like field names, ignore case. */
export function aliasedValue(config: SiteConfig, name: string): IndexedPropertyValue | undefined {
  return config.indexedProperties.find((value) => value.searchAlias !== undefined && lower(value.searchAlias) === lower(name));
}

/** An indexed entity property value searched as its declared type: number (ranges), string (exact), text (words), user, date. */
export function propertyField(indexed: IndexedPropertyValue): JqlFieldDefinition {
  const path = indexed.path.split('.');
  const read = (issue: IssueRecord, { store }: JqlEnvironment): string[] => {
    let value: JsonValue | undefined = store.getIssueProperty(issue.id, indexed.propertyKey);
    for (const segment of path) value = isJsonObject(value) ? value[segment] : undefined;
    return scalarsOf(value);
  };
  switch (indexed.type) {
    case 'number':
      return {
        kind: 'number',
        values: (issue, environment) => read(issue, environment).filter((value) => value.trim() !== '' && Number.isFinite(Number(value))),
        sortKey: (issue, environment) => {
          const [value] = read(issue, environment);
          return value === undefined || !Number.isFinite(Number(value)) ? null : Number(value);
        },
        defaultDirection: 'asc',
      };
    case 'text':
      return textField(read);
    case 'date':
      return {
        kind: 'date',
        values: (issue, environment) => read(issue, environment).filter((value) => !Number.isNaN(Date.parse(value))),
        sortKey: (issue, environment) => {
          const [value] = read(issue, environment);
          return value === undefined || Number.isNaN(Date.parse(value)) ? null : Date.parse(value);
        },
        defaultDirection: 'asc',
      };
    case 'user':
      return {
        kind: 'id',
        exact: true,
        userField: true,
        values: read,
        resolve: (value, { store }, fieldName) => {
          if (!store.findUser(value)) throw valueDoesNotExist(value, fieldName);
          return value;
        },
      };
    case 'string':
      return {
        kind: 'id',
        exact: true,
        values: read,
        resolve: (value) => value,
        sortKey: (issue, environment) => read(issue, environment)[0] ?? null,
        defaultDirection: 'asc',
      };
  }
}
