/**
 * Records the Jira stand-in keeps. They are storage shapes, not REST shapes:
 * `issues/representation.ts` turns them into the JSON Jira returns.
 * Timestamps are ISO-8601 UTC strings (`2025-01-31T09:30:00.000Z`).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** `atlassian` = a licensed Jira user (agent), `customer` = a JSM portal-only customer, `app` = the app's own account. */
export type AccountType = 'atlassian' | 'customer' | 'app';

export interface UserRecord {
  accountId: string;
  displayName: string;
  /** Empty for the app account. Used for Basic authentication (e-mail + any token). */
  emailAddress: string;
  accountType: AccountType;
  active: boolean;
  /** Jira/project administrator (agents only): grants ADMINISTER_PROJECTS, DELETE_ISSUES, etc. */
  isAdmin: boolean;
  /** JSM organizations the person belongs to (customers; agents may also be listed). */
  organizationIds: string[];
  timeZone: string;
}

/** A JSM organization (the `Organizations` field, customfield_10002). */
export interface OrganizationRecord {
  id: string;
  name: string;
}

export interface EntityPropertyRecord {
  key: string;
  value: JsonValue;
}

export interface IssueRecord {
  id: string;
  key: string;
  projectKey: string;
  issueTypeId: string;
  summary: string;
  /** Atlassian Document Format document, or null. */
  description: JsonObject | null;
  statusId: string;
  statusCategoryChangeDate: string;
  resolutionId: string | null;
  resolutionDate: string | null;
  reporterId: string | null;
  creatorId: string;
  assigneeId: string | null;
  labels: string[];
  /** `YYYY-MM-DD` or null. */
  dueDate: string | null;
  /** JSM request type (customfield_10010), or null. */
  requestTypeId: string | null;
  /** JSM organizations the request is shared with (customfield_10002). */
  organizationIds: string[];
  /** Any other `customfield_NNNNN` value, stored as given. */
  customFields: Record<string, JsonValue>;
  created: string;
  updated: string;
}

export interface CommentRecord {
  id: string;
  issueId: string;
  authorId: string;
  updateAuthorId: string;
  /** ADF document. */
  body: JsonObject;
  /** Comment entity properties, among them `sd.public.comment` `{ internal: boolean }`. */
  properties: EntityPropertyRecord[];
  created: string;
  updated: string;
}

export interface ChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface ChangelogRecord {
  id: string;
  issueId: string;
  authorId: string;
  created: string;
  items: ChangeItem[];
}

/** An e-mail notification queued by POST /rest/api/3/issue/{issueIdOrKey}/notify: Jira sends it, and keeps nothing on the issue. */
export interface MailRecord {
  id: string;
  issueId: string;
  issueKey: string;
  /** Who asked for it (an app's or a person's account). */
  senderId: string;
  /** The account ids it goes to, once the request's recipients and restrictions are resolved. */
  to: string[];
  subject: string;
  textBody: string | null;
  htmlBody: string | null;
  queued: string;
}
