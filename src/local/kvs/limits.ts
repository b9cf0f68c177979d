/**
 * Limits the KVS emulator enforces, with where each number comes from.
 *
 * Documented by Atlassian (developer.atlassian.com/platform/forge/...):
 *  - limits-kvs-ce, "Key and object size limits":
 *      key length 500; key format /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/;
 *      value size 240 KiB ("maximum size of a single persisted value (in RAW)");
 *      object depth 31.
 *    (storage-reference/handling-errors-customentities says MAX_DEPTH is "(32)";
 *    we follow the limits page: depth 31 passes, 32 fails.)
 *  - limits-kvs-ce, "Operation limits": reads and writes are billed in 10 KB units
 *    ("a request with a payload of 65KB ... count of 7 requests"): see counters.ts.
 *  - storage-reference/handling-errors-kvs and -customentities: error codes
 *    KEY_TOO_SHORT / EMPTY_KEY, KEY_TOO_LONG, INVALID_KEY, MAX_SIZE, MAX_DEPTH,
 *    ENTITY_TYPE_TOO_SHORT (< 3 chars), ENTITY_TYPE_TOO_LARGE (> 60 chars); all 400.
 *  - runtime-reference/custom-entities, "Limitations": attribute names match
 *    [_A-Za-z][_0-9A-Za-z]*, at most 64 characters; entity names use a-z0-9:-_. ;
 *    entity keys at most 500 characters.
 *  - storage-reference/storage-api-custom-entities, "Type requirements": integer is a
 *    32-bit signed integer (-2,147,483,648 .. 2,147,483,647).
 *  - runtime-reference/storage-api-query: kvs.query() limit "10 values, up to a maximum of 20".
 *  - storage-reference/entities-batch: a batch holds at most 25 keys, a payload of at most
 *    4MB "similar to transactions"; a batch with no keys or a repeated key fails entirely.
 *  - storage-reference/transactions (and transactions-entities): transactions are subject to
 *    the key/value limits above; the page's limits table lists a maximum of 25 operations per
 *    transaction and a 4MB payload (the table was truncated in the copy we could read; the
 *    4MB figure is confirmed by the batch page's "similar to transactions").
 *
 * Not established from any source (chosen here; change in one place if you learn better):
 *  - custom-entity query limit: default 10 (as kvs.query), maximum 100.
 *  - a transaction may not touch the same (entity, key) twice (DynamoDB-style; matches the
 *    batch rule above).
 *  - 4MB is taken as 4 * 1024 * 1024 bytes of request body.
 */
export interface KvsLimits {
  readonly maxKeyLength: number;
  readonly maxValueBytes: number;
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
}

export const FORGE_KVS_LIMITS: KvsLimits = {
  maxKeyLength: 500,
  maxValueBytes: 240 * 1024,
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
  maxAttributeNameLength: 64,
};

/** limits-kvs-ce, "Key format". */
export const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

/** custom-entities, "Limitations". */
export const ENTITY_NAME_PATTERN = /^[a-z0-9:\-_.]+$/;
export const ATTRIBUTE_NAME_PATTERN = /^[_A-Za-z][_0-9A-Za-z]*$/;

export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;
