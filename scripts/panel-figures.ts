/**
 * Figures of the Custom UI panels for the benchmark (`bench/`), measured on what `npm run build` wrote:
 *
 *   tsx scripts/panel-figures.ts          prints the table (build the panels first: npm run build)
 *
 * - firstLoadBytes / firstLoadGzipBytes: the JavaScript a panel loads before it runs: the entry (index.js) and the
 *   chunks its index.html preloads (the entry's static imports), raw and gzipped (level 9). Lazy chunks (dialogs,
 *   flags, the other tabs, theme files) are not counted. Target: ≤ 180 KB gzipped.
 * - renderMsMedian: the first render of a 28-stage plan (the settings page: of its form) in headless Chromium, median
 *   of 10 cold loads (a new browser context each, so no HTTP or code cache): from the moment the plan reached the panel
 *   (the stub Forge bridge of scripts/preview-panels.ts answers getPlanView at once) to the moment every stage is in
 *   the DOM. Target: < 250 ms. null when Chromium (/usr/bin/chromium) is not installed.
 * - firstContentMsMedian: the same loads, from the start of the navigation to the stages in the DOM: fetching the
 *   bundle from a local server, parsing and running it, the render. No network or back-end latency is in either.
 */
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import { chromium } from 'playwright-core';
import { CUSTOMER, PM, throughFinalTest } from '../test/domain/upgrade/fixtures';
import { demoRegistry, serve, settingsAnswer, view, type Fixture } from './preview-panels';

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
export const PANEL_NAMES = ['issue-panel', 'portal-panel', 'settings-page'] as const;
export const RENDER_RUNS = 10;
export const TARGETS = { firstLoadGzipBytes: 180 * 1024, renderMs: 250 } as const;

export interface PanelFigures {
  panel: string;
  firstLoadBytes: number;
  firstLoadGzipBytes: number;
  /** From the moment the panel's first resolver answer (the plan; the settings) reached it to its content in the DOM. */
  renderMsMedian: number | null;
  /** From the start of the navigation to the content in the DOM: loading and starting the bundle, then the render. */
  firstContentMsMedian: number | null;
}

/** The entry and the chunks index.html preloads: exactly the first-load set scripts/build-panels.ts computed. */
export function firstLoadFilesOf(buildDir: string): string[] {
  const html = fs.readFileSync(path.join(buildDir, 'index.html'), 'utf8');
  const entry = /<script type="module" src="\.\/([^"]+)"><\/script>/.exec(html)?.[1];
  if (!entry) throw new Error(`${buildDir}/index.html loads no module entry`);
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="\.\/([^"]+)">/g)].map((m) => m[1]!);
  return [entry, ...preloaded].map((f) => path.join(buildDir, f));
}

export function bundleSizes(panel: string): { firstLoadBytes: number; firstLoadGzipBytes: number } {
  const dir = path.join(ROOT, 'static', panel, 'build');
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`no build of ${panel}: run npm run build first`);
  let raw = 0;
  let gzip = 0;
  for (const file of firstLoadFilesOf(dir)) {
    const bytes = fs.readFileSync(file);
    raw += bytes.length;
    gzip += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  return { firstLoadBytes: raw, firstLoadGzipBytes: gzip };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** When the panel's content is in the DOM: all 28 stages (issue panel rows, portal plan items), or the settings form. */
/** The resolver whose answer the panel renders first. */
const FIRST_CALL: Record<(typeof PANEL_NAMES)[number], string> = { 'issue-panel': 'getPlanView', 'portal-panel': 'getPlanView', 'settings-page': 'getSettings' };

const READY: Record<(typeof PANEL_NAMES)[number], string> = {
  'issue-panel': "document.querySelectorAll('tr[data-stage]').length >= 28",
  'portal-panel': "document.querySelectorAll('ol.cs-timeline > li').length >= 28",
  'settings-page': "document.querySelector('.cs-sticky-footer') !== null",
};

/** Records, from inside the page, the first moment the ready condition holds (before the bundle runs, so nothing is missed). */
const watcher = (condition: string): string => `(function () {
  var check = function () { return ${condition}; };
  var observer = new MutationObserver(function () {
    if (window.__renderedAt === undefined && check()) { window.__renderedAt = performance.now(); observer.disconnect(); }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
})();`;

function fixtures(): Record<string, Fixture> {
  // A plan waiting for the Go / No-Go: every stage has its owner, dates, history and actions; the organization's environments.
  const run = throughFinalTest();
  const now = new Date('2027-03-01T12:00:00Z');
  const ok = (data: unknown) => ({ ok: true as const, data });
  return {
    'issue-panel': { panel: 'issue-panel', colorMode: 'light', delayMs: 0, headScript: watcher(READY['issue-panel']), answers: { getPlanView: ok(view(run, PM.accountId, 'agent', now, demoRegistry(true))) } },
    'portal-panel': { panel: 'portal-panel', colorMode: 'light', delayMs: 0, headScript: watcher(READY['portal-panel']), answers: { getPlanView: ok(view(run, CUSTOMER.accountId, 'portal', now, demoRegistry(true))) } },
    'settings-page': { panel: 'settings-page', colorMode: 'light', delayMs: 0, headScript: watcher(READY['settings-page']), answers: { getSettings: ok(settingsAnswer) } },
  };
}

async function renderTimes(runs: number): Promise<Record<string, { render: number[]; content: number[] }> | null> {
  if (!fs.existsSync(CHROMIUM)) return null;
  const server = await serve(fixtures());
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const times: Record<string, { render: number[]; content: number[] }> = {};
  try {
    for (const panel of PANEL_NAMES) {
      times[panel] = { render: [], content: [] };
      // One warm-up load (the browser process itself starting up is not the panel's cost), then the measured runs.
      for (let i = 0; i <= runs; i += 1) {
        const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${port}/${panel}/`);
        await page.waitForFunction('window.__renderedAt !== undefined', undefined, { timeout: 15_000 });
        const rendered = (await page.evaluate('window.__renderedAt')) as number;
        const answered = (await page.evaluate(`window.__answeredAt[${JSON.stringify(FIRST_CALL[panel])}]`)) as number;
        if (i > 0) {
          times[panel]!.render.push(rendered - answered);
          times[panel]!.content.push(rendered);
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  return times;
}

/** Bundle sizes and first-render times of the three panels (see the header of this file for what is measured). */
export async function measurePanels(): Promise<PanelFigures[]> {
  const sizes = PANEL_NAMES.map((panel) => ({ panel, ...bundleSizes(panel) }));
  const times = await renderTimes(RENDER_RUNS);
  const round = (n: number): number => Math.round(n * 10) / 10;
  return sizes.map((s) => ({
    ...s,
    renderMsMedian: times ? round(median(times[s.panel]!.render)) : null,
    firstContentMsMedian: times ? round(median(times[s.panel]!.content)) : null,
  }));
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const figures = await measurePanels();
  console.log(`panel            first-load JS    gzipped        render (median of ${RENDER_RUNS})   navigation → content`);
  for (const f of figures) {
    const size = f.firstLoadGzipBytes <= TARGETS.firstLoadGzipBytes ? 'ok' : 'OVER';
    const render = f.renderMsMedian === null ? 'n/a (no Chromium)' : `${f.renderMsMedian.toFixed(1)} ms ${f.renderMsMedian < TARGETS.renderMs ? 'ok' : 'OVER'}`;
    const content = f.firstContentMsMedian === null ? '' : `${f.firstContentMsMedian.toFixed(1)} ms`;
    console.log(`${f.panel.padEnd(16)} ${kb(f.firstLoadBytes).padStart(10)} ${kb(f.firstLoadGzipBytes).padStart(10)} ${size.padEnd(4)} ${render.padStart(14)}   ${content.padStart(10)}`);
  }
  console.log(`targets: ≤ ${kb(TARGETS.firstLoadGzipBytes)} gzipped first-load JS, first render < ${TARGETS.renderMs} ms`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
