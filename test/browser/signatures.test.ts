/**
 * Issue #16 (electronic signatures, 21 CFR Part 11) in headless Chromium against the local runtime (demo data): a
 * Northwind customer sets a signing passphrase and signs validation complete (stage 12) in the portal, a wrong passphrase
 * refused first; Carla signs Acme's Go (stage 24) as the decision maker. Screenshots go to test-output/browser/.
 */
import { DEMO_SIGNING_PASSPHRASES } from '../../src/local/demo/cast';
import { flag, invokeAs, MODULES, panel, PEOPLE, requireBuiltPanels, screenshot, signIn, startHarness, type Harness } from './support';

jest.setTimeout(180_000);

/** Northwind's VAL request and its open validation issue; Acme's PROD request on its Day of Upgrade (demo data). */
const NORTHWIND_VAL = 'FHSD-3';
const NORTHWIND_ISSUE = 'FHSD-5';
const ACME_PROD = 'FHSD-4';
const ACME_VAL = 'FHSD-1';

async function must(h: Harness, email: string, moduleKey: string, issueKey: string, functionKey: string, payload: unknown = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const answer = await invokeAs(h, email, moduleKey, issueKey, functionKey, payload);
  if (!answer.ok) throw new Error(`${functionKey} ${JSON.stringify(payload)}: ${answer.error?.rule} ${answer.error?.message}`);
  return answer.data;
}

const stageOf = (view: { phases: { stages: { number: number }[] }[] }, n: number): any => view.phases.flatMap((p) => p.stages).find((s) => s.number === n); // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(() => requireBuiltPanels());

describe('signing the decisive acts in the portal', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('signatures');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('§11.200 validation complete, signed by the customer in the portal: the passphrase set once, a wrong one refused, the signature shown', async () => {
    // Validation ends: the validation issue is resolved and addressed, Omar finishes testing.
    await must(h, PEOPLE.specialist.emailAddress, MODULES.issue, NORTHWIND_VAL, 'addressPart', { stage: 11, part: NORTHWIND_ISSUE });
    const sofia = PEOPLE.support.emailAddress;
    const auth = `Basic ${Buffer.from(`${sofia}:any-token`).toString('base64')}`;
    const transitions = (await (await fetch(`${h.runtime.url}/rest/api/3/issue/${NORTHWIND_ISSUE}/transitions?expand=transitions.fields`, { headers: { authorization: auth } })).json()) as { transitions: { id: string; to: { name: string } }[] };
    const resolve = transitions.transitions.find((t) => t.to.name === 'Resolved')!;
    const moved = await fetch(`${h.runtime.url}/rest/api/3/issue/${NORTHWIND_ISSUE}/transitions`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ transition: { id: resolve.id }, fields: { resolution: { name: 'Done' } } }) });
    expect(moved.status).toBe(204);
    await h.runtime.settle();
    await must(h, sofia, MODULES.issue, NORTHWIND_VAL, 'completeStage', { stage: 11 });
    await must(h, PEOPLE.omar.emailAddress, MODULES.portal, NORTHWIND_VAL, 'completeStage', { stage: 9 });

    // Omar, a Northwind customer who never signed, confirms validation complete from the portal.
    await signIn(h, PEOPLE.omar);
    await h.page.goto(`${h.runtime.url}/portal/request/${NORTHWIND_VAL}`);
    const { ui } = await panel(h, 'portal-panel');
    await ui.getByRole('group', { name: 'Actions on stage 12' }).getByRole('button', { name: 'Mark as done' }).click();
    const setDialog = ui.getByRole('dialog', { name: 'Set your signing passphrase' });
    await setDialog.waitFor();
    await setDialog.getByLabel('Signing passphrase', { exact: true }).fill('short');
    await setDialog.getByLabel('Type it again').fill('short');
    await setDialog.getByRole('button', { name: 'Set passphrase' }).click();
    await setDialog.getByText(/at least 12 characters/).first().waitFor();
    const omars = 'omar validates northwind';
    await setDialog.getByLabel('Signing passphrase', { exact: true }).fill(omars);
    await setDialog.getByLabel('Type it again').fill(omars);
    await screenshot(h, 'signing-set-passphrase');
    await setDialog.getByRole('button', { name: 'Set passphrase' }).click();

    const sign = ui.getByRole('dialog', { name: /^Sign: Validation complete/ });
    await sign.waitFor();
    await sign.locator('[data-signer-name]').getByText('Omar Haddad').waitFor();
    await sign.getByLabel('Signing passphrase', { exact: true }).fill('not my passphrase');
    await sign.getByRole('button', { name: 'Sign', exact: true }).click();
    await sign.getByText(/the signing passphrase is wrong: nothing was signed or recorded \(4 tries left/i).waitFor();
    await screenshot(h, 'signing-wrong-passphrase');
    expect(stageOf(await must(h, PEOPLE.pm.emailAddress, MODULES.issue, NORTHWIND_VAL, 'getPlanView'), 12).status).not.toBe('done');

    await sign.getByLabel('Signing passphrase', { exact: true }).fill(omars);
    await screenshot(h, 'signing-validation-complete-dialog');
    await sign.getByRole('button', { name: 'Sign', exact: true }).click();
    await sign.waitFor({ state: 'detached' });
    const line = ui.locator('[data-signature="12"]');
    await line.waitFor();
    expect(await line.textContent()).toMatch(/Signed by Omar Haddad — “Validation complete: the customer validated the release and its configuration items” — \d{4}-\d\d-\d\d \d\d:\d\d UTC \(.+\) · attempt 1 · verified/);
    await line.scrollIntoViewIfNeeded();
    await screenshot(h, 'signing-validation-complete-signed');

    const view = await must(h, PEOPLE.pm.emailAddress, MODULES.issue, NORTHWIND_VAL, 'getPlanView');
    expect(stageOf(view, 12)).toMatchObject({ status: 'done', completedBy: PEOPLE.omar.accountId, signatures: [expect.objectContaining({ accountId: PEOPLE.omar.accountId, name: 'Omar Haddad', check: 'valid' })] });
    expect(h.errors).toEqual([]);
  });

  it('§11.50 the Go, signed by the customer\'s decision maker in the portal, shows her printed name, time and meaning in both panels', async () => {
    for (const stage of [21, 22]) await must(h, PEOPLE.engineer.emailAddress, MODULES.issue, ACME_PROD, 'completeStage', { stage });
    await must(h, PEOPLE.carla.emailAddress, MODULES.portal, ACME_PROD, 'completeStage', { stage: 23 });

    await signIn(h, PEOPLE.carla);
    await h.page.goto(`${h.runtime.url}/portal/request/${ACME_PROD}`);
    const { ui } = await panel(h, 'portal-panel');
    await ui.getByRole('button', { name: 'Give the Go / No-Go decision' }).click();
    const decision = ui.getByRole('dialog');
    await decision.getByRole('radio', { name: /^Go/ }).check();
    await decision.getByRole('button', { name: 'Confirm Go' }).click();
    const sign = ui.getByRole('dialog', { name: 'Sign: Go: PROD TEST may be upgraded' });
    await sign.waitFor();
    await sign.locator('[data-signer-name]').getByText('Carla Mendes').waitFor();
    await sign.getByLabel('Signing passphrase', { exact: true }).fill(DEMO_SIGNING_PASSPHRASES.carla!);
    await screenshot(h, 'signing-go-dialog');
    await sign.getByRole('button', { name: 'Sign', exact: true }).click();
    await sign.waitFor({ state: 'detached' });
    await flag(h, 'Go recorded: stages 25–28 are open').waitFor();
    const line = ui.locator('[data-signature="24"]');
    await line.waitFor();
    expect(await line.textContent()).toMatch(/Signed by Carla Mendes — “Go: PROD TEST may be upgraded” — .* UTC \(.*(EST|EDT|GMT-[45])\) · attempt 1 · verified/);
    await line.scrollIntoViewIfNeeded();
    await screenshot(h, 'signing-go-signed-portal');

    // The PM sees both of Carla's signatures on the issue panel, in their own time zone beside UTC.
    await signIn(h, PEOPLE.pm);
    await h.page.goto(`${h.runtime.url}/issue/${ACME_PROD}`);
    const issue = await panel(h, 'issue-panel');
    const row = issue.ui.locator('tr[data-stage="24"] [data-signature="24"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Signed by Carla Mendes — “Go: PROD TEST may be upgraded”');
    await row.scrollIntoViewIfNeeded();
    await screenshot(h, 'signing-go-signed-issue-panel');
    expect(h.errors).toEqual([]);
  });

  it('§11.200 the engineer signs an IQ documentation record in the Environments tab: a wrong passphrase refused on its field, the signature shown and verified', async () => {
    await signIn(h, PEOPLE.engineer);
    await h.page.goto(`${h.runtime.url}/issue/${ACME_VAL}`);
    const { ui } = await panel(h, 'issue-panel');
    await ui.getByRole('tab', { name: /^Environments/ }).click();
    const val = ui.locator('section.cs-env', { has: ui.getByRole('heading', { name: 'VAL', exact: true }) });
    // The demo's own record: Erik signed VAL's IQ documentation when he provided it.
    expect(await val.locator('[data-iq-signature="VAL MAIN"]').textContent()).toMatch(/Signed by Erik Larsen — “IQ documentation: the instance is installed and qualified at the version recorded” — .* UTC .* · verified/);
    await val.getByRole('button', { name: 'Record IQ documentation' }).click();
    const dialog = ui.getByRole('dialog', { name: 'Record IQ documentation (VAL)' });
    await dialog.waitFor();
    expect(await dialog.locator('[data-signature-meaning]').textContent()).toBe('IQ documentation: the instance is installed and qualified at the version recorded');
    expect(await dialog.locator('[data-signer-name]').textContent()).toBe('Erik Larsen');
    await dialog.getByLabel('IQ document reference').fill('IQ-ACME-VAL-25.1-rev2');
    await dialog.getByLabel('Signing passphrase', { exact: true }).fill('not what erik set');
    await dialog.getByRole('button', { name: 'Sign and record' }).click();
    await dialog.getByText(/the signing passphrase is wrong: nothing was signed or recorded \(4 tries left/i).waitFor();
    await screenshot(h, 'signing-iq-wrong-passphrase');
    await dialog.getByLabel('Signing passphrase', { exact: true }).fill(DEMO_SIGNING_PASSPHRASES.engineer!);
    await dialog.getByRole('button', { name: 'Sign and record' }).click();
    await dialog.waitFor({ state: 'detached' });
    await flag(h, 'Signed: IQ documentation of VAL recorded').waitFor();
    for (const name of ['VAL MAIN', 'VAL TEST']) {
      const line = val.locator(`[data-iq-signature="${name}"]`);
      await line.waitFor();
      expect(await line.getAttribute('data-signature-check')).toBe('valid');
    }
    expect(await val.getByText('IQ-ACME-VAL-25.1-rev2').count()).toBe(2);
    await val.scrollIntoViewIfNeeded();
    await screenshot(h, 'signing-iq-signed');
    expect(h.errors).toEqual([]);
  });

  it('§11.300 five wrong passphrases lock signing, said in the dialog; the project admin unlocks it with a reason on the settings page', async () => {
    const wrong = { passphrase: 'not omars passphrase', revision: 0, meaning: 'Plan closed: the upgrade is confirmed as expected and the ticket may be closed' };
    for (let i = 0; i < 5; i += 1) await invokeAs(h, PEOPLE.omar.emailAddress, MODULES.portal, NORTHWIND_VAL, 'completeStage', { stage: 28, signature: wrong });
    const status = await must(h, PEOPLE.omar.emailAddress, MODULES.portal, NORTHWIND_VAL, 'getSigningStatus');
    expect(status).toMatchObject({ locked: true, message: 'Signing is locked after 5 failed attempts; ask your service desk admin to unlock it' });

    await signIn(h, PEOPLE.admin);
    await h.page.goto(`${h.runtime.url}/settings`);
    const settings = await panel(h, 'settings-page');
    const row = settings.ui.locator(`[data-signing-lock="${PEOPLE.omar.accountId}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Unlock signing' }).click();
    await row.getByText(/Say why you unlock it/).waitFor();
    await row.getByRole('textbox').fill('Omar called the service desk; identity confirmed by Nadia Novak');
    await row.scrollIntoViewIfNeeded();
    await screenshot(h, 'signing-unlock-settings');
    await row.getByRole('button', { name: 'Unlock signing' }).click();
    await settings.ui.locator('[data-signing-locks]').getByText("Nobody's signing is locked.").waitFor();
    expect(await must(h, PEOPLE.omar.emailAddress, MODULES.portal, NORTHWIND_VAL, 'getSigningStatus')).toMatchObject({ locked: false, triesLeft: 5 });
    expect(h.errors).toEqual([]);
  });
});
