import { JiraHttpError } from '../errors';
import { jsonResponse } from '../http/messages';
import { userBean } from '../issues/representation';
import { type Handler, integerParam, requireAccount } from './context';

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
