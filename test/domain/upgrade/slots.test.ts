import { STANDARD_CALENDAR } from '../../../src/domain/calendar';
import { slotConflicts, slotDays, slotEnd, type CalendarSlot } from '../../../src/domain/slots';
import { UPGRADE } from '../../../src/domain/upgrade/kind';
import { slotLengthInHalfHours, slotOnWorkingDays } from '../../../src/domain/upgrade/rules';
import { DEFAULT_SLOT_HOURS, upgradeSlotOf } from '../../../src/domain/upgrade/slots';
import { CUSTOMER, ENGINEER, PM, PROD_DETAILS, PlanRun, refusal, SLOT_1, throughValidation } from './fixtures';

/** A plan whose stage 16 the PM may propose: validation done, the PROD request in, 14 and 15 done. */
function ready(): PlanRun {
  const run = throughValidation();
  run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
  run.completeAll([14, 15]);
  return run;
}

const propose = (run: PlanRun, value: string, extra: { hours?: number; reason?: string } = {}, calendar = STANDARD_CALENDAR) =>
  UPGRADE.actOnStep(run.plan, { type: 'propose', step: 16, value, ...extra }, PM, run.now, calendar);

describe('slotLengthInHalfHours', () => {
  test('the PM says how long the slot lasts: kept with the proposal, then with the confirmed slot', () => {
    const run = ready();
    run.act({ type: 'propose', step: 16, value: SLOT_1, hours: 6.5 }, PM);
    expect(run.plan.steps[15]!.proposal).toMatchObject({ value: SLOT_1, hours: 6.5 });
    expect(upgradeSlotOf(run.plan)).toMatchObject({ start: SLOT_1, hours: 6.5, state: 'proposed' });
    run.agreeSlot(CUSTOMER);
    expect(run.plan.facts.slot).toMatchObject({ start: SLOT_1, hours: 6.5 });
    expect(upgradeSlotOf(run.plan)).toMatchObject({ start: SLOT_1, hours: 6.5, state: 'confirmed', phase: 'Day of Upgrade' });
  });

  test.each([0.5, 0, 24.5, 2.25, Number.NaN])('a length of %p hours is refused naming the field; nothing is proposed', (hours) => {
    const run = ready();
    const refused = refusal(() => run.act({ type: 'propose', step: 16, value: SLOT_1, hours }, PM));
    expect([refused.rule, refused.field]).toEqual([slotLengthInHalfHours.name, 'hours']);
    expect(run.plan.steps[15]!.proposal ?? null).toBeNull();
  });

  test('a proposal or slot of an older release, with no length, reads as four hours', () => {
    const run = ready();
    run.confirmSlot(SLOT_1);
    expect(run.plan.facts.slot).not.toHaveProperty('hours');
    expect(upgradeSlotOf(run.plan)).toMatchObject({ hours: DEFAULT_SLOT_HOURS, state: 'confirmed' });
    expect(DEFAULT_SLOT_HOURS).toBe(4);
  });
});

describe('slotOnWorkingDays', () => {
  test('a slot on a Saturday of the project calendar is refused with the day named', () => {
    const run = ready();
    const refused = refusal(() => propose(run, '2027-03-06T08:00:00.000Z', { reason: 'the weekend is quiet' }));
    expect([refused.rule, refused.field]).toEqual([slotOnWorkingDays.name, 'value']);
    expect(refused.message).toContain('2027-03-06');
  });

  test('a holiday of the settings calendar is refused; the same day is fine in a calendar without it', () => {
    const run = ready();
    const holiday = { ...STANDARD_CALENDAR, holidays: ['2027-03-01'] };
    expect(refusal(() => propose(run, SLOT_1, {}, holiday)).rule).toBe(slotOnWorkingDays.name);
    expect(propose(run, SLOT_1).plan.steps[15]!.proposal).toMatchObject({ value: SLOT_1 });
  });

  test('a Friday night slot that runs into Saturday is refused; ending at midnight is not', () => {
    const run = ready();
    expect(refusal(() => propose(run, '2027-03-05T22:00:00.000Z', { reason: 'after hours', hours: 4 })).message).toContain('2027-03-06');
    expect(propose(run, '2027-03-05T20:00:00.000Z', { reason: 'after hours', hours: 4 }).plan.steps[15]!.proposal).toMatchObject({ hours: 4 });
  });

  test('a slot in the past is refused before its day is looked at', () => {
    const run = ready();
    expect(refusal(() => propose(run, '2026-01-03T08:00:00.000Z', { reason: 'late' })).rule).toBe('slotInFuture');
  });
});

describe('upgradeSlotOf', () => {
  test('no slot before a proposal, none after the customer declines it; the engineers are the Day of Upgrade stages\' owners', () => {
    const run = ready();
    expect(upgradeSlotOf(run.plan)).toBeNull();
    run.proposeSlot(SLOT_1);
    expect(upgradeSlotOf(run.plan)).toEqual({ start: SLOT_1, hours: 4, state: 'proposed', phase: 'Day of Upgrade', engineers: [ENGINEER.accountId] });
    run.declineSlot('we are audited that week');
    expect(upgradeSlotOf(run.plan)).toBeNull();
  });
});

describe('slotConflicts', () => {
  const slot = (planId: string, organizationId: string, start: string, hours = 4, engineers = ['erik'], state: CalendarSlot['state'] = 'confirmed'): CalendarSlot => ({ planId, organizationId, start, hours, engineers, state, phase: 'Day of Upgrade' });
  const acme = slot('acme', 'org-acme', '2027-03-01T08:00:00.000Z');

  test('one engineer on two overlapping upgrades: each slot names the other', () => {
    const northwind = slot('northwind', 'org-nw', '2027-03-01T10:00:00.000Z', 2, ['erik'], 'proposed');
    expect(slotConflicts(northwind, [acme, northwind], STANDARD_CALENDAR)).toEqual([{ type: 'engineerDoubleBooked', engineer: 'erik', planId: 'acme' }]);
    expect(slotConflicts(acme, [acme, northwind], STANDARD_CALENDAR)).toEqual([{ type: 'engineerDoubleBooked', engineer: 'erik', planId: 'northwind' }]);
  });

  test('back to back is no overlap; another engineer is no conflict', () => {
    const after = slot('globex', 'org-globex', slotEnd(acme), 2, ['sam']);
    expect(slotConflicts(after, [acme, after], STANDARD_CALENDAR)).toEqual([]);
  });

  test('the same engineer later on the day of another customer\'s confirmed Day of Upgrade', () => {
    const evening = slot('globex', 'org-globex', '2027-03-01T18:00:00.000Z', 2, ['erik'], 'proposed');
    expect(slotConflicts(evening, [acme, evening], STANDARD_CALENDAR)).toEqual([{ type: 'otherCustomersDayOfUpgrade', engineer: 'erik', planId: 'acme' }]);
    // Acme's own day is not inside a proposed (not yet agreed) Day of Upgrade.
    expect(slotConflicts(acme, [acme, evening], STANDARD_CALENDAR)).toEqual([]);
  });

  test('a slot on a non-working day (the calendar changed after it was agreed)', () => {
    expect(slotConflicts(acme, [acme], { ...STANDARD_CALENDAR, holidays: ['2027-03-01'] })).toEqual([{ type: 'nonWorkingDay', day: '2027-03-01' }]);
    expect(slotDays({ start: '2027-03-01T22:00:00.000Z', hours: 4 })).toEqual(['2027-03-01', '2027-03-02']);
  });
});
