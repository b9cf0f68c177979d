/** Storage behind the emulator. Values are kept as the JSON text the client sent. */
export interface StoredRecord {
  readonly key: string;
  readonly json: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt?: number;
}

export interface ScanOptions {
  readonly prefix?: string;
  /** Only keys strictly greater than this one. */
  readonly afterKey?: string;
  readonly limit?: number;
  /** Records with expiresAt <= now are left out. */
  readonly now: number;
}

/**
 * Namespaces: `kvs` (plain keys), `secret`, and `entity:<name>` per custom entity.
 * Every method is synchronous so that one emulator request can run inside one transaction.
 */
export interface KvsStore {
  get(ns: string, key: string): StoredRecord | undefined;
  put(ns: string, record: StoredRecord): void;
  /** True when a record was there. */
  delete(ns: string, key: string): boolean;
  /** Unexpired records in ascending key order (binary order of the key). */
  scan(ns: string, options: ScanOptions): StoredRecord[];
  /** Runs fn atomically: if it throws, nothing it wrote remains. Nested calls join the outer one. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export function isLive(record: StoredRecord, now: number): boolean {
  return record.expiresAt === undefined || record.expiresAt > now;
}

export const NS_KVS = 'kvs';
export const NS_SECRET = 'secret';
export const entityNamespace = (entityName: string): string => `entity:${entityName}`;
