import { adfToPlainText, type JsonValue } from '../../jira';
import { html, type Html } from './html';

export interface StatusField {
  name: string;
  statusCategory?: { key?: string };
}

export function lozenge(status: StatusField | undefined): Html {
  const category = status?.statusCategory?.key ?? 'new';
  return html`<span class="lozenge lozenge-${category}">${status?.name ?? 'Unknown'}</span>`;
}

/** `2026-03-02 14:05 UTC` from Jira's `2026-03-02T14:05:00.000+0000`. */
export function when(timestamp: unknown): string {
  const date = new Date(String(timestamp ?? '').replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? '' : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function adfText(value: unknown): Html {
  const text = adfToPlainText(value as JsonValue);
  return text ? html`<div class="prose">${text}</div>` : html`<p class="muted">No description.</p>`;
}

/** An ADF comment body from plain text: a paragraph per blank-line-separated block, line breaks kept. */
export function adfFromText(text: string): object {
  return {
    type: 'doc',
    version: 1,
    content: text.split(/\n{2,}/).map((block) => ({
      type: 'paragraph',
      content: block.split('\n').flatMap((line, i) => [...(i > 0 ? [{ type: 'hardBreak' }] : []), ...(line ? [{ type: 'text', text: line }] : [])]),
    })),
  };
}

export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="csrf" value="${csrf}">`;
}

export interface CommentShape {
  id: string;
  author?: { displayName?: string; accountId?: string };
  body?: unknown;
  created?: string;
  properties?: { key: string; value?: { internal?: boolean } }[];
}

export const isInternal = (comment: CommentShape): boolean => comment.properties?.find((p) => p.key === 'sd.public.comment')?.value?.internal === true;

export function commentList(comments: readonly CommentShape[], appAccountId: string): Html {
  if (comments.length === 0) return html`<p class="muted">No comments yet.</p>`;
  return html`<ol class="comments">${comments.map(
    (c) => html`<li class="comment ${isInternal(c) ? 'internal' : ''}">
  <div class="comment-head"><strong>${c.author?.displayName ?? 'Someone'}</strong>
  ${c.author?.accountId === appAccountId ? html`<span class="badge app">app</span>` : ''}
  ${isInternal(c) ? html`<span class="badge internal">Internal note</span>` : ''}
  <span class="muted">${when(c.created)}</span></div>
  ${adfText(c.body)}
</li>`,
  )}</ol>`;
}
