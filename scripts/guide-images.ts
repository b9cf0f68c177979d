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
import { DEMO_SIGNING_PASSPHRASES } from '../src/local/demo/cast';
import { flag, invokeAs, MODULES, panel, PEOPLE, requireBuiltPanels, ROOT, signIn, startHarness, type Harness } from '../test/browser/support';

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
  'customer-sign-go-no-go.png': 'the signing dialog of Carla\'s No-Go on FHSD-4, her signing passphrase typed',
  'customer-set-passphrase.png': 'Omar setting his signing passphrase before his first signature (validation complete on FHSD-3)',
  'customer-sign-validation.png': 'the signing dialog of validation complete (stage 12, FHSD-3) refusing a wrong passphrase',
  'customer-after-no-go.png': 'the portal panel of FHSD-4 after a No-Go, while IQVIA restores PROD MAIN',
  'pm-queue.png': 'the agents\' queue with each ticket\'s plan summary',
  'pm-issue-panel.png': 'the issue panel of FHSD-4 as Priya (PM)',
  'pm-filters.png': 'the All / Open / Mine / Overdue filters above the plan, and finished phases folded to one line',
  'pm-reassign.png': 'the Reassign dialog of a stage',
  'pm-slot.png': 'stage 16 on FHSD-13: the slot proposed to the customer',
  'pm-history.png': 'the History tab in sentences: Verify the audit trail, Printable record, the stage filter and the CSV export',
  'pm-printable-record.png': 'the printable record of FHSD-4',
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
  'admin-signing-locks.png': 'the Locked signing section: a person locked after five wrong passphrases, a reason typed to unlock',
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

/** Takes one picture from the top of `first` to the bottom of `last` (both in the same frame), as wide as the wider of them. */
async function saveSpan(h: Harness, name: GuideImage, first: Locator, last: Locator): Promise<void> {
  await first.scrollIntoViewIfNeeded();
  const top = await first.boundingBox();
  const bottom = await last.boundingBox();
  if (!top || !bottom) throw new Error(`${name}: nothing to photograph`);
  const scrollY = (await h.page.evaluate('window.scrollY')) as number;
  const x = Math.min(top.x, bottom.x);
  const clip = { x, y: top.y + scrollY, width: Math.max(top.x + top.width, bottom.x + bottom.width) - x, height: bottom.y + bottom.height - top.y };
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
  await saveSpan(h, 'pm-filters.png', ui.getByRole('group', { name: 'Show stages' }), ui.locator('section.cs-phase').nth(2));
  await ui.locator('tr[data-stage="23"]').getByRole('button', { name: 'Reassign' }).click();
  const reassign = ui.getByRole('dialog');
  await reassign.getByRole('radio', { name: /Victor Huang/ }).check();
  await reassign.getByLabel(/Reason/).fill('Carla is at the site audit today; Victor runs the final testing.');
  await save(h, 'pm-reassign.png', reassign);
  await ui.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await ui.getByRole('tab', { name: 'History' }).click();
  await ui.getByRole('button', { name: /Export/ }).waitFor();
  await ui.getByRole('button', { name: 'Verify the audit trail' }).click();
  await ui.getByText('The audit trail is intact').waitFor();
  await save(h, 'pm-history.png', issuePanelFrame(h), 760);
  await ui.getByRole('button', { name: 'Printable record' }).click();
  await ui.getByRole('heading', { name: /^Plan record:/ }).waitFor();
  await ui.getByRole('heading', { name: /^Audit trail \(/ }).waitFor();
  await save(h, 'pm-printable-record.png', issuePanelFrame(h), 1100);
  await ui.getByRole('button', { name: 'Back to the plan' }).click();

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
  await save(h, 'support-validation-issue.png', issuePanelFrame(h), 428);
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

/** Omar (Northwind) signs validation complete on FHSD-3: sets his passphrase, a wrong one refused; later five wrong tries lock him and the admin sees it. */
async function signing(h: Harness): Promise<void> {
  const must = async (email: string, moduleKey: string, key: string, fn: string, payload: unknown = {}): Promise<void> => {
    const answer = await invokeAs(h, email, moduleKey, key, fn, payload);
    if (!answer.ok) throw new Error(`${fn}: ${answer.error?.message}`);
  };
  await must(PEOPLE.specialist.emailAddress, MODULES.issue, NORTHWIND_VAL, 'addressPart', { stage: 11, part: NORTHWIND_ISSUE });
  const auth = `Basic ${Buffer.from(`${PEOPLE.support.emailAddress}:any-token`).toString('base64')}`;
  const transitions = (await (await fetch(`${h.runtime.url}/rest/api/3/issue/${NORTHWIND_ISSUE}/transitions`, { headers: { authorization: auth } })).json()) as { transitions: { id: string; to: { name: string } }[] };
  const resolve = transitions.transitions.find((t) => t.to.name === 'Resolved')!;
  await fetch(`${h.runtime.url}/rest/api/3/issue/${NORTHWIND_ISSUE}/transitions`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ transition: { id: resolve.id }, fields: { resolution: { name: 'Done' } } }) });
  await h.runtime.settle();
  await must(PEOPLE.support.emailAddress, MODULES.issue, NORTHWIND_VAL, 'completeStage', { stage: 11 });
  await must(PEOPLE.omar.emailAddress, MODULES.portal, NORTHWIND_VAL, 'completeStage', { stage: 9 });

  await signIn(h, PEOPLE.omar);
  const { ui } = await openRequest(h, NORTHWIND_VAL);
  await ui.getByRole('group', { name: 'Actions on stage 12' }).getByRole('button', { name: 'Mark as done' }).click();
  const setDialog = ui.getByRole('dialog', { name: 'Set your signing passphrase' });
  await setDialog.waitFor();
  const omars = 'omar validates northwind';
  await setDialog.getByLabel('Signing passphrase', { exact: true }).fill(omars);
  await setDialog.getByLabel('Type it again').fill(omars);
  await save(h, 'customer-set-passphrase.png', setDialog);
  await setDialog.getByRole('button', { name: 'Set passphrase' }).click();
  const sign = ui.getByRole('dialog', { name: /^Sign: Validation complete/ });
  await sign.waitFor();
  await sign.getByLabel('Signing passphrase', { exact: true }).fill('not my passphrase');
  await sign.getByRole('button', { name: 'Sign', exact: true }).click();
  await sign.getByText(/tries left before signing locks/i).first().waitFor();
  await save(h, 'customer-sign-validation.png', sign);
  await sign.getByLabel('Signing passphrase', { exact: true }).fill(omars);
  await sign.getByRole('button', { name: 'Sign', exact: true }).click();
  await sign.waitFor({ state: 'detached' });
  await h.runtime.settle();

  const wrong = { passphrase: 'not omars passphrase', revision: 0, meaning: 'Plan closed: the upgrade is confirmed as expected and the ticket may be closed' };
  for (let i = 0; i < 5; i += 1) await invokeAs(h, PEOPLE.omar.emailAddress, MODULES.portal, NORTHWIND_VAL, 'completeStage', { stage: 28, signature: wrong });
  await signIn(h, PEOPLE.admin);
  await h.page.goto(`${h.runtime.url}/settings`);
  const settings = await panel(h, 'settings-page');
  const locks = settings.ui.locator('[data-signing-locks]');
  const row = locks.locator(`[data-signing-lock="${PEOPLE.omar.accountId}"]`);
  await row.waitFor();
  await row.getByRole('textbox').fill('Omar called the service desk; Nadia Novak confirmed who he is');
  await save(h, 'admin-signing-locks.png', locks);
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
  await flag(h, 'Stage 23 was completed').waitFor();
  await ui.getByRole('button', { name: 'Give the Go / No-Go decision' }).click();
  const dialog = ui.getByRole('dialog');
  await dialog.getByRole('radio', { name: /^No-Go/ }).check();
  await dialog.getByLabel(/Reason/).fill('Lab results export fails on PROD MAIN after the upgrade (QC step 4).');
  await save(h, 'customer-go-no-go.png', dialog);
  await dialog.getByRole('button', { name: 'Confirm No-Go' }).click();
  const sign = ui.getByRole('dialog', { name: /^Sign: No-Go/ });
  await sign.waitFor();
  await sign.getByLabel('Signing passphrase', { exact: true }).fill(DEMO_SIGNING_PASSPHRASES.carla!);
  await save(h, 'customer-sign-go-no-go.png', sign);
  await sign.getByRole('button', { name: 'Sign', exact: true }).click();
  await sign.waitFor({ state: 'detached' });
  await flag(h, /No-Go recorded/).waitFor();
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
    const parts = { customer, projectManager, engineer, support, admin, signing, noGo } as const;
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
