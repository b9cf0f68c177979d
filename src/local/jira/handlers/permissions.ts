import { issueNotFound, JiraHttpError } from '../errors';
import { jsonResponse } from '../http/messages';
import { listParameter } from '../issues/field-selection';
import type { IssueRecord, JsonObject } from '../model';
import { findPermission, grantedPermissions, type PermissionDefinition } from '../permissions';
import { type Handler, requireAccount } from './context';

/** GET /rest/api/3/mypermissions?permissions=A,B[&issueKey=…|issueId=…|projectKey=…|projectId=…] */
export const getMyPermissions: Handler = ({ site, actor, query }) => {
  requireAccount(actor);
  const keys = listParameter(query, 'permissions') ?? [];
  if (keys.length === 0) throw JiraHttpError.messages(400, 'The permissions parameter is required.');
  const unknown = keys.filter((key) => !findPermission(key));
  if (unknown.length > 0) throw JiraHttpError.messages(400, `Invalid permission key(s): ${unknown.join(', ')}.`);

  let issue: IssueRecord | undefined;
  const issueRef = query.get('issueKey') ?? query.get('issueId');
  if (issueRef) {
    issue = site.findIssue(issueRef);
    if (!issue || !site.canSee(actor, issue)) throw issueNotFound();
  }
  const projectRef = query.get('projectKey') ?? query.get('projectId');
  if (projectRef) {
    const { project } = site.config;
    if (projectRef.toUpperCase() !== project.key && projectRef !== project.id) {
      throw JiraHttpError.messages(404, `No project could be found with key '${projectRef}'.`);
    }
  }

  const granted = grantedPermissions(actor, issue);
  const permissions: JsonObject = {};
  for (const key of keys) {
    const definition = findPermission(key) as PermissionDefinition;
    permissions[key] = { ...definition, havePermission: granted.has(definition.key) };
  }
  return jsonResponse(200, { permissions });
};
