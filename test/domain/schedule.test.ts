import { ADMIN_OVERRIDE_ROLE } from '../../src/domain/audit';
import { STANDARD_CALENDAR } from '../../src/domain/calendar';
import { PlanRefusal } from '../../src/domain/errors';
import { planPhaseEnd, type PhaseEndInput } from '../../src/domain/playbooks/phaseEnds';
import { dueDates, overdueSteps, phaseSchedule } from '../../src/domain/schedule';
import { COMPLETE_PHASE, nextSteps, summarizePlan } from '../../src/domain/summary';
import type { Actor, ArchivedAttempt, Plan, PlaybookDefinition, StepState } from '../../src/domain/playbook';

type Facts = Record<string, never>;
/** Two phases of fixed length, one whose length is agreed in discussion (the PM dates it), and one on the slot. */
const playbook: PlaybookDefinition<Facts> = {
  kind: 'demo',
  title: 'Demo',
  phases: [
    { id: 'a', name: 'Alpha', expectedLength: 'a week', workingDays: 5 },
    { id: 'b', name: 'Beta', expectedLength: 'two days', workingDays: 2 },
    { id: 'c', name: 'Gamma', expectedLength: 'agreed in discussion', workingDays: null, plannedBy: ['IQVIA PM'] },
    { id: 'd', name: 'Slot', expectedLength: 'hours', workingDays: null, onSlot: true },
  ],
  steps: [
    { number: 1, phase: 'a', roles: ['Customer'], activity: 'one', notes: '', requires: [] },
    { number: 2, phase: 'a', roles: ['IQVIA PM'], activity: 'two', notes: '', requires: [1] },
    { number: 3, phase: 'b', roles: ['IQVIA PM'], activity: 'three', notes: '', requires: [2] },
    { number: 4, phase: 'c', roles: ['IQVIA PM'], activity: 'four', notes: '', requires: [3] },
    { number: 5, phase: 'd', roles: ['IQVIA Engineer'], activity: 'five', notes: '', requires: [4] },
  ],
  rules: [],
};
const state = (number: number, status: StepState['status'] = 'todo', completedAt: string | null = null): StepState => ({
  number,
  status,
  owner: `owner-${number}`,
  startedBy: null,
  startedAt: null,
  completedBy: completedAt ? 'someone' : null,
  completedAt,
  reason: null,
  outcome: null,
});
/** Created on a Friday. */
const CREATED = '2026-11-20T10:00:00Z';
const plan = (done: Record<number, string> = {}, extra: Partial<Plan<Facts>> = {}): Plan<Facts> => ({
  id: 'p',
  kind: 'demo',
  organizationId: 'o',
  reporterAccountId: 'r',
  createdAt: CREATED,
  revision: 1,
  attempt: 1,
  steps: [1, 2, 3, 4, 5].map((n) => (done[n] ? state(n, 'done', done[n]) : state(n))),
  attempts: [],
  facts: {},
  ...extra,
});
const ends = (p: Plan<Facts>, slot: string | null = null) => phaseSchedule(playbook, p, STANDARD_CALENDAR, slot).map((s) => `${s.phase} ${s.end ?? '-'} ${s.basis}`);

describe('phaseSchedule', () => {
  test('nothing finished: phases chain from the plan\'s creation through their lengths; the agreed phase is to be agreed, the slot phase waits for the slot', () => {
    const schedule = phaseSchedule(playbook, plan(), STANDARD_CALENDAR, null);
    expect(schedule.map((s) => [s.phase, s.from, s.end, s.basis])).toEqual([
      ['a', '2026-11-20', '2026-11-27', 'length'],
      ['b', '2026-11-27', '2026-12-01', 'length'],
      ['c', '2026-12-01', null, 'to be agreed'],
      ['d', null, null, 'slot'],
    ]);
  });

  test('a phase is planned from when the phase before it actually finished: late or early', () => {
    expect(ends(plan({ 1: '2026-11-24T09:00:00Z', 2: '2026-12-03T15:00:00Z' })).slice(0, 2)).toEqual(['a 2026-12-03 finished', 'b 2026-12-07 length']);
    expect(ends(plan({ 1: '2026-11-23T09:00:00Z', 2: '2026-11-23T16:00:00Z' })).slice(0, 2)).toEqual(['a 2026-11-23 finished', 'b 2026-11-25 length']);
    // A phase half done is still planned: its open step keeps the phase's planned end.
    expect(ends(plan({ 1: '2026-12-03T15:00:00Z' }))[0]).toBe('a 2026-11-27 length');
  });

  test('the slot, proposed or confirmed, dates the slot phase; every open phase before it ends the working day before the slot at the latest', () => {
    // A Monday slot: the Friday before.
    expect(ends(plan(), '2026-11-30T08:00:00Z')).toEqual(['a 2026-11-27 length', 'b 2026-11-27 slot', 'c 2026-11-27 slot', 'd 2026-11-30 slot']);
    // A Tuesday slot: Alpha's own end comes first and stands.
    expect(ends(plan(), '2026-12-01T23:30:00Z')).toEqual(['a 2026-11-27 length', 'b 2026-11-30 slot', 'c 2026-11-30 slot', 'd 2026-12-01 slot']);
    // A finished phase keeps its actual end even when it finished after that day.
    expect(ends(plan({ 1: '2026-12-01T08:00:00Z', 2: '2026-12-01T09:00:00Z' }), '2026-12-01T23:30:00Z')[0]).toBe('a 2026-12-01 finished');
  });

  test('an agreed phase takes the end a person set for this run of it; the slot still bounds it; a restart of its steps asks for a new one', () => {
    const planned = { phaseEnds: [{ phase: 'c', end: '2026-12-10', by: 'pm', at: CREATED, attempt: 1 }] };
    expect(ends(plan({}, planned))[2]).toBe('c 2026-12-10 planned');
    expect(ends(plan({}, planned), '2026-12-09T08:00:00Z')[2]).toBe('c 2026-12-08 slot');
    const restart: ArchivedAttempt = { attempt: 1, endedAt: '2026-12-15T11:00:00Z', endedBy: 'x', outcome: 'No-Go', reason: 'r', restartedSteps: [3, 4], steps: [] };
    const restarted = plan({ 1: '2026-11-23T09:00:00Z', 2: '2026-11-23T10:00:00Z' }, { ...planned, attempt: 2, attempts: [restart] });
    // Beta is planned again from the decision that restarted it, not from Alpha's finish three weeks before.
    expect(phaseSchedule(playbook, restarted, STANDARD_CALENDAR, null).map((s) => [s.phase, s.from, s.end, s.basis]).slice(1, 3)).toEqual([
      ['b', '2026-12-15', '2026-12-17', 'length'],
      ['c', '2026-12-17', null, 'to be agreed'],
    ]);
  });
});

describe('dueDates', () => {
  test('an open step is due at its phase\'s end; a finished step carries no due date (it shows when it finished)', () => {
    const due = dueDates(playbook, plan({ 1: '2026-11-23T09:00:00Z' }), STANDARD_CALENDAR, '2026-12-07T08:00:00Z');
    expect([...due.entries()]).toEqual([
      [1, null],
      [2, '2026-11-27'],
      [3, '2026-12-01'],
      [4, '2026-12-04'],
      [5, '2026-12-07'],
    ]);
  });
});

describe('overdueSteps', () => {
  test('unfinished and past due; no due date is never overdue', () => {
    const p = plan({ 1: '2026-11-23T09:00:00Z', 2: '2026-11-23T10:00:00Z' });
    const due = dueDates(playbook, p, STANDARD_CALENDAR, null);
    expect(due.get(3)).toBe('2026-11-25');
    expect(overdueSteps(p, due, new Date('2026-11-25T23:00:00Z'))).toEqual([]);
    expect(overdueSteps(p, due, new Date('2026-11-26T00:00:00Z'))).toEqual([3]);
    expect(overdueSteps(p, due, new Date('2030-01-01'))).toEqual([3]); // 4 is to be agreed, 5 waits for the slot
  });

  test('the summary: the phase of the earliest open stage, what can be done now, and by whom', () => {
    const p: Plan<Facts> = { ...plan(), steps: [state(1, 'done'), state(2, 'skipped'), state(3, 'done'), state(4, 'done'), state(5, 'in progress')] };
    expect(nextSteps(playbook, p)).toEqual([{ number: 5, activity: 'five', roles: ['IQVIA Engineer'], owner: 'owner-5' }]);
    expect(summarizePlan(playbook, p, [5])).toMatchObject({ kind: 'demo', phase: 'Slot', done: 3, skipped: 1, total: 5, nextOwnerRole: 'IQVIA Engineer', overdue: 1, attempt: 1 });
    expect(summarizePlan(playbook, { ...p, steps: p.steps.map((s) => ({ ...s, status: 'done' })) }, [])).toMatchObject({ phase: COMPLETE_PHASE, next: [], nextOwnerRole: null });
  });
});

describe('planPhaseEnd', () => {
  const PM: Actor = { accountId: 'pm', roles: ['IQVIA PM'] };
  const MONDAY = new Date('2026-11-23T09:00:00Z');
  const set = (p: Plan<Facts>, input: PhaseEndInput, actor: Actor = PM, now = MONDAY, slot: string | null = null) => planPhaseEnd(playbook, p, input, actor, now, STANDARD_CALENDAR, slot);
  const refused = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof PlanRefusal) return { rule: error.rule, field: error.field, message: error.message };
      throw error;
    }
    throw new Error('accepted');
  };

  test('the PM sets the end of the phase whose length is agreed: its open steps are due then, and the change is audited', () => {
    const accepted = set(plan(), { phase: 'c', end: '2026-12-04' });
    expect(accepted.plan.phaseEnds).toEqual([{ phase: 'c', end: '2026-12-04', by: 'pm', at: MONDAY.toISOString(), attempt: 1 }]);
    expect(accepted.entries.map((e) => [e.action, e.actor.role, e.before, e.after])).toEqual([['plan phase end', 'IQVIA PM', { phase: 'c', end: null }, { phase: 'c', end: '2026-12-04' }]]);
    expect(dueDates(playbook, accepted.plan, STANDARD_CALENDAR, null).get(4)).toBe('2026-12-04');
    const moved = set(accepted.plan, { phase: 'c', end: '2026-12-08' });
    expect(moved.plan.phaseEnds).toHaveLength(1);
    expect(moved.entry.before).toEqual({ phase: 'c', end: '2026-12-04' });
    expect(refused(() => set(moved.plan, { phase: 'c', end: '2026-12-08' }))).toMatchObject({ rule: 'unchanged', field: 'end' });
  });

  test('refused before the end of the phase before it, planned or actual, naming the field', () => {
    expect(refused(() => set(plan(), { phase: 'c', end: '2026-11-30' }))).toEqual({ rule: 'phaseEndAfterPrevious', field: 'end', message: 'end: 2026-11-30 is before Beta\'s end: Beta is planned to end on 2026-12-01' });
    const late = plan({ 1: '2026-11-23T09:00:00Z', 2: '2026-11-23T10:00:00Z', 3: '2026-12-09T12:00:00Z' });
    expect(refused(() => set(late, { phase: 'c', end: '2026-12-08' }, PM, new Date('2026-12-01T09:00:00Z')))).toMatchObject({ rule: 'phaseEndAfterPrevious', field: 'end', message: expect.stringContaining('Beta finished on 2026-12-09') });
    expect(set(late, { phase: 'c', end: '2026-12-09' }, PM, new Date('2026-12-01T09:00:00Z')).plan.phaseEnds?.[0]?.end).toBe('2026-12-09');
  });

  test('refused unless a real working day, today or later, and before the slot\'s day', () => {
    expect(refused(() => set(plan(), { phase: 'c', end: '2026-12-05' }))).toMatchObject({ rule: 'phaseEndDay', field: 'end', message: expect.stringContaining('not a working day') });
    expect(refused(() => set(plan(), { phase: 'c', end: '2027-02-30' }))).toMatchObject({ rule: 'phaseEndDay', field: 'end' });
    expect(refused(() => set(plan(), { phase: 'c', end: '4 December' }))).toMatchObject({ rule: 'phaseEndDay', field: 'end' });
    expect(refused(() => set(plan(), { phase: 'c', end: '2026-12-04' }, PM, new Date('2026-12-07T09:00:00Z')))).toMatchObject({ rule: 'phaseEndDay', field: 'end', message: expect.stringContaining('has passed') });
    expect(refused(() => set(plan(), { phase: 'c', end: '2026-12-07' }, PM, MONDAY, '2026-12-07T08:00:00Z'))).toMatchObject({ rule: 'phaseEndBeforeSlot', field: 'end' });
    expect(set(plan(), { phase: 'c', end: '2026-12-04' }, PM, MONDAY, '2026-12-07T08:00:00Z').plan.phaseEnds).toHaveLength(1);
  });

  test('only a phase whose length is agreed, still open, by its planners (an app admin with a reason)', () => {
    expect(refused(() => set(plan(), { phase: 'b', end: '2026-12-04' }))).toMatchObject({ rule: 'phaseLengthAgreed', field: 'phase', message: expect.stringContaining('its length (2 working days)') });
    expect(refused(() => set(plan(), { phase: 'd', end: '2026-12-04' }))).toMatchObject({ rule: 'phaseLengthAgreed', field: 'phase', message: expect.stringContaining('the slot') });
    expect(refused(() => set(plan(), { phase: 'zz', end: '2026-12-04' }))).toMatchObject({ rule: 'knownPhase', field: 'phase' });
    expect(refused(() => set(plan({ 4: '2026-11-23T09:00:00Z' }), { phase: 'c', end: '2026-12-04' }))).toMatchObject({ rule: 'phaseFinished', field: 'phase' });
    expect(refused(() => set(plan(), { phase: 'c', end: '2026-12-04' }, { accountId: 'c', roles: ['Customer'] }))).toMatchObject({ rule: 'phasePlannedBy', field: 'actor' });
    const admin: Actor = { accountId: 'adm', roles: [], admin: true };
    expect(refused(() => set(plan(), { phase: 'c', end: '2026-12-04' }, admin))).toMatchObject({ rule: 'phasePlannedBy', field: 'reason' });
    expect(set(plan(), { phase: 'c', end: '2026-12-04', reason: 'the PM is away' }, admin).entry).toMatchObject({ actor: { accountId: 'adm', role: ADMIN_OVERRIDE_ROLE }, reason: 'the PM is away' });
  });
});
