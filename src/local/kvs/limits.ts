/**
 * Limits the KVS emulator enforces, with where each number comes from (pages of
 * ../shared/forge-docs; the lead's docs/platform-contract.md lists them too).
 *
 * limits-kvs-ce, "Key and object size limits": key length 500; key format
 *   /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/; value size 240 KiB ("in RAW"); object depth 31
 *   (handling-errors-* say MAX_DEPTH is "(32)": the stricter 31 is kept: depth 31 passes, 32 fails).
 * storage-reference/kvs-api-secret, kvs.setSecret: "persisted JSON values may be up to 128 KiB in size and have
 *   a key of up to 500 bytes" (secret keys counted in UTF-8 bytes; plain and entity keys in characters, as
 *   limits-kvs-ce "A key can contain a maximum of 500 characters").
 * handling-errors-kvs: KEY_TOO_SHORT "The provided key needs to be more than one character" (plain
 *   keys: at least 2); handling-errors-customentities: EMPTY_KEY (entity keys: at least 1).
 * limits-kvs-ce, "Transaction limits" (also storage-reference/transactions*): at most 25 operations,
 *   each key once, a 4MB payload (taken as 4 * 1024 * 1024 bytes of request body).
 * storage-reference/entities-batch: a batch holds at most 25 keys.
 * limits-kvs-ce, "Custom Entity Store limits": entity names 3..60 characters; attribute names
 *   [_A-Za-z][_0-9A-Za-z]*, at most 30 characters; combined range values of an index at most 900
 *   bytes, partition values at most 1700 bytes; at most 100 conditions per complex query.
 * storage-reference/entities-api, "Limitations": integer is 32-bit signed; float is 0 or
 *   1E-130..9.99..E+125 in magnitude; string is not empty and not only blanks.
 * storage-reference/kvs-api-query: kvs.query() returns 10 by default, "up to a maximum of 20" in
 *   its example while query.limit says 100 and LIST_QUERY_LIMIT_EXCEEDED says "below 100": the
 *   stricter 20 is kept. storage-reference/entities-api-query: 10 by default, at most 100.
 * storage-reference/kvs-api and entities-api, "Time-to-live": "The maximum supported TTL is 1 year"
 *   (taken as 365 days).
 *
 * Not enforced: the rates of limits-kvs-ce (writes 1 MB/s and reads 12 MB/s per key, queries 24 MB/s per index
 * value; the per-installation operation limits are missing from the copy of the page). The emulator answers
 * without latency, so measuring them on its clock would refuse bursts the real service paces; a refusal would be
 * 429 RATE_LIMIT_EXCEEDED (rateLimitExceeded in errors.ts), which the app passes on as it came.
 */
export interface KvsLimits {
  readonly maxKeyLength: number;
  /** Plain (not entity) keys. */
  readonly minPlainKeyLength: number;
  readonly maxValueBytes: number;
  readonly maxSecretKeyBytes: number;
  readonly maxSecretValueBytes: number;
  readonly maxObjectDepth: number;
  readonly maxTransactionOperations: number;
  readonly maxRequestBytes: number;
  readonly maxBatchItems: number;
  readonly queryDefaultLimit: number;
  readonly queryMaxLimit: number;
  readonly entityQueryDefaultLimit: number;
  readonly entityQueryMaxLimit: number;
  readonly minEntityNameLength: number;
  readonly maxEntityNameLength: number;
  readonly maxAttributeNameLength: number;
  readonly maxIndexRangeBytes: number;
  readonly maxIndexPartitionBytes: number;
  readonly maxQueryConditions: number;
  readonly maxTtlMs: number;
}

export const FORGE_KVS_LIMITS: KvsLimits = {
  maxKeyLength: 500,
  minPlainKeyLength: 2,
  maxValueBytes: 240 * 1024,
  maxSecretKeyBytes: 500,
  maxSecretValueBytes: 128 * 1024,
  maxObjectDepth: 31,
  maxTransactionOperations: 25,
  maxRequestBytes: 4 * 1024 * 1024,
  maxBatchItems: 25,
  queryDefaultLimit: 10,
  queryMaxLimit: 20,
  entityQueryDefaultLimit: 10,
  entityQueryMaxLimit: 100,
  minEntityNameLength: 3,
  maxEntityNameLength: 60,
  maxAttributeNameLength: 30,
  maxIndexRangeBytes: 900,
  maxIndexPartitionBytes: 1700,
  maxQueryConditions: 100,
  maxTtlMs: 365 * 86_400_000,
};

/** limits-kvs-ce, "Key format". */
export const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

/** handling-errors-customentities, INVALID_ENTITY_TYPE (stricter than limits-kvs-ce: no `_`). */
export const ENTITY_TYPE_PATTERN = /^(?![.-])(?!.*\.{2})[a-z0-9:\-.]*(?<![.])$/;

/** limits-kvs-ce, "Custom Entity Store limits" (manifest definitions). */
export const ENTITY_NAME_PATTERN = /^[a-z0-9:\-_.]+$/;
export const ATTRIBUTE_NAME_PATTERN = /^[_A-Za-z][_0-9A-Za-z]*$/;

export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;
export const FLOAT_MIN_MAGNITUDE = 1e-130;
/** Exclusive: the documented 9.99…(38 digits)E+125 has no double between it and 1E+126. */
export const FLOAT_MAX_MAGNITUDE_EXCLUSIVE = 1e126;
