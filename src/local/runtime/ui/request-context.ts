import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JiraStandIn, UserRecord } from '../../jira';
import type { AppManifest, PanelModuleType } from '../manifest';
import { panelOfType } from '../manifest';
import { ContextRefusal, deriveContext, SESSION_TOKEN_TTL_MS, type PanelTokens } from '../panel-contexts';
import { JiraAs } from '../jira-as';
import { BodyTooLarge, parseForm, readBody, redirect, sendText } from '../http/messages';
import type { SignedIn } from '../http/sessions';
import { layout, type PageOptions, type PanelEmbed } from './layout';

export interface UiDeps {
  readonly jira: JiraStandIn;
  readonly manifest: AppManifest;
  readonly tokens: PanelTokens;
  readonly origin: () => string;
  /** Waits until the triggers have handled what a page's write caused (bounded), so the next page shows it. */
  readonly settle: () => Promise<void>;
}

export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'";

const FORM_MAX_BODY = 256 * 1024;

/** Everything a page handler needs for one request of a signed-in person. */
export class PageRequest {
  readonly jira: JiraAs;

  constructor(
    readonly deps: UiDeps,
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    readonly url: URL,
    readonly signedIn: SignedIn,
  ) {
    this.jira = new JiraAs(deps.jira, signedIn.person.accountId, deps.origin(), deps.settle);
  }

  get person(): UserRecord {
    return this.signedIn.person;
  }

  /** Everyone one can act as, IQVIA's team first, then customers by organization. */
  people(): UserRecord[] {
    const rank = (u: UserRecord) => (u.accountType === 'customer' ? 1 : 0);
    return this.deps.jira.store
      .listUsers()
      .filter((u) => u.active && u.accountType !== 'app')
      .sort((a, b) => rank(a) - rank(b) || (a.organizationIds[0] ?? '').localeCompare(b.organizationIds[0] ?? '') || a.displayName.localeCompare(b.displayName));
  }

  organizationName(id: string): string {
    return this.deps.jira.store.findOrganization(id)?.name ?? `Organization ${id}`;
  }

  page(options: Omit<PageOptions, 'viewer' | 'people' | 'notice' | 'error'>, status = 200): void {
    const notice = this.url.searchParams.get('notice') ?? undefined;
    const error = this.url.searchParams.get('error') ?? undefined;
    const text = layout({ ...options, viewer: this.signedIn, people: this.people(), notice, error });
    sendText(this.response, status, 'text/html;charset=UTF-8', text, { 'content-security-policy': PAGE_CSP });
  }

  /** A panel for this person on this page, with a fresh token bound to their session; a refusal says why not. */
  async panel(type: PanelModuleType, issueKey?: string): Promise<PanelEmbed | ContextRefusal> {
    const module = panelOfType(this.deps.manifest, type);
    if (!module) return new ContextRefusal(404, `manifest.yml declares no ${type} module.`);
    try {
      const context = await deriveContext(this.deps.jira, this.deps.origin(), {
        person: this.person,
        panel: module,
        projectKey: this.deps.jira.config.project.key,
        colorMode: this.signedIn.session.theme,
        ...(issueKey ? { issueKey } : {}),
      });
      const row = this.deps.tokens.issue(context, this.signedIn.session.id, SESSION_TOKEN_TTL_MS);
      return { id: `panel-${module.key}`, title: module.title, src: `/forge/resources/${encodeURIComponent(module.resourceKey)}/index.html`, token: row.token, context };
    } catch (error) {
      if (error instanceof ContextRefusal) return error;
      throw error;
    }
  }

  /** The posted form, once its CSRF token matched the session's; undefined (and a 403 sent) otherwise. */
  async form(): Promise<Map<string, string[]> | undefined> {
    let body: string;
    try {
      body = await readBody(this.request, FORM_MAX_BODY);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      sendText(this.response, 413, 'text/plain;charset=UTF-8', 'Form too large.');
      return undefined;
    }
    const form = parseForm(body);
    if (form.get('csrf')?.[0] !== this.signedIn.session.csrf) {
      sendText(this.response, 403, 'text/plain;charset=UTF-8', 'This form has expired (or came from another site). Go back, reload the page and try again.');
      return undefined;
    }
    return form;
  }

  /** Back to a page, with a message for it. */
  redirect(path: string, message?: { notice?: string; error?: string }): void {
    const url = new URL(path, 'http://local');
    if (message?.notice) url.searchParams.set('notice', message.notice);
    if (message?.error) url.searchParams.set('error', message.error);
    redirect(this.response, `${url.pathname}${url.search}`);
  }
}

export const first = (form: Map<string, string[]>, name: string): string => (form.get(name)?.[0] ?? '').trim();
