import { ADF_REQUIRED, isAdfDocument, isJsonObject } from '../adf';
import type { EntityPropertyRecord, JsonObject } from '../model';

export interface CommentInput {
  body: JsonObject;
  properties: EntityPropertyRecord[];
}

export const MAX_COMMENT_BODY_LENGTH = 32_767;

/** Validates a Comment request body (`{ body: ADF, properties?: [{ key, value }] }`); returns an error message or the input. */
export function parseCommentInput(value: unknown): CommentInput | string {
  if (!isJsonObject(value)) return 'Comment body can not be empty!';
  const { body, properties = [] } = value;
  if (body === undefined || body === null) return 'Comment body can not be empty!';
  if (!isAdfDocument(body)) return ADF_REQUIRED;
  if (JSON.stringify(body).length > MAX_COMMENT_BODY_LENGTH) return 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.';
  if (!Array.isArray(properties)) return 'Comment properties must be a list of { key, value }.';
  const parsed: EntityPropertyRecord[] = [];
  for (const property of properties) {
    if (!isJsonObject(property) || typeof property.key !== 'string' || !property.key || property.value === undefined) {
      return 'Comment properties must be a list of { key, value }.';
    }
    parsed.push({ key: property.key, value: property.value });
  }
  return { body, properties: parsed };
}
