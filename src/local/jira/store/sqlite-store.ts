import Database from 'better-sqlite3';
import type {
  ChangelogRecord,
  CommentRecord,
  EntityPropertyRecord,
  IssueRecord,
  JsonValue,
  MailRecord,
  OrganizationRecord,
  UserRecord,
} from '../model';
import type { JiraStore, SequenceName } from './store';

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sequences (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS issues (
  id   INTEGER PRIMARY KEY,
  key  TEXT NOT NULL UNIQUE,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS comments (
  id       INTEGER PRIMARY KEY,
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  data     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_by_issue ON comments(issue_id, id);
CREATE TABLE IF NOT EXISTS issue_properties (
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  key      TEXT NOT NULL,
  value    TEXT NOT NULL,
  PRIMARY KEY (issue_id, key)
);
CREATE TABLE IF NOT EXISTS changelogs (
  id       INTEGER PRIMARY KEY,
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  data     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changelogs_by_issue ON changelogs(issue_id, id);
CREATE TABLE IF NOT EXISTS users (
  account_id TEXT PRIMARY KEY,
  email      TEXT NOT NULL COLLATE NOCASE,
  data       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS users_by_email ON users(email);
CREATE TABLE IF NOT EXISTS organizations (
  id   TEXT PRIMARY KEY,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mail (
  id   INTEGER PRIMARY KEY,
  data TEXT NOT NULL
);
`;

interface DataRow {
  data: string;
}

interface PropertyRow {
  key: string;
  value: string;
}

const parse = <T>(row: DataRow | undefined): T | undefined => (row ? (JSON.parse(row.data) as T) : undefined);
const parseAll = <T>(rows: DataRow[]): T[] => rows.map((row) => JSON.parse(row.data) as T);

/**
 * A JiraStore in a SQLite file (better-sqlite3). The database runs in WAL mode
 * and every request's writes are one transaction, so a process killed at any
 * moment leaves either the whole request or none of it on disk.
 */
export class SqliteJiraStore implements JiraStore {
  private readonly db: Database.Database;

  constructor(readonly filePath: string) {
    this.db = new Database(filePath);
    this.db.pragma('journal_mode = WAL');
    // NORMAL is durable against process crashes in WAL mode; only an OS crash may lose the last commits.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  /** Prepared statements, compiled once per SQL text. */
  private readonly statements = new Map<string, Database.Statement>();

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`${this.filePath}: Jira stand-in schema ${version} is newer than this code (${SCHEMA_VERSION}).`);
    }
    this.db.transaction(() => {
      this.db.exec(SCHEMA);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  nextValue(sequence: SequenceName, start: number): number {
    const row = this.sql(
        `INSERT INTO sequences (name, value) VALUES (?, ?)
         ON CONFLICT(name) DO UPDATE SET value = value + 1
         RETURNING value`,
      )
      .get(sequence, start) as { value: number };
    return row.value;
  }

  saveIssue(issue: IssueRecord): void {
    this.sql(
        `INSERT INTO issues (id, key, data) VALUES (?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET key = excluded.key, data = excluded.data`,
      )
      .run(Number(issue.id), issue.key, JSON.stringify(issue));
  }

  findIssueById(id: string): IssueRecord | undefined {
    if (!/^\d+$/.test(id)) return undefined;
    return parse(this.sql('SELECT data FROM issues WHERE id = ?').get(Number(id)) as DataRow | undefined);
  }

  findIssueByKey(key: string): IssueRecord | undefined {
    return parse(this.sql('SELECT data FROM issues WHERE key = ?').get(key.toUpperCase()) as DataRow | undefined);
  }

  listIssues(): IssueRecord[] {
    return parseAll(this.sql('SELECT data FROM issues ORDER BY id').all() as DataRow[]);
  }

  deleteIssue(id: string): void {
    this.sql('DELETE FROM issues WHERE id = ?').run(Number(id));
  }

  saveComment(comment: CommentRecord): void {
    this.sql(
        `INSERT INTO comments (id, issue_id, data) VALUES (?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET data = excluded.data`,
      )
      .run(Number(comment.id), Number(comment.issueId), JSON.stringify(comment));
  }

  findComment(id: string): CommentRecord | undefined {
    if (!/^\d+$/.test(id)) return undefined;
    return parse(this.sql('SELECT data FROM comments WHERE id = ?').get(Number(id)) as DataRow | undefined);
  }

  listComments(issueId: string): CommentRecord[] {
    return parseAll(this.sql('SELECT data FROM comments WHERE issue_id = ? ORDER BY id').all(Number(issueId)) as DataRow[]);
  }

  deleteComment(id: string): void {
    this.sql('DELETE FROM comments WHERE id = ?').run(Number(id));
  }

  setIssueProperty(issueId: string, key: string, value: JsonValue): boolean {
    const existing = this.sql('SELECT 1 FROM issue_properties WHERE issue_id = ? AND key = ?').get(Number(issueId), key);
    this.sql(
        `INSERT INTO issue_properties (issue_id, key, value) VALUES (?, ?, ?)
         ON CONFLICT(issue_id, key) DO UPDATE SET value = excluded.value`,
      )
      .run(Number(issueId), key, JSON.stringify(value));
    return existing === undefined;
  }

  getIssueProperty(issueId: string, key: string): JsonValue | undefined {
    const row = this.sql('SELECT value FROM issue_properties WHERE issue_id = ? AND key = ?').get(Number(issueId), key) as
      | { value: string }
      | undefined;
    return row ? (JSON.parse(row.value) as JsonValue) : undefined;
  }

  listIssueProperties(issueId: string): EntityPropertyRecord[] {
    const rows = this.sql('SELECT key, value FROM issue_properties WHERE issue_id = ? ORDER BY key').all(Number(issueId)) as PropertyRow[];
    return rows.map((row) => ({ key: row.key, value: JSON.parse(row.value) as JsonValue }));
  }

  deleteIssueProperty(issueId: string, key: string): boolean {
    return this.sql('DELETE FROM issue_properties WHERE issue_id = ? AND key = ?').run(Number(issueId), key).changes > 0;
  }

  appendChangelog(entry: ChangelogRecord): void {
    this.sql('INSERT INTO changelogs (id, issue_id, data) VALUES (?, ?, ?)')
      .run(Number(entry.id), Number(entry.issueId), JSON.stringify(entry));
  }

  listChangelog(issueId: string): ChangelogRecord[] {
    return parseAll(this.sql('SELECT data FROM changelogs WHERE issue_id = ? ORDER BY id').all(Number(issueId)) as DataRow[]);
  }

  saveUser(user: UserRecord): void {
    this.sql(
        `INSERT INTO users (account_id, email, data) VALUES (?, ?, ?)
         ON CONFLICT(account_id) DO UPDATE SET email = excluded.email, data = excluded.data`,
      )
      .run(user.accountId, user.emailAddress, JSON.stringify(user));
  }

  findUser(accountId: string): UserRecord | undefined {
    return parse(this.sql('SELECT data FROM users WHERE account_id = ?').get(accountId) as DataRow | undefined);
  }

  findUserByEmail(emailAddress: string): UserRecord | undefined {
    if (!emailAddress) return undefined;
    return parse(this.sql('SELECT data FROM users WHERE email = ?').get(emailAddress) as DataRow | undefined);
  }

  listUsers(): UserRecord[] {
    return parseAll(this.sql('SELECT data FROM users ORDER BY account_id').all() as DataRow[]);
  }

  saveOrganization(organization: OrganizationRecord): void {
    this.sql('INSERT INTO organizations (id, data) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data')
      .run(organization.id, JSON.stringify(organization));
  }

  findOrganization(id: string): OrganizationRecord | undefined {
    return parse(this.sql('SELECT data FROM organizations WHERE id = ?').get(id) as DataRow | undefined);
  }

  listOrganizations(): OrganizationRecord[] {
    return parseAll<OrganizationRecord>(this.sql('SELECT data FROM organizations').all() as DataRow[]).sort((left, right) => {
      const difference = Number(left.id) - Number(right.id);
      return Number.isNaN(difference) ? left.id.localeCompare(right.id) : difference;
    });
  }

  queueMail(mail: MailRecord): void {
    this.sql('INSERT INTO mail (id, data) VALUES (?, ?)').run(Number(mail.id), JSON.stringify(mail));
  }

  listMail(): MailRecord[] {
    return parseAll<MailRecord>(this.sql('SELECT data FROM mail ORDER BY id').all() as DataRow[]);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
