/**
 * The customer's words in the portal panel at a phone's width: separators only between two things said, and the Day of
 * Upgrade time line's marker and legend in one word.
 */
import path from 'path';
import { panel, PEOPLE, requireBuiltPanels, screenshot, SHOTS, signIn, startHarness, type Harness } from './support';

jest.setTimeout(60_000);

/** Globex's implementation lifecycle (Definition & Specification under way): Gina Park is its customer. */
const GLOBEX_IMPLEMENTATION = 'FHSD-10';
/** Acme's PROD upgrade request, on its Day of Upgrade: Carla Mendes is its customer. */
const ACME_PROD_REQUEST = 'FHSD-4';

beforeAll(() => requireBuiltPanels());

describe('the portal panel\'s words at 390 px', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('portal-words');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('"What we need from you": a separator only between two items, never at the start or end of a line', async () => {
    await signIn(h, PEOPLE.gina);
    await h.page.setViewportSize({ width: 390, height: 900 });
    await h.page.goto(`${h.runtime.url}/portal/request/${GLOBEX_IMPLEMENTATION}`);
    const portal = await panel(h, 'portal-panel');
    await portal.ui.getByRole('heading', { name: 'What we need from you' }).waitFor();
    await h.page.waitForTimeout(300);
    await screenshot(h, 'portal-implementation-390');
    await portal.ui.locator('section[aria-labelledby="your-turn"]').screenshot({ path: path.join(SHOTS, 'portal-your-turn-390.png') });
    await portal.ui.locator('section[aria-labelledby="your-documents"]').screenshot({ path: path.join(SHOTS, 'portal-documents-390.png') });
    expect(await portal.frame.evaluate(DANGLING_SEPARATORS)).toEqual([]);
    expect(h.errors).toEqual([]);
  });

  it('the Day of Upgrade time line names its marker and its legend with one word, the panels\' "today"', async () => {
    await signIn(h, PEOPLE.carla);
    await h.page.setViewportSize({ width: 390, height: 900 });
    await h.page.goto(`${h.runtime.url}/portal/request/${ACME_PROD_REQUEST}`);
    const portal = await panel(h, 'portal-panel');
    const timeline = portal.ui.locator('.cs-tl').first();
    // The Day of Upgrade hour by hour, where the marker was "Now" while the legend said "today".
    await portal.ui.locator('.cs-tl[data-timeline-scale="hours"]').waitFor();
    const marker = (await timeline.locator('.cs-tl-today-label').textContent())!.trim();
    const legend = (await timeline.locator('.cs-tl-legend li', { has: h.page.locator('.cs-tl-today-key') }).textContent())!.trim();
    await timeline.screenshot({ path: path.join(SHOTS, 'portal-timeline-390.png') });
    expect([marker, legend]).toEqual(['Today', 'today']);
    expect(h.errors).toEqual([]);
  });
});

/** Every "·" of the panel that starts a line as laid out ("· More details", "· Validation & Acceptance"), or ends its text. */
const DANGLING_SEPARATORS = `(() => {
  const found = [];
  const walker = document.createTreeWalker(document.getElementById('root'), NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node);
  for (const node of texts) {
    const text = node.textContent;
    for (let i = text.indexOf('·'); i !== -1; i = text.indexOf('·', i + 1)) {
      const dot = document.createRange();
      dot.setStart(node, i);
      dot.setEnd(node, i + 1);
      const d = dot.getBoundingClientRect();
      if (d.width === 0) continue;
      const block = node.parentElement.closest('div, p, li, td, span.cs-muted') || node.parentElement;
      const all = document.createRange();
      all.selectNodeContents(block);
      const lines = [...all.getClientRects()].filter((r) => r.width > 0 && Math.abs(r.top - d.top) < 4);
      const left = Math.min(...lines.map((r) => r.left));
      const where = (block.textContent || '').trim().slice(0, 60);
      if (d.left - left < 2) found.push('starts a line: ' + where);
      else if (/·$/.test((block.textContent || '').trim())) found.push('ends its text: ' + where);
    }
  }
  return found;
})()`;
