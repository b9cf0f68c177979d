import type { UserRecord } from './model';
import type { JiraStore } from './store/store';

/**
 * Who makes a request, as the runtime tells the stand-in.
 * - `app`: the Forge app itself (`asApp()`), acting as the site's app account;
 * - `user`: a person (`asUser()` or HTTP Basic auth), by account id;
 * - `anonymous`: no credentials.
 */
export type JiraCaller = { type: 'app' } | { type: 'user'; accountId: string } | { type: 'anonymous' };

export const asApp = (): JiraCaller => ({ type: 'app' });
export const asUser = (accountId: string): JiraCaller => ({ type: 'user', accountId });
export const anonymous = (): JiraCaller => ({ type: 'anonymous' });

/** The resolved caller of a request. */
export type Actor = { kind: 'app'; user: UserRecord } | { kind: 'user'; user: UserRecord } | { kind: 'anonymous' };

/**
 * Resolves an HTTP `Authorization` header. Basic auth with a known person's
 * e-mail and any token (as with a Jira API token) identifies that person.
 * Returns `anonymous` without a header and `undefined` for unusable credentials.
 */
export function callerFromAuthorization(header: string | undefined, store: JiraStore): JiraCaller | undefined {
  if (!header) return anonymous();
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0) return undefined;
  const email = decoded.slice(0, separator);
  const token = decoded.slice(separator + 1);
  const user = store.findUserByEmail(email);
  if (!user || !token || !user.active || user.accountType === 'app') return undefined;
  return asUser(user.accountId);
}

export function actorAccountId(actor: Actor): string | undefined {
  return actor.kind === 'anonymous' ? undefined : actor.user.accountId;
}
