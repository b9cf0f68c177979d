import fc from 'fast-check';
import { DAY_MS, dayOfUpgradeWindow, dayStart, hourTicks, phaseDates, timelineModel, timelineSummary, timeScale } from '../../static/shared/timelineModel';
import { buildPlanView } from '../../src/app/planView';
import { defaultSettings } from '../../src/app/settings';
import { PlanRun, ROLE_MAPPING, SLOT_1, T0, throughSlot } from '../domain/upgrade/fixtures';

const utc = (iso: string): number => new Date(iso).getTime();
const UNKNOWN = { from: null, end: null, basis: 'unknown' as const, planned: null, mayPlan: false };

describe('the time axis', () => {
  it('maps the domain linearly onto the pixels', () => {
    const scale = timeScale(utc('2027-01-01'), utc('2027-01-11'), 100, 600);
    expect(scale.x(utc('2027-01-01'))).toBe(100);
    expect(scale.x(utc('2027-01-11'))).toBe(600);
    expect(scale.x(utc('2027-01-06'))).toBe(350);
  });

  it('is increasing, whatever the domain and range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 1, max: 4e10 }), fc.integer({ min: 0, max: 2e10 }), fc.integer({ min: 0, max: 2e10 }), (from, span, a, b) => {
        const scale = timeScale(from, from + span, 10, 810);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(scale.x(from + lo)).toBeLessThanOrEqual(scale.x(from + hi));
      }),
    );
  });

  it('puts ticks on whole days, Mondays, month or quarter starts inside the domain, as fine as fits', () => {
    const tenDays = timeScale(utc('2027-03-01'), utc('2027-03-11'), 0, 1000).ticks(20);
    expect(tenDays.map((t) => new Date(t.at).toISOString().slice(0, 10))).toEqual(['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04', '2027-03-05', '2027-03-06', '2027-03-07', '2027-03-08', '2027-03-09', '2027-03-10', '2027-03-11']);
    expect(tenDays[0]!.label).toBe('1 Mar 2027');
    expect(tenDays[1]!.label).toBe('2 Mar');

    const weeks = timeScale(utc('2027-03-01T12:00:00Z'), utc('2027-04-20'), 0, 1000).ticks(8);
    expect(weeks.length).toBeLessThanOrEqual(8);
    for (const t of weeks) expect(new Date(t.at).getUTCDay()).toBe(1);

    const months = timeScale(utc('2026-11-20'), utc('2027-04-10'), 0, 600).ticks(6);
    expect(months.map((t) => t.label)).toEqual(['Dec 2026', 'Jan 2027', 'Feb', 'Mar', 'Apr']);

    const years = timeScale(utc('2020-02-01'), utc('2027-02-01'), 0, 400).ticks(4);
    for (const t of years) expect(new Date(t.at).toISOString().slice(5, 10)).toBe('01-01');
  });

  it('keeps every tick inside the domain and never gives more than asked (when a coarser step exists)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1.6e12, max: 1.9e12 }), fc.integer({ min: DAY_MS, max: 900 * DAY_MS }), fc.integer({ min: 2, max: 20 }), (from, span, max) => {
        const ticks = timeScale(from, from + span, 0, 800).ticks(max);
        for (const t of ticks) {
          expect(t.at).toBeGreaterThanOrEqual(from);
          expect(t.at).toBeLessThanOrEqual(from + span);
        }
        expect(ticks.length).toBeLessThanOrEqual(max);
        expect([...ticks].sort((a, b) => a.at - b.at)).toEqual(ticks);
      }),
    );
  });

  it('reads calendar days as UTC midnights', () => {
    expect(dayStart('2027-03-01')).toBe(utc('2027-03-01T00:00:00Z'));
    expect(dayStart(null)).toBeNull();
    expect(dayStart('soon')).toBeNull();
  });
});

describe('the plan on the time line', () => {
  const settings = { ...defaultSettings(), roles: ROLE_MAPPING };
  const view = (run: PlanRun, now: Date) => buildPlanView(run.plan, { accountId: 'acc-pm', accountType: 'licensed', ticketKey: 'FHSD-1', projectKey: 'FHSD', surface: 'agent' }, settings, now);

  it('chains the phases from their due days; the Day of Upgrade has no dates before the slot', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const model = timelineModel(view(new PlanRun(), now), now);
    expect(model.phases.map((p) => p.name)).toEqual(['Preparation', 'Validation', 'Prep for Upgrade', 'Day of Upgrade']);
    const [prep, validation, prepForUpgrade, day] = model.phases;
    expect(validation!.start).toBe(prep!.end);
    // Prep for Upgrade's length is agreed in discussion: no dates until the PM sets its end or a slot is proposed.
    expect(prepForUpgrade).toMatchObject({ start: null, end: null, toBeAgreed: true });
    expect(phaseDates(prepForUpgrade!)).toBe('end to be agreed');
    expect(prep!.end! - prep!.start!).toBe(14 * DAY_MS);
    expect(model.startEstimated).toBe(true);
    expect(day).toMatchObject({ start: null, end: null });
    expect(phaseDates(day!)).toBe('dates not known yet');
    expect(model.slot).toBeNull();
    expect(prep!.state).toBe('current');
    expect(validation!.state).toBe('upcoming');
    expect(model.from).toBeLessThanOrEqual(Math.min(model.today, prep!.start!));
    expect(model.to).toBeGreaterThanOrEqual(validation!.end!);
  });

  it('takes a given start, and puts finished stages where they were finished', () => {
    const run = new PlanRun();
    run.complete(1);
    const now = new Date('2026-12-01T10:00:00Z');
    const plan = view(run, now);
    const model = timelineModel(plan, now, T0.toISOString());
    expect(model.startEstimated).toBe(false);
    expect(model.phases[0]!.start).toBe(T0.getTime());
    const first = model.phases[0]!.stages[0]!;
    expect(first).toMatchObject({ number: 1, status: 'done', finishedAt: T0.getTime() });
    expect(model.phases[0]!.finished).toBe(plan.phases[0]!.stages.filter((s) => s.status === 'done' || s.status === 'skipped').length);
    expect(model.phases[0]!.finished).toBeGreaterThan(1);
  });

  it('draws the Day of Upgrade on the slot once it is confirmed, and says so in words', () => {
    const now = new Date('2027-02-01T09:00:00Z');
    const model = timelineModel(view(throughSlot(), now), now);
    const day = model.phases[3]!;
    expect(model.slot).toBe(utc(SLOT_1));
    expect(day.onSlot).toBe(true);
    expect(day.start).toBe(utc(SLOT_1));
    expect(day.end).toBe(utc('2027-03-02T00:00:00Z'));
    expect(model.phases.slice(0, 3).map((p) => p.state)).toEqual(['finished', 'finished', 'finished']);
    // What happened wins over the plan: the finished phases end when their last stage was finished (the fixture does all at T0).
    for (const phase of model.phases.slice(0, 3)) expect(phase.end).toBe(T0.getTime());
    expect(day.state).toBe('current');
    expect(model.to).toBeGreaterThan(utc(SLOT_1));
    const summary = timelineSummary(model, '1 Mar 2027, 08:00 UTC');
    expect(summary).toContain('Day of Upgrade: on the upgrade slot, 1 Mar 2027');
    expect(summary).toContain('Today is 1 Feb 2027.');
    expect(summary).toContain('The upgrade slot is 1 Mar 2027, 08:00 UTC.');
  });

  it('says nothing of a slot for a plan that has none (the go-live, the implementation lifecycle), and starts where the plan was created', () => {
    const now = new Date('2027-03-01T00:00:00Z');
    const phases = [{ id: 'go-live', name: 'PROD go-live', expectedLength: 'Not stated in the source document', progress: { finished: 0, total: 0 }, stages: [], message: null, schedule: UNKNOWN }];
    const model = timelineModel({ slot: null, phases }, now, '2027-02-20T09:00:00Z');
    expect(model.startEstimated).toBe(false);
    expect(model.from).toBeLessThanOrEqual(utc('2027-02-20T09:00:00Z'));
    expect(timelineSummary(model, null, false)).not.toContain('slot');
    expect(timelineSummary(model, null)).toContain('The upgrade slot is not confirmed yet.');
  });

  it('gives a short plan a readable axis of at least two weeks', () => {
    const now = new Date('2027-03-01T00:00:00Z');
    const model = timelineModel({ slot: null, phases: [{ id: 'p', name: 'P', expectedLength: '', progress: { finished: 0, total: 0 }, stages: [], message: null, schedule: UNKNOWN }] }, now);
    expect(model.to - model.from).toBeGreaterThanOrEqual(14 * DAY_MS);
  });
});

describe('dayOfUpgradeWindow (issue #15: the time line zooms to the Day of Upgrade when it is near)', () => {
  const settings = { ...defaultSettings(), roles: ROLE_MAPPING };
  const viewAt = (run: PlanRun, now: Date) => buildPlanView(run.plan, { accountId: 'acc-pm', accountType: 'licensed', ticketKey: 'FHSD-1', projectKey: 'FHSD', surface: 'agent' }, settings, now);
  const slot = utc(SLOT_1);
  const HOUR = 3_600_000;

  it('is null without an agreed slot, and while the slot is more than two days away', () => {
    const run = new PlanRun();
    expect(dayOfUpgradeWindow(viewAt(run, T0), T0)).toBeNull();
    const booked = throughSlot();
    const early = new Date(slot - 3 * DAY_MS);
    expect(dayOfUpgradeWindow(viewAt(booked, early), early)).toBeNull();
  });

  it('two days before the slot, is the slot\'s hours with an hour either side, on the Day of Upgrade phase', () => {
    const booked = throughSlot();
    const near = new Date(slot - 2 * DAY_MS + 60_000);
    const view = viewAt(booked, near);
    const window = dayOfUpgradeWindow(view, near)!;
    expect(window).toEqual({ from: slot - HOUR, to: slot + view.dayOfUpgrade!.hours * HOUR + HOUR, slotStart: slot, slotEnd: slot + view.dayOfUpgrade!.hours * HOUR, phase: 'Day of Upgrade' });
  });

  it('during the slot, takes in now and the stages finished in it', () => {
    const booked = throughSlot();
    booked.at(new Date(slot + 30 * 60_000)).complete(17);
    const now = new Date(slot + 90 * 60_000);
    const window = dayOfUpgradeWindow(viewAt(booked, now), now)!;
    expect(window.from).toBe(slot - HOUR);
    expect(window.to).toBeGreaterThanOrEqual(now.getTime());
  });

  it('a plan whose current phase is the Day of Upgrade zooms even when the slot is long past (a late plan)', () => {
    const booked = throughSlot();
    const late = new Date(slot + 10 * DAY_MS);
    const view = viewAt(booked, late);
    // Stages 14–16 done, the Day of Upgrade is the first phase with open stages.
    expect(view.phases.find((p) => p.stages.some((s) => s.status !== 'done' && s.status !== 'skipped'))!.name).toBe('Day of Upgrade');
    expect(dayOfUpgradeWindow(view, late)).not.toBeNull();
  });
});

describe('hourTicks', () => {
  it('marks whole hours of the reader\'s zone, naming the day at the first tick and at midnight', () => {
    const from = utc('2027-03-01T07:00:00.000Z');
    const ticks = hourTicks(from, from + 6 * 3_600_000, 10, 'Europe/Prague');
    expect(ticks.map((t) => t.label)).toEqual(['1 Mar 08:00', '09:00', '10:00', '11:00', '12:00', '13:00', '14:00']);
    const night = hourTicks(utc('2027-03-01T22:00:00.000Z'), utc('2027-03-02T02:00:00.000Z'), 10, 'UTC');
    expect(night.filter((t) => t.major).map((t) => t.label)).toEqual(['1 Mar 22:00', '2 Mar 00:00']);
  });

  it('steps by more hours when fewer ticks fit, never more than asked', () => {
    const from = utc('2027-03-01T00:00:00.000Z');
    const ticks = hourTicks(from, from + 24 * 3_600_000, 5, 'UTC');
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks.map((t) => t.label)).toEqual(['1 Mar 00:00', '06:00', '12:00', '18:00', '2 Mar 00:00']);
    // New York is five hours behind UTC in March before the change: its whole hours fall on whole UTC hours too.
    expect(hourTicks(utc('2027-03-01T14:00:00.000Z'), utc('2027-03-01T16:00:00.000Z'), 10, 'Asia/Kolkata').map((t) => t.at % 3_600_000)).toEqual([1_800_000, 1_800_000]);
  });
});
