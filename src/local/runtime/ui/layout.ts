import type { UserRecord } from '../../jira';
import type { PanelContext } from '../forge-app';
import type { SessionRow } from '../state-store';
import { html, jsonBlock, type Html } from './html';

export interface Viewer {
  readonly person: UserRecord;
  readonly session: SessionRow;
}

/** A Custom UI panel on a page: its iframe, and what the host script answers it (token and context stay in the page). */
export interface PanelEmbed {
  readonly id: string;
  readonly title: string;
  readonly src: string;
  readonly token: string;
  readonly context: PanelContext;
}

export interface PageOptions {
  readonly title: string;
  readonly viewer?: Viewer;
  /** People for the switcher in the header. */
  readonly people?: readonly UserRecord[];
  readonly active?: 'portal' | 'queue' | 'settings' | 'switch' | 'calendar';
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  readonly body: Html;
  readonly panels?: readonly PanelEmbed[];
}

/** Where the host script sends what panels ask of the server (given by the page, so the routes live in one place). */
export const HOST_ENDPOINTS = { invoke: '/forge/invoke', productFetch: '/forge/product-fetch', theme: '/session/theme' } as const;

export const isAgent = (person: UserRecord): boolean => person.accountType === 'atlassian';

/** The iframe of a panel; the host script sizes it and answers its bridge. */
export function panelFrame(panel: PanelEmbed): Html {
  return html`<section class="panel-box" aria-label="${panel.title}">
  <h2 class="panel-title">${panel.title}</h2>
  <iframe class="forge-panel" id="${panel.id}" data-forge-panel="${panel.id}" title="${panel.title}" src="${panel.src}"></iframe>
</section>`;
}

function switcher(viewer: Viewer, people: readonly UserRecord[]): Html {
  return html`<form class="switcher" method="post" action="/session">
  <input type="hidden" name="next" value="/">
  <label for="switch-person">Acting as</label>
  <select id="switch-person" name="accountId" data-autosubmit>
    ${people.map((p) => html`<option value="${p.accountId}" ${p.accountId === viewer.person.accountId ? html`selected` : ''}>${p.displayName}${p.accountType === 'customer' ? ' (customer)' : p.isAdmin ? ' (admin)' : ''}</option>`)}
  </select>
  <noscript><button type="submit">Switch</button></noscript>
</form>`;
}

/** A whole page: header with navigation and the person switcher, messages, content, panel data for the host script. */
export function layout(options: PageOptions): string {
  const { viewer } = options;
  const theme = viewer?.session.theme ?? 'light';
  const nav = (href: string, label: string, key: PageOptions['active']) => html`<a href="${href}" ${options.active === key ? html`aria-current="page"` : ''}>${label}</a>`;
  const page = html`<!doctype html>
<html lang="en" data-color-mode="${theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · FHSD local</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/style.css">
${viewer ? html`<meta name="csrf-token" content="${viewer.session.csrf}">` : ''}
<script src="/assets/host.js" defer></script>
</head>
<body>
<header class="topbar">
  <a class="brand" href="/"><span class="logo" aria-hidden="true">◆</span> FHSD Service Desk <span class="muted">· ClinSpark upgrade planner, local runtime</span></a>
  ${viewer
    ? html`<nav aria-label="Main">
    ${nav('/portal', 'Customer portal', 'portal')}
    ${isAgent(viewer.person) ? nav('/queue', 'Agent queue', 'queue') : ''}
    ${isAgent(viewer.person) ? nav('/calendar', 'Upgrade slots calendar', 'calendar') : ''}
    ${viewer.person.isAdmin ? nav('/settings', 'Project settings', 'settings') : ''}
    ${nav('/switch', 'Demo people', 'switch')}
  </nav>
  <div class="tools">
    ${switcher(viewer, options.people ?? [])}
    <button type="button" class="theme-toggle" data-theme-toggle title="Switch between light and dark theme">${theme === 'dark' ? 'Light theme' : 'Dark theme'}</button>
  </div>`
    : ''}
</header>
<main id="main">
${options.notice ? html`<div class="message notice" role="status">${options.notice}</div>` : ''}
${options.error ? html`<div class="message error" role="alert">${options.error}</div>` : ''}
${options.body}
</main>
${jsonBlock('forge-panels', (options.panels ?? []).map((p) => ({ id: p.id, token: p.token, context: p.context })))}
${jsonBlock('host-endpoints', HOST_ENDPOINTS)}
</body>
</html>`;
  return page.text;
}
