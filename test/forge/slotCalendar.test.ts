/**
 * Issue #14, the calendar of slots through the real resolvers and storage: the slot's length given at stage 16, every
 * customer's proposed and confirmed slots by engineer on the service desk's queue page, read through the slot index,
 * with the conflicts JSM's change calendar would show; portal customers never get it.
 */
import type { PlanView } from '../../src/app/planView';
import type { SlotCalendarView } from '../../src/app/slotCalendar';
import { KvsPlanRepository } from '../../src/forge/planStore';
import { ForgeAppHarness, PEOPLE } from '../support/forgeApp';
import { freshApp, must, pm, PORTAL, seedProdEnvironments, SLOT, toSlot, VAL_FORM } from '../reliability/support';

jest.setTimeout(60_000);

const QUEUE_PAGE = 'jiraServiceManagement:queuePage' as never;
const calendarAs = (accountId: string, accountType?: string) => ({ accountId, surface: QUEUE_PAGE, ...(accountType ? { accountType } : {}) });

describe('the calendar of every slot (jiraServiceManagement:queuePage)', () => {
  let app: ForgeAppHarness;
  beforeEach(async () => {
    app = await freshApp();
  });
  afterEach(() => app.close());

  test('the PM proposes a 6-hour slot: the calendar shows it proposed under its engineer, then confirmed once the customer agrees', async () => {
    const prod = await toSlot(app, PEOPLE.acmeCustomer!, '1');
    expect((await must<SlotCalendarView>(app, 'getSlotCalendar', {}, calendarAs('acc-pm'))).engineers).toEqual([]);
    await must(app, 'proposeStage', { stage: 16, value: SLOT, hours: 6 }, pm(prod));
    const proposed = await must<SlotCalendarView>(app, 'getSlotCalendar', {}, calendarAs('acc-pm'));
    expect(proposed.engineers).toEqual([
      // Names come from the people directory the settings' save fills from Jira; this site's settings were stored directly.
      { accountId: 'acc-eng', name: 'acc-eng', slots: [expect.objectContaining({ customer: 'Acme Clinical', ticketKey: prod, phase: 'Day of Upgrade', start: SLOT, end: '2027-03-01T14:00:00.000Z', hours: 6, state: 'proposed', conflicts: [] })] },
    ]);
    await must(app, 'agreeStage', { stage: 16 }, { accountId: 'acc-acme', surface: PORTAL, ticketKey: prod });
    const confirmed = await must<SlotCalendarView>(app, 'getSlotCalendar', {}, calendarAs('acc-eng'));
    expect(confirmed.engineers[0]!.slots[0]).toMatchObject({ state: 'confirmed', hours: 6 });
  });

  test('a length that is not whole or half hours is refused at the edge naming the field; a Saturday by the upgrade\'s rule; nothing proposed', async () => {
    const prod = await toSlot(app, PEOPLE.acmeCustomer!, '1');
    expect(await app.invoke('proposeStage', { stage: 16, value: SLOT, hours: 2.25 }, pm(prod))).toMatchObject({ ok: false, error: { rule: 'payloadValid', field: 'hours' } });
    expect(await app.invoke('proposeStage', { stage: 16, value: '2027-03-06T08:00:00.000Z', reason: 'a quiet weekend' }, pm(prod))).toMatchObject({ ok: false, error: { rule: 'slotOnWorkingDays', field: 'value' } });
    expect((await must<SlotCalendarView>(app, 'getSlotCalendar', {}, calendarAs('acc-pm'))).engineers).toEqual([]);
  });

  test('one engineer on two customers\' overlapping slots: both show the conflict, naming the other customer and ticket', async () => {
    const acme = await toSlot(app, PEOPLE.acmeCustomer!, '1');
    const beta = await toSlot(app, PEOPLE.betaCustomer!, '2');
    expect(await must<PlanView>(app, 'proposeStage', { stage: 16, value: SLOT }, pm(acme))).not.toHaveProperty('slotWarnings');
    await must(app, 'agreeStage', { stage: 16 }, { accountId: 'acc-acme', surface: PORTAL, ticketKey: acme });
    // Two hours into Acme's four: the PM is warned in the answer and on the calendar, not refused (another engineer may take one of them).
    const proposed = await must<PlanView>(app, 'proposeStage', { stage: 16, value: '2027-03-01T10:00:00.000Z', reason: 'the customer asked by phone' }, pm(beta));
    expect(proposed.slotWarnings).toEqual([`acc-eng is also on Acme Clinical (${acme}) at that time`]);
    // The customer who agrees is not told about another customer's upgrade.
    expect(await must<PlanView>(app, 'agreeStage', { stage: 16 }, { accountId: 'acc-beta', surface: PORTAL, ticketKey: beta })).not.toHaveProperty('slotWarnings');
    const view = await must<SlotCalendarView>(app, 'getSlotCalendar', {}, calendarAs('acc-pm'));
    const slots = view.engineers[0]!.slots;
    expect(slots.map((s) => [s.customer, s.state, s.conflicts.map((c) => c.text)])).toEqual([
      ['Acme Clinical', 'confirmed', [`acc-eng is also on Beta Research (${beta}) at that time`]],
      ['Beta Research', 'confirmed', [`acc-eng is also on Acme Clinical (${acme}) at that time`]],
    ]);
    expect(view.conflictCount).toBe(2);
  });

  test('read through the slot index: a plan without a slot is not read at all', async () => {
    const prod = await toSlot(app, PEOPLE.acmeCustomer!, '1');
    await must(app, 'proposeStage', { stage: 16, value: SLOT }, pm(prod));
    await seedProdEnvironments('2');
    await app.raise('VAL environment request', PEOPLE.betaCustomer!, VAL_FORM);
    expect(await new KvsPlanRepository().listByOrganization('2')).toHaveLength(1);
    const spy = jest.spyOn(KvsPlanRepository.prototype, 'listSlotsFrom');
    await must(app, 'getSlotCalendar', {}, calendarAs('acc-pm'));
    const plans = await spy.mock.results[0]!.value;
    expect(plans).toHaveLength(1);
    spy.mockRestore();
  });

  test('a portal customer never gets the calendar: the module does not serve customer accounts', async () => {
    expect(await app.invoke('getSlotCalendar', {}, calendarAs('acc-acme', 'customer'))).toMatchObject({ ok: false, error: { rule: 'forgeContext', field: 'context.accountType' } });
  });
});
