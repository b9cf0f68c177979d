/**
 * Issue #14: the calendar of every slot in a browser, on the demo. The engineer opens the queue page and sees Acme's
 * confirmed Day of Upgrade under his name with its length; the admin then declares that day a holiday on the settings
 * page (as the resolvers take it), and the calendar flags the slot as JSM's change calendar would. A portal customer
 * gets no calendar. Screenshots go to test-output/browser/ (git-ignored).
 */
import { axeScan, invokeAs, MODULES, panel, PEOPLE, requireBuiltPanels, screenshot, seriousOrWorse, signIn, startHarness, type Harness } from './support';

jest.setTimeout(120_000);

beforeAll(() => requireBuiltPanels());

describe('the upgrade slots calendar on the demo', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('slot-calendar');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the demo\'s slots by engineer with the planted double booking, then the conflict the admin\'s new holiday makes', async () => {
    await signIn(h, PEOPLE.engineer);
    await h.page.getByRole('link', { name: 'Upgrade slots calendar' }).click();
    await h.page.waitForURL(/\/calendar$/);
    const { frame, ui } = await panel(h, 'calendar-page');
    const erik = ui.getByRole('region', { name: `Slots of ${PEOPLE.engineer.displayName}` });
    const rowOf = (customer: string) => erik.getByRole('row').filter({ has: ui.getByRole('cell', { name: customer, exact: true }) });
    const acme = rowOf('Acme Clinical Research');
    await acme.waitFor();
    await expect(acme.textContent()).resolves.toMatch(/4 hours.*ClinSpark .* → .*FHSD-4.*Day of Upgrade.*Confirmed.*Erik Larsen is also on Initech Biosciences \(FHSD-13\) at that time/);
    const initech = rowOf('Initech Biosciences');
    await expect(initech.textContent()).resolves.toMatch(/FHSD-13.*Proposed.*Erik Larsen is also on Acme Clinical Research \(FHSD-4\) at that time/);
    await ui.getByText('2 conflicts to look at.').waitFor();
    expect(seriousOrWorse(await axeScan(frame))).toEqual([]);
    await screenshot(h, 'slot-calendar-demo');

    const view = await invokeAs(h, PEOPLE.engineer.emailAddress, 'upgrade-slot-calendar', undefined as never, 'getSlotCalendar');
    const slotDay: string = view.data.engineers[0].slots.find((s: { ticketKey: string }) => s.ticketKey === 'FHSD-4').start.slice(0, 10);
    const read = await invokeAs(h, PEOPLE.admin.emailAddress, MODULES.settings, undefined as never, 'getSettings');
    const { guide: _guide, organizations: _organizations, directory: _directory, ...settings } = read.data;
    const saved = await invokeAs(h, PEOPLE.admin.emailAddress, MODULES.settings, undefined as never, 'saveSettings', { settings: { ...settings, calendar: { ...settings.calendar, holidays: [...settings.calendar.holidays, slotDay] } } });
    expect(saved).toMatchObject({ ok: true });

    await h.page.reload();
    const after = await panel(h, 'calendar-page');
    const flagged = after.ui.getByRole('row').filter({ has: after.ui.getByRole('cell', { name: 'Acme Clinical Research', exact: true }) });
    await flagged.getByText(`${slotDay} is not a working day of the project's calendar`).waitFor();
    // Both slots of that day now fall on a holiday too.
    await after.ui.getByText('4 conflicts to look at.').waitFor();
    await screenshot(h, 'slot-calendar-conflict');
    expect(h.errors).toEqual([]);
  });

  it('gives the engineer a calendar link that a calendar app reads without signing in; a new link retires the old one', async () => {
    await signIn(h, PEOPLE.engineer);
    await h.page.goto(`${h.runtime.url}/calendar`);
    const { ui } = await panel(h, 'calendar-page');
    const feed = ui.getByRole('region', { name: 'Subscribe to your slots' });
    await feed.getByRole('button', { name: 'Get my calendar link' }).click();
    const field = feed.getByLabel(/Your calendar link/);
    await field.waitFor();
    const url = await field.inputValue();
    expect(url).toMatch(/\/public\/[A-Za-z0-9]{25}\/[A-Za-z0-9_-]{43}\/slots\.ics$/);
    await screenshot(h, 'slot-calendar-feed-link');
    const read = await fetch(url);
    expect(read.status).toBe(200);
    expect(await read.text()).toContain('SUMMARY:Proposed: ClinSpark upgrade\\, Initech Biosciences (FHSD-13)');
    await feed.getByRole('button', { name: 'make a new link' }).click();
    for (let tries = 0; (await field.inputValue()) === url; tries += 1) {
      if (tries > 50) throw new Error('the link was not renewed');
      await h.page.waitForTimeout(100);
    }
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(await field.inputValue())).status).toBe(200);
  });

  it('offers no feed to an agent who works no slots', async () => {
    await signIn(h, PEOPLE.pm);
    await h.page.goto(`${h.runtime.url}/calendar`);
    const { ui } = await panel(h, 'calendar-page');
    await ui.getByRole('region', { name: `Slots of ${PEOPLE.engineer.displayName}` }).waitFor();
    expect(await ui.getByRole('region', { name: 'Subscribe to your slots' }).count()).toBe(0);
  });

  it('is not for portal customers', async () => {
    await signIn(h, PEOPLE.carla);
    await h.page.goto(`${h.runtime.url}/calendar`);
    await h.page.getByText('This view is for the service desk team').waitFor();
    expect(await h.page.locator('iframe.forge-panel').count()).toBe(0);
  });
});
