/**
 * Operation counts. `reads`/`writes` count records (a query returning 7 items is 7 reads,
 * a transaction with 3 sets and 1 delete is 4 writes); bytes are UTF-8 bytes of the JSON
 * values read or written. `readUnits`/`writeUnits` follow Forge's billing rule (limits-kvs-ce):
 * each request counts ceil(payload / 10 KB) units, at least 1; a read request's payload is its
 * response body, a write request's is its request body. A failed request writes nothing.
 */
export interface KvsOpCounts {
  requests: number;
  errors: number;
  reads: number;
  writes: number;
  bytesRead: number;
  bytesWritten: number;
  readUnits: number;
  writeUnits: number;
}

export interface KvsCounters extends KvsOpCounts {
  /** The same counts per endpoint path, e.g. `/api/v1/entity/query`. */
  byPath: Record<string, KvsOpCounts>;
}

/** What one request did; folded into the counters when it ends. */
export interface RequestTally {
  reads: number;
  writes: number;
  bytesRead: number;
  bytesWritten: number;
}

const UNIT_BYTES = 10 * 1024;

export const emptyOpCounts = (): KvsOpCounts => ({
  requests: 0, errors: 0, reads: 0, writes: 0, bytesRead: 0, bytesWritten: 0, readUnits: 0, writeUnits: 0,
});

export const newKvsCounters = (): KvsCounters => ({ ...emptyOpCounts(), byPath: {} });

export const newTally = (): RequestTally => ({ reads: 0, writes: 0, bytesRead: 0, bytesWritten: 0 });

/** Zeroes the counters in place, so references handed out earlier stay valid. */
export function resetKvsCounters(c: KvsCounters): void {
  Object.assign(c, emptyOpCounts());
  for (const path of Object.keys(c.byPath)) delete c.byPath[path];
}

export interface RequestOutcome {
  readonly path: string;
  readonly isRead: boolean;
  readonly ok: boolean;
  readonly requestBytes: number;
  readonly responseBytes: number;
  readonly tally: RequestTally;
}

function add(target: KvsOpCounts, o: RequestOutcome): void {
  const units = Math.max(1, Math.ceil((o.isRead ? o.responseBytes : o.requestBytes) / UNIT_BYTES));
  target.requests += 1;
  target.reads += o.tally.reads;
  target.bytesRead += o.tally.bytesRead;
  if (o.isRead) target.readUnits += units;
  else target.writeUnits += units;
  if (!o.ok) {
    target.errors += 1;
    return;
  }
  target.writes += o.tally.writes;
  target.bytesWritten += o.tally.bytesWritten;
}

export function recordRequest(c: KvsCounters, outcome: RequestOutcome): void {
  add(c, outcome);
  add((c.byPath[outcome.path] ??= emptyOpCounts()), outcome);
}
