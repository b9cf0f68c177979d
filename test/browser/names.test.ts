/**
 * A name for every person, everywhere (issue #15, finding 4): on the demo, the panels' visible text names no one by
 * their account id — the issue panel of three plans (every tab) as the PM, the portal as Carla, the settings page (every
 * organization's environments) as the admin. The Reassign dialog and the Environments tab are screenshotted to
 * test-output/browser/.
 */
import type { Frame, FrameLocator } from 'playwright-core';
import { invokeAs, MODULES, panel, PEOPLE, requireBuiltPanels, SHOTS, signIn, startHarness, type Harness } from './support';

jest.setTimeout(180_000);

beforeAll(() => requireBuiltPanels());

/** The demo's account ids: Jira users' (24 hex digits), portal customers' (`qm:`), and the stand-in's other people. */
const ACCOUNT_ID_SHAPES = [/\b5d1f0a6e[0-9a-f]{16}\b/g, /qm:demo-[a-z]+/g, /\bacc-[a-z]+/g];

function accountIdsIn(text: string): string[] {
  return ACCOUNT_ID_SHAPES.flatMap((shape) => text.match(shape) ?? []);
}

/** What the panel shows once nothing is loading (the lazy tabs and sections ask the server after they open). */
async function visibleText(frame: Frame): Promise<string> {
  await frame.waitForFunction("!document.querySelector('.cs-loading')");
  return frame.evaluate('document.body.innerText') as Promise<string>;
}

/** The account ids shown in each tab of the panel, as "<where>: <ids>". */
async function idsInEveryTab(frame: Frame, ui: FrameLocator, where: string): Promise<string[]> {
  const found: string[] = [];
  const tabs = ui.getByRole('tab');
  const names = (await tabs.count()) > 0 ? await tabs.allInnerTexts() : [''];
  for (const name of names) {
    if (name) await ui.getByRole('tab', { name: name.trim(), exact: true }).click();
    const ids = accountIdsIn(await visibleText(frame));
    if (ids.length > 0) found.push(`${where} (${name.trim() || 'panel'}): ${[...new Set(ids)].join(', ')}`);
  }
  return found;
}

describe('a name for every person, everywhere', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('names');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows no account id in the issue panels, the portal or the settings page', async () => {
    const found: string[] = [];
    await signIn(h, PEOPLE.pm);
    for (const ticket of ['FHSD-4', 'FHSD-3', 'FHSD-13']) {
      await h.page.goto(`${h.runtime.url}/issue/${ticket}`);
      const { frame, ui } = await panel(h, 'issue-panel');
      found.push(...(await idsInEveryTab(frame, ui, `issue panel of ${ticket}`)));
    }

    await signIn(h, PEOPLE.carla);
    await h.page.goto(`${h.runtime.url}/portal/request/FHSD-4`);
    const portal = await panel(h, 'portal-panel');
    found.push(...(await idsInEveryTab(portal.frame, portal.ui, 'portal of FHSD-4')));

    await signIn(h, PEOPLE.admin);
    await h.page.goto(`${h.runtime.url}/settings`);
    const settings = await panel(h, 'settings-page');
    found.push(...(await idsInEveryTab(settings.frame, settings.ui, 'settings page')));
    const section = settings.ui.getByTestId('environments-section');
    for (const organization of ['Acme Clinical Research', 'Globex Pharma', 'Northwind Trials', 'Initech Biosciences']) {
      // Typed and chosen with Enter, as a keyboard user does (the fixed menu may open below the frame's viewport).
      await section.getByLabel('Customer organization').fill(organization);
      await section.getByLabel('Customer organization').press('Enter');
      await section.getByRole('button', { name: 'Add existing environment' }).waitFor();
      await settings.frame.waitForFunction("!document.querySelector('.cs-loading')");
      const ids = accountIdsIn(await section.innerText());
      if (ids.length > 0) found.push(`settings page, environments of ${organization}: ${[...new Set(ids)].join(', ')}`);
    }

    expect(found).toEqual([]);
    expect(h.errors).toEqual([]);
  });

  it('names the owner in the Reassign dialog and who recorded the IQ documentation in the Environments tab', async () => {
    await signIn(h, PEOPLE.pm);
    await h.page.goto(`${h.runtime.url}/issue/FHSD-4`);
    const { ui } = await panel(h, 'issue-panel');
    await ui.getByRole('button', { name: /^Reassign/ }).first().click();
    const dialog = ui.getByRole('dialog');
    await dialog.waitFor();
    const owner = dialog.locator('.cs-owner-now');
    await owner.waitFor();
    expect(accountIdsIn(await dialog.innerText())).toEqual([]);
    // A person without a name is written by their id in code type (.cs-mono): the owner here has their name.
    expect((await owner.innerText()).replace(/\s+/g, ' ')).toMatch(/^Owner now: \S.* ?\.$/);
    expect(await owner.locator('.cs-mono').count()).toBe(0);
    await dialog.screenshot({ path: `${SHOTS}/names-reassign-dialog.png` });
    await dialog.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await ui.getByRole('tab', { name: /^Environments/ }).click();
    const recorded = ui.locator('section.cs-env').filter({ hasText: 'Morgan Lee' }).first();
    await recorded.waitFor();
    await ui.locator('.cs-env-list').screenshot({ path: `${SHOTS}/names-environments-tab.png` });
    expect(h.errors).toEqual([]);
  });

  it("answers the demo's refusals with names: Victor's Go on FHSD-4, Sofia recording FHSD-5 addressed", async () => {
    const go = await invokeAs(h, PEOPLE.victor.emailAddress, MODULES.portal, 'FHSD-4', 'decideStage', { stage: 24, outcome: 'Go' });
    expect(go).toMatchObject({ ok: false, error: { rule: 'decisionMakers', message: "stage 24: the decision is taken by the organization's decision makers only: Carla Mendes" } });
    const addressed = await invokeAs(h, PEOPLE.support.emailAddress, MODULES.issue, 'FHSD-3', 'addressPart', { stage: 11, part: 'FHSD-5' });
    expect(addressed).toMatchObject({ ok: false, error: { rule: 'stageOwnership', message: 'FHSD-5 is handled by Samuel Okafor: only they record it addressed' } });
  });
});
