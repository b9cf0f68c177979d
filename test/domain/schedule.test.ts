import { STANDARD_CALENDAR } from '../../src/domain/calendar';
import { dueDates, overdueSteps } from '../../src/domain/schedule';
import { COMPLETE_PHASE, nextSteps, summarizePlan } from '../../src/domain/summary';
import type { Plan, PlaybookDefinition, StepState } from '../../src/domain/playbook';

type Facts = Record<string, never>;
const playbook: PlaybookDefinition<Facts> = {
  kind: 'demo',
  title: 'Demo',
  phases: [
    { id: 'a', name: 'Alpha', expectedLength: 'a week', workingDays: 5 },
    { id: 'b', name: 'Beta', expectedLength: 'two days', workingDays: 2 },
    { id: 'c', name: 'Slot', expectedLength: 'hours', workingDays: null },
  ],
  steps: [
    { number: 1, phase: 'a', roles: ['Customer'], activity: 'one', notes: '', requires: [] },
    { number: 2, phase: 'b', roles: ['IQVIA PM'], activity: 'two', notes: '', requires: [1] },
    { number: 3, phase: 'c', roles: ['IQVIA Engineer'], activity: 'three', notes: '', requires: [2] },
  ],
  rules: [],
};
const state = (number: number, status: StepState['status'] = 'todo'): StepState => ({ number, status, owner: `owner-${number}`, startedBy: null, startedAt: null, completedBy: null, completedAt: null, reason: null, outcome: null });
const plan = (steps: StepState[]): Plan<Facts> => ({ id: 'p', kind: 'demo', organizationId: 'o', reporterAccountId: 'r', createdAt: '2026-11-20T10:00:00Z', revision: 1, attempt: 1, steps, attempts: [], facts: {} });

describe('due dates and overdue stages (generic)', () => {
  test('phases chain in working days from creation (a Friday); the slot phase waits for the slot', () => {
    const due = dueDates(playbook, plan([state(1), state(2), state(3)]), STANDARD_CALENDAR, null);
    expect([...due.entries()]).toEqual([
      [1, '2026-11-27'],
      [2, '2026-12-01'],
      [3, null],
    ]);
    expect(dueDates(playbook, plan([state(1), state(2), state(3)]), STANDARD_CALENDAR, '2026-12-10T07:00:00Z').get(3)).toBe('2026-12-10');
  });

  test('overdue: unfinished and past due; no due date is never overdue', () => {
    const p = plan([state(1, 'done'), state(2, 'blocked'), state(3)]);
    const due = dueDates(playbook, p, STANDARD_CALENDAR, null);
    expect(overdueSteps(p, due, new Date('2026-12-01T23:00:00Z'))).toEqual([]);
    expect(overdueSteps(p, due, new Date('2026-12-02T00:00:00Z'))).toEqual([2]);
    expect(overdueSteps(plan([state(1, 'skipped'), state(2, 'done'), state(3)]), due, new Date('2030-01-01'))).toEqual([]);
  });

  test('the summary: the phase of the earliest open stage, what can be done now, and by whom', () => {
    const p = plan([state(1, 'done'), state(2, 'skipped'), state(3, 'in progress')]);
    expect(nextSteps(playbook, p)).toEqual([{ number: 3, activity: 'three', roles: ['IQVIA Engineer'], owner: 'owner-3' }]);
    expect(summarizePlan(playbook, p, [3])).toMatchObject({ kind: 'demo', phase: 'Slot', done: 1, skipped: 1, total: 3, nextOwnerRole: 'IQVIA Engineer', overdue: 1, attempt: 1 });
    expect(summarizePlan(playbook, plan([state(1, 'done'), state(2, 'done'), state(3, 'done')]), [])).toMatchObject({ phase: COMPLETE_PHASE, next: [], nextOwnerRole: null });
  });
});
