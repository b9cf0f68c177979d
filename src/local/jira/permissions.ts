import type { Actor } from './auth';
import { REQUEST_PARTICIPANTS_FIELD } from './config';
import type { IssueRecord } from './model';

export type PermissionType = 'GLOBAL' | 'PROJECT';

export type PermissionKey =
  | 'ADMINISTER'
  | 'USER_PICKER'
  | 'BROWSE_PROJECTS'
  | 'CREATE_ISSUES'
  | 'EDIT_ISSUES'
  | 'ASSIGN_ISSUES'
  | 'RESOLVE_ISSUES'
  | 'ADD_COMMENTS'
  | 'DELETE_ISSUES'
  | 'ASSIGNABLE_USER'
  | 'CLOSE_ISSUES'
  | 'LINK_ISSUES'
  | 'ADMINISTER_PROJECTS'
  | 'EDIT_ALL_COMMENTS'
  | 'EDIT_OWN_COMMENTS'
  | 'DELETE_ALL_COMMENTS'
  | 'DELETE_OWN_COMMENTS'
  | 'TRANSITION_ISSUES';

export interface PermissionDefinition {
  id: string;
  key: PermissionKey;
  name: string;
  type: PermissionType;
  description: string;
}

const permission = (id: string, key: PermissionKey, name: string, type: PermissionType, description: string): PermissionDefinition => ({
  id,
  key,
  name,
  type,
  description,
});

export const PERMISSIONS: readonly PermissionDefinition[] = [
  permission('0', 'ADMINISTER', 'Administer Jira', 'GLOBAL', 'Create and administer projects, issue types, fields, workflows, and schemes for all projects.'),
  permission('27', 'USER_PICKER', 'Browse users and groups', 'GLOBAL', 'View and select users or groups from the user picker.'),
  permission('10', 'BROWSE_PROJECTS', 'Browse Projects', 'PROJECT', 'Ability to browse projects and the issues within them.'),
  permission('11', 'CREATE_ISSUES', 'Create Issues', 'PROJECT', 'Ability to create issues.'),
  permission('12', 'EDIT_ISSUES', 'Edit Issues', 'PROJECT', 'Ability to edit issues.'),
  permission('13', 'ASSIGN_ISSUES', 'Assign Issues', 'PROJECT', 'Ability to assign issues to other people.'),
  permission('14', 'RESOLVE_ISSUES', 'Resolve Issues', 'PROJECT', 'Ability to resolve and reopen issues.'),
  permission('15', 'ADD_COMMENTS', 'Add Comments', 'PROJECT', 'Ability to comment on issues.'),
  permission('16', 'DELETE_ISSUES', 'Delete Issues', 'PROJECT', 'Ability to delete issues.'),
  permission('17', 'ASSIGNABLE_USER', 'Assignable User', 'PROJECT', 'Users with this permission may be assigned to issues.'),
  permission('18', 'CLOSE_ISSUES', 'Close Issues', 'PROJECT', 'Ability to close issues.'),
  permission('21', 'LINK_ISSUES', 'Link Issues', 'PROJECT', 'Ability to link issues together.'),
  permission('23', 'ADMINISTER_PROJECTS', 'Administer Projects', 'PROJECT', 'Ability to administer a project in Jira.'),
  permission('34', 'EDIT_ALL_COMMENTS', 'Edit All Comments', 'PROJECT', 'Ability to edit all comments made on issues.'),
  permission('35', 'EDIT_OWN_COMMENTS', 'Edit Own Comments', 'PROJECT', 'Ability to edit own comments made on issues.'),
  permission('36', 'DELETE_ALL_COMMENTS', 'Delete All Comments', 'PROJECT', 'Ability to delete all comments made on issues.'),
  permission('37', 'DELETE_OWN_COMMENTS', 'Delete Own Comments', 'PROJECT', 'Ability to delete own comments made on issues.'),
  permission('46', 'TRANSITION_ISSUES', 'Transition Issues', 'PROJECT', 'Ability to transition issues.'),
];

const AGENT: readonly PermissionKey[] = [
  'USER_PICKER',
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'EDIT_ISSUES',
  'ASSIGN_ISSUES',
  'RESOLVE_ISSUES',
  'ADD_COMMENTS',
  'ASSIGNABLE_USER',
  'CLOSE_ISSUES',
  'LINK_ISSUES',
  'EDIT_OWN_COMMENTS',
  'DELETE_OWN_COMMENTS',
  'TRANSITION_ISSUES',
];
const ADMIN_EXTRA: readonly PermissionKey[] = ['ADMINISTER', 'ADMINISTER_PROJECTS', 'DELETE_ISSUES', 'EDIT_ALL_COMMENTS', 'DELETE_ALL_COMMENTS'];
/** JSM "Service Desk Customer - Portal Access": project-wide create, and browse/comment on shared requests. */
const CUSTOMER_PROJECT: readonly PermissionKey[] = ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'ADD_COMMENTS'];
const CUSTOMER_ON_SHARED_ISSUE: readonly PermissionKey[] = ['BROWSE_PROJECTS', 'ADD_COMMENTS'];

export function findPermission(key: string): PermissionDefinition | undefined {
  return PERMISSIONS.find((candidate) => candidate.key === key);
}

/** The account ids of a request's participants (JSM's Request participants field). */
export function participantsOf(issue: IssueRecord): string[] {
  const value = issue.customFields[REQUEST_PARTICIPANTS_FIELD];
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => (typeof entry === 'string' ? [entry] : entry && typeof entry === 'object' && !Array.isArray(entry) && typeof entry.accountId === 'string' ? [entry.accountId] : []));
}

/** A customer sees a request they reported, one they participate in, or one shared with one of their organizations. */
export function customerCanSee(customerAccountId: string, customerOrganizationIds: readonly string[], issue: IssueRecord): boolean {
  return issue.reporterId === customerAccountId || participantsOf(issue).includes(customerAccountId) || issue.organizationIds.some((id) => customerOrganizationIds.includes(id));
}

/**
 * The permissions an actor holds, project-wide or (with `issue`) on one issue.
 * Agents hold the agent set (plus admin permissions when flagged admin); customers
 * hold browse/comment only on requests they can see; the app holds everything.
 */
export function grantedPermissions(actor: Actor, issue?: IssueRecord): ReadonlySet<PermissionKey> {
  if (actor.kind === 'anonymous') return new Set();
  if (actor.kind === 'app') return new Set(PERMISSIONS.map((definition) => definition.key));
  const { user } = actor;
  if (!user.active) return new Set();
  if (user.accountType === 'atlassian') return new Set(user.isAdmin ? [...AGENT, ...ADMIN_EXTRA] : AGENT);
  if (user.accountType === 'customer') {
    if (!issue) return new Set(CUSTOMER_PROJECT);
    return new Set(customerCanSee(user.accountId, user.organizationIds, issue) ? CUSTOMER_ON_SHARED_ISSUE : []);
  }
  return new Set();
}

export function hasPermission(actor: Actor, key: PermissionKey, issue?: IssueRecord): boolean {
  return grantedPermissions(actor, issue).has(key);
}
