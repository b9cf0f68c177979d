import { kvsErrors } from './errors';
import { isRecord } from './validation';

/** Opaque cursors: base64url JSON of the last position returned, bound to what was queried. */
export interface CursorPosition {
  /** What the cursor belongs to: namespace plus index name. */
  readonly scope: string;
  readonly key: string;
  /** Range attribute value of the last item (entity queries only). */
  readonly range?: string | number | boolean;
}

export function encodeCursor(pos: CursorPosition): string {
  return Buffer.from(JSON.stringify(pos), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: unknown, scope: string): CursorPosition | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  if (typeof cursor !== 'string') throw kvsErrors.invalidCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw kvsErrors.invalidCursor();
  }
  if (!isRecord(parsed) || parsed.scope !== scope || typeof parsed.key !== 'string') throw kvsErrors.invalidCursor();
  const range = parsed.range;
  if (range !== undefined && typeof range !== 'string' && typeof range !== 'number' && typeof range !== 'boolean') {
    throw kvsErrors.invalidCursor();
  }
  return range === undefined ? { scope, key: parsed.key } : { scope, key: parsed.key, range };
}
