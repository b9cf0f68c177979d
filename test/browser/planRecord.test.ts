/**
 * Issue #16 in a browser (21 CFR Part 11 §11.10(b), §11.10(e); EU GMP Annex 11 §8, §9): the PM verifies Acme's audit
 * trail from the History tab (checked on the server), exports it as CSV ending with the verification, opens the
 * printable plan record in the panel and prints it; the record's HTML file is printed to an A4 PDF by Chromium.
 */
import fs from 'fs';
import path from 'path';
import { axeScan, invokeAs, MODULES, panel, PEOPLE, requireBuiltPanels, screenshot, seriousOrWorse, SHOTS, signIn, startHarness, type Harness } from './support';

async function expectAccessible(frame: Parameters<typeof axeScan>[0], where: string): Promise<void> {
  const bad = seriousOrWorse(await axeScan(frame));
  if (bad.length > 0) throw new Error(`${where}: axe found ${bad.map((f) => `${f.impact} ${f.id} (${f.help}) at ${f.nodes.join(', ')}`).join('; ')}`);
}

jest.setTimeout(90_000);

const ACME_PROD_REQUEST = 'FHSD-4';
const ACME_VAL = 'FHSD-1';

beforeAll(() => requireBuiltPanels());

describe('the audit trail verified and the plan record printed, in a browser', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('record');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('§11.10(e) and §11.10(b): the PM verifies the trail, exports it with its head hash, and prints the plan record to PDF', async () => {
    await signIn(h, PEOPLE.pm);
    await h.page.goto(`${h.runtime.url}/issue/${ACME_PROD_REQUEST}`);
    const issue = await panel(h, 'issue-panel');
    await issue.ui.getByRole('tab', { name: 'History' }).click();

    const server = await invokeAs(h, PEOPLE.pm.emailAddress, MODULES.issue, ACME_PROD_REQUEST, 'verifyAudit');
    expect(server.ok).toBe(true);
    const head: string = server.data.plan.head;
    expect(head).toMatch(/^[0-9a-f]{64}$/);

    await issue.ui.getByRole('button', { name: 'Verify the audit trail' }).click();
    const verdict = issue.ui.getByTestId('chain-verification');
    await verdict.getByText('The audit trail is intact').waitFor();
    expect(await verdict.textContent()).toContain(`head hash ${head}`);
    await screenshot(h, 'history-verified');
    await expectAccessible(issue.frame, 'history tab, verified');

    // The CSV export ends with the chains' verification, as the server checked it at export time.
    const [csvFile] = await Promise.all([h.page.waitForEvent('download'), issue.ui.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = fs.readFileSync((await csvFile.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines.at(-3)).toBe('Chain verification,Result,Head hash (SHA-256),Entries,Checked at (UTC),Summary');
    expect(lines.at(-2)).toMatch(new RegExp(`^Plan,verified,${head},\\d+,`));
    expect(lines.at(-1)).toMatch(/^Environments,verified,[0-9a-f]{64},\d+,/);

    // The printable record, in the panel in place of the plan.
    await issue.ui.getByRole('button', { name: 'Printable record' }).click();
    const record = issue.ui.getByRole('article', { name: 'Plan record' });
    await record.getByRole('heading', { name: /^Plan record: / }).waitFor();
    expect(await issue.ui.getByRole('tab', { name: 'History' }).isVisible()).toBe(false);
    const text = (await record.textContent())!;
    expect(text).toContain('Plan: verified');
    expect(text).toContain('Environments: verified');
    expect(text).toContain(head);
    expect(await record.locator('h2').allTextContents()).toEqual(['Audit trail verification', 'Stages', 'Attempts', 'Environments and their changes', expect.stringMatching(/^Audit trail \(\d+ entries\)$/)]);
    // Every stage, who by printed name (never "You"), when in UTC and in London time.
    const stageRows = record.locator('section', { has: h.page.locator('h2', { hasText: 'Stages' }) }).locator('tbody tr');
    expect(await stageRows.count()).toBe(28);
    expect(text).not.toMatch(/\bYou\b/);
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\d{1,2} \w{3} \d{4}, \d{2}:\d{2} GMT/);
    expect(text).toContain(PEOPLE.carla.displayName);
    // The environments' people by name too (the admin who registered Acme's PROD pair is asked of Jira), never an account id.
    expect(text).toContain(PEOPLE.admin.displayName);
    expect(text).not.toContain(PEOPLE.admin.accountId);
    // Every IQ record prints with its signature (Erik's, on VAL) or where it was signed (PROD's, transcribed by the admin).
    const valIq = record.locator('[data-record-iq="VAL MAIN"]');
    expect(await valIq.textContent()).toMatch(/IQ-ACME-VAL-25\.1.*Erik Larsen, “IQ documentation: the instance is installed and qualified at the version recorded”/);
    expect(await valIq.textContent()).not.toContain('BROKEN');
    expect(await record.locator('[data-record-iq="PROD MAIN"]').textContent()).toContain('Transcribed from its document, signed outside the app');
    await screenshot(h, 'plan-record-panel');
    await expectAccessible(issue.frame, 'plan record');

    // "Print or save as PDF" is the browser's print of the panel's frame.
    await issue.frame.evaluate('window.__printed = 0; window.print = () => { window.__printed += 1; }');
    await issue.ui.getByRole('button', { name: 'Print or save as PDF' }).click();
    expect(await issue.frame.evaluate('window.__printed')).toBe(1);

    // The same record as a file, printed by Chromium to A4: what a QA reviewer files.
    const [htmlFile] = await Promise.all([h.page.waitForEvent('download'), issue.ui.getByRole('button', { name: 'Download the record (.html)' }).click()]);
    expect(htmlFile.suggestedFilename()).toMatch(/^FHSD-4-plan-record-\d{4}-\d{2}-\d{2}\.html$/);
    const html = fs.readFileSync((await htmlFile.path())!, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain(head);
    const paper = await h.context.newPage();
    try {
      await paper.setContent(html);
      await paper.emulateMedia({ media: 'print' });
      fs.mkdirSync(SHOTS, { recursive: true });
      const pdfPath = path.join(SHOTS, 'plan-record.pdf');
      await paper.pdf({ path: pdfPath, format: 'A4', preferCSSPageSize: true, printBackground: true });
      const pdf = fs.readFileSync(pdfPath, 'latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      expect((pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThanOrEqual(2);
      await paper.setViewportSize({ width: 794, height: 1123 });
      // On paper too the columns keep their widths: long change data wraps in its cell, words stay whole.
      expect(await paper.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
      expect((await paper.evaluate(OVERFLOWING)) as string[]).toEqual([]);
      expect((await paper.evaluate(BROKEN_WORDS)) as string[]).toEqual([]);
      await paper.screenshot({ path: path.join(SHOTS, 'plan-record.png'), fullPage: false });
      await paper.locator('section', { has: paper.locator('h2', { hasText: 'Environments and their changes' }) }).screenshot({ path: path.join(SHOTS, 'plan-record-environments.png') });
      // Scrolled back to the top (the element screenshot scrolled), so the box's coordinates are the page's.
      await paper.evaluate('window.scrollTo(0, 0)');
      const trailBox = (await paper.locator('section', { has: paper.locator('h2', { hasText: /^Audit trail \(/ }) }).boundingBox())!;
      await paper.screenshot({ path: path.join(SHOTS, 'plan-record-trail.png'), clip: { x: trailBox.x, y: trailBox.y, width: trailBox.width, height: 900 }, fullPage: true });
    } finally {
      await paper.close();
    }

    await issue.ui.getByRole('button', { name: 'Back to the plan' }).click();
    await issue.ui.getByRole('tab', { name: 'History' }).waitFor();
    expect(await record.count()).toBe(0);
    expect(h.errors).toEqual([]);
  });

  it('at 390 px the record fits its frame: tables stack label and value, hashes wrap, no word is broken', async () => {
    await signIn(h, PEOPLE.pm);
    await h.page.setViewportSize({ width: 390, height: 900 });
    try {
      await h.page.goto(`${h.runtime.url}/issue/${ACME_VAL}`);
      const issue = await panel(h, 'issue-panel');
      await issue.ui.getByRole('tab', { name: 'History' }).click();
      await issue.ui.getByRole('button', { name: 'Printable record' }).click();
      const record = issue.ui.getByRole('article', { name: 'Plan record' });
      await record.getByRole('heading', { name: /^Plan record: / }).waitFor();
      await h.page.waitForTimeout(300);
      await record.locator('h2', { hasText: 'Audit trail verification' }).scrollIntoViewIfNeeded();
      await h.page.screenshot({ path: path.join(SHOTS, 'plan-record-390.png') });
      await record.locator('section', { has: h.page.locator('h2', { hasText: 'Stages' }) }).locator('table').first().scrollIntoViewIfNeeded();
      await h.page.screenshot({ path: path.join(SHOTS, 'plan-record-390-stages.png') });
      await record.locator('section', { has: h.page.locator('h2', { hasText: /^Audit trail \(/ }) }).locator('tbody tr').nth(20).scrollIntoViewIfNeeded();
      await h.page.screenshot({ path: path.join(SHOTS, 'plan-record-390-trail.png') });

      const [scrollWidth, clientWidth] = (await issue.frame.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as [number, number];
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      expect((await issue.frame.evaluate(OVERFLOWING)) as string[]).toEqual([]);
      expect((await issue.frame.evaluate(BROKEN_WORDS)) as string[]).toEqual([]);
      // Stacked, each value keeps its column's name.
      expect(await issue.frame.evaluate(`getComputedStyle(document.querySelector('.cs-record tbody td[data-label="Status"]'), '::before').content`)).toBe('"Status"');
      await expectAccessible(issue.frame, 'plan record at 390 px');
    } finally {
      await h.page.setViewportSize({ width: 1280, height: 900 });
    }
    expect(h.errors).toEqual([]);
  });
});

/** The record's boxes that reach past the frame's right edge, or past the box that holds them (the verification's green box). */
const OVERFLOWING = `(() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  for (const el of document.querySelectorAll('.cs-record *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 0.5) problems.push(el.tagName + ' "' + (el.textContent || '').slice(0, 40) + '" ends at ' + Math.round(r.right) + ' > ' + width);
  }
  for (const box of document.querySelectorAll('.cs-record-check')) if (box.scrollWidth > box.clientWidth + 1) problems.push('a verification box overflows: ' + box.scrollWidth + ' > ' + box.clientWidth);
  return problems.slice(0, 10);
})()`;

/**
 * Words of the record laid out on more than one line: "Do ne", "Mende s". Hashes, and the data of a change written as one
 * token longer than any word (30 characters and more), may wrap anywhere.
 */
const BROKEN_WORDS = `(() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector('.cs-record'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('.cs-record-hash')) continue;
    const text = node.textContent;
    for (const m of text.matchAll(/[^\\s/–—-]+/g)) {
      if (m[0].length >= 30) continue;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return [...new Set(broken)].slice(0, 20);
})()`;
