/**
 * The browser tests' harness: the local runtime (real Forge functions, the Jira stand-in, the production panel bundles)
 * on an ephemeral port with a temporary data folder and fresh demo data, and Debian's headless Chromium through
 * playwright-core with a fresh profile.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { chromium, type BrowserContext, type Frame, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { PEOPLE } from '../../src/local/demo/cast';
import { startRuntime, type Runtime } from '../../src/local/runtime';
import { steadyActions } from './steadyActions';

export { PEOPLE };
export const ROOT = path.resolve(__dirname, '../..');
export const SHOTS = path.join(ROOT, 'test-output', 'browser');
export const CHROMIUM = '/usr/bin/chromium';
export const PANELS = ['issue-panel', 'portal-panel', 'settings-page', 'calendar-page'] as const;

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface Harness {
  runtime: Runtime;
  context: BrowserContext;
  page: Page;
  /** Errors the pages threw or logged, cleared by the test that reads them. */
  errors: string[];
  close(): Promise<void>;
}

function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The panels must have been built (`npm run build`, which `npm test` runs first): the tests load the production bundles. */
export function requireBuiltPanels(): void {
  const missing = PANELS.filter((p) => !fs.existsSync(path.join(ROOT, 'static', p, 'build', 'index.html')));
  if (missing.length > 0) throw new Error(`build the panels first (npm run build): no build of ${missing.join(', ')}`);
}

/**
 * `demo: false` is `npm start -- --no-demo`: the site's people, project and request types, and no app settings.
 * `timezoneId` is the browser's own zone (UTC unless told): what a panel shows when Jira's context names none.
 */
export async function startHarness(name: string, options: { demo?: boolean; timezoneId?: string } = {}): Promise<Harness> {
  const data = tempDir(`browser-${name}-data-`);
  const profile = tempDir(`browser-${name}-profile-`);
  const runtime = await startRuntime({ port: 0, dataDir: data.dir, reset: true, log: () => undefined, ...(options.demo === false ? { demo: false } : {}) });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile.dir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: options.timezoneId ?? 'UTC', reducedMotion: 'reduce' });
  } catch (error) {
    await runtime.close();
    data.remove();
    profile.remove();
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  steadyActions(page.locator('body'));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return {
    runtime,
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      await runtime.close();
      data.remove();
      profile.remove();
    },
  };
}

/** Signs in as a demo person through the person switcher, as someone at the keyboard does. */
export async function signIn(h: Harness, person: { displayName: string; accountType: string }): Promise<void> {
  await h.page.goto(`${h.runtime.url}/switch`);
  await h.page.getByRole('button', { name: new RegExp(person.displayName) }).click();
  await h.page.waitForURL(person.accountType === 'customer' ? /\/portal/ : /\/queue/);
}

/** The panel's iframe on the current page, once its bundle has rendered (no loading spinner left). */
export async function panel(h: Harness, resource: (typeof PANELS)[number]): Promise<{ frame: Frame; ui: FrameLocator }> {
  const selector = `iframe.forge-panel[src*="/forge/resources/${resource}/"]`;
  await h.page.locator(selector).waitFor();
  const ui = h.page.frameLocator(selector);
  await ui.locator('#root > *').first().waitFor();
  const handle = await h.page.locator(selector).elementHandle();
  const frame = await handle!.contentFrame();
  if (!frame) throw new Error(`no frame for ${resource}`);
  // A string, evaluated in the page: this code is type-checked without the DOM library.
  await frame.waitForFunction("!document.querySelector('.cs-loading') && document.getElementById('root').childElementCount > 0");
  return { frame, ui };
}

/** A flag the host page shows for a panel (the bridge's showFlag: over the page, at the top of the viewport), by its text. */
export function flag(h: Pick<Harness, 'page'>, text: string | RegExp): Locator {
  return h.page.locator('#flags .flag').filter({ hasText: text }).first();
}

export async function screenshot(h: Harness, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await h.page.screenshot({ path: file, fullPage: true });
  return file;
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  nodes: string[];
  help: string;
}

/** An axe-core scan of a panel's document (WCAG 2.1 A and AA rules); the findings, worst first. */
export async function axeScan(frame: Frame): Promise<AxeFinding[]> {
  if (!(await frame.evaluate('typeof window.axe !== "undefined"'))) await frame.evaluate(`${AXE}\n;undefined`);
  const findings = (await frame.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`)) as AxeFinding[];
  const rank = (impact: string | null): number => ['critical', 'serious', 'moderate', 'minor'].indexOf(impact ?? 'minor');
  return findings.sort((a, b) => rank(a.impact) - rank(b.impact));
}

export const seriousOrWorse = (findings: readonly AxeFinding[]): AxeFinding[] => findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');

/** Drives the app as a script does (context token + invoke), for the steps a test does not look at. */
export async function invokeAs(h: Harness, email: string, moduleKey: string, issueKey: string, functionKey: string, payload: unknown = {}): Promise<{ ok: boolean; data?: any; error?: { rule: string; message: string } }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const auth = `Basic ${Buffer.from(`${email}:any-token`).toString('base64')}`;
  const tokenAnswer = await fetch(`${h.runtime.url}/forge/context-token`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ moduleKey, issueKey }) });
  if (tokenAnswer.status !== 200) throw new Error(`context-token ${tokenAnswer.status}: ${await tokenAnswer.text()}`);
  const { token } = (await tokenAnswer.json()) as { token: string };
  const answer = await fetch(`${h.runtime.url}/forge/invoke`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ functionKey, payload }) });
  if (answer.status !== 200) throw new Error(`invoke ${functionKey} ${answer.status}: ${await answer.text()}`);
  const body = (await answer.json()) as { ok: boolean };
  await h.runtime.settle();
  return body;
}

export const MODULES = { issue: 'upgrade-plan-issue-panel', portal: 'upgrade-plan-portal-panel', settings: 'upgrade-plan-settings' } as const;

/**
 * A signed act as the signing dialog takes it, for the steps a test does not look at (Part 11): the plan as shown (its
 * revision, the act's meaning), then the act with the person's signing passphrase.
 */
export async function signAs(h: Harness, email: string, moduleKey: string, issueKey: string, functionKey: 'completeStage' | 'decideStage', payload: { stage: number; outcome?: string; reason?: string }, passphrase: string): Promise<{ ok: boolean; data?: any; error?: { rule: string; message: string } }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const view = await invokeAs(h, email, moduleKey, issueKey, 'getPlanView');
  if (!view.ok) throw new Error(`getPlanView: ${view.error?.message}`);
  const type = functionKey === 'decideStage' ? 'decide' : 'complete';
  const stages = (view.data.phases as { stages: { number: number; actions: { type: string; outcome?: string; signatureMeaning?: string }[] }[] }[]).flatMap((p) => p.stages);
  const meaning = stages.find((s) => s.number === payload.stage)?.actions.find((a) => a.type === type && (type !== 'decide' || a.outcome === payload.outcome))?.signatureMeaning;
  return invokeAs(h, email, moduleKey, issueKey, functionKey, { ...payload, signature: { passphrase, revision: view.data.revision, meaning } });
}

/** Signs in the open signing dialog (Part 11) with a passphrase, and waits for it to close. */
export async function signInDialog(ui: FrameLocator, passphrase: string): Promise<void> {
  const dialog = ui.getByRole('dialog', { name: /^Sign: / });
  await dialog.getByLabel('Signing passphrase', { exact: true }).fill(passphrase);
  await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}
