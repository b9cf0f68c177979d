/**
 * The user guide's pictures (docs/guide/images/): `npm run guide:images`. Starts the local runtime with a fresh demo in
 * a temporary folder (the browser tests' harness), drives Debian's Chromium through playwright-core with the production
 * panel bundles (run `npm run build` first), light theme, 1280 px wide (the portal also at 390 px), signs in as each
 * person and takes each picture the guide's pages name. Every file it writes is listed in GUIDE_IMAGES, which
 * test/docs/guide.test.ts reads: a page naming a picture not in the table fails that test.
 */
import fs from 'fs';
import path from 'path';
import type { FrameLocator, Locator } from 'playwright-core';
import { invokeAs, MODULES, panel, PEOPLE, requireBuiltPanels, ROOT, signIn, startHarness, type Harness } from '../test/browser/support';

export const GUIDE_IMAGE_DIR = path.join(ROOT, 'docs', 'guide', 'images');

/** Every picture the script makes: file name → what it shows. The guide's pages may name these only. */
export const GUIDE_IMAGES = {
  'switch-people.png': 'the demo people to sign in as (/switch)',
  'customer-portal.png': 'the portal as Carla: request types and her organization\'s requests',
  'customer-raise-request.png': 'the Upgrade request form in the portal',
  'customer-plan.png': 'Carla\'s PROD upgrade (FHSD-4) in the portal panel, 1280 px',
  'customer-plan-phone.png': 'the same panel on a phone, 390 px',
  'customer-agree-slot.png': 'Ines\'s proposed slot on FHSD-13, waiting for her agreement',
  'customer-go-no-go.png': 'the Go / No-Go dialog on FHSD-4',
  'customer-after-no-go.png': 'the portal panel of FHSD-4 after a No-Go, while IQVIA restores PROD MAIN',
  'pm-queue.png': 'the agents\' queue with each ticket\'s plan summary',
  'pm-issue-panel.png': 'the issue panel of FHSD-4 as Priya (PM)',
  'pm-reassign.png': 'the Reassign dialog of a stage',
  'pm-slot.png': 'stage 16 on FHSD-13: the slot proposed to the customer',
  'pm-history.png': 'the History tab with its CSV export',
  'pm-calendar.png': 'the upgrade slots calendar, with the demo\'s double booking',
  'engineer-provide-val.png': 'Globex\'s VAL request (FHSD-8) as Erik: stage 6 to do',
  'engineer-upgrade.png': 'FHSD-4 as Erik: stages 20–22, backups recorded, stage 21 (upgrade PROD MAIN) in progress',
  'engineer-restore.png': 'the Record the restore of PROD MAIN dialog after a No-Go',
  'engineer-environments.png': 'the Environments tab of a ticket',
  'engineer-iq-documents.png': 'the Documents tab of Northwind\'s go-live (FHSD-9)',
  'engineer-calendar-link.png': 'the calendar link an engineer gets on the calendar page',
  'support-validation-issue.png': 'Northwind\'s validation issue (FHSD-5) as Samuel (Solution Specialist)',
  'support-stage-11.png': 'stage 11 on Northwind\'s VAL request (FHSD-3), waiting for its validation issue (FHSD-5)',
  'admin-settings.png': 'the top of the settings page: request form fields, request types and statuses',
  'admin-releases.png': 'the ClinSpark releases section',
  'admin-people.png': 'people in each role, for one customer organization',
  'admin-environments.png': 'the Environments section with Add existing environment and Import from CSV',
  'admin-import-preview.png': 'a CSV import\'s preview refusing a bad row',
} as const;

export type GuideImage = keyof typeof GUIDE_IMAGES;

const ACME_PROD = 'FHSD-4';
const NORTHWIND_VAL = 'FHSD-3';
const NORTHWIND_ISSUE = 'FHSD-5';
const GLOBEX_VAL = 'FHSD-8';
const NORTHWIND_GO_LIVE = 'FHSD-9';
const INITECH_PROD = 'FHSD-13';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** Takes one picture of `target` (an element of the page or of a panel's frame), its first `maxHeight` pixels at most. */
async function save(h: Harness, name: GuideImage, target: Locator, maxHeight = 1400): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error(`${name}: nothing to photograph`);
  // The box is in the viewport's coordinates; a full-page picture's clip is in the page's.
  const scrollY = (await h.page.evaluate('window.scrollY')) as number;
  const clip = { x: Math.max(0, box.x), y: box.y + scrollY, width: box.width, height: Math.min(box.height, maxHeight) };
  await h.page.screenshot({ path: path.join(GUIDE_IMAGE_DIR, name), fullPage: true, clip, animations: 'disabled' });
  console.log(`  ${name} (${Math.round(clip.width)}×${Math.round(clip.height)})`);
}

/** Takes one picture of the stage rows `from`..`to` of a plan table (with the table's heading row above them). */
async function saveRows(h: Harness, name: GuideImage, ui: FrameLocator, from: number, to: number): Promise<void> {
  const first = ui.locator(`tr[data-stage="${from}"]`);
  await first.scrollIntoViewIfNeeded();
  const top = await first.boundingBox();
  const bottom = await ui.locator(`tr[data-stage="${to}"]`).boundingBox();
  if (!top || !bottom) throw new Error(`${name}: no stages ${from}–${to}`);
  const scrollY = (await h.page.evaluate('window.scrollY')) as number;
  const clip = { x: top.x, y: top.y + scrollY, width: top.width, height: bottom.y + bottom.height - top.y };
  await h.page.screenshot({ path: path.join(GUIDE_IMAGE_DIR, name), fullPage: true, clip, animations: 'disabled' });
  console.log(`  ${name} (${Math.round(clip.width)}×${Math.round(clip.height)})`);
}

const issuePanelFrame = (h: Harness): Locator => h.page.locator('iframe.forge-panel[src*="/forge/resources/issue-panel/"]');
const portalPanelFrame = (h: Harness): Locator => h.page.locator('iframe.forge-panel[src*="/forge/resources/portal-panel/"]');
const calendarFrame = (h: Harness): Locator => h.page.locator('iframe.forge-panel[src*="/forge/resources/calendar-page/"]');

async function openIssue(h: Harness, key: string) {
  await h.page.goto(`${h.runtime.url}/issue/${key}`);
  return panel(h, 'issue-panel');
}

async function openRequest(h: Harness, key: string) {
  await h.page.goto(`${h.runtime.url}/portal/request/${key}`);
  return panel(h, 'portal-panel');
}

async function customer(h: Harness): Promise<void> {
  await h.page.goto(`${h.runtime.url}/switch`);
  await save(h, 'switch-people.png', h.page.locator('main'));

  await signIn(h, PEOPLE.carla);
  await save(h, 'customer-portal.png', h.page.locator('main'));
  await h.page.getByRole('link', { name: 'Upgrade request' }).first().click();
  await h.page.waitForURL(/\/portal\/create\//);
  await save(h, 'customer-raise-request.png', h.page.locator('main'));

  await openRequest(h, ACME_PROD);
  await save(h, 'customer-plan.png', portalPanelFrame(h), 1100);
  await h.page.setViewportSize(PHONE);
  await h.page.reload();
  await panel(h, 'portal-panel');
  await save(h, 'customer-plan-phone.png', portalPanelFrame(h), 1300);
  await h.page.setViewportSize(DESKTOP);

  await signIn(h, PEOPLE.ines);
  const initech = await openRequest(h, INITECH_PROD);
  await initech.ui.getByRole('button', { name: 'I agree' }).waitFor();
  await save(h, 'customer-agree-slot.png', initech.ui.locator('section').filter({ has: initech.ui.getByRole('heading', { name: 'What we need from you' }) }));
}

async function projectManager(h: Harness): Promise<void> {
  await signIn(h, PEOPLE.pm);
  await save(h, 'pm-queue.png', h.page.locator('main'));
  const { ui } = await openIssue(h, ACME_PROD);
  await save(h, 'pm-issue-panel.png', issuePanelFrame(h), 1000);
  await ui.locator('tr[data-stage="23"]').getByRole('button', { name: 'Reassign' }).click();
  const reassign = ui.getByRole('dialog');
  await reassign.getByRole('radio', { name: /Victor Huang/ }).check();
  await reassign.getByLabel(/Reason/).fill('Carla is at the site audit today; Victor runs the final testing.');
  await save(h, 'pm-reassign.png', reassign);
  await ui.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await ui.getByRole('tab', { name: 'History' }).click();
  await ui.getByRole('button', { name: /Export/ }).waitFor();
  await save(h, 'pm-history.png', issuePanelFrame(h), 620);

  const initech = await openIssue(h, INITECH_PROD);
  await save(h, 'pm-slot.png', initech.ui.locator('tr[data-stage="16"]'));

  await h.page.goto(`${h.runtime.url}/calendar`);
  await panel(h, 'calendar-page');
  await save(h, 'pm-calendar.png', calendarFrame(h));
}

async function engineer(h: Harness): Promise<void> {
  await signIn(h, PEOPLE.engineer);
  await openIssue(h, GLOBEX_VAL);
  await save(h, 'engineer-provide-val.png', issuePanelFrame(h), 1000);
  const acme = await openIssue(h, ACME_PROD);
  await saveRows(h, 'engineer-upgrade.png', acme.ui, 20, 22);
  await acme.ui.getByRole('tab', { name: /^Environments/ }).click();
  await acme.ui.getByRole('heading', { name: 'PROD', exact: true }).waitFor();
  await save(h, 'engineer-environments.png', issuePanelFrame(h));
  const goLive = await openIssue(h, NORTHWIND_GO_LIVE);
  await goLive.ui.getByRole('tab', { name: /^Documents/ }).click();
  await goLive.ui.getByText('Not recorded yet').first().waitFor();
  await save(h, 'engineer-iq-documents.png', issuePanelFrame(h));
  await h.page.goto(`${h.runtime.url}/calendar`);
  const calendar = await panel(h, 'calendar-page');
  const feed = calendar.ui.getByRole('region', { name: 'Subscribe to your slots' });
  await feed.getByRole('button', { name: 'Get my calendar link' }).click();
  await feed.getByLabel(/Your calendar link/).waitFor();
  await save(h, 'engineer-calendar-link.png', feed);
}

async function support(h: Harness): Promise<void> {
  await signIn(h, PEOPLE.specialist);
  await openIssue(h, NORTHWIND_ISSUE);
  await save(h, 'support-validation-issue.png', issuePanelFrame(h), 450);
  const val = await openIssue(h, NORTHWIND_VAL);
  await save(h, 'support-stage-11.png', val.ui.locator('tr[data-stage="11"]'));
}

async function admin(h: Harness): Promise<void> {
  await signIn(h, PEOPLE.admin);
  await h.page.goto(`${h.runtime.url}/settings`);
  const { ui } = await panel(h, 'settings-page');
  await ui.getByRole('heading', { name: 'People in each role', exact: true }).waitFor();
  const section = (heading: string | RegExp): Locator => ui.locator('section, .cs-card').filter({ has: ui.getByRole('heading', { name: heading }) }).first();
  await save(h, 'admin-settings.png', section('Request form fields'));
  await save(h, 'admin-releases.png', section(/ClinSpark releases/));
  await save(h, 'admin-people.png', ui.locator('.cs-card').filter({ hasText: 'Northwind Trials' }).first());
  await ui.getByLabel('Customer organization').fill('Acme');
  await ui.getByLabel('Customer organization').press('Enter');
  await ui.getByRole('button', { name: 'Add existing environment' }).waitFor();
  await save(h, 'admin-environments.png', section(/^Environments/), 900);
  await ui.getByRole('button', { name: 'Import from CSV' }).click();
  // One good row and one whose IQ documentation names another version than the environment runs (refused).
  const csv = [
    'organization,kind,instances,version,state,provided on,iq reference,iq date,iq version,sandbox origin,carried over,contract signed,source migrated,reason',
    'Initech Biosciences,Demo,,25.2,active,2025-01-10,,,,,,,,',
    'Globex Pharma,VAL,,24.1,active,,IQ-GLOBEX-VAL-24.1,2025-02-20,25.1,,,,,',
  ].join('\n');
  await ui.getByLabel('Or paste its rows').fill(csv);
  await ui.getByRole('button', { name: 'Check rows' }).click();
  await ui.getByText(/to fix: nothing is imported until every row is good/).waitFor();
  await save(h, 'admin-import-preview.png', ui.getByTestId('environment-import'));
}

/** Last: a No-Go on Acme's Day of Upgrade, the customer's view of it and the engineer's restore dialog. */
async function noGo(h: Harness): Promise<void> {
  for (const stage of [21, 22]) {
    const done = await invokeAs(h, PEOPLE.engineer.emailAddress, MODULES.issue, ACME_PROD, 'completeStage', { stage });
    if (!done.ok) throw new Error(`stage ${stage}: ${done.error?.message}`);
  }
  await signIn(h, PEOPLE.carla);
  const { ui } = await openRequest(h, ACME_PROD);
  await ui.getByRole('group', { name: 'Actions on stage 23' }).getByRole('button', { name: 'Mark as done' }).click();
  await ui.getByText('Stage 23 was completed').first().waitFor();
  await ui.getByRole('button', { name: 'Give the Go / No-Go decision' }).click();
  const dialog = ui.getByRole('dialog');
  await dialog.getByRole('radio', { name: /^No-Go/ }).check();
  await dialog.getByLabel(/Reason/).fill('Lab results export fails on PROD MAIN after the upgrade (QC step 4).');
  await save(h, 'customer-go-no-go.png', dialog);
  await dialog.getByRole('button', { name: 'Confirm No-Go' }).click();
  await ui.getByText(/No-Go recorded/).first().waitFor();
  await h.runtime.settle();

  await signIn(h, PEOPLE.engineer);
  const issue = await openIssue(h, ACME_PROD);
  await issue.ui.getByRole('button', { name: 'Record the restore of PROD MAIN' }).click();
  await save(h, 'engineer-restore.png', issue.ui.getByRole('dialog'));
  await issue.ui.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  await signIn(h, PEOPLE.carla);
  const waiting = await openRequest(h, ACME_PROD);
  await waiting.ui.getByText('No-Go taken: IQVIA is restoring PROD MAIN').waitFor();
  await save(h, 'customer-after-no-go.png', portalPanelFrame(h), 900);
}

export async function makeGuideImages(only?: readonly string[]): Promise<void> {
  requireBuiltPanels();
  fs.mkdirSync(GUIDE_IMAGE_DIR, { recursive: true });
  const h = await startHarness('guide-images');
  try {
    await h.page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    const parts = { customer, projectManager, engineer, support, admin, noGo } as const;
    for (const [name, part] of Object.entries(parts)) {
      if (only && only.length > 0 && !only.includes(name)) continue;
      console.log(name);
      await part(h);
    }
    if (h.errors.length > 0) console.warn(`the pages reported errors:\n${h.errors.join('\n')}`);
  } finally {
    await h.close();
  }
}

if (require.main === module) {
  makeGuideImages(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
