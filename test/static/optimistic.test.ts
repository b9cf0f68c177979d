import { initialPlanState, planReducer, visiblePlan, type PlanState } from '../../static/shared/optimistic';
import { findStage } from '../../static/shared/plan';
import { complete, newPlan, viewOf } from './planFixture';

const base = () => viewOf(newPlan(), 'acc-customer');

describe('optimistic plan updates', () => {
  it('shows a requested change at once, without the stage\'s actions, and marks the stage busy', () => {
    const state = planReducer(initialPlanState(base()), { type: 'requested', change: { id: 1, stage: 1, type: 'complete' } });
    const { plan, busy } = visiblePlan(state, new Date('2026-11-24T10:00:00Z'));
    const stage = findStage(plan, 1)!;
    expect(stage.status).toBe('done');
    expect(stage.actions).toEqual([]);
    expect(stage.completedBy).toBe('acc-customer');
    expect(stage.completedAt).toBe('2026-11-24T10:00:00.000Z');
    expect(busy.has(1)).toBe(true);
    expect(plan.summary.done).toBe(state.confirmed.summary.done + 1);
  });

  it('rolls back to exactly the confirmed plan when the server refuses', () => {
    const confirmed = base();
    let state: PlanState = initialPlanState(confirmed);
    state = planReducer(state, { type: 'requested', change: { id: 1, stage: 8, type: 'skip', reason: 'not needed' } });
    expect(findStage(visiblePlan(state).plan, 8)!.status).toBe('skipped');
    expect(findStage(visiblePlan(state).plan, 8)!.reason).toBe('not needed');
    state = planReducer(state, { type: 'refused', id: 1 });
    expect(state.pending).toEqual([]);
    expect(visiblePlan(state).plan).toBe(confirmed);
    expect(visiblePlan(state).busy.size).toBe(0);
  });

  it('takes the server\'s plan when it accepts, not the guess', () => {
    const before = base();
    const after = viewOf(complete(newPlan(), 1, 'acc-customer', ['Customer']), 'acc-customer');
    let state = planReducer(initialPlanState(before), { type: 'requested', change: { id: 7, stage: 1, type: 'complete' } });
    state = planReducer(state, { type: 'accepted', id: 7, plan: after });
    expect(state.confirmed).toBe(after);
    expect(visiblePlan(state).plan).toBe(after);
  });

  it('keeps the newer plan when an older answer arrives late', () => {
    const older = base();
    const newer = viewOf(complete(newPlan(), 1, 'acc-customer', ['Customer']), 'acc-customer');
    let state = planReducer(initialPlanState(newer), { type: 'requested', change: { id: 2, stage: 8, type: 'start' } });
    state = planReducer(state, { type: 'accepted', id: 2, plan: older });
    expect(state.confirmed).toBe(newer);
    expect(state.pending).toEqual([]);
  });

  it('rolls back one refused change and keeps the others pending', () => {
    let state = initialPlanState(base());
    state = planReducer(state, { type: 'requested', change: { id: 1, stage: 1, type: 'complete' } });
    state = planReducer(state, { type: 'requested', change: { id: 2, stage: 8, type: 'block', reason: 'VAL unreachable' } });
    state = planReducer(state, { type: 'refused', id: 2 });
    const { plan, busy } = visiblePlan(state);
    expect(findStage(plan, 1)!.status).toBe('done');
    expect(findStage(plan, 8)!.status).toBe('todo');
    expect([...busy]).toEqual([1]);
  });

  it('a decision shows its outcome; a reopen clears it', () => {
    let state = planReducer(initialPlanState(base()), { type: 'requested', change: { id: 1, stage: 24, type: 'decide', outcome: 'No-Go', reason: 'QC failed' } });
    expect(findStage(visiblePlan(state).plan, 24)).toMatchObject({ status: 'done', outcome: 'No-Go' });
    state = planReducer(state, { type: 'requested', change: { id: 2, stage: 24, type: 'reopen', reason: 'again' } });
    expect(findStage(visiblePlan(state).plan, 24)).toMatchObject({ status: 'todo', outcome: null, completedBy: null });
  });

  it('a backup or details change only marks the stage busy', () => {
    const confirmed = base();
    const state = planReducer(initialPlanState(confirmed), { type: 'requested', change: { id: 1, stage: 20, type: 'backup' } });
    const stage = findStage(visiblePlan(state).plan, 20)!;
    expect(stage.status).toBe(findStage(confirmed, 20)!.status);
    expect(stage.actions).toEqual([]);
  });

  it('a reload drops pending changes', () => {
    const fresh = base();
    let state = planReducer(initialPlanState(base()), { type: 'requested', change: { id: 1, stage: 1, type: 'complete' } });
    state = planReducer(state, { type: 'loaded', plan: fresh });
    expect(state).toEqual({ confirmed: fresh, pending: [] });
  });
});
