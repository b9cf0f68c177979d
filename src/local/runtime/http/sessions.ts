import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { JiraStandIn, UserRecord } from '../../jira';
import type { RuntimeStateStore, SessionRow } from '../state-store';
import { headerOf, parseCookies } from './messages';

export const SESSION_COOKIE = 'fhsd_session';

/** How long a sign-in lasts: unused for two hours, or twelve hours after it began, the person signs in again. */
export interface SessionLimits {
  readonly idleMs: number;
  readonly absoluteMs: number;
}
export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 2 * 60 * 60 * 1000, absoluteMs: 12 * 60 * 60 * 1000 };

export interface SignedIn {
  readonly session: SessionRow;
  readonly person: UserRecord;
}

/**
 * Demo sign-in: a random session id in an HttpOnly cookie, mapped server-side to the person chosen with the switcher.
 * A session ends when idle too long or too old; its panel tokens end with it.
 */
export class Sessions {
  constructor(
    private readonly state: RuntimeStateStore,
    private readonly jira: JiraStandIn,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  idOf(request: IncomingMessage): string | undefined {
    const id = parseCookies(headerOf(request, 'cookie'))[SESSION_COOKIE];
    return id && /^[A-Za-z0-9_-]{20,100}$/.test(id) ? id : undefined;
  }

  /** The signed-in person of the request's cookie; an expired session is ended here (and counts as none). Using it keeps it alive. */
  current(request: IncomingMessage): SignedIn | undefined {
    const id = this.idOf(request);
    const session = id ? this.state.findSession(id) : undefined;
    if (!session) return undefined;
    const now = this.now();
    if (this.expired(session, now)) {
      this.state.deleteSession(session.id);
      return undefined;
    }
    const person = this.jira.store.findUser(session.accountId);
    if (!person || !person.active || person.accountType === 'app') return undefined;
    this.state.touchSession(session.id, now);
    return { session: { ...session, lastSeenAt: now }, person };
  }

  /** The id of the request's session if it is still alive (a panel token bound to a dead session is worth nothing). */
  liveId(request: IncomingMessage): string | undefined {
    return this.current(request)?.session.id;
  }

  /** Ends every expired session (at start: a folder may hold sessions of days ago). */
  sweep(): void {
    const now = this.now();
    this.state.deleteExpiredSessions(now - this.limits.idleMs, now - this.limits.absoluteMs);
  }

  private expired(session: SessionRow, now: number): boolean {
    return now - session.lastSeenAt >= this.limits.idleMs || now - session.createdAt >= this.limits.absoluteMs;
  }

  /** A new session for `accountId` (the previous one, and its panel tokens, end); returns the Set-Cookie value. */
  start(accountId: string, previousId: string | undefined, theme: 'light' | 'dark'): string {
    if (previousId) this.state.deleteSession(previousId);
    const id = randomBytes(24).toString('base64url');
    const now = this.now();
    this.state.createSession({ id, accountId, csrf: randomBytes(24).toString('base64url'), theme, createdAt: now, lastSeenAt: now });
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
