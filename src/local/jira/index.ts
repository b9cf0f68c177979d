/**
 * Local Jira Cloud stand-in (REST v3 subset, one JSM service-desk project).
 * See README.md in this folder for the API and what it covers.
 */
export { JiraStandIn, type JiraStandInOptions, type JiraUserInput, type FetchInit } from './stand-in';
export { startJiraHttpServer, type JiraHttpServer, type JiraHttpServerOptions } from './http/server';
export { type JiraRequest, type JiraResponse, toFetchResponse, responseText } from './http/messages';
export { anonymous, asApp, asUser, type JiraCaller } from './auth';
export type { JiraStore, SequenceName } from './store/store';
export { MemoryJiraStore } from './store/memory-store';
export { SqliteJiraStore } from './store/sqlite-store';
export type {
  EventChangelog,
  EventComment,
  EventIssue,
  IssueAssignedEvent,
  IssueCommentedEvent,
  IssueCreatedEvent,
  IssueDeletedEvent,
  IssueUpdatedEvent,
  JiraEvent,
  JiraEventListener,
  JiraEventType,
} from './events';
export type { TransitionValidationRequest, TransitionValidationResult, TransitionValidator } from './transition-validation';
export {
  buildSiteConfig,
  DEFAULT_ISSUE_TYPES,
  DEFAULT_REQUEST_TYPES,
  DEFAULT_RESOLUTIONS,
  INDEXED_VALUE_TYPES,
  type IndexedPropertyValue,
  type IndexedValueType,
  MULTI_SELECT,
  DEFAULT_TRANSITION_SCREENS,
  ORGANIZATIONS_FIELD,
  REQUEST_PARTICIPANTS_FIELD,
  REQUEST_TYPE_FIELD,
  SELECT_LIST,
  SERVICE_DESK_FIELDS,
  TEXT_AREA,
  TEXT_FIELD,
  type CustomFieldConfig,
  type CustomFieldSchema,
  type SiteConfig,
  type SiteConfigOverrides,
  type TransitionScreenField,
} from './config';
export { STAND_IN_OPERATIONS } from './routes';
export { defaultAvatarSvg } from './avatars';
export { STATUS, STATUS_CATEGORIES, WORKFLOW_STATUSES, WORKFLOW_TRANSITIONS } from './workflow';
export { PUBLIC_COMMENT_PROPERTY } from './issues/comments';
export { adfParagraph, adfToPlainText } from './adf';
export { DEMO_ORGANIZATIONS, DEMO_USERS } from './demo-directory';
export type * from './model';
