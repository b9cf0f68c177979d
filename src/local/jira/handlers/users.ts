import { JiraHttpError } from '../errors';
import { jsonResponse } from '../http/messages';
import { avatarUrls, userBean } from '../issues/representation';
import { type Handler, type HandlerContext, integerParam, isCustomer, requireAccount } from './context';

/** GET /rest/api/3/myself */
export const getCurrentUser: Handler = ({ actor, view }) => jsonResponse(200, userBean(view, requireAccount(actor)));

/** GET /rest/api/3/user?accountId=… */
export const getUser: Handler = ({ site, actor, view, query }) => {
  requireAccount(actor);
  const accountId = query.get('accountId');
  if (!accountId) throw JiraHttpError.messages(400, 'The accountId query parameter needs to be provided.');
  const user = site.store.findUser(accountId);
  if (!user) throw JiraHttpError.messages(404, `Specified user does not exist or you do not have required permissions`);
  return jsonResponse(200, userBean(view, user));
};

/** GET /rest/api/3/user/search?query=…|accountId=… */
export const findUsers: Handler = ({ site, actor, view, query }) => {
  requireAccount(actor);
  const text = query.get('query')?.trim().toLowerCase();
  const accountId = query.get('accountId');
  if (!text && !accountId) throw JiraHttpError.messages(400, "One of 'query' or 'accountId' query parameters must be provided.");
  const startAt = integerParam(query, 'startAt', 0);
  const maxResults = Math.min(integerParam(query, 'maxResults', 50), 1000);
  const matches = site.store
    .listUsers()
    .filter((user) => user.active)
    .filter((user) => !accountId || user.accountId === accountId)
    .filter((user) => !text || user.displayName.toLowerCase().includes(text) || user.emailAddress.toLowerCase().includes(text))
    .sort((left, right) => left.displayName.localeCompare(right.displayName));
  return jsonResponse(
    200,
    matches.slice(startAt, startAt + maxResults).map((user) => userBean(view, user)),
  );
};

/** Portal customers hold no "Browse users and groups" permission: Jira answers them exact name matches only (user picker). */
const browsesUsers = (actor: HandlerContext['actor']): boolean => !isCustomer(actor);

/**
 * GET /rest/api/3/user/bulk?accountId=…&accountId=… — a page (`PageBeanUser`) of the users named, active or not, in
 * the order asked; an id no user has is left out (the OpenAPI description says nothing of them: Jira omits them).
 */
export const bulkGetUsers: Handler = ({ site, actor, view, query }) => {
  requireAccount(actor);
  const ids = [...new Set(query.getAll('accountId').filter((id) => id.length > 0))];
  if (ids.length === 0) throw JiraHttpError.messages(400, 'The accountId query parameter needs to be provided.');
  const startAt = integerParam(query, 'startAt', 0);
  const maxResults = integerParam(query, 'maxResults', 10);
  const found = ids.map((id) => site.store.findUser(id)).filter((user): user is NonNullable<typeof user> => user !== undefined && user.accountType !== 'app');
  const values = found.slice(startAt, startAt + maxResults);
  return jsonResponse(200, {
    self: `${view.baseUrl}/rest/api/3/user/bulk?${query.toString()}`,
    maxResults,
    startAt,
    total: found.length,
    isLast: startAt + values.length >= found.length,
    values: values.map((user) => userBean(view, user)),
  });
};

/** Whether a query term matches the prefix of the user's display name (or a word of it) or e-mail address. */
function matchesPrefix(user: { displayName: string; emailAddress: string }, term: string): boolean {
  const words = user.displayName.toLowerCase().split(/\s+/);
  return user.displayName.toLowerCase().startsWith(term) || words.some((word) => word.startsWith(term)) || user.emailAddress.toLowerCase().startsWith(term);
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The display name and e-mail with the matched prefix in bold, as the picker's `html`. */
function highlighted(user: { displayName: string; emailAddress: string }, term: string): string {
  const bold = (text: string): string =>
    text
      .split(/(\s+)/)
      .map((word) => (word.toLowerCase().startsWith(term) && term.length > 0 ? `<strong>${escapeHtml(word.slice(0, term.length))}</strong>${escapeHtml(word.slice(term.length))}` : escapeHtml(word)))
      .join('');
  return `${bold(user.displayName)} - ${bold(user.emailAddress)}`;
}

/**
 * GET /rest/api/3/user/picker?query=… — `FoundUsers`: users whose display name or e-mail starts with the query (or a
 * word of the name does), with `accountType`, and `avatarUrl` when `showAvatar=true`; `total` counts every match.
 * Without "Browse users and groups" (portal customers) only an exact name match is returned.
 */
export const pickUsers: Handler = ({ site, actor, view, query }) => {
  requireAccount(actor);
  const raw = query.get('query');
  if (raw === null) throw JiraHttpError.messages(400, "The 'query' query parameter needs to be provided.");
  if (query.getAll('exclude').length > 0 && query.getAll('excludeAccountIds').length > 0) throw JiraHttpError.messages(400, "'exclude' and 'excludeAccountIds' cannot be provided together.");
  const term = raw.trim().toLowerCase();
  const maxResults = integerParam(query, 'maxResults', 50);
  const showAvatar = query.get('showAvatar') === 'true';
  const excluded = new Set(query.getAll('excludeAccountIds').flatMap((value) => value.split(',')).map((id) => id.trim()));
  const excludeApps = query.get('excludeConnectUsers') === 'true';
  const matches = site.store
    .listUsers()
    .filter((user) => user.active && !excluded.has(user.accountId) && !(excludeApps && user.accountType === 'app'))
    .filter((user) => (browsesUsers(actor) ? term.length > 0 && matchesPrefix(user, term) : user.displayName.toLowerCase() === term))
    .sort((left, right) => left.displayName.localeCompare(right.displayName));
  const users = matches.slice(0, maxResults).map((user) => ({
    accountId: user.accountId,
    accountType: user.accountType,
    displayName: user.displayName,
    html: highlighted(user, term),
    ...(showAvatar ? { avatarUrl: avatarUrls(view, user.accountId)['24x24'] as string } : {}),
  }));
  return jsonResponse(200, { users, total: matches.length, header: `Showing ${users.length} of ${matches.length} matching users` });
};
