/**
 * The OAuth scopes Jira asks of an app for each operation the Jira stand-in answers, copied from the OpenAPI
 * description's `x-atlassian-oauth2-scopes` (classic, then granular); test/local/forge-host/scopes.test.ts keeps the
 * copy equal to ../shared/jira/platform-openapi.v3.json. An app's call is allowed when its manifest grants every
 * scope of one of the two sets (forge-docs manifest-reference/modules/jira-ui-modifications: "you always have to
 * declare all scopes from your chosen group").
 */
const OPERATIONS: readonly [method: string, path: string, classic: readonly string[], granular: readonly string[]][] = [
  ['GET', '/rest/api/3/serverInfo', [], []],
  ['GET', '/rest/api/3/myself', ['read:jira-user'], ['read:application-role:jira', 'read:group:jira', 'read:user:jira', 'read:avatar:jira']],
  ['GET', '/rest/api/3/user', ['read:jira-user'], ['read:application-role:jira', 'read:group:jira', 'read:user:jira', 'read:avatar:jira']],
  ['GET', '/rest/api/3/user/search', ['read:jira-user'], ['read:user:jira', 'read:user.property:jira', 'read:application-role:jira', 'read:avatar:jira', 'read:group:jira']],
  ['GET', '/rest/api/3/user/bulk', ['read:jira-user'], ['read:application-role:jira', 'read:group:jira', 'read:user:jira', 'read:avatar:jira']],
  ['GET', '/rest/api/3/user/picker', ['read:jira-user'], ['read:user:jira']],
  ['GET', '/rest/api/3/mypermissions', ['read:jira-work'], ['read:permission:jira']],
  ['GET', '/rest/api/3/project/{projectIdOrKey}', ['read:jira-work'], ['read:issue-type:jira', 'read:project:jira', 'read:project.property:jira', 'read:user:jira', 'read:application-role:jira', 'read:avatar:jira', 'read:group:jira', 'read:issue-type-hierarchy:jira', 'read:project-category:jira', 'read:project-version:jira', 'read:project.component:jira']],
  ['GET', '/rest/api/3/status', ['read:jira-work'], ['read:status:jira']],
  ['GET', '/rest/api/3/status/{idOrName}', ['read:jira-work'], ['read:status:jira']],
  ['GET', '/rest/api/3/field', ['read:jira-work'], ['read:field:jira', 'read:avatar:jira', 'read:project-category:jira', 'read:project:jira', 'read:field-configuration:jira']],
  ['POST', '/rest/api/3/issue', ['write:jira-work'], ['write:issue:jira', 'write:comment:jira', 'write:comment.property:jira', 'write:attachment:jira', 'read:issue:jira']],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}', ['read:jira-work'], ['read:issue-meta:jira', 'read:issue-security-level:jira', 'read:issue.vote:jira', 'read:issue.changelog:jira', 'read:avatar:jira', 'read:issue:jira', 'read:status:jira', 'read:user:jira', 'read:field-configuration:jira']],
  ['PUT', '/rest/api/3/issue/{issueIdOrKey}', ['write:jira-work'], ['write:issue:jira']],
  ['DELETE', '/rest/api/3/issue/{issueIdOrKey}', ['write:jira-work'], ['delete:issue:jira']],
  ['PUT', '/rest/api/3/issue/{issueIdOrKey}/assignee', ['write:jira-work'], ['write:issue:jira']],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}/changelog', ['read:jira-work'], ['read:issue-meta:jira', 'read:avatar:jira', 'read:issue.changelog:jira']],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}/transitions', ['read:jira-work'], ['read:issue.transition:jira', 'read:status:jira', 'read:field-configuration:jira']],
  ['POST', '/rest/api/3/issue/{issueIdOrKey}/transitions', ['write:jira-work'], ['write:issue:jira', 'write:issue.property:jira']],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}/comment', ['read:jira-work'], ['read:comment:jira', 'read:comment.property:jira', 'read:group:jira', 'read:project:jira', 'read:project-role:jira', 'read:user:jira', 'read:avatar:jira']],
  ['POST', '/rest/api/3/issue/{issueIdOrKey}/comment', ['write:jira-work'], ['read:comment:jira', 'read:comment.property:jira', 'read:group:jira', 'read:project:jira', 'read:project-role:jira', 'read:user:jira', 'write:comment:jira', 'read:avatar:jira']],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', ['read:jira-work'], ['read:comment:jira', 'read:comment.property:jira', 'read:group:jira', 'read:project:jira', 'read:project-role:jira', 'read:user:jira', 'read:avatar:jira']],
  ['PUT', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', ['write:jira-work'], ['read:comment:jira', 'read:comment.property:jira', 'read:group:jira', 'read:project:jira', 'read:project-role:jira', 'read:user:jira', 'write:comment:jira', 'read:avatar:jira']],
  ['DELETE', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', ['write:jira-work'], ['delete:comment:jira', 'delete:comment.property:jira']],
  ['POST', '/rest/api/3/issue/{issueIdOrKey}/notify', ['write:jira-work'], ['send:notification:jira']],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}/properties', ['read:jira-work'], ['read:issue.property:jira']],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', ['read:jira-work'], ['read:issue.property:jira']],
  ['PUT', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', ['write:jira-work'], ['write:issue.property:jira']],
  ['DELETE', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', ['write:jira-work'], ['delete:issue.property:jira']],
  ['GET', '/rest/api/3/search/jql', ['read:jira-work'], ['read:issue-details:jira', 'read:audit-log:jira', 'read:avatar:jira', 'read:field-configuration:jira', 'read:issue-meta:jira']],
  ['POST', '/rest/api/3/search/jql', ['read:jira-work'], ['read:issue-details:jira', 'read:field.default-value:jira', 'read:field.option:jira', 'read:field:jira', 'read:group:jira']],
  ['GET', '/rest/api/3/search', ['read:jira-work'], ['read:issue-details:jira', 'read:audit-log:jira', 'read:avatar:jira', 'read:field-configuration:jira', 'read:issue-meta:jira']],
  ['POST', '/rest/api/3/search', ['read:jira-work'], ['read:issue-details:jira', 'read:field.default-value:jira', 'read:field.option:jira', 'read:field:jira', 'read:group:jira']],
];

export interface OperationScopes {
  readonly method: string;
  /** The path template of the OpenAPI description. */
  readonly path: string;
  readonly classic: readonly string[];
  readonly granular: readonly string[];
}

/**
 * Jira Service Management operations the stand-in answers. Their description is not in the offline OpenAPI file: the
 * granular scopes are those forge-docs manifest-reference/scopes-product-jsm names for what each operation reads or
 * writes, the classic ones those of Atlassian's Service Management REST reference.
 */
const SERVICE_DESK_OPERATIONS: readonly [method: string, path: string, classic: readonly string[], granular: readonly string[]][] = [
  ['GET', '/rest/servicedeskapi/request/{issueIdOrKey}/participant', ['read:servicedesk-request'], ['read:request.participant:jira-service-management', 'read:user:jira']],
  ['POST', '/rest/servicedeskapi/request/{issueIdOrKey}/participant', ['write:servicedesk-request'], ['write:request.participant:jira-service-management', 'read:user:jira']],
  ['GET', '/rest/servicedeskapi/organization', ['read:servicedesk-request'], ['read:organization:jira-service-management']],
];

const toScopes = ([method, path, classic, granular]: readonly [string, string, readonly string[], readonly string[]]): OperationScopes => ({ method, path, classic, granular });

/** Platform operations, whose scopes test/local/forge-host/scopes.test.ts keeps equal to the OpenAPI description. */
export const JIRA_OPERATION_SCOPES: readonly OperationScopes[] = OPERATIONS.map(toScopes);
export const SERVICE_DESK_OPERATION_SCOPES: readonly OperationScopes[] = SERVICE_DESK_OPERATIONS.map(toScopes);
const ALL_OPERATIONS = [...JIRA_OPERATION_SCOPES, ...SERVICE_DESK_OPERATION_SCOPES];

const matches = (template: string, path: string): boolean => {
  const parts = template.split('/');
  const segments = path.split('/');
  return parts.length === segments.length && parts.every((part, i) => (part.startsWith('{') ? segments[i]!.length > 0 : part === segments[i]));
};

/** The operation a request is, by method and path (query ignored); undefined for one the table does not describe. */
export function operationOf(method: string, pathWithQuery: string): OperationScopes | undefined {
  const path = pathWithQuery.split('?')[0] ?? pathWithQuery;
  return ALL_OPERATIONS.find((op) => op.method === method.toUpperCase() && matches(op.path, path));
}

/** Whether the granted scopes cover the operation: every scope of the classic set, or every scope of the granular set. */
export function scopesCover(operation: OperationScopes, granted: readonly string[]): boolean {
  const has = (set: readonly string[]) => set.every((scope) => granted.includes(scope));
  if (operation.classic.length === 0 && operation.granular.length === 0) return true;
  return (operation.classic.length > 0 && has(operation.classic)) || (operation.granular.length > 0 && has(operation.granular));
}

/** The scopes a manifest grants: `permissions.scopes` as a list, or as a map (with `allowImpersonation`). */
export function grantedScopesOf(manifest: Record<string, unknown>): string[] {
  const scopes = (manifest.permissions as { scopes?: unknown } | undefined)?.scopes;
  if (Array.isArray(scopes)) return scopes.map(String);
  return scopes && typeof scopes === 'object' ? Object.keys(scopes) : [];
}
