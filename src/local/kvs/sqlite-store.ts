import Database from 'better-sqlite3';
import type { KvsStore, ScanOptions, StoredRecord } from './store';

interface Row {
  key: string;
  json: string;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kvs_record (
  ns TEXT NOT NULL,
  key TEXT NOT NULL,
  json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  expires_at INTEGER,
  PRIMARY KEY (ns, key)
) WITHOUT ROWID;
`;

function toRecord(row: Row): StoredRecord {
  const base = { key: row.key, json: row.json, createdAt: row.created_at, updatedAt: row.updated_at };
  return row.expires_at === null ? base : { ...base, expiresAt: row.expires_at };
}

/**
 * SQLite store (better-sqlite3, WAL). The emulator runs each request inside `transaction`,
 * so a request is one SQL transaction: a killed process leaves it either whole or absent.
 */
export class SqliteStore implements KvsStore {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(readonly filename: string) {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.stmts = {
      get: this.db.prepare<[string, string], Row>('SELECT key, json, created_at, updated_at, expires_at FROM kvs_record WHERE ns = ? AND key = ?'),
      put: this.db.prepare(
        `INSERT INTO kvs_record (ns, key, json, created_at, updated_at, expires_at) VALUES (@ns, @key, @json, @createdAt, @updatedAt, @expiresAt)
         ON CONFLICT (ns, key) DO UPDATE SET json = excluded.json, created_at = excluded.created_at,
           updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
      ),
      delete: this.db.prepare<[string, string]>('DELETE FROM kvs_record WHERE ns = ? AND key = ?'),
      scan: this.db.prepare<{ ns: string; after: string | null; prefix: string | null; plen: number; now: number; limit: number }, Row>(
        `SELECT key, json, created_at, updated_at, expires_at FROM kvs_record
         WHERE ns = @ns
           AND (@after IS NULL OR key > @after)
           AND (@prefix IS NULL OR (key >= @prefix AND substr(key, 1, @plen) = @prefix))
           AND (expires_at IS NULL OR expires_at > @now)
         ORDER BY key LIMIT @limit`,
      ),
    };
  }

  get(ns: string, key: string): StoredRecord | undefined {
    const row = this.stmts.get.get(ns, key);
    return row ? toRecord(row) : undefined;
  }

  put(ns: string, record: StoredRecord): void {
    this.stmts.put.run({ ns, key: record.key, json: record.json, createdAt: record.createdAt, updatedAt: record.updatedAt, expiresAt: record.expiresAt ?? null });
  }

  delete(ns: string, key: string): boolean {
    return this.stmts.delete.run(ns, key).changes > 0;
  }

  scan(ns: string, options: ScanOptions): StoredRecord[] {
    const prefix = options.prefix ?? null;
    return this.stmts.scan
      .all({ ns, after: options.afterKey ?? null, prefix, plen: prefix?.length ?? 0, now: options.now, limit: options.limit ?? -1 })
      .map(toRecord);
  }

  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
