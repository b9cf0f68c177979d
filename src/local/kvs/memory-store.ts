import { isLive, type KvsStore, type ScanOptions, type StoredRecord } from './store';

interface UndoEntry {
  readonly ns: string;
  readonly key: string;
  readonly previous: StoredRecord | undefined;
}

/** In-memory store for tests: a map per namespace, with an undo journal for transactions. */
export class MemoryStore implements KvsStore {
  private readonly spaces = new Map<string, Map<string, StoredRecord>>();
  private journal: UndoEntry[] | undefined;

  get(ns: string, key: string): StoredRecord | undefined {
    return this.spaces.get(ns)?.get(key);
  }

  put(ns: string, record: StoredRecord): void {
    this.remember(ns, record.key);
    let space = this.spaces.get(ns);
    if (!space) {
      space = new Map();
      this.spaces.set(ns, space);
    }
    space.set(record.key, record);
  }

  delete(ns: string, key: string): boolean {
    this.remember(ns, key);
    return this.spaces.get(ns)?.delete(key) ?? false;
  }

  scan(ns: string, options: ScanOptions): StoredRecord[] {
    const space = this.spaces.get(ns);
    if (!space) return [];
    const { prefix, afterKey, limit, now } = options;
    const keys = [...space.keys()]
      .filter((k) => (prefix === undefined || k.startsWith(prefix)) && (afterKey === undefined || k > afterKey))
      .sort();
    const out: StoredRecord[] = [];
    for (const k of keys) {
      const rec = space.get(k) as StoredRecord;
      if (!isLive(rec, now)) continue;
      out.push(rec);
      if (limit !== undefined && out.length >= limit) break;
    }
    return out;
  }

  transaction<T>(fn: () => T): T {
    if (this.journal) return fn();
    const journal: UndoEntry[] = [];
    this.journal = journal;
    try {
      return fn();
    } catch (e) {
      for (const entry of journal.reverse()) this.restore(entry);
      throw e;
    } finally {
      this.journal = undefined;
    }
  }

  close(): void {
    this.spaces.clear();
  }

  private remember(ns: string, key: string): void {
    this.journal?.push({ ns, key, previous: this.get(ns, key) });
  }

  private restore({ ns, key, previous }: UndoEntry): void {
    const space = this.spaces.get(ns);
    if (previous) space?.set(key, previous);
    else space?.delete(key);
  }
}
