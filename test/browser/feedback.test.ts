/**
 * Feedback where people look (issue #15, findings 1, 2, 6 and 7), in headless Chromium against the local runtime with
 * the production bundles: every choice in every dialog survives two clicks; a refused action says why on the row acted
 * on and in a flag the host draws at the top of the viewport; the portal says "stage"; after a No-Go and its restore the
 * header shows the new attempt's decision (none yet), not the earlier attempt's.
 */
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { DemoClock } from '../../src/local/demo/clock';
import { DEMO_CUSTOM_FIELDS, DEMO_PROJECT_KEY, DEMO_SIGNING_PASSPHRASES, ORGANIZATIONS } from '../../src/local/demo/cast';
import { buildSiteConfig } from '../../src/local/jira/config';
import { createIssueBody } from '../../src/local/runtime/request-form';
import { flag, invokeAs, MODULES, panel, PEOPLE, requireBuiltPanels, screenshot, SHOTS, signAs, signIn, startHarness, type Harness } from './support';

jest.setTimeout(600_000);

beforeAll(() => requireBuiltPanels());

/** The demo's tickets (src/local/demo/stories.ts, raised in this order). */
const TICKETS = { acmeProd: 'FHSD-4', northwindVal: 'FHSD-3', globexVal: 'FHSD-8', northwindGoLive: 'FHSD-9', globexImplementation: 'FHSD-10' } as const;

/** Resolvers that only read: every other call is stopped while the test clicks through a panel, so nothing changes. */
const READS = /^(get|search)/;

async function readOnly(page: Page): Promise<void> {
  await page.route('**/forge/invoke', async (route) => {
    const functionKey = (JSON.parse(route.request().postData() ?? '{}') as { functionKey?: string }).functionKey ?? '';
    if (READS.test(functionKey)) await route.continue();
    else await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ errorMessages: [`${functionKey} is not called by this test`] }) });
  });
}

/** The panel did not fall over: no error boundary, no uncaught error in any page. */
async function expectAlive(h: Harness, frame: Frame, where: string): Promise<void> {
  const crashed = (await frame.locator('.cs-crash').count()) > 0 ? await frame.locator('.cs-crash').innerText() : null;
  expect({ where, crashed, errors: h.errors.filter((e) => e.startsWith('page error')) }).toEqual({ where, crashed: null, errors: [] });
}

/**
 * Clicks every checkbox and radio in `scope` twice: the panel must still stand after each click, a checkbox be back as
 * it was, a radio stay chosen. Returns how many it clicked.
 */
async function clickEveryChoiceTwice(h: Harness, frame: Frame, scope: Locator, where: string): Promise<number> {
  const choices = scope.locator('input[type="checkbox"], input[type="radio"]');
  let clicked = 0;
  for (let i = 0; i < (await choices.count()); i++) {
    const choice = choices.nth(i);
    if (!(await choice.isVisible()) || (await choice.isDisabled())) continue;
    const type = await choice.getAttribute('type');
    const before = await choice.isChecked();
    await choice.click();
    await expectAlive(h, frame, `${where}, first click on ${type} ${i}`);
    await choice.click();
    await expectAlive(h, frame, `${where}, second click on ${type} ${i}`);
    expect({ where, choice: i, checked: await choice.isChecked() }).toEqual({ where, choice: i, checked: type === 'checkbox' ? before : true });
    clicked += 1;
  }
  return clicked;
}

/** A button's name as the dialog it opens is known by: the same button on another stage opens the same dialog. */
const buttonKind = (name: string): string => name.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
// Buttons that leave the page or start a download open no dialog.
const NOT_A_DIALOG = /download|\.ics|\.csv|reload|add to calendar|export/i;

interface Found {
  where: string;
  dialog: string;
  choices: number;
}

/**
 * Every dialog a person can open in a panel: each kind of enabled button in each tab is clicked (writes are stopped,
 * see readOnly); a dialog that opens gets every choice clicked twice, then is cancelled.
 */
async function everyDialog(h: Harness, resource: 'issue-panel' | 'portal-panel' | 'settings-page', where: string, tried: Set<string>, prepare?: (ui: FrameLocator) => Promise<void>): Promise<Found[]> {
  const { frame, ui } = await panel(h, resource);
  if (prepare) await prepare(ui);
  const found: Found[] = [];
  // A dialog opens in the click's own render once the lazy dialog bundle is there (the panels fetch it once the plan is
  // shown): with the network quiet, a short wait tells whether a click opened one.
  await frame.waitForLoadState('networkidle');
  const wait = 400;
  const tabs = ui.getByRole('tab');
  const tabNames = (await tabs.count()) > 0 ? await tabs.allInnerTexts() : [''];
  for (const tab of tabNames) {
    if (tab) await ui.getByRole('tab', { name: tab.trim(), exact: true }).click();
    // Every stage on screen: the filter on All, each folded phase opened (the sweep itself leaves toggles alone).
    const all = ui.locator('button.cs-filter[data-filter="all"]');
    if ((await all.count()) > 0 && (await all.getAttribute('aria-pressed')) !== 'true') await all.click();
    const folded = ui.locator('button.cs-phase-toggle[aria-expanded="false"]');
    while ((await folded.count()) > 0) await folded.first().click();
    for (let i = 0; ; i++) {
      const buttons = ui.locator('#root button:visible');
      if (i >= (await buttons.count())) break;
      const button = buttons.nth(i);
      if ((await button.getAttribute('role')) === 'tab' || (await button.isDisabled())) continue;
      // Filters and fold toggles change what is shown, not open a dialog.
      if ((await button.getAttribute('aria-pressed')) !== null || (await button.getAttribute('aria-expanded')) !== null) continue;
      const name = buttonKind((await button.getAttribute('aria-label')) ?? (await button.innerText()));
      // Once per person, panel and tab: the same button on another plan or visit opens the same dialog (what a button
      // opens may depend on the person: a signed act asks one without a passphrase to set one first).
      const kind = `${where.split(' on ')[0]} ${resource} ${buttonKind(tab)} ${name}`;
      if (!name || tried.has(kind) || NOT_A_DIALOG.test(name)) continue;
      tried.add(kind);
      await button.click();
      const dialog = ui.getByRole('dialog');
      if (!(await dialog.waitFor({ timeout: wait }).then(() => true, () => false))) {
        await expectAlive(h, frame, `${where}, ${tab || 'panel'}: ${name}`);
        continue;
      }
      const title = (await dialog.getAttribute('aria-label')) ?? (await dialog.getByRole('heading').first().innerText());
      const at = `${where}, ${tab || 'panel'}: ${name} → ${title}`;
      found.push({ where: `${where}${tab ? ` (${tab.trim()})` : ''}`, dialog: title, choices: await clickEveryChoiceTwice(h, frame, dialog, at) });
      // Escape, as a keyboard user leaves it (a tall dialog's Cancel may sit below the host's viewport).
      await dialog.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await expectAlive(h, frame, `${at}, cancelled`);
    }
  }
  return found;
}

describe('the choices in every dialog', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('dialog-choices');
    // Hugo raises Globex's PROD upgrade request without instances or slots: stage 13 waits for "the missing details".
    const body = createIssueBody(buildSiteConfig({ projectKey: DEMO_PROJECT_KEY, customFields: DEMO_CUSTOM_FIELDS }), { requestType: 'PROD upgrade request', summary: 'PROD to 25.2', targetVersion: '25.2', currentVersion: '24.1' }, [ORGANIZATIONS.globex.id]);
    const auth = `Basic ${Buffer.from(`${PEOPLE.hugo.emailAddress}:any-token`).toString('base64')}`;
    const created = await fetch(`${h.runtime.url}/rest/api/3/issue`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    globexProd = ((await created.json()) as { key: string }).key;
    await h.runtime.settle();
    await readOnly(h.page);
  });
  afterAll(async () => {
    await h?.close();
  });
  let globexProd = '';

  it('every checkbox and radio of every dialog the demo reaches survives two clicks (the request details dialog crashed on the second)', async () => {
    const found: Found[] = [];
    const tried = new Set<string>();
    const visit = async (person: (typeof PEOPLE)[keyof typeof PEOPLE], path: string, resource: 'issue-panel' | 'portal-panel' | 'settings-page', prepare?: (ui: FrameLocator) => Promise<void>) => {
      await signIn(h, person);
      await h.page.goto(`${h.runtime.url}${path}`);
      found.push(...(await everyDialog(h, resource, `${person.displayName} on ${path}`, tried, prepare)));
    };
    // One visit per kind of plan and person where the demo offers dialogs (the same button on another plan opens the same dialog).
    await visit(PEOPLE.hugo, `/portal/request/${globexProd}`, 'portal-panel');
    await visit(PEOPLE.nadia, `/portal/request/${TICKETS.northwindVal}`, 'portal-panel');
    for (const ticket of [TICKETS.acmeProd, TICKETS.northwindVal, TICKETS.globexImplementation]) await visit(PEOPLE.pm, `/issue/${ticket}`, 'issue-panel');
    for (const ticket of [TICKETS.acmeProd, TICKETS.northwindGoLive]) await visit(PEOPLE.engineer, `/issue/${ticket}`, 'issue-panel');
    await visit(PEOPLE.support, `/issue/${TICKETS.northwindVal}`, 'issue-panel');
    // The settings page: its own checkboxes, then the environment dialogs of an organization.
    await signIn(h, PEOPLE.admin);
    await h.page.goto(`${h.runtime.url}/settings`);
    const settings = await panel(h, 'settings-page');
    expect(await clickEveryChoiceTwice(h, settings.frame, settings.ui.locator('#root'), 'settings page')).toBeGreaterThanOrEqual(7);
    found.push(
      ...(await everyDialog(h, 'settings-page', 'Morgan Lee on /settings', tried, async (ui) => {
        const section = ui.getByTestId('environments-section');
        await section.getByLabel('Customer organization').click();
        await ui.getByRole('option', { name: 'Acme Clinical Research' }).click();
        await section.getByRole('button', { name: 'Add existing environment' }).waitFor();
      })),
    );

    // Later on Acme's Day of Upgrade (the runtime's clock moved on): the decision, the restore its No-Go opens, a new slot.
    for (const stage of [21, 22]) expect((await invokeAs(h, PEOPLE.engineer.emailAddress, MODULES.issue, TICKETS.acmeProd, 'completeStage', { stage })).ok).toBe(true);
    expect((await invokeAs(h, PEOPLE.carla.emailAddress, MODULES.portal, TICKETS.acmeProd, 'completeStage', { stage: 23 })).ok).toBe(true);
    await visit(PEOPLE.carla, `/portal/request/${TICKETS.acmeProd}`, 'portal-panel');
    const decidedAt = Date.now();
    expect((await signAs(h, PEOPLE.carla.emailAddress, MODULES.portal, TICKETS.acmeProd, 'decideStage', { stage: 24, outcome: 'No-Go', reason: 'Lab results export fails on PROD MAIN.' }, DEMO_SIGNING_PASSPHRASES.carla!)).ok).toBe(true);
    await visit(PEOPLE.engineer, `/issue/${TICKETS.acmeProd}`, 'issue-panel');
    const clock = new DemoClock();
    clock.wait(60);
    try {
      const at = (minutes: number) => new Date(decidedAt + minutes * 60_000).toISOString();
      expect((await invokeAs(h, PEOPLE.engineer.emailAddress, MODULES.issue, TICKETS.acmeProd, 'recordRestore', { startedAt: at(2), endedAt: at(45), version: '24.2' })).ok).toBe(true);
      expect((await invokeAs(h, PEOPLE.specialist.emailAddress, MODULES.issue, TICKETS.acmeProd, 'completeStage', { stage: 14 })).ok).toBe(true);
      await visit(PEOPLE.pm, `/issue/${TICKETS.acmeProd}`, 'issue-panel');
    } finally {
      // Only after the last request of this runtime: its clock never goes back while it serves.
      clock.restore();
    }

    console.log(found.map((f) => `${f.where}: ${f.dialog} (${f.choices} choices)`).join('\n'));
    const titles = found.map((f) => f.dialog);
    // The dialog of the crash: both instances (checkboxes) and both configuration choices (radios).
    expect(found.find((f) => f.where.startsWith('Hugo Brandt') && /^Details of the PROD upgrade request/.test(f.dialog))?.choices).toBeGreaterThanOrEqual(4);
    // One of each kind of dialog the panels have.
    const kinds = [/^Details of the/, /^Reassign stage/, /^Hand .* to someone/, /^Skip stage/, /^Block stage/, /^Reopen stage/, /^Plan the end of/, /^Record a backup/, /^Record: /, /^Record IQ documentation/, /^Add existing environment$/, /^Edit /, /^Terminate /, /decision \(stage 24\)$/, /^Record the restore/, /^Propose the slot/];
    expect(kinds.filter((kind) => !titles.some((t) => kind.test(t))).map(String)).toEqual([]);
    expect(found.filter((f) => /decision \(stage 24\)$|^Propose the slot|^Edit |^Add existing/.test(f.dialog)).every((f) => f.choices >= 2)).toBe(true);
  });
});

/** The box of a located element in the host page's viewport (playwright gives frame elements in main-frame coordinates). */
async function viewportBox(page: Page, target: Locator): Promise<{ top: number; bottom: number; innerHeight: number }> {
  const box = await target.boundingBox();
  if (!box) throw new Error('not rendered');
  const innerHeight = (await page.evaluate('window.innerHeight')) as number;
  return { top: box.y, bottom: box.y + box.height, innerHeight };
}

describe('a refused action, where the person looks', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('stale-refusal');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a stale Complete is refused on the row acted on, in view, and in a flag at the top of the host page; the flag reloads the plan', async () => {
    await signIn(h, PEOPLE.engineer);
    // Two tabs of the same engineer on Acme's Day of Upgrade: the second still shows stage 21 in progress.
    const first = h.page;
    const second = await h.context.newPage();
    second.on('pageerror', (e) => h.errors.push(`page error: ${e.message}`));
    for (const page of [first, second]) await page.goto(`${h.runtime.url}/issue/${TICKETS.acmeProd}`);
    const stale = { ...h, page: second };
    const a = await panel(h, 'issue-panel');
    const b = await panel(stale, 'issue-panel');

    await a.ui.locator('tr[data-stage="21"]').getByRole('group', { name: 'Actions on stage 21' }).getByRole('button', { name: 'Complete' }).click();
    // The success flag is the host's, at the top of the viewport, whatever the panel's height.
    const success = first.locator('#flags .flag-success', { hasText: 'Stage 21 was completed' });
    await success.waitFor();
    expect((await viewportBox(first, success)).top).toBeLessThan(80);

    const row = b.ui.locator('tr[data-stage="21"]');
    await row.getByRole('group', { name: 'Actions on stage 21' }).getByRole('button', { name: 'Complete' }).click();
    const refusal = row.locator('[data-row-refusal="21"]');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/^Stage 21 was not completed\. Stage 21 is done: .*reload/i);
    const seen = await viewportBox(second, refusal);
    expect(seen.top).toBeGreaterThanOrEqual(0);
    expect(seen.bottom).toBeLessThanOrEqual(seen.innerHeight);

    const flag = second.locator('#flags .flag-error', { hasText: 'Stage 21 was not completed' });
    await flag.waitFor();
    const flagBox = await viewportBox(second, flag);
    expect(flagBox.top).toBeGreaterThanOrEqual(0);
    expect(flagBox.top).toBeLessThan(80);
    expect(await flag.getAttribute('role')).toBe('alert');
    await second.screenshot({ path: `${SHOTS}/feedback-stale-refusal.png` });

    // The flag's action runs in the panel (Reload the plan) and closes the flag; the row then shows the stage as stored.
    await flag.getByRole('button', { name: 'Reload the plan' }).click();
    await flag.waitFor({ state: 'detached' });
    await row.getByText('Done', { exact: true }).waitFor();
    expect(await b.ui.locator('[data-row-refusal]').count()).toBe(0);
    await second.close();
    expect(h.errors.filter((e) => e.startsWith('page error'))).toEqual([]);
  });
});

describe("the host's flags, as @forge/bridge's showFlag asks for them", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('host-flags');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('draws type and appearance (bold: details behind an expander), runs an action in the panel, closes by id, dismisses itself after 8 s, and refuses a flag without id', async () => {
    await signIn(h, PEOPLE.pm);
    await h.page.goto(`${h.runtime.url}/issue/${TICKETS.acmeProd}`);
    const { frame } = await panel(h, 'issue-panel');
    // What the package sends (node_modules/@forge/bridge/out/flag/flag.js): the options with `type` defaulted to info.
    const show = (options: Record<string, unknown>) => frame.evaluate(`globalThis.__bridge.callBridge('showFlag', ${JSON.stringify(options)}).then(() => 'shown', (e) => e.message)`);
    expect(await frame.evaluate(`globalThis.__bridge.callBridge('showFlag', { id: 'bold', title: 'Bold', description: 'Behind the expander', type: 'info', appearance: 'warning', actions: [{ text: 'Act', onClick: () => { window.acted = (window.acted || 0) + 1; } }] }).then(() => 'shown')`)).toBe('shown');
    const bold = flag(h, 'Bold');
    expect(await bold.getAttribute('class')).toBe('flag flag-warning flag-bold');
    expect(await bold.getByText('Behind the expander').isVisible()).toBe(false);
    await bold.getByRole('button', { name: 'Show more' }).click();
    await bold.getByText('Behind the expander').waitFor();
    await bold.getByRole('button', { name: 'Act' }).click();
    await frame.waitForFunction('window.acted === 1');
    expect(await frame.evaluate(`globalThis.__bridge.callBridge('closeFlag', { id: 'bold' }).then(() => 'closed')`)).toBe('closed');
    await bold.waitFor({ state: 'detached' });

    expect(await show({ id: 'quiet', title: 'Saved', type: 'success', isAutoDismiss: true })).toBe('shown');
    const quiet = flag(h, 'Saved');
    expect(await quiet.getAttribute('class')).toBe('flag flag-success');
    expect(await quiet.getAttribute('role')).toBe('status');
    await quiet.waitFor({ state: 'detached', timeout: 10_000 });

    expect(await show({ id: 'kept', title: 'Kept', type: 'error' })).toBe('shown');
    await flag(h, 'Kept').getByRole('button', { name: 'Dismiss' }).click();
    await flag(h, 'Kept').waitFor({ state: 'detached' });

    expect(await show({ title: 'No id', type: 'info' })).toBe('"id" must be defined in flag options');
    expect(await h.page.locator('#flags .flag').count()).toBe(0);

    // On a phone, in the dark theme: the flag fits the viewport's width, at its top.
    await h.page.setViewportSize({ width: 390, height: 800 });
    await h.page.locator('[data-theme-toggle]').click();
    expect(await show({ id: 'narrow', title: 'Stage 21 was not completed', description: 'Stage 21 is done: it cannot be completed. The stage changed since you opened the panel: reload to see where it stands.', type: 'error', actions: [] })).toBe('shown');
    const narrow = await flag(h, 'Stage 21 was not completed').boundingBox();
    expect(narrow!.x).toBeGreaterThanOrEqual(0);
    expect(narrow!.x + narrow!.width).toBeLessThanOrEqual(390);
    expect(narrow!.y).toBeLessThan(40);
    await h.page.screenshot({ path: `${SHOTS}/feedback-flag-390-dark.png` });
  });
});

describe('the words of the portal', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('stage-words');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('says "stage" as its messages do, never "step"', async () => {
    for (const [person, ticket] of [
      [PEOPLE.carla, TICKETS.acmeProd],
      [PEOPLE.hugo, TICKETS.globexVal],
      [PEOPLE.nadia, TICKETS.northwindVal],
    ] as const) {
      await signIn(h, person);
      await h.page.goto(`${h.runtime.url}/portal/request/${ticket}`);
      const { frame, ui } = await panel(h, 'portal-panel');
      await ui.getByText(/of 28 stages finished/).waitFor();
      await ui.getByText(/^Stage \d+\./).first().waitFor();
      const text = (await frame.evaluate('document.getElementById("root").innerText')) as string;
      const labels = (await frame.evaluate('[...document.querySelectorAll("[aria-label]")].map((e) => e.getAttribute("aria-label")).join("\\n")')) as string;
      // The stages' own texts come word for word from the source documents (which may say "steps"): the app's words only.
      const view = await invokeAs(h, person.emailAddress, MODULES.portal, ticket, 'getPlanView');
      const seedTexts = (view.data.phases as { stages: { activity: string; notes: string; guidance: string | null }[] }[]).flatMap((p) => p.stages.flatMap((st) => [st.activity, st.notes, st.guidance ?? ''])).filter((t) => t.length > 0);
      const own = seedTexts.reduce((all, seed) => all.split(seed).join(' '), `${text}\n${labels}`);
      expect({ ticket, steps: own.match(/.{0,30}\bsteps?\b.{0,30}/gi) ?? [] }).toEqual({ ticket, steps: [] });
    }
  });
});

describe('the header after a No-Go and a new slot', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('no-go-header');
  });
  afterAll(async () => {
    await h?.close();
  });

  it("shows the new attempt's decision (none yet, 'Attempt 2'), not the earlier attempt's red No-Go", async () => {
    const as = (person: { emailAddress: string }, module: string, functionKey: string, payload: Record<string, unknown>) => invokeAs(h, person.emailAddress, module, TICKETS.acmeProd, functionKey, payload);
    for (const stage of [21, 22]) expect((await as(PEOPLE.engineer, MODULES.issue, 'completeStage', { stage })).ok).toBe(true);
    expect((await as(PEOPLE.carla, MODULES.portal, 'completeStage', { stage: 23 })).ok).toBe(true);
    const decidedAt = Date.now();
    expect((await signAs(h, PEOPLE.carla.emailAddress, MODULES.portal, TICKETS.acmeProd, 'decideStage', { stage: 24, outcome: 'No-Go', reason: 'Lab results export fails on PROD MAIN.' }, DEMO_SIGNING_PASSPHRASES.carla!)).ok).toBe(true);

    // While the restore is open, the No-Go is this attempt's: the header says so in red.
    await signIn(h, PEOPLE.pm);
    await h.page.goto(`${h.runtime.url}/issue/${TICKETS.acmeProd}`);
    const open = await panel(h, 'issue-panel');
    const badges = (ui: FrameLocator) => ui.locator('.cs-header > .cs-row').first();
    await badges(open.ui).getByText('No-Go', { exact: true }).waitFor();

    const clock = new DemoClock();
    clock.wait(60);
    try {
      const at = (minutes: number) => new Date(decidedAt + minutes * 60_000).toISOString();
      expect((await as(PEOPLE.engineer, MODULES.issue, 'recordRestore', { startedAt: at(2), endedAt: at(45), version: '24.2' })).ok).toBe(true);
      expect((await as(PEOPLE.specialist, MODULES.issue, 'completeStage', { stage: 14 })).ok).toBe(true);
      const slot = new Date(Date.now() + 14 * 24 * 3_600_000);
      slot.setUTCHours(8, 0, 0, 0);
      while (slot.getUTCDay() === 0 || slot.getUTCDay() === 6) slot.setUTCDate(slot.getUTCDate() + 1);
      expect((await as(PEOPLE.pm, MODULES.issue, 'proposeStage', { stage: 16, value: slot.toISOString(), hours: 4, reason: 'The second attempt needs a new slot.' })).ok).toBe(true);
      expect((await as(PEOPLE.carla, MODULES.portal, 'agreeStage', { stage: 16 })).ok).toBe(true);

      await h.page.goto(`${h.runtime.url}/issue/${TICKETS.acmeProd}`);
      const issue = await panel(h, 'issue-panel');
      await badges(issue.ui).getByText('Attempt 2', { exact: true }).waitFor();
      expect(await badges(issue.ui).getByText('No-Go').count()).toBe(0);
      const facts = issue.ui.locator('.cs-facts');
      await facts.getByText('Not taken yet (stage 24)').waitFor();
      // The earlier attempt keeps its No-Go, in the list of earlier attempts.
      await issue.ui.getByText(/^Attempt 1: No-Go on /).waitFor();
      await screenshot(h, 'feedback-no-go-new-attempt-issue');
      await issue.ui.locator('.cs-header').screenshot({ path: `${SHOTS}/feedback-no-go-new-attempt-issue-header.png` });

      await signIn(h, PEOPLE.carla);
      await h.page.goto(`${h.runtime.url}/portal/request/${TICKETS.acmeProd}`);
      const portal = await panel(h, 'portal-panel');
      await portal.ui.getByText(/Attempt 1 ended with No-Go .* and a new slot was agreed\./).waitFor();
      expect(await portal.ui.locator('.cs-facts dd.cs-danger').count()).toBe(0);
      expect(await portal.ui.locator('.cs-facts').getByText('No-Go', { exact: true }).count()).toBe(0);
      await screenshot(h, 'feedback-no-go-new-attempt-portal');
      await portal.ui.locator('.cs-header').screenshot({ path: `${SHOTS}/feedback-no-go-new-attempt-portal-header.png` });
      expect(h.errors.filter((e) => e.startsWith('page error'))).toEqual([]);
    } finally {
      // Only after the last request of this runtime: its clock never goes back while it serves.
      clock.restore();
    }
  });
});
