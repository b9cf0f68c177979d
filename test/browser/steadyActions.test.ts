/** The harness's steady clicks (steadyActions.ts) in Debian's Chromium: a stalled frame is drawn and the click lands; nothing else changes. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { stalledOnFrame, steadyActions } from './steadyActions';
import { CHROMIUM, CHROMIUM_FLAGS } from './support';

jest.setTimeout(30_000);

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  page = await browser.newPage();
  steadyActions(page.locator('body'), 500);
});
afterAll(async () => {
  await browser?.close();
});

/**
 * A button far down a short iframe, whose page is busy for `busyMs` on its first scroll: Playwright scrolls it into
 * view, then waits for a still frame and sees none (the call log CI showed).
 */
async function stallingButton(busyMs: number) {
  const inner = `<div style='height:3000px'></div><button id='go' onclick='this.textContent = &quot;clicked&quot;'>Go</button><script>addEventListener('scroll', () => { if (!window.stalled) { window.stalled = true; const end = Date.now() + ${busyMs}; while (Date.now() < end); } });</script>`;
  await page.setContent(`<iframe title="stalling" style="height:200px" srcdoc="${inner}"></iframe>`);
  const go = page.frameLocator('iframe').locator('#go');
  await go.waitFor({ state: 'attached' });
  return go;
}

describe('steadyActions', () => {
  it('stalledOnFrame: a click that never saw a frame stalled; one on a disabled button did not', async () => {
    const stalled = await (await stallingButton(1_500)).click({ timeout: 300 }).catch((e: unknown) => e);
    // Unpatched path: a timeout shorter than the first try is the whole budget.
    expect(stalledOnFrame(stalled)).toBe(true);
    await page.setContent('<button id="go" disabled>Go</button>');
    const refused = await page.locator('#go').click({ timeout: 300 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(stalledOnFrame(refused)).toBe(false);
    expect(stalledOnFrame(new Error('waiting for element to be visible, enabled and stable'))).toBe(false);
  });

  it('steadyActions: a click stalled past its first try draws a frame and lands, within its own timeout', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const go = await stallingButton(1_500);
      const started = Date.now();
      await go.click({ timeout: 8_000 });
      expect(await go.textContent()).toBe('clicked');
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^click: no frame drawn in 500 ms/));
    } finally {
      warn.mockRestore();
    }
  });

  it('steadyActions: an action that cannot happen still fails after its whole timeout, not the first try', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await page.setContent('<button id="go" disabled>Go</button>');
      const started = Date.now();
      const error = await page.locator('#go').click({ timeout: 1_500 }).catch((e: unknown) => e);
      expect((error as Error).name).toBe('TimeoutError');
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
