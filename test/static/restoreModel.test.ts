import { attemptLine, restoreStatus, restoreTimes, duration } from '../../static/shared/restoreModel';
import { proposalLine } from '../../static/shared/planParts';
import { endSentence } from '../../static/shared/refusal';
import { formButtons } from '../../static/shared/requestForms';
import { instanceState } from '../../static/shared/environmentModel';
import { PlanRun, throughFinalTest, throughSlot, SLOT_2 } from '../domain/upgrade/fixtures';
import { viewOf } from './planFixture';

const stageOf = (view: ReturnType<typeof viewOf>, n: number) => view.phases.flatMap((p) => p.stages).find((s) => s.number === n)!;

describe('the restore after a No-Go, as the panels show it', () => {
  const decided = (): PlanRun => {
    const run = throughFinalTest();
    run.tick(30).decide('No-Go', 'QC failed on the dosing dashboard');
    return run;
  };

  test('under way: the agent sees the backup and the reason, the customer neither; the engineer alone gets the form button', () => {
    const run = decided();
    const agent = restoreStatus(viewOf(run.plan, 'acc-engineer', 'agent', run.now), 'agent')!;
    expect(agent).toMatchObject({ state: 'under way', title: 'No-Go: restore of PROD MAIN open', appearance: 'warning', overAnHour: false });
    expect(agent.lines.join(' ')).toContain('(backup bk-PROD-MAIN-1)');
    expect(agent.lines.join(' ')).toContain('“QC failed on the dosing dashboard”');
    const portalView = viewOf(run.plan, 'acc-customer', 'portal', run.now);
    const customer = restoreStatus({ ...portalView, restore: portalView.restore && { ...portalView.restore, backupReference: undefined } }, 'customer')!;
    expect(customer.title).toBe('No-Go taken: IQVIA is restoring PROD MAIN');
    expect(customer.lines.join(' ')).toContain('is being put back on 24.1 from the backup taken before the upgrade');
    expect(customer.lines.join(' ')).not.toContain('bk-');
    expect(customer.lines.join(' ')).not.toContain('QC failed');

    const engineer = viewOf(run.plan, 'acc-engineer', 'agent', run.now);
    expect(formButtons(engineer, stageOf(engineer, 24)).map((b) => [b.key, b.label, b.open.kind])).toEqual([['followUp', 'Record the restore of PROD MAIN', 'restore']]);
    const pm = viewOf(run.plan, 'acc-pm', 'agent', run.now);
    expect(formButtons(pm, stageOf(pm, 24))).toEqual([]);
    expect(formButtons(portalView, stageOf(portalView, 24))).toEqual([]);
  });

  test('done: the time it ended, how long it took (flagged over an hour), and the new slot to agree, then the slot once confirmed', () => {
    const run = decided();
    run.restore(75);
    const view = viewOf(run.plan, 'acc-customer', 'portal', run.now);
    const done = restoreStatus(view, 'customer')!;
    expect(done).toMatchObject({ state: 'done', title: 'Restore done: PROD MAIN is back on 24.1', overAnHour: true, appearance: 'warning' });
    expect(done.lines).toEqual([expect.stringMatching(/^Restore done at /), 'It took 1 h 15 min, over the hour expected.', 'A new upgrade slot is to be agreed.']);
    throughSlot(run, SLOT_2);
    expect(restoreStatus(viewOf(run.plan, 'acc-customer', 'portal', run.now), 'customer')!.lines.at(-1)).toMatch(/^The new upgrade slot is /);
    // Once the new attempt decides, the restore is history (the earlier attempts list it).
    run.completeAll([17, 18, 19]);
    run.backup('PROD MAIN');
    run.backup('PROD TEST');
    run.completeAll([20, 21, 22, 23]);
    run.decide('Go');
    expect(restoreStatus(viewOf(run.plan, 'acc-customer', 'portal', run.now), 'customer')).toBeNull();
  });

  test('nothing to show before any No-Go', () => {
    const run = throughFinalTest();
    expect(restoreStatus(viewOf(run.plan, 'acc-pm', 'agent', run.now), 'agent')).toBeNull();
  });

  test('the dialog\'s own checks: both times, the end after the start, and the hour', () => {
    expect(Object.keys(restoreTimes(null, '2026-11-23T10:00:00Z').errors)).toEqual(['startedAt']);
    expect(Object.keys(restoreTimes('2026-11-23T10:00:00Z', null).errors)).toEqual(['endedAt']);
    expect(Object.keys(restoreTimes('2026-11-23T10:00:00Z', '2026-11-23T10:00:00Z').errors)).toEqual(['endedAt']);
    expect(restoreTimes('2026-11-23T10:00:00Z', '2026-11-23T10:40:00Z')).toEqual({ errors: {}, minutes: 40, overAnHour: false });
    expect(restoreTimes('2026-11-23T10:00:00Z', '2026-11-23T11:05:00Z')).toEqual({ errors: {}, minutes: 65, overAnHour: true });
  });

  it('restoreTimes: a start before the decision\'s minute and a missing end are both named at once, in words', () => {
    const checked = restoreTimes('2026-11-23T09:59:00Z', null, '2026-11-23T10:00:30Z');
    expect(checked.errors.startedAt).toMatch(/^It started before the No-Go was taken \(.+\): the restore follows the decision\.$/);
    expect(checked.errors.endedAt).toBe('Enter when the restore ended.');
    // The decision's own minute counts as after it, as on the server.
    expect(restoreTimes('2026-11-23T10:00:00Z', '2026-11-23T10:30:00Z', '2026-11-23T10:00:30Z').errors).toEqual({});
    expect([duration(40), duration(60), duration(75)]).toEqual(['40 min', '1 h', '1 h 15 min']);
  });
});

describe('a quoted reason that ends its own sentence gets no second full stop', () => {
  const REASON = 'Dosing schedule dashboard shows wrong totals after the upgrade.';

  test('the No-Go banner and "Earlier attempts" quote a reason ending in a full stop without adding another', () => {
    const run = throughFinalTest();
    run.tick(30).decide('No-Go', REASON);
    const banner = restoreStatus(viewOf(run.plan, 'acc-engineer', 'agent', run.now), 'agent')!;
    expect(banner.lines[0]).toMatch(/: “Dosing schedule dashboard shows wrong totals after the upgrade\.”$/);
    run.restore(40);
    const view = viewOf(run.plan, 'acc-pm', 'agent', run.now);
    const line = attemptLine(view.attempts[0]!, view.rollbacks[0]);
    expect(line).toMatch(/ — “Dosing schedule dashboard shows wrong totals after the upgrade\.” PROD MAIN restored to 24\.1 in 40 min\.$/);
    expect(line).not.toContain('”.');
  });

  test('a reason without a closing stop still ends its sentence; no reason, the date does', () => {
    const run = throughFinalTest();
    run.tick(30).decide('No-Go', 'QC failed on the dosing dashboard');
    expect(restoreStatus(viewOf(run.plan, 'acc-engineer', 'agent', run.now), 'agent')!.lines[0]).toMatch(/“QC failed on the dosing dashboard”\.$/);
    expect(restoreStatus(viewOf(run.plan, 'acc-customer', 'portal', run.now), 'customer')!.lines[0]).toMatch(/^Decided [^“]+\.$/);
    run.restore(40);
    const view = viewOf(run.plan, 'acc-pm', 'agent', run.now);
    expect(attemptLine(view.attempts[0]!, view.rollbacks[0])).toMatch(/“QC failed on the dosing dashboard”\. PROD MAIN restored/);
    expect(attemptLine({ ...view.attempts[0]!, reason: null }, undefined)).toMatch(/^Attempt 1: No-Go on [^.]+$/);
  });

  test('endSentence and the proposal line', () => {
    expect(['Done', 'Done.', 'Why?', 'Stop!', '“Quoted.”', '“Quoted”', '(see 12.)'].map(endSentence)).toEqual(['Done.', 'Done.', 'Why?', 'Stop!', '“Quoted.”', '“Quoted”.', '(see 12.)']);
    const stage = { form: null, proposal: { value: 'Tuesday', proposedBy: 'a', proposedAt: '', reason: 'None free.', declined: { by: 'b', at: '', reason: 'We are away!' } } } as unknown as Parameters<typeof proposalLine>[0];
    expect(proposalLine(stage, (id) => id)).toBe('Tuesday was declined by b: “We are away!” A new proposal is needed.');
    expect(proposalLine({ ...stage, proposal: { ...stage.proposal!, declined: null } }, (id) => id)).toBe('Proposed by a: Tuesday, waiting for agreement. Why not a preferred one: “None free.”');
  });
});

describe('upgraded is not ready', () => {
  test('an active instance without the IQ documentation of the version it runs reads "Upgraded" with "IQ documentation pending" beside it, for agents and customers', () => {
    for (const audience of ['agent', 'customer'] as const) {
      expect(instanceState({ state: 'active', targetVersion: null, readiness: 'iq-pending' }, audience)).toEqual({ text: 'Upgraded', appearance: 'moved', detail: 'IQ documentation pending' });
    }
    expect(instanceState({ state: 'active', targetVersion: null, readiness: 'ready' }, 'customer').text).toBe('Ready');
  });
});
