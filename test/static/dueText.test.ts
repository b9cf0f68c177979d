/** The issue panel's due column (rule 9): a finished stage shows when it finished, a phase to be agreed says so, the Day of Upgrade waits for the slot. */
import { dueText, phasesAwaitingSlot, phasesToBeAgreed } from '../../static/shared/planParts';
import { findStage } from '../../static/shared/plan';
import { complete, newPlan, viewOf } from './planFixture';

describe('dueText', () => {
  const plan = complete(newPlan(), 1, 'acc-customer', ['Customer']);
  const view = viewOf(plan, 'acc-pm');
  const text = (n: number) => dueText(view, findStage(view, n)!);

  test('a finished stage shows the day it finished, never a due date', () => {
    expect(text(1)).toEqual({ finished: '2026-11-23', due: null, none: '—' });
    expect(findStage(view, 1)!.due).toBeNull();
  });

  test('an open stage its due day; Prep for Upgrade "To be agreed", not "On the slot"; the Day of Upgrade "On the slot"', () => {
    expect(text(3)).toMatchObject({ finished: null, due: '2026-12-07' });
    expect(text(14)).toEqual({ finished: null, due: null, none: 'To be agreed' });
    expect(text(21)).toEqual({ finished: null, due: null, none: 'On the slot' });
    expect([...phasesToBeAgreed(view)]).toEqual(['Prep for Upgrade']);
    expect([...phasesAwaitingSlot(view)]).toEqual(['Day of Upgrade']);
  });
});
