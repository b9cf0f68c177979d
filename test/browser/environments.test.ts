/**
 * Environments kept in the panels (issue #13): the settings page's CSV import with its row-by-row preview, and the
 * Environments tab's keeper buttons for an IQVIA engineer. Screenshots go to test-output/browser/ (git-ignored).
 */
import { axeScan, panel, PEOPLE, requireBuiltPanels, screenshot, seriousOrWorse, SHOTS, signIn, startHarness, type Harness } from './support';

jest.setTimeout(90_000);

beforeAll(() => requireBuiltPanels());

const HEADER = 'organization,kind,instances,version,state,provided on,iq reference,iq date,iq version,sandbox origin,carried over,contract signed,source migrated,reason';
/** Rows for customers of the demo, two of them bad: a Migration for a customer whose source migration nobody recorded, and Community Dev. */
const BAD = [HEADER, 'Globex Pharma,VAL,,24.1,provisioning,,,,,,,,,VAL for the next upgrade', 'Acme Clinical Research,Demo,,24.1,active,,,,,,,,,Kept for training', 'Acme Clinical Research,Migration,,24.2,active,,,,,,,,,', 'Globex Pharma,Community Dev,,25.3,active,,,,,,,,,'].join('\n');
const FIXED = BAD.replace('Acme Clinical Research,Migration,,24.2,active,,,,,,,,,', 'Acme Clinical Research,Migration,,24.2,active,,,,,,,,yes,Historic data migration').replace('Globex Pharma,Community Dev,,25.3,active,,,,,,,,,\n', '').replace(/\nGlobex Pharma,Community Dev,,25.3,active,,,,,,,,,$/, '');

describe('environments in the panels', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('environments');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('imports a CSV on the settings page: two bad rows named with column and reason, Import disabled; fixed, imported', async () => {
    await signIn(h, PEOPLE.admin);
    await h.page.goto(`${h.runtime.url}/settings`);
    const { ui, frame } = await panel(h, 'settings-page');
    const section = ui.getByTestId('environments-section');
    await section.getByRole('heading', { name: 'Environments' }).waitFor();
    await section.getByRole('button', { name: 'Import from CSV' }).click();
    await section.getByLabel('Or paste its rows').fill(BAD);
    await section.getByRole('button', { name: 'Check rows' }).click();
    const preview = section.locator('table.cs-import-preview');
    await preview.waitFor();
    await section.getByText('2 rows to fix: nothing is imported until every row is good.').waitFor();
    expect(await section.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    const row4 = preview.locator('tr[data-row="4"]');
    await row4.getByText('source migrated', { exact: true }).waitFor();
    expect(await row4.innerText()).toMatch(/exists only for customers whose source database is migrated/);
    const row5 = preview.locator('tr[data-row="5"]');
    await row5.getByText('kind', { exact: true }).waitFor();
    expect(await row5.innerText()).toMatch(/one shared instance for all customers/);
    expect(await preview.locator('tr[data-invalid="true"]').count()).toBe(2);
    await section.scrollIntoViewIfNeeded();
    await screenshot(h, 'environments-import-preview');
    await section.screenshot({ path: `${SHOTS}/environments-import-preview-section.png` });
    const findings = seriousOrWorse(await axeScan(frame));
    expect(findings).toEqual([]);

    await section.getByLabel('Or paste its rows').fill(FIXED);
    // The preview belongs to the text checked: a changed text must be checked again before it can be imported.
    expect(await section.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await section.getByRole('button', { name: 'Check rows' }).click();
    await section.getByText('3 environments ready to import.').waitFor();
    await section.getByRole('button', { name: 'Import', exact: true }).click();
    await section.getByText('Imported the environments of Globex Pharma, Acme Clinical Research.').waitFor();
    await screenshot(h, 'environments-imported');

    // The registry holds them: Acme's Migration, its onboarding fact recorded.
    await section.getByLabel('Customer organization').click();
    await ui.getByRole('option', { name: 'Acme Clinical Research' }).click();
    await section.getByTestId('onboarding-facts').getByText(/Source database migrated: yes/).waitFor();
    await section.locator('.cs-env-title', { hasText: 'Migration' }).waitFor();
    await section.getByRole('button', { name: 'Add existing environment' }).waitFor();
    await screenshot(h, 'environments-settings-acme');
    await section.screenshot({ path: `${SHOTS}/environments-settings-acme-section.png` });
    expect(h.errors).toEqual([]);
  });

  it('offers the Environments tab\'s keeper buttons to the engineer, who terminates with a reason; a customer sees none', async () => {
    await signIn(h, PEOPLE.engineer);
    await h.page.goto(`${h.runtime.url}/issue/FHSD-8`);
    const { ui } = await panel(h, 'issue-panel');
    await ui.getByRole('tab', { name: /^Environments/ }).click();
    await ui.getByRole('button', { name: 'Add existing environment' }).waitFor();
    const valCard = ui.locator('section.cs-env', { has: ui.locator('.cs-env-title', { hasText: /^VAL$/ }) });
    await valCard.getByRole('button', { name: 'Terminate' }).click();
    const dialog = ui.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Terminate' }).click();
    await dialog.getByText(/Say why: the reason is kept/).waitFor();
    await dialog.getByLabel('Reason (required)').fill('Imported by mistake: Globex has no VAL pair');
    await dialog.getByRole('button', { name: 'Terminate' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await ui.locator('.cs-env-title', { hasText: /^VAL$/ }).count()).toBe(0);
    await screenshot(h, 'environments-tab-engineer');
    await ui.locator('#root').screenshot({ path: `${SHOTS}/environments-tab-engineer-panel.png` });

    await signIn(h, PEOPLE.gina);
    await h.page.goto(`${h.runtime.url}/portal/request/FHSD-8`);
    const portal = await panel(h, 'portal-panel');
    await portal.ui.locator('#root').waitFor();
    expect(await portal.ui.getByRole('button', { name: /Add existing environment|Terminate|^Edit$/ }).count()).toBe(0);
    expect(h.errors).toEqual([]);
  });
});
