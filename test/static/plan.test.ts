import { actionFlow, customerFacingRoles, disabledExplanations, findStage, formatDay, groupByPhase, personLabel, progressOf, stageButtons, statedLength, statusLabel, usuallyTakes } from '../../static/shared/plan';
import { complete, newPlan, viewOf } from './planFixture';

describe('groupByPhase', () => {
  const view = viewOf(newPlan(), 'acc-pm');

  it('keeps the four phases in order with every stage once, numbered in order', () => {
    const groups = groupByPhase(view);
    expect(groups.map((g) => g.name)).toEqual(['Preparation', 'Validation', 'Prep for Upgrade', 'Day of Upgrade']);
    expect(groups.map((g) => g.stages.map((s) => s.number))).toEqual([
      [1, 2, 3, 4, 5, 6, 7],
      [8, 9, 10, 11, 12],
      [13, 14, 15, 16],
      [17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28],
    ]);
  });

  it('counts finished (done or skipped) and overdue stages per phase', () => {
    const groups = groupByPhase(view);
    expect(groups[0]).toMatchObject({ finished: 2, total: 7 });
    const late = groupByPhase(viewOf(newPlan(), 'acc-pm', 'agent', new Date('2027-06-01T00:00:00Z')));
    expect(late[0]!.overdue).toBe(5);
    expect(late.reduce((n, g) => n + g.overdue, 0)).toBe(late.flatMap((g) => g.stages).filter((s) => s.overdue).length);
  });

  it('sorts stages that arrive out of order', () => {
    const shuffled = { phases: [{ ...view.phases[0]!, stages: [...view.phases[0]!.stages].reverse() }] };
    expect(groupByPhase(shuffled)[0]!.stages.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('stage presentation', () => {
  const view = viewOf(newPlan(), 'acc-pm');

  it('labels statuses, and a decided stage 24 by its outcome', () => {
    const form = findStage(view, 24)!.form;
    expect(statusLabel({ status: 'todo', outcome: null, form: null })).toEqual({ text: 'To do', appearance: 'default' });
    expect(statusLabel({ status: 'blocked', outcome: null, form: null })).toEqual({ text: 'Blocked', appearance: 'removed' });
    expect(statusLabel({ status: 'done', outcome: 'No-Go', form })).toEqual({ text: 'No-Go', appearance: 'removed' });
    expect(statusLabel({ status: 'done', outcome: 'Go', form })).toEqual({ text: 'Go', appearance: 'success' });
  });

  it('routes actions: reasons to a dialog, stage 16 to the slot picker, stage 24 to the decision', () => {
    const stage = (n: number) => findStage(view, n)!;
    expect(actionFlow(stage(3), { type: 'complete', needsReason: false })).toBe('direct');
    expect(actionFlow(stage(3), { type: 'skip', needsReason: true })).toBe('reason');
    expect(actionFlow(stage(16), { type: 'propose', needsReason: false })).toBe('slot');
    expect(actionFlow(stage(16), { type: 'decline', needsReason: true })).toBe('reason');
    expect(actionFlow(stage(24), { type: 'decide', outcome: 'Go', needsReason: false })).toBe('decision');
  });

  it('explains disabled actions once per reason', () => {
    expect(
      disabledExplanations([
        { type: 'start', needsReason: false, disabledReason: 'waits for stage 13' },
        { type: 'complete', needsReason: false, disabledReason: 'waits for stage 13' },
        { type: 'block', needsReason: true },
      ]),
    ).toEqual(['Start, Complete: waits for stage 13']);
  });

  it('gives a decision one button for its options (one decide action each), disabled only when every option is', () => {
    const stage24 = findStage(viewOf(newPlan(), 'acc-customer', 'portal'), 24)!;
    expect(stage24.actions.filter((a) => a.type === 'decide').map((a) => a.outcome)).toEqual(['Go', 'No-Go']);
    expect(stageButtons(stage24.actions).filter((a) => a.type === 'decide')).toHaveLength(1);
    const go = { type: 'decide' as const, outcome: 'Go', needsReason: false };
    const noGo = { type: 'decide' as const, outcome: 'No-Go', needsReason: false };
    expect(stageButtons([{ ...go, disabledReason: 'not yet' }, noGo])).toEqual([{ type: 'decide', needsReason: false }]);
    expect(stageButtons([{ ...go, disabledReason: 'not yet' }, { ...noGo, disabledReason: 'not yet' }, { type: 'block', needsReason: true }])).toEqual([
      { type: 'decide', needsReason: false, disabledReason: 'not yet' },
      { type: 'block', needsReason: true },
    ]);
    expect(disabledExplanations([{ ...go, disabledReason: 'not yet' }, { ...noGo, disabledReason: 'not yet' }], stage24)).toEqual(['Decide Go / No-Go: not yet']);
  });

  it('shows what the server offers a PM: stage 14 waits for 13 and says so, in the engine\'s words', () => {
    const stage = findStage(viewOf(newPlan(), 'acc-pm'), 14)!;
    expect(disabledExplanations(stage.actions)[0]).toMatch(/stage 14 needs stage 13 finished first/);
  });

  it('formats calendar days without time-zone drift, and people', () => {
    expect(formatDay('2027-03-01')).toBe('1 Mar 2027');
    expect(formatDay(null)).toBe('');
    expect(personLabel('acc-pm', 'acc-pm')).toBe('You');
    expect(personLabel(null, 'acc-pm')).toBe('Unassigned');
    expect(customerFacingRoles(['IQVIA PM', 'IQVIA Engineer'])).toBe('IQVIA');
    expect(customerFacingRoles(['Customer'])).toBe('You');
    expect(progressOf({ done: 3, skipped: 1, total: 28 })).toEqual({ finished: 4, total: 28, percent: 14 });
  });
});

describe('the buttons of a stage', () => {
  it('leave out what the step\'s status rules out (the view offers none of it), and keep what waits for another step', () => {
    const done = findStage(viewOf(complete(newPlan(), 1, 'acc-customer', ['Customer']), 'acc-customer'), 1)!;
    expect(stageButtons(done.actions).map((a) => a.type)).toEqual(['reopen']);
    // An unskippable step offers no Skip at all (the decision, the upgrade's own work on the day).
    const decision = findStage(viewOf(newPlan(), 'acc-customer', 'portal'), 24)!;
    expect(decision.actions.map((a) => a.type)).not.toContain('skip');
    const waiting = findStage(viewOf(newPlan(), 'acc-pm'), 14)!;
    expect(stageButtons(waiting.actions).map((a) => [a.type, a.disabledReason ?? null])).toEqual([
      ['start', 'stage 14 needs stage 13 finished first'],
      ['complete', 'stage 14 needs stage 13 finished first'],
      ['skip', 'stage 14 needs stage 13 finished first'],
      ['block', null],
      // The PM hands any unfinished stage to someone (issue #13).
      ['reassign', null],
    ]);
  });
});

describe('statedLength', () => {
  it("reads a phase's length as the source document states it, and none where it states none", () => {
    const groups = groupByPhase(viewOf(newPlan(), 'acc-pm'));
    expect(groups.map(statedLength)).toEqual(['one-two weeks', 'three months (depending on the scope and approach taken by the customer)', 'time required requires discussion', 'hours']);
    expect(statedLength({ expectedLength: 'Not stated in the source document' })).toBeNull();
  });

  it('usuallyTakes gives the progress line its tail, or nothing', () => {
    expect(usuallyTakes({ expectedLength: 'Hours' })).toBe(' · usually takes: hours');
    expect(usuallyTakes({ expectedLength: 'Not stated in the source document' })).toBe('');
  });
});
