/**
 * Errors the emulator answers with: `{ code, message }` bodies, the shape @forge/kvs turns
 * into ForgeKvsAPIError (see node_modules/@forge/kvs/out/utils/error-handling.js).
 *
 * Documented (../shared/forge-docs/storage-reference/handling-errors-kvs and
 * handling-errors-customentities, remote/accessing-storage): the body schema `{ code, message }`;
 * 400 with KEY_TOO_SHORT, EMPTY_KEY, KEY_TOO_LONG, INVALID_KEY, MAX_SIZE, MAX_DEPTH,
 * ENTITY_TYPE_TOO_SHORT, ENTITY_TYPE_TOO_LARGE, INVALID_ENTITY_TYPE, INVALID_ENTITY_VALUE,
 * INVALID_FILTER_CONDITION, INVALID_FILTER_VALUES, LIST_QUERY_LIMIT_EXCEEDED, QUERY_WHERE_INVALID,
 * QUERY_WHERE_FIELD_INVALID, COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE, EMPTY_FILTER_OPERATOR,
 * INVALID_FILTER_OPERATORS_COMBINATION, INSUFFICIENT_FILTER_VALUES; and "any request that exceeds a
 * quota or limit will return a 429 status with an error code of RATE_LIMIT_EXCEEDED" (the
 * transaction pages call the same answer "a TOO_MANY_REQUESTS error": the 429 status's name).
 *
 * From the real client, not the docs: KEY_NOT_FOUND / 404 for a missing key (storage-api.js swallows
 * exactly that code on get and delete, so the documented "returns undefined" needs it; the docs'
 * tables call it NOT_FOUND); BAD_REQUEST / 400 and INTERNAL_SERVER_ERROR / 500 (its test fixtures).
 *
 * NOT documented anywhere (chosen here; the app must not branch on them, see src/forge/planStore.ts):
 * the answer to a failed transaction condition (CONDITIONAL_CHECK_FAILED, 409), to a FAIL_IF_EXISTS
 * write on an existing key (KEY_ALREADY_EXISTS, 409), MAX_OPERATIONS, MAX_REQUEST_SIZE,
 * DUPLICATE_KEY, ENTITY_NOT_FOUND, INDEX_NOT_FOUND, INVALID_CURSOR (all 400), NOT_FOUND (404,
 * unknown path).
 */
export class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly context?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'KvsError';
  }

  toBody(): { code: string; message: string; context?: Record<string, unknown> } {
    return this.context ? { code: this.code, message: this.message, context: this.context } : { code: this.code, message: this.message };
  }
}

export const KVS_ERROR_CODES = {
  keyNotFound: 'KEY_NOT_FOUND',
  badRequest: 'BAD_REQUEST',
  keyTooShort: 'KEY_TOO_SHORT',
  emptyKey: 'EMPTY_KEY',
  keyTooLong: 'KEY_TOO_LONG',
  invalidKey: 'INVALID_KEY',
  maxSize: 'MAX_SIZE',
  maxDepth: 'MAX_DEPTH',
  entityTypeTooShort: 'ENTITY_TYPE_TOO_SHORT',
  entityTypeTooLarge: 'ENTITY_TYPE_TOO_LARGE',
  invalidCursor: 'INVALID_CURSOR',
  keyAlreadyExists: 'KEY_ALREADY_EXISTS',
  conditionFailed: 'CONDITIONAL_CHECK_FAILED',
  maxOperations: 'MAX_OPERATIONS',
  maxRequestSize: 'MAX_REQUEST_SIZE',
  duplicateKey: 'DUPLICATE_KEY',
  listQueryLimitExceeded: 'LIST_QUERY_LIMIT_EXCEEDED',
  complexQueryPageLimitNotInRange: 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
  invalidFilterCondition: 'INVALID_FILTER_CONDITION',
  invalidFilterValues: 'INVALID_FILTER_VALUES',
  insufficientFilterValues: 'INSUFFICIENT_FILTER_VALUES',
  emptyFilterOperator: 'EMPTY_FILTER_OPERATOR',
  invalidFilterOperatorsCombination: 'INVALID_FILTER_OPERATORS_COMBINATION',
  queryWhereInvalid: 'QUERY_WHERE_INVALID',
  queryWhereFieldInvalid: 'QUERY_WHERE_FIELD_INVALID',
  invalidEntityType: 'INVALID_ENTITY_TYPE',
  rateLimitExceeded: 'RATE_LIMIT_EXCEEDED',
  entityNotFound: 'ENTITY_NOT_FOUND',
  indexNotFound: 'INDEX_NOT_FOUND',
  invalidEntityValue: 'INVALID_ENTITY_VALUE',
  notFound: 'NOT_FOUND',
} as const;

const C = KVS_ERROR_CODES;

export const kvsErrors = {
  keyNotFound: () => new KvsError(404, C.keyNotFound, 'Provided key does not exist'),
  badRequest: (detail: string) => new KvsError(400, C.badRequest, `Provided request body is invalid: ${detail}`),
  keyTooShort: () => new KvsError(400, C.keyTooShort, 'The provided key needs to be more than one character.'),
  emptyKey: () => new KvsError(400, C.emptyKey, 'Key cannot be empty.'),
  keyTooLong: (max: number) => new KvsError(400, C.keyTooLong, `The provided key has exceeded the maximum ${max} characters.`),
  invalidKey: () =>
    new KvsError(400, C.invalidKey, 'The provided key does not match the regex: /^(?!\\s+$)[a-zA-Z0-9:._\\s-#]+$/'),
  maxSize: (bytes: number, max: number) =>
    new KvsError(400, C.maxSize, `The provided value has exceeded the maximum size limit (${bytes} > ${max} bytes).`),
  maxDepth: (max: number) => new KvsError(400, C.maxDepth, `The provided value has exceeded the maximum object depth (${max}) limit.`),
  entityTypeTooShort: (min: number) =>
    new KvsError(400, C.entityTypeTooShort, `The provided entity name needs to be at least ${min} characters.`),
  entityTypeTooLarge: (max: number) =>
    new KvsError(400, C.entityTypeTooLarge, `The provided entity name has exceeded the maximum ${max} characters.`),
  invalidCursor: () => new KvsError(400, C.invalidCursor, 'The provided cursor is invalid.'),
  keyAlreadyExists: () => new KvsError(409, C.keyAlreadyExists, 'Provided key already exists'),
  conditionFailed: (failed: ReadonlyArray<{ key: string; entityName?: string }>) =>
    new KvsError(409, C.conditionFailed, 'Transaction cancelled: a condition was not met; nothing was written.', {
      failedConditions: failed,
    }),
  maxOperations: (count: number, max: number) =>
    new KvsError(400, C.maxOperations, `A transaction may contain at most ${max} operations (got ${count}).`),
  maxRequestSize: (bytes: number, max: number) =>
    new KvsError(400, C.maxRequestSize, `The request payload exceeds ${max} bytes (got ${bytes}).`),
  duplicateKey: (key: string) => new KvsError(400, C.duplicateKey, `Key "${key}" appears more than once in the request.`),
  listQueryLimitExceeded: (limit: unknown, max: number) =>
    new KvsError(400, C.listQueryLimitExceeded, `Limit for list query should be between 1 and ${max} (got ${String(limit)}).`),
  complexQueryPageLimitNotInRange: (limit: unknown, max: number) =>
    new KvsError(400, C.complexQueryPageLimitNotInRange, `The page limit must be set between 1 and ${max} (got ${String(limit)}).`),
  invalidFilterCondition: (detail: string) => new KvsError(400, C.invalidFilterCondition, `The specified condition is not supported: ${detail}`),
  invalidFilterValues: (detail: string) => new KvsError(400, C.invalidFilterValues, `The specified number of values is not supported: ${detail}`),
  insufficientFilterValues: (condition: string) => new KvsError(400, C.insufficientFilterValues, `${condition} needs at least two values.`),
  emptyFilterOperator: () => new KvsError(400, C.emptyFilterOperator, 'Filter operators "and" and "or" cannot be empty.'),
  invalidFilterOperatorsCombination: () =>
    new KvsError(400, C.invalidFilterOperatorsCombination, 'Filter operators "and" and "or" cannot be present at the same level.'),
  queryWhereInvalid: () => new KvsError(400, C.queryWhereInvalid, 'KVS queries should contain only a single "where" clause.'),
  queryWhereFieldInvalid: (field: unknown) => new KvsError(400, C.queryWhereFieldInvalid, `The field ${String(field)} is not supported for filters.`),
  invalidEntityType: () =>
    new KvsError(400, C.invalidEntityType, 'The provided entity name does not match the regex: /^(?![\\.\\-])(?!.*\\.{2})[a-z0-9:\\-.]*(?<![.])$/'),
  rateLimitExceeded: (detail: string) => new KvsError(429, C.rateLimitExceeded, `Rate limit exceeded: ${detail}`),
  entityNotFound: (name: string) => new KvsError(400, C.entityNotFound, `Entity "${name}" is not defined in the manifest.`),
  indexNotFound: (entity: string, index: string) =>
    new KvsError(400, C.indexNotFound, `Index "${index}" is not defined for entity "${entity}".`),
  invalidEntityValue: (detail: string) => new KvsError(400, C.invalidEntityValue, detail),
  notFound: (path: string) => new KvsError(404, C.notFound, `No KVS endpoint at ${path}`),
};
