/**
 * Issue #15, finding 4, in Chromium on the demo: Acme's Day-of-Upgrade plan taken to a No-Go and its restore reads in
 * the issue panel's History tab as sentences with everyone's name (no data, no account ids), filters by stage, and its
 * CSV export has names, account ids and the environment changes of the plan. Screenshots go to test-output/browser/.
 */
import fs from 'fs';
import path from 'path';
import { parse } from 'csv-parse/sync';
import { HISTORY_COLUMNS } from '../../static/shared/csv';
import { DEMO_SIGNING_PASSPHRASES } from '../../src/local/demo/cast';
import { invokeAs, MODULES, panel, PEOPLE, requireBuiltPanels, SHOTS, signAs, signIn, startHarness, type Harness } from './support';

jest.setTimeout(90_000);

/** Acme's PROD upgrade request: on its Day of Upgrade, PROD MAIN being upgraded. */
const ACME_PROD_REQUEST = 'FHSD-4';
/** What an account id of the demo looks like (agents' Atlassian ids, portal customers' `qm:` ids). */
const ACCOUNT_ID = /5d1f0a6e|qm:demo-/;

async function must(h: Harness, email: string, moduleKey: string, functionKey: string, payload: unknown): Promise<void> {
  const answer = await invokeAs(h, email, moduleKey, ACME_PROD_REQUEST, functionKey, payload);
  if (!answer.ok) throw new Error(`${functionKey} as ${email}: ${answer.error?.rule} ${answer.error?.message}`);
}

beforeAll(() => requireBuiltPanels());

describe('the history of a Day of Upgrade that ended in a No-Go', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('history');
    // The rest of the Day of Upgrade, then Carla's No-Go and Erik's restore, as they would do it from their panels.
    for (const stage of [21, 22]) await must(h, PEOPLE.engineer.emailAddress, MODULES.issue, 'completeStage', { stage });
    await must(h, PEOPLE.carla.emailAddress, MODULES.portal, 'completeStage', { stage: 23 });
    // The No-Go is signed (Part 11), as the signing dialog sends it.
    expect((await signAs(h, PEOPLE.carla.emailAddress, MODULES.portal, ACME_PROD_REQUEST, 'decideStage', { stage: 24, outcome: 'No-Go', reason: 'the validation found a blocking issue' }, DEMO_SIGNING_PASSPHRASES.carla!)).ok).toBe(true);
    const decided = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await must(h, PEOPLE.engineer.emailAddress, MODULES.issue, 'recordRestore', { startedAt: decided, endedAt: new Date().toISOString(), version: '24.2' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the PM every entry as a sentence with names, filters it by stage, and exports a CSV with names and the environment changes', async () => {
    await signIn(h, PEOPLE.pm);
    await h.page.goto(`${h.runtime.url}/issue/${ACME_PROD_REQUEST}`);
    const issue = await panel(h, 'issue-panel');
    await issue.ui.getByRole('tab', { name: 'History' }).click();
    const table = issue.ui.getByRole('table', { name: 'Plan history' });
    await table.locator('tbody tr').first().waitFor();

    const text = (await table.textContent())!;
    expect(text).toContain('Carla Mendes took No-Go: the validation found a blocking issue.');
    expect(text).toMatch(/Erik Larsen restored PROD MAIN to 24\.2 after the No-Go in (under a minute|\d+ minutes?); stages 14 and 16–24 restarted for attempt 2\./);
    expect(text).toContain('Victor Huang raised FHSD-2, a validation issue, and the app added it to this plan.');
    expect(text).toContain("The app completed stage 11, after Sofia Rossi's change in Jira: every validation ticket is addressed and resolved.");
    expect(text).not.toMatch(/[{}]|restartedStages|newAttempt/);
    expect(text).not.toMatch(ACCOUNT_ID);
    // The customer's own ticket is hers: her name, never "App".
    const attached = table.locator('tbody tr', { hasText: 'raised FHSD-2' });
    expect(await attached.locator('td').nth(1).textContent()).toContain('Victor Huang');

    const frameBox = await h.page.locator('iframe.forge-panel').first().boundingBox();
    const shot = async (name: string) => {
      fs.mkdirSync(SHOTS, { recursive: true });
      await h.page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true, clip: { x: frameBox!.x, y: frameBox!.y, width: frameBox!.width, height: Math.min(frameBox!.height, 900) } });
    };
    await shot('history-sentences');

    await issue.ui.getByLabel('Filter by stage').selectOption('24');
    await issue.ui.getByText(/entries of stage 24|entry of stage 24/).waitFor();
    const stageCells = await table.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(stageCells.length).toBeGreaterThanOrEqual(2);
    expect(stageCells.every((cell) => cell.startsWith('Stage 24'))).toBe(true);
    const filtered = (await table.textContent())!;
    expect(filtered).toContain('Carla Mendes took No-Go');
    expect(filtered).toContain('Erik Larsen restored PROD MAIN');
    expect(filtered).not.toContain('completed stage 20');
    await shot('history-stage-24');

    // The same, dark: the filter and the sentences are drawn with the design tokens.
    await h.page.getByRole('button', { name: 'Dark theme' }).click();
    await issue.frame.waitForFunction("document.documentElement.getAttribute('data-color-mode') === 'dark'");
    await shot('history-stage-24-dark');
    await h.page.getByRole('button', { name: 'Light theme' }).click();

    await issue.ui.getByLabel('Filter by stage').selectOption('all');
    const [download] = await Promise.all([h.page.waitForEvent('download'), issue.ui.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^FHSD-4-upgrade-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
    // The history's rows, then a blank row and the chains' verification (its own columns): read as a spreadsheet would.
    const [history, verification] = csv.split('\r\n\r\n');
    expect(verification).toMatch(/^Chain verification,Result,Head hash \(SHA-256\)/);
    expect(verification).toMatch(/\r\nPlan,verified,[0-9a-f]{64},/);
    const rows: string[][] = parse(history!, { record_delimiter: '\r\n' });
    expect(rows[0]).toEqual([...HISTORY_COLUMNS]);
    const column = (name: (typeof HISTORY_COLUMNS)[number]) => HISTORY_COLUMNS.indexOf(name);
    const body = rows.slice(1);
    expect(body.map((r) => r[column('Who')])).toEqual(expect.arrayContaining(['Carla Mendes', 'Erik Larsen', 'Priya Patel', 'Victor Huang', 'Sofia Rossi', 'The app']));
    expect(body.every((r) => !ACCOUNT_ID.test(r[column('Who')]!) && !ACCOUNT_ID.test(r[column('What happened')]!))).toBe(true);
    expect(body.find((r) => r[column('Who')] === 'Carla Mendes')![column('Account id')]).toBe(PEOPLE.carla.accountId);
    const environments = body.filter((r) => r[column('Source')] === 'Environments').map((r) => r[column('What happened')]);
    expect(environments).toEqual(expect.arrayContaining([expect.stringMatching(/^Erik Larsen terminated VAL MAIN #\d+/), expect.stringMatching(/^Erik Larsen rolled PROD MAIN #\d+ back from 25\.1 to 24\.2/)]));
    const instants = body.map((r) => r[column('When (UTC)')]!);
    expect([...instants].sort()).toEqual(instants);

    // A phone's width: the sentences wrap inside the panel, nothing runs out of it.
    await h.page.setViewportSize({ width: 390, height: 900 });
    await issue.ui.getByLabel('Filter by stage').selectOption('24');
    await table.locator('thead th').nth(1).filter({ hasText: 'What happened' }).waitFor();
    const overflow = await issue.frame.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBe(0);
    expect(await table.locator('tbody tr').first().textContent()).toMatch(/Stage 24.*Erik Larsen restored PROD MAIN/);
    await table.scrollIntoViewIfNeeded();
    await h.page.screenshot({ path: path.join(SHOTS, 'history-390.png'), fullPage: false });
    expect(h.errors).toEqual([]);
  });
});
