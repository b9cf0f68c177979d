/**
 * Issue #15, part T: a plan a PM can work from all day — finished phases folded, filters kept per person, done rows that
 * say who and when, ticket keys that open the ticket through the bridge's router, an early Day of Upgrade action asked
 * first, and the panels at 1280 px, 390 px and 200 % zoom, light and dark (test-output/browser/<panel>-<width>-<theme>.png).
 */
import { DemoClock } from '../../src/local/demo/clock';
import { DEMO_SIGNING_PASSPHRASES } from '../../src/local/demo/cast';
import { invokeAs, MODULES, panel, PEOPLE, requireBuiltPanels, screenshot, signAs, signIn, startHarness, type Harness } from './support';

jest.setTimeout(120_000);

/** Acme's PROD upgrade request: its plan is on the Day of Upgrade (Preparation, Validation and Prep for Upgrade finished). */
const ACME_PROD_REQUEST = 'FHSD-4';

beforeAll(() => requireBuiltPanels());

describe('a plan to work from all day', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('workday');
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => {
    h.errors.length = 0;
  });

  it('folds the finished phases to one line that opens on click and on Enter; the current phase is open', async () => {
    await signIn(h, PEOPLE.engineer);
    await h.page.goto(`${h.runtime.url}/issue/${ACME_PROD_REQUEST}`);
    const { ui } = await panel(h, 'issue-panel');
    const preparation = ui.locator('section[data-phase="preparation"]');
    const toggle = preparation.getByRole('button', { name: /^▸? ?Preparation — \d+ of 7 done.*, finished \d+ \w{3} \d{4}$/ });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await preparation.locator('tr[data-stage]').count()).toBe(0);
    // The current phase is open: its rows are there. It happens on the slot the customer agreed to, and says so.
    expect(await ui.locator('section[data-phase="day-of-upgrade"] tr[data-stage]').count()).toBe(12);
    await ui.locator('section[data-phase="day-of-upgrade"]').getByText(/^· dated by the agreed slot: \d+ \w{3} \d{4}$/).waitFor();
    await toggle.click();
    expect(await preparation.locator('tr[data-stage]').count()).toBe(7);
    const open = preparation.getByRole('button', { name: /Preparation$/ });
    expect(await open.getAttribute('aria-expanded')).toBe('true');
    await open.focus();
    await open.press('Enter');
    await preparation.getByRole('button', { name: /Preparation — / }).waitFor();
    expect(await preparation.locator('tr[data-stage]').count()).toBe(0);
    await ui.locator('section[data-phase="validation"]').getByRole('button', { name: /Validation — / }).press('Enter');
    expect(await ui.locator('section[data-phase="validation"] tr[data-stage]').count()).toBe(5);
    // Initech's slot is proposed, not yet agreed: the phases it dates say so.
    await h.page.goto(`${h.runtime.url}/issue/FHSD-12`);
    const initech = await panel(h, 'issue-panel');
    await initech.ui.getByText(/^· dated by the proposed slot: \d+ \w{3} \d{4}$/).first().waitFor();
    expect(h.errors).toEqual([]);
  });

  it('shows done rows with who and when, and no dead buttons', async () => {
    await signIn(h, PEOPLE.engineer);
    await h.page.goto(`${h.runtime.url}/issue/${ACME_PROD_REQUEST}`);
    const { ui } = await panel(h, 'issue-panel');
    const done = ui.locator('section[data-phase="day-of-upgrade"] tr[data-stage]').filter({ has: ui.locator('.cs-finished-line') });
    expect(await done.count()).toBeGreaterThan(0);
    for (const row of await done.all()) {
      // "Done by Erik Larsen, 30 Nov 2026, 09:25 UTC" (or "You"), in the reader's zone.
      expect(await row.locator('.cs-finished-line').textContent()).toMatch(/^(Done|Skipped|.+ decided) by .+, \d{1,2} \w{3} \d{4}, \d\d:\d\d \S+$/);
      expect(await row.locator('button[disabled], button[aria-disabled="true"]').count()).toBe(0);
      expect(await row.locator('.cs-why').count()).toBe(0);
      expect(await row.getByText(/is done$/).count()).toBe(0);
    }
    await screenshot(h, 'workday-done-rows');
  });

  it('keeps each person\'s filter across a reload, and not for another person; an empty filter says so in a sentence', async () => {
    await signIn(h, PEOPLE.engineer);
    await h.page.goto(`${h.runtime.url}/issue/${ACME_PROD_REQUEST}`);
    let { ui } = await panel(h, 'issue-panel');
    const bar = () => ui.getByRole('group', { name: 'Show stages' });
    await bar().getByRole('button', { name: /^Open/ }).click();
    expect(await bar().getByRole('button', { name: /^Open/ }).getAttribute('aria-pressed')).toBe('true');
    // Open only: no finished phase, no done row.
    expect(await ui.locator('.cs-finished-line').count()).toBe(0);
    expect(await ui.locator('section[data-phase="preparation"]').count()).toBe(0);
    expect(await ui.locator('tr[data-stage]').count()).toBeGreaterThan(0);

    await h.page.reload();
    ({ ui } = await panel(h, 'issue-panel'));
    expect(await bar().getByRole('button', { name: /^Open/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await ui.locator('.cs-finished-line').count()).toBe(0);

    // Another person on the same browser starts from "All".
    await signIn(h, PEOPLE.pm);
    await h.page.goto(`${h.runtime.url}/issue/${ACME_PROD_REQUEST}`);
    ({ ui } = await panel(h, 'issue-panel'));
    expect(await bar().getByRole('button', { name: /^All/ }).getAttribute('aria-pressed')).toBe('true');
    // The admin's own stages on this plan: none open, said in a sentence rather than an empty table.
    await signIn(h, PEOPLE.admin);
    await h.page.goto(`${h.runtime.url}/issue/${ACME_PROD_REQUEST}`);
    ({ ui } = await panel(h, 'issue-panel'));
    const mine = bar().getByRole('button', { name: /^Mine/ });
    expect(await mine.textContent()).toMatch(/Mine\s*0$/);
    await mine.click();
    await ui.getByText('No open stage is yours right now.').waitFor();
    expect(await ui.locator('table.cs-stage-table').count()).toBe(0);

    // The engineer's choice is still theirs.
    await signIn(h, PEOPLE.engineer);
    await h.page.goto(`${h.runtime.url}/issue/${ACME_PROD_REQUEST}`);
    ({ ui } = await panel(h, 'issue-panel'));
    expect(await bar().getByRole('button', { name: /^Open/ }).getAttribute('aria-pressed')).toBe('true');
    await bar().getByRole('button', { name: /^All/ }).click();
    expect(h.errors).toEqual([]);
  });

  it('opens a ticket of the plan through the router: the host navigates to the ticket', async () => {
    await signIn(h, PEOPLE.pm);
    await h.page.goto(`${h.runtime.url}/issue/${ACME_PROD_REQUEST}`);
    const { ui } = await panel(h, 'issue-panel');
    const links = ui.locator('a[data-ticket-link]');
    await links.first().waitFor();
    const other = (await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-ticket-link')))).find((k) => k !== ACME_PROD_REQUEST);
    expect(other).toMatch(/^FHSD-\d+$/);
    expect(await ui.locator(`a[data-ticket-link="${other}"]`).first().getAttribute('href')).toBe(`/browse/${other}`);
    await ui.locator(`a[data-ticket-link="${other}"]`).first().click();
    // The host page (not the iframe) went to the ticket.
    await h.page.waitForURL(new RegExp(`/issue/${other}$`));
    await panel(h, 'issue-panel');
    expect(h.errors).toEqual([]);
  });

  it('shows release notes as links opened through the router, which asks before leaving Jira', async () => {
    await signIn(h, PEOPLE.pm);
    await h.page.goto(`${h.runtime.url}/issue/${ACME_PROD_REQUEST}`);
    const { ui } = await panel(h, 'issue-panel');
    await ui.locator('section[data-phase="preparation"]').getByRole('button', { name: /Preparation — / }).click();
    const link = ui.getByRole('link', { name: /^ClinSpark [\d.]+ release notes$/ }).first();
    expect(await link.getAttribute('href')).toMatch(/^https:\/\//);
    const asked: string[] = [];
    h.page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await link.click();
    for (let i = 0; i < 50 && asked.length === 0; i++) await h.page.waitForTimeout(50);
    expect(asked[0]).toMatch(/leads away from Jira, to https:\/\/docs\.clinspark\.example\/releases\//);
    expect(h.page.url()).toMatch(new RegExp(`/issue/${ACME_PROD_REQUEST}$`));
    // Agreed, the notes open in a new tab and the panel stays where it was.
    await h.context.route('https://docs.clinspark.example/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Release notes</h1>' }));
    h.page.once('dialog', (dialog) => void dialog.accept());
    const [tab] = await Promise.all([h.context.waitForEvent('page'), link.click()]);
    await tab.waitForURL(/^https:\/\/docs\.clinspark\.example\/releases\/[\d.]+$/);
    await tab.close();
    expect(h.page.url()).toMatch(new RegExp(`/issue/${ACME_PROD_REQUEST}$`));
    expect(h.errors).toEqual([]);
  });
});

describe('the time line on the Day of Upgrade', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startHarness('hours');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('opens on the slot\'s hours, in the reader\'s time, and zooms out to the whole plan on request', async () => {
    await signIn(t, PEOPLE.pm);
    await t.page.goto(`${t.runtime.url}/issue/${ACME_PROD_REQUEST}`);
    const { ui } = await panel(t, 'issue-panel');
    await ui.getByRole('tab', { name: 'Timeline' }).click();
    const timeline = ui.locator('[data-timeline-scale]');
    await timeline.waitFor();
    expect(await timeline.getAttribute('data-timeline-scale')).toBe('hours');
    const ticks = await ui.locator('.cs-tl-tick').allTextContents();
    expect(ticks.length).toBeGreaterThan(2);
    expect(ticks.every((tick) => /\d\d:00$/.test(tick))).toBe(true);
    // The Day of Upgrade's twelve stages, not the plan's 28.
    expect(await ui.locator('g.cs-tl-stage').count()).toBe(12);
    await screenshot(t, 'workday-timeline-hours');
    await ui.getByRole('button', { name: 'Show the whole plan' }).click();
    expect(await timeline.getAttribute('data-timeline-scale')).toBe('plan');
    expect(await ui.locator('g.cs-tl-stage').count()).toBe(28);
    expect(t.errors).toEqual([]);
  });
});

describe('an early Day of Upgrade action', () => {
  let e: Harness;
  const clock = new DemoClock();
  beforeAll(async () => {
    e = await startHarness('early');
  });
  afterAll(async () => {
    await e?.close();
    // Only after the last request of this runtime.
    clock.restore();
  });

  it('asks the engineer, with the agreed slot shown, before recording work a week before the slot', async () => {
    // A No-Go, the restore, then a new slot a week ahead, agreed: the Day of Upgrade stages are open again.
    const ok = async (email: string, module: string, fn: string, payload: unknown) => expect((await invokeAs(e, email, module, ACME_PROD_REQUEST, fn, payload)).error).toBeUndefined();
    for (const stage of [21, 22]) await ok(PEOPLE.engineer.emailAddress, MODULES.issue, 'completeStage', { stage });
    await ok(PEOPLE.carla.emailAddress, MODULES.portal, 'completeStage', { stage: 23 });
    expect((await signAs(e, PEOPLE.carla.emailAddress, MODULES.portal, ACME_PROD_REQUEST, 'decideStage', { stage: 24, outcome: 'No-Go', reason: 'Exports fail on PROD MAIN.' }, DEMO_SIGNING_PASSPHRASES.carla!)).error).toBeUndefined();
    // The restore takes 40 minutes after the decision: the runtime's clock moves on an hour (never back while it serves).
    const decided = Date.now();
    clock.wait(60);
    await ok(PEOPLE.engineer.emailAddress, MODULES.issue, 'recordRestore', { startedAt: new Date(decided + 2 * 60_000).toISOString(), endedAt: new Date(decided + 42 * 60_000).toISOString(), version: '24.2' });
    const now = Date.now();
    const slot = new Date(now + 7 * 86_400_000);
    slot.setUTCHours(14, 0, 0, 0);
    while (slot.getUTCDay() === 0 || slot.getUTCDay() === 6) slot.setUTCDate(slot.getUTCDate() + 1);
    const plan = (await invokeAs(e, PEOPLE.pm.emailAddress, MODULES.issue, ACME_PROD_REQUEST, 'getPlanView', {})).data as { phases: { stages: { number: number; status: string; actions: { type: string; disabledReason?: string }[] }[] }[] };
    for (const stage of plan.phases.flatMap((p) => p.stages).filter((s) => s.number < 16 && s.status !== 'done' && s.status !== 'skipped')) {
      await invokeAs(e, PEOPLE.pm.emailAddress, MODULES.issue, ACME_PROD_REQUEST, 'completeStage', { stage: stage.number });
    }
    await ok(PEOPLE.pm.emailAddress, MODULES.issue, 'proposeStage', { stage: 16, value: slot.toISOString(), reason: 'The first day IQVIA has an engineer free.' });
    await ok(PEOPLE.carla.emailAddress, MODULES.portal, 'agreeStage', { stage: 16 });
    // Carla says the upgrade can proceed (stages 17 to 19): the backups may be taken, a week early.
    for (const stage of [17, 18, 19]) await ok(PEOPLE.carla.emailAddress, MODULES.portal, 'completeStage', { stage });

    await signIn(e, PEOPLE.engineer);
    await e.page.goto(`${e.runtime.url}/issue/${ACME_PROD_REQUEST}`);
    const { ui } = await panel(e, 'issue-panel');
    // Stage 20, the backups: Erik records them a week before the slot.
    const row = ui.locator('tr[data-stage="20"]');
    const button = row.getByRole('button', { name: 'Record backup' });
    const label = 'Record backup';
    await button.click();
    const question = row.locator('[data-early-confirm]');
    await question.waitFor();
    // Erik reads in his own zone (the context's): the slot with its weekday, then the action's own words.
    expect(await question.textContent()).toMatch(new RegExp(`^The agreed slot starts \\w{3} \\d{1,2} \\w{3} \\d{4}, \\d\\d:\\d\\d \\S+ \\(your time\\)\\. ${label} now\\?`));
    await screenshot(e, 'workday-early-confirmation');
    // "Not yet" changes nothing; "… now" does it.
    await question.getByRole('button', { name: 'Not yet' }).click();
    expect(await row.locator('[data-early-confirm]').count()).toBe(0);
    expect(await ui.getByRole('dialog').count()).toBe(0);
    await button.click();
    await row.locator('[data-early-confirm]').getByRole('button', { name: 'Yes, now' }).click();
    // Confirmed, the backup form opens as it does on the day.
    await ui.getByRole('dialog').waitFor();
    await screenshot(e, 'workday-early-confirmed-dialog');
    expect(e.errors).toEqual([]);
  });
});

/** A panel's frame measured: horizontal overflow, stage numbers on more than one line, lozenges cut. */
const LAYOUT_PROBLEMS = `(() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) problems.push('the panel scrolls sideways: ' + doc.scrollWidth + ' > ' + doc.clientWidth);
  for (const n of document.querySelectorAll('.cs-num')) {
    const lines = n.getBoundingClientRect().height / parseFloat(getComputedStyle(n).lineHeight || '20');
    if (lines > 1.5) problems.push('stage number "' + n.textContent + '" wraps');
  }
  for (const t of document.querySelectorAll('.cs-env-table')) if (t.scrollWidth > t.clientWidth + 1) problems.push('an environment table is wider than its card');
  for (const span of document.querySelectorAll('.cs-env-table [data-label="State"] span span, .cs-timeline span span')) {
    if (span.scrollWidth > span.clientWidth + 1 && getComputedStyle(span).textOverflow === 'ellipsis') problems.push('a state is cut: ' + span.textContent);
  }
  return problems;
})()`;

describe('the panels at 1280 px, 390 px and 200 % zoom, light and dark', () => {
  let m: Harness;
  beforeAll(async () => {
    m = await startHarness('matrix');
  });
  afterAll(async () => {
    await m?.close();
  });

  // 200 % zoom of a 1280 px window lays the page out in 640 CSS pixels.
  const SIZES = [
    { name: '1280', width: 1280 },
    { name: '390', width: 390 },
    { name: 'zoom200', width: 640 },
  ] as const;
  const PAGES = [
    { resource: 'issue-panel', person: PEOPLE.pm, path: `/issue/${ACME_PROD_REQUEST}` },
    { resource: 'portal-panel', person: PEOPLE.carla, path: `/portal/request/${ACME_PROD_REQUEST}` },
    { resource: 'settings-page', person: PEOPLE.admin, path: '/settings' },
  ] as const;

  it.each(PAGES.map((p) => [p.resource, p] as const))('%s: nothing cut, wrapped or sideways at any size, in either theme', async (_name, page) => {
    await signIn(m, page.person);
    const problems: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await m.page.goto(`${m.runtime.url}${page.path}`);
      const mode = await m.page.evaluate('document.documentElement.getAttribute("data-color-mode")');
      if ((mode === 'dark') !== (theme === 'dark')) await m.page.locator('[data-theme-toggle]').click();
      for (const size of SIZES) {
        await m.page.setViewportSize({ width: size.width, height: 900 });
        await m.page.reload();
        const { frame } = await panel(m, page.resource);
        await frame.waitForFunction(`document.documentElement.getAttribute('data-color-mode') === '${theme}'`);
        // Let the iframe follow its content's height before the full-page picture.
        await m.page.waitForTimeout(300);
        await screenshot(m, `${page.resource}-${size.name}-${theme}`);
        for (const p of (await frame.evaluate(LAYOUT_PROBLEMS)) as string[]) problems.push(`${size.name} ${theme}: ${p}`);
      }
    }
    await m.page.setViewportSize({ width: 1280, height: 900 });
    if ((await m.page.evaluate('document.documentElement.getAttribute("data-color-mode")')) === 'dark') await m.page.locator('[data-theme-toggle]').click();
    expect(problems).toEqual([]);
  });
});
