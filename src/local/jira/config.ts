/**
 * Static configuration of the stand-in's Jira site: one service-desk project,
 * its issue types, JSM request types, resolutions and the names of custom fields.
 */

export const REQUEST_TYPE_FIELD = 'customfield_10010';
export const ORGANIZATIONS_FIELD = 'customfield_10002';
/** JSM's Request participants field: the people a request is shared with, kept as `[{ accountId }]`. */
export const REQUEST_PARTICIPANTS_FIELD = 'customfield_10003';

export interface ProjectConfig {
  id: string;
  key: string;
  name: string;
  /** JSM service desk id, used in request-type links. */
  serviceDeskId: string;
}

export interface IssueTypeConfig {
  id: string;
  name: string;
  description: string;
}

export interface RequestTypeConfig {
  id: string;
  /** Portal-scoped key; `"<portal key>/<key>"` is accepted when setting customfield_10010. */
  key: string;
  name: string;
  description: string;
  issueTypeId: string;
}

export interface ResolutionConfig {
  id: string;
  name: string;
  description: string;
}

/** A custom field's type as `GET /rest/api/3/field` describes it (`schema` of FieldDetails). */
export interface CustomFieldSchema {
  /** The data type: `string`, `option`, `array`, `sd-customerrequesttype` … */
  type: string;
  /** For arrays, the type of the items. */
  items?: string;
  /** The custom field type's key, e.g. `com.atlassian.jira.plugin.system.customfieldtypes:select`. */
  custom: string;
}

/** A field on a transition's screen: sent in the transition's `fields`, refused when required and missing. */
export interface TransitionScreenField {
  fieldId: 'resolution';
  required: boolean;
}

export interface CustomFieldConfig {
  id: string;
  name: string;
  /** Defaults to a single-line text field. */
  schema?: CustomFieldSchema;
}

/** The types Jira can index an entity property value as (a jira:entityProperty module's `values[].type`). */
export const INDEXED_VALUE_TYPES = ['number', 'string', 'text', 'user', 'date'] as const;
export type IndexedValueType = (typeof INDEXED_VALUE_TYPES)[number];

/** One value of an issue entity property that Jira indexes, so that JQL can search it (by path, and by its alias). */
export interface IndexedPropertyValue {
  propertyKey: string;
  /** Dotted path inside the property's JSON, e.g. `phase` or `stage.status`. */
  path: string;
  type: IndexedValueType;
  searchAlias?: string;
}

export const TEXT_FIELD: CustomFieldSchema = { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield' };
export const TEXT_AREA: CustomFieldSchema = { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textarea' };
export const SELECT_LIST: CustomFieldSchema = { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' };
export const MULTI_SELECT: CustomFieldSchema = { type: 'array', items: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:multiselect' };

/** The fields every Jira Service Management site has, with the types Jira gives them. */
export const SERVICE_DESK_FIELDS: readonly CustomFieldConfig[] = [
  { id: REQUEST_TYPE_FIELD, name: 'Request Type', schema: { type: 'sd-customerrequesttype', custom: 'com.atlassian.servicedesk:vp-origin' } },
  { id: ORGANIZATIONS_FIELD, name: 'Organizations', schema: { type: 'array', items: 'sd-customerorganization', custom: 'com.atlassian.servicedesk:sd-customer-organizations' } },
  { id: REQUEST_PARTICIPANTS_FIELD, name: 'Request participants', schema: { type: 'array', items: 'user', custom: 'com.atlassian.servicedesk:sd-request-participants' } },
];

export interface SiteConfig {
  baseUrl: string;
  cloudId: string;
  project: ProjectConfig;
  issueTypes: readonly IssueTypeConfig[];
  requestTypes: readonly RequestTypeConfig[];
  resolutions: readonly ResolutionConfig[];
  /** Transition id → the fields of its screen; a transition without an entry has no screen and takes no field. */
  transitionScreens: Readonly<Record<string, readonly TransitionScreenField[]>>;
  /** Display names of custom fields (used in `names`, changelogs and JQL `cf[…]`). */
  customFields: readonly CustomFieldConfig[];
  /** The app's own Jira account, the actor of calls made "as app". */
  appAccountId: string;
  appDisplayName: string;
  /** Issue entity property values indexed for JQL (declared by installed apps); other properties cannot be searched. */
  indexedProperties: readonly IndexedPropertyValue[];
}

export const DEFAULT_ISSUE_TYPES: readonly IssueTypeConfig[] = [
  { id: '10003', name: 'Service Request', description: 'Created by Jira Service Management.' },
  { id: '10004', name: 'Incident', description: 'For system outages or incidents. Created by Jira Service Management.' },
  { id: '10005', name: 'Task', description: 'A small, distinct piece of work.' },
];

export const DEFAULT_REQUEST_TYPES: readonly RequestTypeConfig[] = [
  { id: '10', key: 'upgrade-request', name: 'Upgrade request', description: 'Ask for a ClinSpark upgrade.', issueTypeId: '10003' },
  { id: '11', key: 'val-environment', name: 'VAL environment request', description: 'Ask for a validation environment.', issueTypeId: '10003' },
  { id: '12', key: 'validation-issue', name: 'Validation issue', description: 'Report a problem found during validation.', issueTypeId: '10004' },
  { id: '13', key: 'prod-upgrade', name: 'PROD upgrade request', description: 'Schedule the production upgrade.', issueTypeId: '10003' },
  { id: '14', key: 'get-help', name: 'Get help', description: 'Any other question.', issueTypeId: '10003' },
  { id: '15', key: 'prod-go-live', name: 'PROD go-live', description: 'Take a migrated customer live in PROD.', issueTypeId: '10003' },
  { id: '16', key: 'implementation', name: 'Implementation', description: 'Deploy under the implementation lifecycle.', issueTypeId: '10003' },
];

export const DEFAULT_RESOLUTIONS: readonly ResolutionConfig[] = [
  { id: '10000', name: 'Done', description: 'Work has been completed on this issue.' },
  { id: '10001', name: "Won't Do", description: 'This issue won\'t be actioned.' },
  { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
  { id: '10003', name: 'Declined', description: 'This request has been declined.' },
];

/**
 * As in JSM's service request workflow: Resolve shows the Resolve issue screen, whose Resolution is required; Close and
 * Cancel offer it too (a resolution is set when none is given).
 */
export const DEFAULT_TRANSITION_SCREENS: Readonly<Record<string, readonly TransitionScreenField[]>> = {
  '51': [{ fieldId: 'resolution', required: true }],
  '61': [{ fieldId: 'resolution', required: false }],
  '71': [{ fieldId: 'resolution', required: false }],
};

export interface SiteConfigOverrides {
  baseUrl?: string;
  cloudId?: string;
  projectKey?: string;
  projectName?: string;
  issueTypes?: readonly IssueTypeConfig[];
  requestTypes?: readonly RequestTypeConfig[];
  resolutions?: readonly ResolutionConfig[];
  transitionScreens?: Readonly<Record<string, readonly TransitionScreenField[]>>;
  customFields?: readonly CustomFieldConfig[];
  appAccountId?: string;
  appDisplayName?: string;
  indexedProperties?: readonly IndexedPropertyValue[];
}

export function buildSiteConfig(overrides: SiteConfigOverrides = {}): SiteConfig {
  const key = (overrides.projectKey ?? 'FHSD').toUpperCase();
  if (!/^[A-Z][A-Z0-9_]{1,9}$/.test(key)) {
    throw new Error(`Invalid project key '${key}': 2-10 upper-case letters, digits or underscores, starting with a letter.`);
  }
  return {
    baseUrl: stripTrailingSlash(overrides.baseUrl ?? 'http://jira.localhost'),
    cloudId: overrides.cloudId ?? '00000000-0000-4000-8000-000000000000',
    project: { id: '10000', key, name: overrides.projectName ?? `${key} Service Desk`, serviceDeskId: '1' },
    issueTypes: overrides.issueTypes ?? DEFAULT_ISSUE_TYPES,
    requestTypes: overrides.requestTypes ?? DEFAULT_REQUEST_TYPES,
    resolutions: overrides.resolutions ?? DEFAULT_RESOLUTIONS,
    transitionScreens: overrides.transitionScreens ?? DEFAULT_TRANSITION_SCREENS,
    customFields: [...SERVICE_DESK_FIELDS, ...(overrides.customFields ?? [])],
    appAccountId: overrides.appAccountId ?? '557058:local-forge-app',
    appDisplayName: overrides.appDisplayName ?? 'Forge app',
    indexedProperties: overrides.indexedProperties ?? [],
  };
}

export function stripTrailingSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

export function customFieldName(site: SiteConfig, fieldId: string): string {
  return site.customFields.find((field) => field.id === fieldId)?.name ?? fieldId;
}
