/**
 * Clicks that survive a stalled frame. Playwright's click and check wait for the element to stand still across two
 * animation frames; when headless Chromium draws no frame for a while, that wait sees nothing and lasts until the
 * action's timeout. CI saw it once in a panel's dialog: "waiting for element to be visible, enabled and stable" and
 * nothing after, for 30 s, on a button that was there (microsoft/playwright#27196 describes the same wait).
 */
import type { Locator, Page } from 'playwright-core';

/** Playwright's own default for an action. */
export const ACTION_TIMEOUT_MS = 30_000;
/** How long an action may wait for a frame before the harness makes the browser draw one. */
export const FIRST_TRY_MS = 10_000;

const STEADY = Symbol('steady actions');
const ACTIONS = ['click', 'dblclick', 'check', 'uncheck'] as const;

/**
 * A timeout whose call log ends on the wait for a rendered frame: the element was found and no state was reported
 * missing (not visible, not enabled, covered, detached), so nothing reached the page.
 */
export function stalledOnFrame(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'TimeoutError') return false;
  // The call log comes dimmed with ANSI codes.
  const log = error.message.replace(/\u001b\[[0-9;]*m/g, '').split('\n').map((line) => line.trim());
  const waits = log.map((line, i) => (/waiting for element to be visible(, enabled)? and stable$/.test(line) ? i : -1)).filter((i) => i >= 0);
  const last = waits.at(-1);
  return last !== undefined && log.slice(last + 1).every((line) => line === '' || !line.startsWith('-'));
}

/** Whether the call log shows the action reached the page (the click was sent): then it is never tried again. */
function acted(error: Error): boolean {
  return /performing \w+ action|\w+ action done/.test(error.message);
}

/** Brings the element's frame into view and has the page draw a frame (a screenshot is one), within `ms`. */
async function drawFrame(locator: Locator, page: Page, ms: number): Promise<void> {
  const step = Math.max(1, Math.floor(ms / 3));
  const nudge = async (): Promise<void> => {
    const handle = await locator.elementHandle({ timeout: step });
    const frameElement = await (await handle?.ownerFrame())?.frameElement();
    await frameElement?.scrollIntoViewIfNeeded({ timeout: step });
  };
  // The main frame has no frame element: the screenshot is the nudge that matters.
  await Promise.race([nudge().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2 * step))]);
  await page.screenshot({ timeout: step }).catch(() => undefined);
}

/**
 * Each click, double click, check and uncheck first waits up to `firstTryMs`. If it timed out by then without reaching
 * the page, it goes on waiting for what is left of its timeout, after making the browser draw a frame if it stalled on
 * one. The overall timeout is the caller's (Playwright's 30 s unless given; none for 0), and any other failure, or one
 * after the action was sent, is thrown as it came.
 */
export function steadyActions(sample: Locator, firstTryMs = FIRST_TRY_MS): void {
  const proto = Object.getPrototypeOf(sample) as Record<PropertyKey, unknown>;
  if (proto[STEADY]) return;
  proto[STEADY] = true;
  for (const name of ACTIONS) {
    const original = proto[name] as (this: Locator, options?: { timeout?: number }) => Promise<void>;
    proto[name] = async function steady(this: Locator, options: { timeout?: number } = {}): Promise<void> {
      if (options.timeout === 0) return original.call(this, options);
      const budget = options.timeout ?? ACTION_TIMEOUT_MS;
      const started = Date.now();
      const left = (): number => budget - (Date.now() - started);
      try {
        return await original.call(this, { ...options, timeout: Math.min(budget, firstTryMs) });
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'TimeoutError' || acted(error) || left() <= 0) throw error;
        if (stalledOnFrame(error)) {
          console.warn(`${name}: no frame drawn in ${firstTryMs} ms; drawing one and trying again (${left()} ms left)`);
          await drawFrame(this, this.page(), Math.min(3_000, left()));
        }
        // Playwright reads a timeout of 0 as none: what is left must be more.
        const rest = left();
        if (rest <= 0) throw error;
        return original.call(this, { ...options, timeout: rest });
      }
    };
  }
}
