import type { CommentRecord, EntityPropertyRecord, JsonValue } from '../model';
import { isJsonObject } from '../adf';

/** The JSM comment property that tells internal notes from customer-visible replies. */
export const PUBLIC_COMMENT_PROPERTY = 'sd.public.comment';

/** Without the property a comment is public, as in JSM. */
export function isInternalComment(comment: Pick<CommentRecord, 'properties'>): boolean {
  return internalFlag(comment.properties) === true;
}

export function internalFlag(properties: readonly EntityPropertyRecord[]): boolean | undefined {
  const property = properties.find((candidate) => candidate.key === PUBLIC_COMMENT_PROPERTY);
  const value: JsonValue | undefined = property?.value;
  if (!isJsonObject(value)) return undefined;
  return typeof value.internal === 'boolean' ? value.internal : undefined;
}
