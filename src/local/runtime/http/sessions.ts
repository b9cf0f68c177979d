import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { JiraStandIn, UserRecord } from '../../jira';
import type { RuntimeStateStore, SessionRow } from '../state-store';
import { headerOf, parseCookies } from './messages';

export const SESSION_COOKIE = 'fhsd_session';

export interface SignedIn {
  readonly session: SessionRow;
  readonly person: UserRecord;
}

/** Demo sign-in: a random session id in an HttpOnly cookie, mapped server-side to the person chosen with the switcher. */
export class Sessions {
  constructor(
    private readonly state: RuntimeStateStore,
    private readonly jira: JiraStandIn,
  ) {}

  idOf(request: IncomingMessage): string | undefined {
    const id = parseCookies(headerOf(request, 'cookie'))[SESSION_COOKIE];
    return id && /^[A-Za-z0-9_-]{20,100}$/.test(id) ? id : undefined;
  }

  current(request: IncomingMessage): SignedIn | undefined {
    const id = this.idOf(request);
    const session = id ? this.state.findSession(id) : undefined;
    const person = session ? this.jira.store.findUser(session.accountId) : undefined;
    if (!session || !person || !person.active || person.accountType === 'app') return undefined;
    return { session, person };
  }

  /** A new session for `accountId` (the previous one, and its panel tokens, end); returns the Set-Cookie value. */
  start(accountId: string, previousId: string | undefined, theme: 'light' | 'dark'): string {
    if (previousId) this.state.deleteSession(previousId);
    const id = randomBytes(24).toString('base64url');
    this.state.createSession({ id, accountId, csrf: randomBytes(24).toString('base64url'), theme });
    return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`;
  }

  end(id: string | undefined): string {
    if (id) this.state.deleteSession(id);
    return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
  }

  setTheme(id: string, theme: 'light' | 'dark'): void {
    this.state.setSessionTheme(id, theme);
  }
}

/** Browsers send Origin on POST: one that is not this server's own is refused (with SameSite cookies and CSRF tokens, a third lock). */
export function sameOrigin(request: IncomingMessage): boolean {
  const from = headerOf(request, 'origin');
  if (from !== undefined && from !== `http://${headerOf(request, 'host') ?? ''}`) return false;
  const site = headerOf(request, 'sec-fetch-site');
  return site !== 'cross-site' && site !== 'same-site';
}
