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

  it('shows the demo\'s slots by engineer, then the conflict the admin\'s new holiday makes', async () => {
    await signIn(h, PEOPLE.engineer);
    await h.page.getByRole('link', { name: 'Upgrade slots calendar' }).click();
    await h.page.waitForURL(/\/calendar$/);
    const { frame, ui } = await panel(h, 'calendar-page');
    const erik = ui.getByRole('region', { name: `Slots of ${PEOPLE.engineer.displayName}` });
    const acme = erik.getByRole('row').filter({ hasText: 'Acme Clinical Research' });
    await acme.waitFor();
    await expect(acme.textContent()).resolves.toMatch(/4 hours.*ClinSpark .* → .*FHSD-4.*Day of Upgrade.*Confirmed.*None/);
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
    const flagged = after.ui.getByRole('row').filter({ hasText: 'Acme Clinical Research' });
    await flagged.getByText(`${slotDay} is not a working day of the project's calendar`).waitFor();
    await after.ui.getByText('1 conflict to look at.').waitFor();
    await screenshot(h, 'slot-calendar-conflict');
    expect(h.errors).toEqual([]);
  });

  it('is not for portal customers', async () => {
    await signIn(h, PEOPLE.carla);
    await h.page.goto(`${h.runtime.url}/calendar`);
    await h.page.getByText('This view is for the service desk team').waitFor();
    expect(await h.page.locator('iframe.forge-panel').count()).toBe(0);
  });
});
