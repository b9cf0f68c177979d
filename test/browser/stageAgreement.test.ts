/**
 * Issue #13 in headless Chromium against the local runtime (demo data): Northwind's validation ticket addressed by the
 * solution specialist it was handed to, a PROD request raised in the portal without a configuration decision and decided
 * by the customer in the panel's details form, then stage 16: the PM proposes the slot in the issue panel and the
 * customer agrees in the portal. Screenshots go to test-output/browser/ (git-ignored).
 */
import { invokeAs, MODULES, panel, PEOPLE, requireBuiltPanels, screenshot, signAs, signIn, startHarness, type Harness } from './support';
import { DEMO_SIGNING_PASSPHRASES } from '../../src/local/demo/cast';

jest.setTimeout(120_000);

/** Northwind's VAL request and its open validation issue (demo data). */
const NORTHWIND_VAL = 'FHSD-3';
const NORTHWIND_ISSUE = 'FHSD-5';

/** A Jira REST call as a demo person (Basic auth, any token), as a Jira client would make it. */
async function jiraAs(h: Harness, email: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const answer = await fetch(`${h.runtime.url}${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`${email}:any-token`).toString('base64')}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await answer.text();
  await h.runtime.settle();
  return { status: answer.status, body: text ? JSON.parse(text) : null };
}

async function must(h: Harness, email: string, moduleKey: string, issueKey: string, functionKey: string, payload: unknown = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const answer = await invokeAs(h, email, moduleKey, issueKey, functionKey, payload);
  if (!answer.ok) throw new Error(`${functionKey} ${JSON.stringify(payload)}: ${answer.error?.rule} ${answer.error?.message}`);
  return answer.data;
}

beforeAll(() => requireBuiltPanels());

describe('stage 11 handed on, the configuration decided, and stage 16 agreed in the portal', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('agreement');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the specialist marks the validation ticket handed to them addressed, in the issue panel', async () => {
    await signIn(h, PEOPLE.specialist);
    await h.page.goto(`${h.runtime.url}/issue/${NORTHWIND_VAL}`);
    const issue = await panel(h, 'issue-panel');
    const part = issue.ui.locator(`li[data-part="${NORTHWIND_ISSUE}"]`);
    await part.waitFor();
    expect(await part.textContent()).toContain('handled by You (Solution Specialist)');
    expect(await part.textContent()).toContain('Label templates are configuration');
    await part.getByRole('button', { name: 'Mark addressed' }).click();
    await part.getByText('Addressed', { exact: true }).waitFor();
    await part.getByText(/addressed by You/).waitFor();
    await part.scrollIntoViewIfNeeded();
    await screenshot(h, 'stage11-part-addressed');
    const view = await must(h, PEOPLE.pm.emailAddress, MODULES.issue, NORTHWIND_VAL, 'getPlanView');
    const stage11 = view.phases.flatMap((p: { stages: unknown[] }) => p.stages).find((s: { number: number }) => s.number === 11);
    expect(stage11.parts).toEqual([expect.objectContaining({ key: NORTHWIND_ISSUE, handler: PEOPLE.specialist.accountId, addressed: expect.objectContaining({ by: PEOPLE.specialist.accountId }) })]);
    expect(h.errors).toEqual([]);
  });

  it('a PROD request without a configuration decision waits for it; the customer decides in the portal panel, nothing preselected', async () => {
    // Validation ends: Support resolves the issue in Jira and completes stage 11; Omar finishes testing and confirms.
    const sofia = PEOPLE.support.emailAddress;
    const transitions = await jiraAs(h, sofia, 'GET', `/rest/api/3/issue/${NORTHWIND_ISSUE}/transitions?expand=transitions.fields`);
    const resolve = transitions.body.transitions.find((t: { to: { name: string } }) => t.to.name === 'Resolved');
    expect((await jiraAs(h, sofia, 'POST', `/rest/api/3/issue/${NORTHWIND_ISSUE}/transitions`, { transition: { id: resolve.id }, fields: { resolution: { name: 'Done' } } })).status).toBe(204);
    await must(h, sofia, MODULES.issue, NORTHWIND_VAL, 'completeStage', { stage: 11 });
    await must(h, PEOPLE.omar.emailAddress, MODULES.portal, NORTHWIND_VAL, 'completeStage', { stage: 9 });
    // Validation complete is signed (Part 11): Nadia signs it with the passphrase she set in the demo.
    const signed = await signAs(h, PEOPLE.nadia.emailAddress, MODULES.portal, NORTHWIND_VAL, 'completeStage', { stage: 12 }, DEMO_SIGNING_PASSPHRASES.nadia!);
    expect(signed).toMatchObject({ ok: true });

    // Nadia raises the PROD upgrade request with the portal's form, listing no configuration to keep.
    await signIn(h, PEOPLE.nadia);
    await h.page.goto(`${h.runtime.url}/portal/create/13`);
    await h.page.fill('#f-summary', 'Upgrade PROD MAIN and TEST to 25.2');
    await h.page.selectOption('#f-targetVersion', '25.2');
    await h.page.selectOption('#f-currentVersion', '25.1');
    await h.page.check('input[name="instances"][value="PROD MAIN"]');
    await h.page.check('input[name="instances"][value="PROD TEST"]');
    const preferred = new Date(Date.now() + 21 * 24 * 3600_000);
    preferred.setUTCHours(7, 0, 0, 0);
    await h.page.locator('input[name="preferredSlots"]').first().fill(preferred.toISOString().slice(0, 16));
    await h.page.getByRole('button', { name: 'Send' }).click();
    await h.page.waitForURL(/\/portal\/request\/FHSD-\d+/);
    const prod = /FHSD-\d+/.exec(h.page.url())![0];

    const portal = await panel(h, 'portal-panel');
    await portal.ui.getByText(/your configuration decision/).first().waitFor();
    await portal.ui.getByRole('button', { name: 'Provide the missing details' }).click();
    const dialog = portal.ui.getByRole('dialog');
    await dialog.waitFor();
    const sync = dialog.getByRole('radio', { name: /usual approach/ });
    expect(await sync.isChecked()).toBe(false);
    expect(await dialog.getByRole('radio', { name: /Keep the configurations/ }).isChecked()).toBe(false);
    await dialog.getByRole('button', { name: 'Save details' }).click();
    await dialog.getByText('the decision is yours').waitFor();
    await screenshot(h, 'details-decision-asked');
    await sync.check({ force: true });
    await dialog.getByRole('button', { name: 'Save details' }).click();
    await dialog.waitFor({ state: 'detached' });
    const after = await must(h, PEOPLE.pm.emailAddress, MODULES.issue, prod, 'getPlanView');
    expect(after.configuration).toEqual({ mode: 'synchronise-latest' });
    expect(after.phases.flatMap((p: { stages: unknown[] }) => p.stages).find((s: { number: number }) => s.number === 13).status).toBe('done');
    expect(h.errors).toEqual([]);

    // Stage 16 in the panels: the PM proposes the customer's preferred slot, the customer agrees.
    await must(h, PEOPLE.pm.emailAddress, MODULES.issue, prod, 'completeStage', { stage: 14 });
    await must(h, PEOPLE.engineer.emailAddress, MODULES.issue, prod, 'completeStage', { stage: 15 });

    await signIn(h, PEOPLE.pm);
    await h.page.goto(`${h.runtime.url}/issue/${prod}`);
    const issue = await panel(h, 'issue-panel');
    const row = issue.ui.locator('tr[data-stage="16"]');
    await row.getByRole('button', { name: 'Propose' }).click();
    const propose = issue.ui.getByRole('dialog');
    await propose.getByRole('radio', { name: /asked for by the customer/ }).waitFor();
    expect(await propose.getByRole('radio', { name: /asked for by the customer/ }).isChecked()).toBe(true);
    await screenshot(h, 'slot-propose-dialog');
    await propose.getByRole('button', { name: 'Propose to the customer' }).click();
    await row.locator('[data-proposal="16"]').getByText(/waiting for agreement/).waitFor();
    // The PM cannot tick stage 16 nor answer for the customer: neither button is offered.
    expect(await row.getByRole('button', { name: /^(Complete|Agree)$/ }).count()).toBe(0);
    await row.scrollIntoViewIfNeeded();
    await screenshot(h, 'slot-proposed-issue');

    await signIn(h, PEOPLE.nadia);
    await h.page.goto(`${h.runtime.url}/portal/request/${prod}`);
    const customer = await panel(h, 'portal-panel');
    const proposal = customer.ui.locator('[data-proposal="16"]');
    await proposal.waitFor();
    expect(await proposal.textContent()).toContain('It is one of the slots you preferred.');
    await screenshot(h, 'slot-proposal-portal');
    await customer.ui.getByRole('button', { name: 'I agree' }).click();
    await proposal.waitFor({ state: 'detached' });
    await h.page.reload();
    await panel(h, 'portal-panel');
    await h.page.getByText(/The upgrade slot is confirmed: .* as you agreed\./).waitFor();
    await screenshot(h, 'slot-agreed-portal');

    const confirmed = await must(h, PEOPLE.pm.emailAddress, MODULES.issue, prod, 'getPlanView');
    expect(confirmed.slot).toBe(preferred.toISOString());
    expect(confirmed.phases.flatMap((p: { stages: unknown[] }) => p.stages).find((s: { number: number }) => s.number === 16)).toMatchObject({ status: 'done', completedBy: PEOPLE.nadia.accountId });
    expect(h.errors).toEqual([]);
  });
});
