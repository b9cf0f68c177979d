import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { AppManifest } from '../manifest';
import { sendJiraError, sendText } from './messages';

const TYPES: Record<string, string> = {
  '.html': 'text/html;charset=UTF-8',
  '.js': 'text/javascript;charset=UTF-8',
  '.css': 'text/css;charset=UTF-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

// The host page's browser code lives with the other browser code, outside src/: Forge lints and deploys src/.
export const ASSETS_DIR = join(__dirname, '..', '..', '..', '..', 'static', 'local-host');
/** Loaded by every panel page before its bundle: defines `globalThis.__bridge`. */
export const BRIDGE_SHIM = '/assets/bridge-shim.js';

/**
 * Custom UI runs under Forge's content security policy: scripts and connections to the app's own origin only, inline
 * styles only when the manifest declares `permissions.content.styles: [unsafe-inline]`. Applying it here shows a
 * panel that would break on Forge breaking locally too. One concession: 'unsafe-eval', because browser automation
 * (Playwright's waitForFunction) evaluates its predicates inside the page; the panels themselves never need it.
 */
/**
 * Image sources Custom UI allows without a manifest entry (forge-docs runs-on-atlassian-apps, "Removal of egress":
 * "Atlassian-hosted avatars load by default"): the site itself ('self' here) and Atlassian's avatar hosts.
 */
const DEFAULT_IMAGE_SOURCES = 'https://*.wp.com https://secure.gravatar.com https://images.unsplash.com https://api.media.atlassian.com https://api.atlassian.com https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net';

export function customUiPolicy(manifest: AppManifest): string {
  const permissions = (manifest.raw.permissions ?? {}) as { content?: { styles?: unknown; scripts?: unknown } };
  const allows = (list: unknown, value: string) => Array.isArray(list) && list.includes(value);
  const styles = allows(permissions.content?.styles, 'unsafe-inline') ? "'self' 'unsafe-inline'" : "'self'";
  const scripts = `'self' 'unsafe-eval'${allows(permissions.content?.scripts, 'unsafe-inline') ? " 'unsafe-inline'" : ''}`;
  return `default-src 'self'; script-src ${scripts}; style-src ${styles}; img-src 'self' data: blob: ${DEFAULT_IMAGE_SOURCES}; font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; object-src 'none'`;
}

function fileUnder(root: string, relative: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return undefined;
  }
  const file = normalize(join(root, decoded));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return undefined;
  return file;
}

/** The runtime's own browser files (host page script, bridge shim, styles). */
export function serveAsset(response: ServerResponse, name: string): void {
  const file = fileUnder(ASSETS_DIR, name);
  if (!file) return sendJiraError(response, 404, `null for uri: /assets/${name}`);
  sendText(response, 200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file), { 'cache-control': 'no-cache' });
}

/**
 * `/forge/resources/<resource key>/<file>`: a Custom UI resource as built into `static/<panel>/build`. Its
 * index.html gets the bridge shim as its first script, so `globalThis.__bridge` exists before the bundle runs.
 */
export function serveResource(response: ServerResponse, appRoot: string, manifest: AppManifest, resourceKey: string, relative: string): void {
  const folder = manifest.resources.get(resourceKey);
  if (!folder) return sendJiraError(response, 404, `No resource "${resourceKey}" in manifest.yml.`);
  const root = join(appRoot, folder);
  if (!existsSync(join(root, 'index.html'))) {
    sendText(response, 503, 'text/html;charset=UTF-8', `<!doctype html><meta charset="utf-8"><p>The panel is not built yet: run <code>npm run build</code> (npm start does it).</p>`);
    return;
  }
  const file = fileUnder(root, relative || 'index.html');
  if (!file) return sendJiraError(response, 404, `null for uri: /forge/resources/${resourceKey}/${relative}`);
  if (file.endsWith('index.html')) {
    const html = readFileSync(file, 'utf8').replace(/<head>/i, `<head>\n<script src="${BRIDGE_SHIM}"></script>`);
    sendText(response, 200, TYPES['.html']!, html, { 'cache-control': 'no-cache', 'content-security-policy': customUiPolicy(manifest) });
    return;
  }
  sendText(response, 200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file), { 'cache-control': 'no-cache' });
}
