/**
 * Errors the emulator answers with: `{ code, message }` bodies, the shape @forge/kvs turns
 * into ForgeKvsAPIError (see node_modules/@forge/kvs/out/utils/error-handling.js).
 *
 * Sources for codes and statuses:
 *  - KEY_NOT_FOUND / 404 / "Provided key does not exist" and BAD_REQUEST / 400: the fixtures
 *    of @forge/kvs's own tests; the client swallows KEY_NOT_FOUND on get and delete.
 *  - KEY_TOO_SHORT, EMPTY_KEY, KEY_TOO_LONG, INVALID_KEY, MAX_SIZE, MAX_DEPTH,
 *    ENTITY_TYPE_TOO_SHORT, ENTITY_TYPE_TOO_LARGE: Forge "Error handling" pages (all 400).
 *  - INVALID_CURSOR: the legacy storage API's error name.
 *  - Chosen here, not established: KEY_ALREADY_EXISTS (409, FAIL_IF_EXISTS),
 *    CONDITIONAL_CHECK_FAILED (409, transaction condition), MAX_OPERATIONS, MAX_REQUEST_SIZE,
 *    DUPLICATE_KEY, INVALID_LIMIT, ENTITY_NOT_FOUND, INDEX_NOT_FOUND, INVALID_ENTITY_VALUE
 *    (all 400), NOT_FOUND (404, unknown path). Callers should branch on the HTTP status
 *    (`err.responseDetails.status`) for those rather than on the code.
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
  invalidLimit: 'INVALID_LIMIT',
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
  invalidLimit: (limit: unknown, max: number) =>
    new KvsError(400, C.invalidLimit, `limit must be an integer between 1 and ${max} (got ${String(limit)}).`),
  entityNotFound: (name: string) => new KvsError(400, C.entityNotFound, `Entity "${name}" is not defined in the manifest.`),
  indexNotFound: (entity: string, index: string) =>
    new KvsError(400, C.indexNotFound, `Index "${index}" is not defined for entity "${entity}".`),
  invalidEntityValue: (detail: string) => new KvsError(400, C.invalidEntityValue, detail),
  notFound: (path: string) => new KvsError(404, C.notFound, `No KVS endpoint at ${path}`),
};
