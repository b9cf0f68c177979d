/**
 * The release catalogue in a browser, on a fresh install (`npm start -- --no-demo`): a request before any release is
 * set up is refused saying so; the admin sees what to set up first, fills the catalogue (a server refusal marked on
 * its row), then a request for an unknown version is refused naming the known ones, and stage 1 of a real plan links
 * each crossed release's notes in the customer's portal. Screenshots go to test-output/browser/ (git-ignored).
 */
import type { FrameLocator, Locator } from 'playwright-core';
import { axeScan, panel, PEOPLE, requireBuiltPanels, screenshot, seriousOrWorse, signIn, startHarness, type Harness } from './support';

jest.setTimeout(90_000);

beforeAll(() => requireBuiltPanels());

/** The VAL environment request type of the site (src/local/jira/config.ts). */
const VAL_REQUEST_TYPE = '11';

/** Raises a VAL request through the portal's form, as the customer does; answers its key. */
async function raiseValRequest(h: Harness, summary: string, current: string, target: string): Promise<string> {
  await h.page.goto(`${h.runtime.url}/portal/create/${VAL_REQUEST_TYPE}`);
  await h.page.getByLabel('Summary').fill(summary);
  await h.page.getByLabel('Target version').selectOption(target);
  await h.page.getByLabel('Current version').selectOption(current);
  await h.page.getByLabel('VAL', { exact: true }).check();
  await h.page.getByRole('button', { name: 'Send' }).click();
  await h.page.waitForURL(/\/portal\/request\/FHSD-\d+\?/);
  await h.runtime.settle();
  const key = /FHSD-\d+/.exec(new URL(h.page.url()).pathname)![0];
  await h.page.reload();
  return key;
}

async function expectAccessible(frame: Parameters<typeof axeScan>[0], where: string): Promise<void> {
  const bad = seriousOrWorse(await axeScan(frame));
  if (bad.length > 0) throw new Error(`${where}: axe found ${bad.map((f) => `${f.impact} ${f.id} (${f.help}) at ${f.nodes.join(', ')}`).join('; ')}`);
}

const releaseRow = (ui: FrameLocator, index: number): Locator => ui.locator(`[data-release-row="${index}"]`);

async function fillRelease(ui: FrameLocator, index: number, release: { version: string; date: string; notesUrl: string }): Promise<void> {
  const row = releaseRow(ui, index);
  await row.getByLabel('Version').fill(release.version);
  if (release.date) await row.getByLabel('Release date').fill(release.date);
  await row.getByLabel('Release notes link').fill(release.notesUrl);
}

describe('the release catalogue on a fresh service desk', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('releases', { demo: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses requests until the admin sets up the releases, then links the crossed releases\' notes in the portal', async () => {
    await signIn(h, PEOPLE.gina);
    const early = await raiseValRequest(h, 'VAL for our 25.2 upgrade', '24.1', '25.2');
    await h.page.getByText('this service desk has no ClinSpark releases set up yet, so version 25.2 cannot be checked. This is for IQVIA to fix').waitFor();
    await screenshot(h, 'releases-refused-none-set-up');

    await signIn(h, PEOPLE.admin);
    await h.page.goto(`${h.runtime.url}/settings`);
    let settings = await panel(h, 'settings-page');
    await settings.ui.getByText('Set up the ClinSpark releases first').waitFor();
    await settings.ui.getByText('No releases yet.').waitFor();
    await screenshot(h, 'releases-settings-empty');
    await expectAccessible(settings.frame, 'settings page, no releases');

    const catalogue = [
      { version: '24.1', date: '2024-02-12', notesUrl: 'https://docs.clinspark.example/releases/24.1' },
      { version: '24.2', date: '2024-06-03', notesUrl: 'https://docs.clinspark.example/releases/24.2' },
      { version: '25.1', date: '2025-02-17', notesUrl: 'https://docs.clinspark.example/releases/25.1' },
      // The admin does not know 25.2's date yet: the server refuses a new release without it, on its row.
      { version: '25.2', date: '', notesUrl: 'https://docs.clinspark.example/releases/25.2' },
    ];
    for (const [index, release] of catalogue.entries()) {
      await settings.ui.getByRole('button', { name: 'Add a release' }).click();
      await fillRelease(settings.ui, index, release);
    }
    await settings.ui.getByRole('button', { name: 'Save settings' }).click();
    const dateField = releaseRow(settings.ui, 3).locator('[data-field="releases.3.date"]');
    await dateField.getByText('give the day ClinSpark 25.2 was released (yyyy-MM-dd)').waitFor();
    expect(await dateField.getAttribute('data-invalid')).toBe('true');
    await settings.ui.getByText('Release 4, release date: give the day ClinSpark 25.2 was released (yyyy-MM-dd). The field is marked below; nothing was saved.').waitFor();
    await screenshot(h, 'releases-settings-refused-row');
    await expectAccessible(settings.frame, 'settings page, a release refused');

    await releaseRow(settings.ui, 3).getByLabel('Release date').fill('2025-06-09');
    await settings.ui.getByRole('button', { name: 'Save settings' }).click();
    await settings.ui.getByText('All changes saved.').waitFor();
    await h.page.reload();
    settings = await panel(h, 'settings-page');
    expect(await settings.ui.getByText('Set up the ClinSpark releases first').count()).toBe(0);
    expect(await releaseRow(settings.ui, 3).getByLabel('Release date').inputValue()).toBe('2025-06-09');
    await screenshot(h, 'releases-settings-saved');

    await signIn(h, PEOPLE.gina);
    await raiseValRequest(h, 'VAL for 25.3', '24.1', '25.3');
    await h.page.getByText('ClinSpark 25.3 is not a known release. The known releases are 25.2, 25.1, 24.2 and 24.1.').waitFor();
    await screenshot(h, 'releases-refused-unknown-version');

    const key = await raiseValRequest(h, 'VAL for our 25.2 upgrade, again', '24.1', '25.2');
    expect(key).not.toBe(early);
    const portal = await panel(h, 'portal-panel');
    const links = portal.ui.getByRole('list', { name: 'Release notes' }).first().getByRole('link');
    await links.first().waitFor();
    expect(await links.allTextContents()).toEqual(['ClinSpark 24.2 release notes', 'ClinSpark 25.1 release notes', 'ClinSpark 25.2 release notes']);
    expect(await links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')))).toEqual(catalogue.slice(1).map((r) => r.notesUrl));
    await portal.ui.getByText('released 3 Jun 2024').first().waitFor();
    await screenshot(h, 'releases-portal-stage-1');
    await expectAccessible(portal.frame, 'portal panel, release notes');

    // Jira asks before it opens an external site (custom-ui-bridge/router): declined, nothing opens; accepted, a new tab.
    const declined = h.page.waitForEvent('dialog').then((dialog) => dialog.dismiss());
    await links.first().click();
    await declined;
    expect(h.context.pages()).toHaveLength(1);
    // The notes site is outside this machine: the browser gets a stand-in page for it.
    await h.context.route('https://docs.clinspark.example/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>ClinSpark 25.2 release notes</title><h1>ClinSpark 25.2</h1>' }));
    const accepted = h.page.waitForEvent('dialog').then((dialog) => dialog.accept());
    const [tab] = await Promise.all([h.context.waitForEvent('page'), links.nth(2).click(), accepted]);
    await tab.waitForLoadState();
    expect([tab.url(), await tab.title()]).toEqual(['https://docs.clinspark.example/releases/25.2', 'ClinSpark 25.2 release notes']);
    await tab.close();
    expect(h.errors).toEqual([]);
  });
});
