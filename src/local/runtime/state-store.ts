import Database from 'better-sqlite3';

/** What the runtime itself keeps next to Jira's and the app's data: the demo marker, sessions, panel tokens and the trigger queue. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  id         TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  csrf       TEXT NOT NULL,
  theme      TEXT NOT NULL DEFAULT 'light',
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS panel_tokens (
  token      TEXT PRIMARY KEY,
  session_id TEXT,
  account_id TEXT NOT NULL,
  module_key TEXT NOT NULL,
  context    TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS trigger_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  module_key  TEXT NOT NULL,
  event       TEXT NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  next_at     INTEGER NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending',
  last_error  TEXT
);
CREATE INDEX IF NOT EXISTS trigger_events_due ON trigger_events(state, next_at, id);
CREATE TABLE IF NOT EXISTS scheduled_triggers (
  module_key   TEXT PRIMARY KEY,
  definition   TEXT NOT NULL,
  next_at      INTEGER NOT NULL,
  last_run_at  INTEGER,
  last_outcome TEXT
);
`;

export interface SessionRow {
  id: string;
  accountId: string;
  csrf: string;
  theme: 'light' | 'dark';
  /** Epoch ms: when the person signed in, and when the session was last used. */
  createdAt: number;
  lastSeenAt: number;
}

export interface ScheduledTriggerRow {
  moduleKey: string;
  /** The module as the manifest declared it when its schedule was set (a change resets the schedule, as a deployment does). */
  definition: string;
  nextAt: number;
  lastRunAt: number | null;
  lastOutcome: string | null;
}

export interface PanelTokenRow {
  token: string;
  sessionId: string | null;
  accountId: string;
  moduleKey: string;
  context: Record<string, unknown>;
  expiresAt: number;
}

export interface TriggerEventRow {
  id: number;
  moduleKey: string;
  event: unknown;
  attempts: number;
}

/** A SQLite file (WAL): each call is one statement or one transaction, so a killed process leaves whole rows or none. */
export class RuntimeStateStore {
  private readonly db: Database.Database;

  constructor(readonly filePath: string) {
    this.db = new Database(filePath);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    // Folders made before sessions expired have no last_seen_at column: add it (their sessions count as seen when made).
    const columns = this.db.prepare('PRAGMA table_info(sessions)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'last_seen_at')) this.db.exec('ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0');
    this.db.exec('UPDATE sessions SET last_seen_at = created_at WHERE last_seen_at = 0');
  }

  getMeta(name: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE name = ?').get(name) as { value: string } | undefined)?.value;
  }

  setMeta(name: string, value: string): void {
    this.db.prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
  }

  createSession(session: SessionRow): void {
    this.db
      .prepare('INSERT INTO sessions (id, account_id, csrf, theme, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(session.id, session.accountId, session.csrf, session.theme, session.createdAt, session.lastSeenAt);
  }

  findSession(id: string): SessionRow | undefined {
    const row = this.db.prepare('SELECT id, account_id, csrf, theme, created_at, last_seen_at FROM sessions WHERE id = ?').get(id) as
      | { id: string; account_id: string; csrf: string; theme: string; created_at: number; last_seen_at: number }
      | undefined;
    return row ? { id: row.id, accountId: row.account_id, csrf: row.csrf, theme: row.theme === 'dark' ? 'dark' : 'light', createdAt: row.created_at, lastSeenAt: row.last_seen_at } : undefined;
  }

  touchSession(id: string, now: number): void {
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(now, id);
  }

  /** Ends every session idle since `idleBefore` or made before `createdBefore`, with their panel tokens. */
  deleteExpiredSessions(idleBefore: number, createdBefore: number): void {
    this.db.transaction(() => {
      const where = 'last_seen_at < ? OR created_at < ?';
      this.db.prepare(`DELETE FROM panel_tokens WHERE session_id IN (SELECT id FROM sessions WHERE ${where})`).run(idleBefore, createdBefore);
      this.db.prepare(`DELETE FROM sessions WHERE ${where}`).run(idleBefore, createdBefore);
    })();
  }

  setSessionTheme(id: string, theme: 'light' | 'dark'): void {
    this.db.prepare('UPDATE sessions SET theme = ? WHERE id = ?').run(theme, id);
  }

  /** Ends a session and every panel token issued to it. */
  deleteSession(id: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM panel_tokens WHERE session_id = ?').run(id);
      this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
    })();
  }

  savePanelToken(row: PanelTokenRow): void {
    this.db
      .prepare('INSERT INTO panel_tokens (token, session_id, account_id, module_key, context, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(row.token, row.sessionId, row.accountId, row.moduleKey, JSON.stringify(row.context), row.expiresAt);
  }

  findPanelToken(token: string, now: number): PanelTokenRow | undefined {
    const row = this.db.prepare('SELECT token, session_id, account_id, module_key, context, expires_at FROM panel_tokens WHERE token = ? AND expires_at > ?').get(token, now) as
      | { token: string; session_id: string | null; account_id: string; module_key: string; context: string; expires_at: number }
      | undefined;
    if (!row) return undefined;
    return { token: row.token, sessionId: row.session_id, accountId: row.account_id, moduleKey: row.module_key, context: JSON.parse(row.context) as Record<string, unknown>, expiresAt: row.expires_at };
  }

  deleteExpiredTokens(now: number): void {
    this.db.prepare('DELETE FROM panel_tokens WHERE expires_at <= ?').run(now);
  }

  enqueueTrigger(moduleKey: string, event: unknown, now: number): number {
    return Number(this.db.prepare('INSERT INTO trigger_events (module_key, event, next_at) VALUES (?, ?, ?)').run(moduleKey, JSON.stringify(event), now).lastInsertRowid);
  }

  /** An event Forge does not deliver at all: kept as failed, never attempted. */
  triggerDropped(moduleKey: string, event: unknown, error: string, now: number): number {
    return Number(
      this.db.prepare("INSERT INTO trigger_events (module_key, event, next_at, state, last_error) VALUES (?, ?, ?, 'failed', ?)").run(moduleKey, JSON.stringify(event), now, error.slice(0, 2000)).lastInsertRowid,
    );
  }

  /** The oldest pending event due at `now`, if any. */
  nextTrigger(now: number): TriggerEventRow | undefined {
    const row = this.db.prepare("SELECT id, module_key, event, attempts FROM trigger_events WHERE state = 'pending' AND next_at <= ? ORDER BY id LIMIT 1").get(now) as
      | { id: number; module_key: string; event: string; attempts: number }
      | undefined;
    return row ? { id: row.id, moduleKey: row.module_key, event: JSON.parse(row.event) as unknown, attempts: row.attempts } : undefined;
  }

  /** When the next pending event is due; undefined when none is pending. */
  nextTriggerDue(): number | undefined {
    return (this.db.prepare("SELECT MIN(next_at) AS due FROM trigger_events WHERE state = 'pending'").get() as { due: number | null }).due ?? undefined;
  }

  pendingTriggers(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM trigger_events WHERE state = 'pending'").get() as { n: number }).n;
  }

  /** Delivered: the row goes, as Forge forgets a delivered event. */
  triggerDelivered(id: number): void {
    this.db.prepare('DELETE FROM trigger_events WHERE id = ?').run(id);
  }

  /** The delivery is under way: a row still 'running' at the next start was cut short by a crash. */
  triggerStarted(id: number): void {
    this.db.prepare("UPDATE trigger_events SET state = 'running' WHERE id = ?").run(id);
  }

  /** Deliveries cut short by the process dying (still 'running' when the runtime starts). */
  interruptedTriggers(): TriggerEventRow[] {
    const rows = this.db.prepare("SELECT id, module_key, event, attempts FROM trigger_events WHERE state = 'running' ORDER BY id").all() as { id: number; module_key: string; event: string; attempts: number }[];
    return rows.map((row) => ({ id: row.id, moduleKey: row.module_key, event: JSON.parse(row.event) as unknown, attempts: row.attempts }));
  }

  /** Another delivery of the event at `retryAt`, with the event as it is to be redelivered (its retryContext). */
  triggerRetry(id: number, event: unknown, error: string, retryAt: number): void {
    this.db
      .prepare("UPDATE trigger_events SET attempts = attempts + 1, event = ?, last_error = ?, next_at = ?, state = 'pending' WHERE id = ?")
      .run(JSON.stringify(event), error.slice(0, 2000), retryAt, id);
  }

  triggerFailed(id: number, error: string, retryAt: number | null): void {
    this.db
      .prepare("UPDATE trigger_events SET attempts = attempts + 1, last_error = ?, next_at = COALESCE(?, next_at), state = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END WHERE id = ?")
      .run(error.slice(0, 2000), retryAt, retryAt, id);
  }

  failedTriggers(): { id: number; moduleKey: string; attempts: number; lastError: string | null }[] {
    return (this.db.prepare("SELECT id, module_key, attempts, last_error FROM trigger_events WHERE state = 'failed' ORDER BY id").all() as { id: number; module_key: string; attempts: number; last_error: string | null }[]).map((r) => ({
      id: r.id,
      moduleKey: r.module_key,
      attempts: r.attempts,
      lastError: r.last_error,
    }));
  }

  scheduledTriggers(): ScheduledTriggerRow[] {
    const rows = this.db.prepare('SELECT module_key, definition, next_at, last_run_at, last_outcome FROM scheduled_triggers ORDER BY module_key').all() as {
      module_key: string;
      definition: string;
      next_at: number;
      last_run_at: number | null;
      last_outcome: string | null;
    }[];
    return rows.map((r) => ({ moduleKey: r.module_key, definition: r.definition, nextAt: r.next_at, lastRunAt: r.last_run_at, lastOutcome: r.last_outcome }));
  }

  /** The schedules of the manifest's scheduled triggers, replacing every earlier one (Forge recreates them all on any change). */
  replaceScheduledTriggers(rows: readonly Pick<ScheduledTriggerRow, 'moduleKey' | 'definition' | 'nextAt'>[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM scheduled_triggers').run();
      const insert = this.db.prepare('INSERT INTO scheduled_triggers (module_key, definition, next_at) VALUES (?, ?, ?)');
      for (const row of rows) insert.run(row.moduleKey, row.definition, row.nextAt);
    })();
  }

  /** Claims a due run: moves the schedule on only if it still says `dueAt`, so one slot is claimed once even across restarts. */
  claimScheduledRun(moduleKey: string, dueAt: number, nextAt: number, now: number): boolean {
    return this.db.prepare('UPDATE scheduled_triggers SET next_at = ?, last_run_at = ? WHERE module_key = ? AND next_at = ?').run(nextAt, now, moduleKey, dueAt).changes === 1;
  }

  scheduledRunEnded(moduleKey: string, outcome: string): void {
    this.db.prepare('UPDATE scheduled_triggers SET last_outcome = ? WHERE module_key = ?').run(outcome.slice(0, 2000), moduleKey);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
