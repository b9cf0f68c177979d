import { JiraHttpError } from '../errors';
import { emptyResponse } from '../http/messages';
import type { IssueRecord, UserRecord } from '../model';
import { hasPermission, PERMISSIONS, type PermissionKey } from '../permissions';
import { type Handler, requireAccount, requireParam } from './context';
import type { Actor } from '../auth';

/** UserDetails of the OpenAPI description: `additionalProperties: false`, these fields only. */
const USER_DETAILS_FIELDS = new Set(['accountId', 'accountType', 'active', 'avatarUrls', 'displayName', 'emailAddress', 'key', 'name', 'self', 'timeZone']);
const GROUP_NAME_FIELDS = new Set(['groupId', 'name', 'self']);
const RESTRICTIONS_FIELDS = new Set(['groupIds', 'groups', 'permissions']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function optionalString(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw JiraHttpError.fields(400, { [field]: `${field} must be a string.` });
  return value;
}

function optionalBoolean(body: Record<string, unknown>, field: string, path: string): boolean {
  const value = body[field];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw JiraHttpError.fields(400, { [path]: `${path} must be a boolean.` });
  return value;
}

function arrayOf(body: Record<string, unknown>, field: string, path: string): unknown[] {
  const value = body[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw JiraHttpError.fields(400, { [path]: `${path} must be an array.` });
  return value;
}

function onlyFields(value: unknown, allowed: ReadonlySet<string>, path: string): Record<string, unknown> {
  if (!isObject(value)) throw JiraHttpError.fields(400, { [path]: `${path} must be an object.` });
  const unknown = Object.keys(value).find((key) => !allowed.has(key));
  if (unknown) throw JiraHttpError.fields(400, { [path]: `Unrecognized field "${unknown}".` });
  return value;
}

/** The stand-in keeps no groups: a group named in a notification is one Jira does not know. */
function refuseGroups(body: Record<string, unknown>, path: string): void {
  const groups = arrayOf(body, 'groups', `${path}.groups`).map((g) => onlyFields(g, GROUP_NAME_FIELDS, `${path}.groups`));
  const groupIds = arrayOf(body, 'groupIds', `${path}.groupIds`);
  const first = groups[0]?.name ?? groups[0]?.groupId ?? groupIds[0];
  if (first !== undefined) throw JiraHttpError.messages(400, `Group '${String(first)}' does not exist.`);
}

/** The permission keys a `restrict.permissions` entry names (by key or id), as the stand-in checks them. */
function restrictedPermissions(restrict: Record<string, unknown>): PermissionKey[] {
  return arrayOf(restrict, 'permissions', 'restrict.permissions').map((entry) => {
    if (!isObject(entry)) throw JiraHttpError.fields(400, { 'restrict.permissions': 'restrict.permissions must hold objects.' });
    // BROWSE is the older name of BROWSE_PROJECTS, as the OpenAPI example uses it.
    const key = entry.key === 'BROWSE' ? 'BROWSE_PROJECTS' : entry.key;
    const found = PERMISSIONS.find((p) => p.key === key || (entry.key === undefined && p.id === entry.id));
    if (!found) throw JiraHttpError.messages(400, `Permission '${String(entry.key ?? entry.id)}' does not exist.`);
    return found.key;
  });
}

function recipients(context: Parameters<Handler>[0], issue: IssueRecord, to: Record<string, unknown>): UserRecord[] {
  const { site } = context;
  const found: UserRecord[] = [];
  for (const entry of arrayOf(to, 'users', 'to.users')) {
    const user = onlyFields(entry, USER_DETAILS_FIELDS, 'to.users');
    const accountId = user.accountId;
    if (typeof accountId !== 'string' || accountId.length === 0) throw JiraHttpError.fields(400, { 'to.users': 'Each user needs an accountId.' });
    const record = site.store.findUser(accountId);
    if (!record) throw JiraHttpError.messages(400, `The user with account ID '${accountId}' does not exist.`);
    found.push(record);
  }
  // "the recipient is invalid. For example, the recipient is set to the assignee, but the issue is unassigned."
  for (const [flag, accountId] of [['reporter', issue.reporterId], ['assignee', issue.assigneeId]] as const) {
    if (!optionalBoolean(to, flag, `to.${flag}`)) continue;
    const record = accountId ? site.store.findUser(accountId) : undefined;
    if (!record) throw JiraHttpError.messages(400, `The issue has no ${flag} to notify.`);
    found.push(record);
  }
  // The stand-in keeps no watchers or votes: asking for them adds nobody.
  optionalBoolean(to, 'watchers', 'to.watchers');
  optionalBoolean(to, 'voters', 'to.voters');
  refuseGroups(to, 'to');
  return found;
}

const senderOf = (actor: Actor): UserRecord => requireAccount(actor);

/**
 * POST /rest/api/3/issue/{issueIdOrKey}/notify — queues an e-mail about the issue (204). Browse Projects on the issue
 * is needed (404 otherwise); 400 when the recipient is the caller, a recipient is invalid (unknown user, no assignee
 * or reporter to send to) or the body is malformed. The issue itself does not change: no event, no changelog.
 */
export const notifyIssue: Handler = (context) => {
  const { site, actor } = context;
  const sender = senderOf(actor);
  const issue = site.visibleIssue(actor, requireParam(context, 'issueIdOrKey'));
  const body = context.body;
  if (!isObject(body)) throw JiraHttpError.messages(400, 'The request body must be a JSON object.');
  const subject = optionalString(body, 'subject');
  const textBody = optionalString(body, 'textBody');
  const htmlBody = optionalString(body, 'htmlBody');
  const to = body.to === undefined ? {} : body.to;
  if (!isObject(to)) throw JiraHttpError.fields(400, { to: 'to must be an object.' });
  let people = recipients(context, issue, to);
  if (people.some((person) => person.accountId === sender.accountId)) throw JiraHttpError.messages(400, 'You cannot send a notification to yourself.');
  if (body.restrict !== undefined) {
    const restrict = onlyFields(body.restrict, RESTRICTIONS_FIELDS, 'restrict');
    refuseGroups(restrict, 'restrict');
    const needed = restrictedPermissions(restrict);
    people = people.filter((person) => needed.every((key) => hasPermission({ kind: 'user', user: person }, key, issue)));
  }
  // Jira does not e-mail deactivated accounts; a person named twice gets one e-mail.
  const addressed = [...new Set(people.filter((person) => person.active).map((person) => person.accountId))];
  if (addressed.length === 0) throw JiraHttpError.messages(400, 'The notification has no recipients.');
  site.write(() => {
    const id = String(site.store.nextValue('mailId', 1));
    site.store.queueMail({ id, issueId: issue.id, issueKey: issue.key, senderId: sender.accountId, to: addressed, subject: subject ?? `${issue.key}: ${issue.summary}`, textBody, htmlBody, queued: site.now() });
  });
  return emptyResponse(204);
};
