/**
 * Figures of the Custom UI panels (issue #15, "Speed"), measured on what `npm run build` wrote, against a floor:
 *
 *   tsx scripts/panel-figures.ts          prints the table (build the panels first: npm run build)
 *
 * - The floor (bench/floor/index.tsx): a bare page that gets the same plan through @forge/bridge's `invoke` from the
 *   same stub bridge, and renders its 28 stages in one @atlaskit/dynamic-table. It is built by the panels' own pipeline
 *   (scripts/build-panels.ts buildApp) into a temporary folder, so it is the cost of React, the design system's table
 *   and the bridge alone.
 * - firstLoadBytes / firstLoadGzipBytes: the JavaScript a panel loads before it shows: the entry (index.js), what its
 *   index.html preloads (the entry's static imports) and its early scripts (the time-zone warm-up), raw and gzipped
 *   (level 9). Lazy chunks (dialogs, flags, the other tabs, the tokens' themes fetched at start) are not counted. Target: FIRST_LOAD_BUDGET_BYTES (150 KB) gzipped.
 * - files: every file of the panel's build, each counted by Forge's resource upload quota. Target: PANEL_FILE_BUDGET.
 * - openMsMedian: from the start of the navigation to the 28 stages in the DOM (the calendar: 28 slots; the settings
 *   page: its form), median of OPEN_RUNS cold loads, each in a new browser context (no HTTP or code cache), the panels
 *   and the floor taken in turn in the same browser, so a busy moment of the machine weighs on all alike. The stub
 *   bridge (scripts/preview-panels.ts) answers at once: no network or back-end latency is in it.
 *   Targets, for the issue and portal panels: ≤ 250 ms, and ≤ 1.3 × the floor's.
 * - renderMsMedian: the part of it after the first resolver answer reached the page.
 * Needs Debian's Chromium (/usr/bin/chromium); without it the times are null.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import zlib from 'zlib';
import { chromium } from 'playwright-core';
import type { SlotCalendarView } from '../src/app/slotCalendar';
import { CUSTOMER, PM, throughFinalTest } from '../test/domain/upgrade/fixtures';
import { buildApp, filesOf, FIRST_LOAD_BUDGET_BYTES, PANEL_FILE_BUDGET } from './build-panels';
import { demoRegistry, serve, settingsAnswer, view, type Fixture } from './preview-panels';

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
export const PANEL_NAMES = ['issue-panel', 'portal-panel', 'settings-page', 'calendar-page'] as const;
export type PanelName = (typeof PANEL_NAMES)[number];
export const FLOOR = 'floor';
export const OPEN_RUNS = 15;
export const TARGETS = { firstLoadGzipBytes: FIRST_LOAD_BUDGET_BYTES, files: PANEL_FILE_BUDGET, openMs: 250, floorRatio: 1.3 } as const;
/** The panels the open-time targets hold for (issue #15): the ones a PM and a customer open all day. */
export const TIMED_PANELS: readonly PanelName[] = ['issue-panel', 'portal-panel'];

export interface PanelFigures {
  panel: PanelName;
  firstLoadBytes: number;
  firstLoadGzipBytes: number;
  files: number;
  /** Navigation start to the content in the DOM, median; null without Chromium. */
  openMsMedian: number | null;
  /** From the first resolver answer reaching the page to the content in the DOM, median. */
  renderMsMedian: number | null;
  /** openMsMedian over the floor's, measured in the same run. */
  floorRatio: number | null;
}

export interface FloorFigures {
  firstLoadGzipBytes: number;
  openMsMedian: number | null;
  renderMsMedian: number | null;
}

export interface Figures {
  floor: FloorFigures;
  panels: PanelFigures[];
  runs: number;
}

/** One target with its verdict; `null` when it was not measured (no Chromium). */
export interface Verdict {
  label: string;
  ok: boolean | null;
}

/** The targets a panel is held to, with their verdicts: bytes and files for all, open time for TIMED_PANELS. */
export function verdicts(f: PanelFigures): Verdict[] {
  const list: Verdict[] = [
    { label: `first load ≤ ${kb(TARGETS.firstLoadGzipBytes)} gz`, ok: f.firstLoadGzipBytes <= TARGETS.firstLoadGzipBytes },
    { label: `≤ ${TARGETS.files} files`, ok: f.files <= TARGETS.files },
  ];
  if (TIMED_PANELS.includes(f.panel)) {
    list.push({ label: `open ≤ ${TARGETS.openMs} ms`, ok: f.openMsMedian === null ? null : f.openMsMedian <= TARGETS.openMs });
    list.push({ label: `≤ ${TARGETS.floorRatio} × floor`, ok: f.floorRatio === null ? null : f.floorRatio <= TARGETS.floorRatio });
  }
  return list;
}

/** What index.html loads before the panel shows (entry, preloaded chunks, early scripts): the first-load set scripts/build-panels.ts computed. */
export function firstLoadFilesOf(buildDir: string): string[] {
  const html = fs.readFileSync(path.join(buildDir, 'index.html'), 'utf8');
  const entry = /<script type="module" src="\.\/([^"]+)"><\/script>/.exec(html)?.[1];
  if (!entry) throw new Error(`${buildDir}/index.html loads no module entry`);
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="\.\/([^"]+)">/g)].map((m) => m[1]!);
  const early = [...html.matchAll(/<script src="\.\/([^"]+)" async><\/script>/g)].map((m) => m[1]!);
  return [entry, ...preloaded, ...early].map((f) => path.join(buildDir, f));
}

export function bundleSizes(buildDir: string): { firstLoadBytes: number; firstLoadGzipBytes: number; files: number } {
  if (!fs.existsSync(path.join(buildDir, 'index.html'))) throw new Error(`no build in ${path.relative(ROOT, buildDir)}: run npm run build first`);
  let raw = 0;
  let gzip = 0;
  for (const file of firstLoadFilesOf(buildDir)) {
    const bytes = fs.readFileSync(file);
    raw += bytes.length;
    gzip += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  return { firstLoadBytes: raw, firstLoadGzipBytes: gzip, files: filesOf(buildDir).length };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type Page = PanelName | typeof FLOOR;

/** The resolver whose answer each page renders first. */
const FIRST_CALL: Record<Page, string> = { floor: 'getPlanView', 'issue-panel': 'getPlanView', 'portal-panel': 'getPlanView', 'settings-page': 'getSettings', 'calendar-page': 'getSlotCalendar' };

const STAGES_SHOWN = (rows: string): string =>
  `Array.from(document.querySelectorAll('[data-folded-stages]')).reduce(function (n, e) { return n + Number(e.getAttribute('data-folded-stages')); }, document.querySelectorAll('${rows}').length) >= 28`;

/** When the page's content is in the DOM: all 28 stages (the floor's table rows, issue panel rows, portal plan items), 28 slots, or the settings form. */
export const READY: Record<Page, string> = {
  floor: "document.querySelectorAll('tr[data-stage]').length >= 28",
  // A finished phase opens folded to one line that counts its stages (data-folded-stages): every stage is on screen either way.
  'issue-panel': STAGES_SHOWN('tr[data-stage]'),
  'portal-panel': STAGES_SHOWN('ol.cs-timeline > li'),
  'settings-page': "document.querySelector('.cs-sticky-footer') !== null",
  'calendar-page': "document.querySelectorAll('.cs-calendar-table tbody tr').length >= 28",
};

/** Records, from inside the page, the first moment the ready condition holds (before the bundle runs, so nothing is missed). */
const watcher = (condition: string): string => `(function () {
  var check = function () { return ${condition}; };
  var observer = new MutationObserver(function () {
    if (window.__renderedAt === undefined && check()) { window.__renderedAt = performance.now(); observer.disconnect(); }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
})();`;

/** 28 slots of two engineers, none in conflict: the calendar page's answer. */
function calendarAnswer(): SlotCalendarView {
  const engineers = ['Erik Johansson', 'Ana Costa'].map((name, e) => ({
    accountId: `acc-engineer-${e}`,
    name,
    slots: Array.from({ length: 14 }, (_, i) => {
      const start = new Date(Date.UTC(2027, 2, 1 + i * 2, 8 + e * 2));
      return { planId: `plan-${e}-${i}`, organizationId: `org-${i}`, customer: `Customer ${i + 1}`, plan: `Upgrade to 25.2`, ticketKey: `FHSD-${100 + e * 14 + i}`, phase: 'Day of Upgrade', start: start.toISOString(), end: new Date(start.getTime() + 4 * 3_600_000).toISOString(), hours: 4, state: i % 2 === 0 ? ('confirmed' as const) : ('proposed' as const), attempt: 1, revision: 20, conflicts: [] };
    }),
  }));
  return { from: '2027-02-01T00:00:00.000Z', engineers, conflictCount: 0, readerIsEngineer: false };
}

function fixtures(floorBuild: string): Record<Page, Fixture> {
  // A plan waiting for the Go / No-Go: every stage has its owner, dates, history and actions; the organization's environments.
  const run = throughFinalTest();
  const now = new Date('2027-03-01T12:00:00Z');
  const ok = (data: unknown) => ({ ok: true as const, data });
  const agentView = ok(view(run, PM.accountId, 'agent', now, demoRegistry(true)));
  const fixture = (page: Page, panel: Fixture['panel'], answers: Fixture['answers'], buildDir?: string): Fixture => ({ panel, buildDir, colorMode: 'light', delayMs: 0, headScript: watcher(READY[page]), answers });
  return {
    floor: fixture(FLOOR, 'issue-panel', { getPlanView: agentView }, floorBuild),
    'issue-panel': fixture('issue-panel', 'issue-panel', { getPlanView: agentView }),
    'portal-panel': fixture('portal-panel', 'portal-panel', { getPlanView: ok(view(run, CUSTOMER.accountId, 'portal', now, demoRegistry(true))) }),
    'settings-page': fixture('settings-page', 'settings-page', { getSettings: ok(settingsAnswer) }),
    'calendar-page': fixture('calendar-page', 'calendar-page', { getSlotCalendar: ok(calendarAnswer()) }),
  };
}

/** Builds the floor the panels' way into a temporary folder; returns the folder. */
export async function buildFloor(outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-floor-'))): Promise<string> {
  await buildApp(FLOOR, path.join(ROOT, 'bench', 'floor', 'index.tsx'), outdir, 'Floor: 28 stages in a dynamic table');
  return outdir;
}

type Times = Record<Page, { open: number[]; render: number[] }>;

/** Cold loads of every page, in turn, `runs` times each after one warm-up round; null without Chromium. */
export async function openTimes(pages: readonly Page[], floorBuild: string, runs: number): Promise<Times | null> {
  if (!fs.existsSync(CHROMIUM)) return null;
  const server = await serve(fixtures(floorBuild));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const times = Object.fromEntries(pages.map((p) => [p, { open: [], render: [] }])) as unknown as Times;
  try {
    // The warm-up round (the browser process itself starting up is no page's cost) is not counted.
    for (let round = 0; round <= runs; round += 1) {
      for (const page of pages) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const tab = await context.newPage();
        const errors: string[] = [];
        tab.on('pageerror', (e) => errors.push(e.message));
        await tab.goto(`http://127.0.0.1:${port}/${page}/`);
        try {
          await tab.waitForFunction('window.__renderedAt !== undefined', undefined, { timeout: 15_000 });
        } catch (error) {
          throw new Error(`${page} never showed its content (${READY[page]})${errors.length ? `: ${errors.join(' | ')}` : ''}`, { cause: error });
        }
        const [rendered, answered] = (await tab.evaluate(`[window.__renderedAt, window.__answeredAt[${JSON.stringify(FIRST_CALL[page])}]]`)) as [number, number];
        if (round > 0) {
          times[page].open.push(rendered);
          times[page].render.push(rendered - answered);
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

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The panels' sizes and open times, and the floor's, in one run (see the header of this file). */
export async function measurePanels(runs = OPEN_RUNS): Promise<Figures> {
  const floorBuild = await buildFloor();
  try {
    const sizes = PANEL_NAMES.map((panel) => ({ panel, ...bundleSizes(path.join(ROOT, 'static', panel, 'build')) }));
    const times = await openTimes([FLOOR, ...PANEL_NAMES], floorBuild, runs);
    const floorOpen = times ? median(times.floor.open) : null;
    return {
      runs,
      floor: { firstLoadGzipBytes: bundleSizes(floorBuild).firstLoadGzipBytes, openMsMedian: floorOpen === null ? null : round1(floorOpen), renderMsMedian: times ? round1(median(times.floor.render)) : null },
      panels: sizes.map((s) => {
        const open = times ? median(times[s.panel].open) : null;
        return { ...s, openMsMedian: open === null ? null : round1(open), renderMsMedian: times ? round1(median(times[s.panel].render)) : null, floorRatio: open === null || !floorOpen ? null : Math.round((open / floorOpen) * 100) / 100 };
      }),
    };
  } finally {
    fs.rmSync(floorBuild, { recursive: true, force: true });
  }
}

export const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
const mark = (v: Verdict): string => `${v.label} ${v.ok === null ? 'n/a' : v.ok ? 'ok' : 'MISSED'}`;

async function main(): Promise<void> {
  const { floor, panels, runs } = await measurePanels();
  const ms = (n: number | null): string => (n === null ? 'n/a' : `${n.toFixed(1)} ms`);
  console.log(`page             first-load JS (gzip)   files   open (median of ${runs})  × floor   render   targets`);
  console.log(`${'floor'.padEnd(16)} ${''.padStart(9)} (${kb(floor.firstLoadGzipBytes).padStart(8)})  ${''.padStart(5)}   ${ms(floor.openMsMedian).padStart(12)}  ${'1.00'.padStart(7)}  ${ms(floor.renderMsMedian).padStart(8)}`);
  for (const f of panels) {
    console.log(
      `${f.panel.padEnd(16)} ${kb(f.firstLoadBytes).padStart(9)} (${kb(f.firstLoadGzipBytes).padStart(8)})  ${String(f.files).padStart(5)}   ${ms(f.openMsMedian).padStart(12)}  ${(f.floorRatio === null ? 'n/a' : f.floorRatio.toFixed(2)).padStart(7)}  ${ms(f.renderMsMedian).padStart(8)}   ${verdicts(f).map(mark).join('; ')}`,
    );
  }
  console.log('open: navigation start to the 28 stages in the DOM (calendar: 28 slots; settings: its form), cold loads in a new browser context each');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
