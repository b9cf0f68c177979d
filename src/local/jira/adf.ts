import type { JsonObject, JsonValue } from './model';

export const ADF_REQUIRED = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A top-level ADF document: `{ type: 'doc', version: 1, content: [...] }`. */
export function isAdfDocument(value: unknown): value is JsonObject {
  return isJsonObject(value) && value.type === 'doc' && value.version === 1 && Array.isArray(value.content);
}

/** Plain text of an ADF document (text nodes joined, blocks separated by new lines). */
export function adfToPlainText(node: JsonValue | undefined): string {
  if (!isJsonObject(node)) return '';
  if (node.type === 'text' && typeof node.text === 'string') return node.text;
  if (node.type === 'hardBreak') return '\n';
  const children = Array.isArray(node.content) ? node.content : [];
  const parts = children.map((child) => adfToPlainText(child));
  const isBlockContainer = node.type === 'doc' || node.type === 'bulletList' || node.type === 'orderedList' || node.type === 'listItem';
  return parts.join(isBlockContainer ? '\n' : '');
}

/** A one-paragraph ADF document with the given text. */
export function adfParagraph(text: string): JsonObject {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}
