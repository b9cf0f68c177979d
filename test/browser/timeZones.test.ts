/**
 * Times in the reader's time zone: the browser runs in Tokyo, and each person still reads every time in the zone their
 * Atlassian account keeps (the Forge context's `timezone`): Carla (America/New_York) in the portal, Priya (Europe/London)
 * in the issue panel, its history and environments. Due dates stay the calendar days they are. Screenshots go to
 * test-output/browser/ (git-ignored).
 */
import fs from 'fs';
import path from 'path';
import { invokeAs, MODULES, panel, PEOPLE, requireBuiltPanels, screenshot, SHOTS, signIn, startHarness, type Harness } from './support';
import { formatDay, formatInstant } from '../../static/shared/time';

jest.setTimeout(60_000);

/** Acme's PROD upgrade request: on its Day of Upgrade, with the slot agreed and the backups recorded. */
const ACME_PROD_REQUEST = 'FHSD-4';
const BROWSER_ZONE = 'Asia/Tokyo';

/** "1 Dec 2026, 04:00" for an instant shifted by a fixed offset, computed without Intl: the test's own arithmetic. */
function wallClock(iso: string, offsetHours: number): string {
  const d = new Date(new Date(iso).getTime() + offsetHours * 3_600_000);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The top of the panel, at full size (the whole page is too tall to read the times in): what a reviewer looks at. */
async function panelTop(h: Harness, name: string, height = 640): Promise<void> {
  const box = await h.page.locator('iframe.forge-panel').first().boundingBox();
  if (!box) throw new Error('no panel on the page');
  fs.mkdirSync(SHOTS, { recursive: true });
  await h.page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, height) } });
}

beforeAll(() => requireBuiltPanels());

describe("times in the reader's time zone, whatever the browser's", () => {
  let h: Harness;
  let slot: string;
  beforeAll(async () => {
    h = await startHarness('zones', { timezoneId: BROWSER_ZONE });
    const view = await invokeAs(h, PEOPLE.pm.emailAddress, MODULES.issue, ACME_PROD_REQUEST, 'getPlanView');
    slot = view.data.slot;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('runs the browser in Tokyo, and the demo slot is in winter (New York EST, London GMT)', async () => {
    expect(await h.page.evaluate('Intl.DateTimeFormat().resolvedOptions().timeZone')).toBe(BROWSER_ZONE);
    expect(PEOPLE.carla.timeZone).toBe('America/New_York');
    expect(PEOPLE.pm.timeZone).toBe('Europe/London');
    expect(slot).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const month = new Date(slot).getUTCMonth();
    // The fixed offsets below hold from November to February.
    expect([10, 11, 0, 1]).toContain(month);
  });

  it("shows the customer the slot in New York time, labelled EST, not in the browser's Tokyo time", async () => {
    await signIn(h, PEOPLE.carla);
    await h.page.goto(`${h.runtime.url}/portal/request/${ACME_PROD_REQUEST}`);
    const portal = await panel(h, 'portal-panel');
    const date = portal.ui.locator('dt', { hasText: 'Upgrade date' }).locator('xpath=following-sibling::dd[1]');
    const shown = (await date.textContent())!.trim();
    expect(shown).toBe(`${wallClock(slot, -5)} EST`);
    expect(shown).toBe(formatInstant(slot, 'America/New_York'));
    expect(shown).not.toContain(wallClock(slot, 9));
    await screenshot(h, 'zones-portal-new-york');
    await panelTop(h, 'zones-portal-new-york-top', 420);
    expect(h.errors).toEqual([]);
  });

  it("shows the PM the slot, the history and the backups in London time (GMT), and due dates as their calendar days", async () => {
    await signIn(h, PEOPLE.pm);
    await h.page.goto(`${h.runtime.url}/issue/${ACME_PROD_REQUEST}`);
    const issue = await panel(h, 'issue-panel');
    const slotText = (await issue.ui.locator('dt', { hasText: 'Upgrade slot' }).locator('xpath=following-sibling::dd[1]').textContent())!.trim();
    expect(slotText).toBe(`${wallClock(slot, 0)} GMT`);
    expect(slotText).not.toContain(wallClock(slot, 9));

    // A due date is the day the server set, never moved by Tokyo's nine hours.
    const view = await invokeAs(h, PEOPLE.pm.emailAddress, MODULES.issue, ACME_PROD_REQUEST, 'getPlanView');
    const open = view.data.phases.flatMap((p: { stages: { number: number; due: string | null; status: string }[] }) => p.stages).find((s: { due: string | null; status: string }) => s.due && s.status !== 'done' && s.status !== 'skipped');
    if (open) expect(await issue.ui.locator(`tr[data-stage="${open.number}"]`).textContent()).toContain(formatDay(open.due));
    await screenshot(h, 'zones-issue-london');
    await panelTop(h, 'zones-issue-london-top', 420);

    await issue.ui.getByRole('tab', { name: 'History' }).click();
    await issue.ui.getByText(/Times are in your time zone \(Europe\/London, GMT\)/).waitFor();
    const history = await invokeAs(h, PEOPLE.pm.emailAddress, MODULES.issue, ACME_PROD_REQUEST, 'getHistory');
    const newest = [...history.data].sort((a: { seq: number }, b: { seq: number }) => b.seq - a.seq)[0] as { at: string };
    const firstCell = issue.ui.getByRole('table', { name: 'Plan history' }).locator('tbody tr').first().locator('td').first();
    expect((await firstCell.textContent())!.trim()).toBe(formatInstant(newest.at, 'Europe/London'));
    expect(await firstCell.locator('span').getAttribute('title')).toBe(`${newest.at} (UTC)`);
    await screenshot(h, 'zones-history-london');
    await panelTop(h, 'zones-history-london-top', 520);

    await issue.ui.getByRole('tab', { name: /^Environments/ }).click();
    const backup = issue.ui.getByText(/^Version [\d.]+, \d{1,2} \w{3} \d{4}, \d{2}:\d{2} GMT$/).first();
    await backup.waitFor();
    await screenshot(h, 'zones-environments-london');
    await panelTop(h, 'zones-environments-london-top', 700);
    expect(h.errors).toEqual([]);
  });
});
