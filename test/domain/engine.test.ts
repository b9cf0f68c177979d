import { ADMIN_OVERRIDE_ROLE } from '../../src/domain/audit';
import { acceptChange, applyStepAction, dependentsOf, REASON_MAX_LENGTH } from '../../src/domain/engine';
import type { Actor, Plan, PlaybookDefinition, StepState } from '../../src/domain/playbook';
import { UPGRADE_PLAYBOOK } from '../../src/domain/upgrade/playbook';
import { UPGRADE_STAGES } from '../../src/domain/upgrade/stages';
import {
  ACTOR_BY_ROLE,
  ADMIN,
  CUSTOMER,
  ENGINEER,
  PM,
  PlanRun,
  refusal,
  SPECIALIST,
  STRANGER,
  SUPPORT,
  T0,
  throughFinalTest,
  throughSlot,
  throughValidation,
} from './upgrade/fixtures';

const stateOf = (run: PlanRun, n: number) => run.plan.steps.find((s) => s.number === n)!;

describe('stage ownership: only people with the stage\'s role act on it', () => {
  test.each(UPGRADE_STAGES.map((s) => [s.number, s.roles.join(' / ')] as const))('stage %i: %s only', (n, roles) => {
    const run = new PlanRun();
    const outsiders = [STRANGER, ...Object.values(ACTOR_BY_ROLE).filter((a) => !UPGRADE_STAGES[n - 1]!.roles.some((r) => a.roles.includes(r)))];
    const before = structuredClone(run.plan);
    for (const actor of outsiders) {
      const error = refusal(() => run.act({ type: 'block', step: n, reason: 'waiting' }, actor));
      expect([error.rule, error.field, error.stage]).toEqual(['stageOwnership', 'actor', n]);
      expect(error.message).toBe(`stage ${n}: only ${roles} may act on it`);
    }
    expect(run.plan).toStrictEqual(before);
  });

  test.each([PM, ENGINEER, SPECIALIST].map((a) => [a.roles[0], a] as const))('stage 14 may be done by any of its three roles: %s, recorded under that role', (_role, actor) => {
    const run = throughValidation();
    run.attach('FHSD-13', 'prodRequest', { targetVersion: '25.2', instances: ['PROD MAIN'], configuration: { mode: 'synchronise-latest' }, preferredSlots: ['2027-03-01T08:00:00Z'] });
    const { entry } = run.complete(14, {}, actor);
    expect(entry.actor).toEqual({ accountId: actor.accountId, role: actor.roles[0] });
    expect(stateOf(run, 14)).toMatchObject({ status: 'done', completedBy: actor.accountId, completedAt: T0.toISOString() });
  });

  test('a person holding several roles acts under the one the stage asks for', () => {
    const both: Actor = { accountId: 'acc-both', roles: ['Customer', 'IQVIA PM'] };
    const run = new PlanRun();
    expect(run.complete(1, {}, both).entry.actor.role).toBe('Customer');
    expect(run.complete(3, {}, both).entry.actor.role).toBe('IQVIA PM');
  });

  test('an app admin outside the role acts only with a reason, recorded as "App admin (override)"', () => {
    const run = new PlanRun();
    for (const reason of [undefined, '', '  ']) {
      const error = refusal(() => run.act({ type: 'complete', step: 3, ...(reason === undefined ? {} : { reason }) }, ADMIN));
      expect([error.rule, error.field, error.message]).toEqual(['stageOwnership', 'reason', 'stage 3: an app admin acting outside their roles must give a reason']);
    }
    const { entry } = run.complete(3, { reason: ' PM on leave; agreed by phone ' }, ADMIN);
    expect(entry.actor).toEqual({ accountId: ADMIN.accountId, role: ADMIN_OVERRIDE_ROLE });
    expect(ADMIN_OVERRIDE_ROLE).toBe('App admin (override)');
    expect(entry.reason).toBe('PM on leave; agreed by phone');
    expect(stateOf(run, 3)).toMatchObject({ status: 'done', completedBy: ADMIN.accountId, reason: null });
  });

  test('an app admin holding the role acts under it, no reason needed', () => {
    const run = new PlanRun();
    const adminPm: Actor = { ...PM, accountId: 'acc-admin-pm', admin: true };
    expect(run.complete(3, {}, adminPm).entry.actor.role).toBe('IQVIA PM');
  });

  test('an admin override still obeys the order of stages and the rules', () => {
    const run = new PlanRun();
    expect(refusal(() => run.complete(7, { reason: 'hurry' }, ADMIN)).rule).toBe('stageOrder');
    expect(refusal(() => run.act({ type: 'skip', step: 16, reason: 'hurry' }, ADMIN)).rule).toBe('stageRequired');
  });
});

describe('unknown stage or action', () => {
  test.each([0, 29, -1, 1.5, Number.NaN])('stage %p is refused with field "step"', (step) => {
    const run = new PlanRun();
    const error = refusal(() => run.act({ type: 'start', step }, PM));
    expect([error.rule, error.field]).toEqual(['knownStage', 'step']);
    expect(error.message).toBe(`ClinSpark upgrade plan has no stage ${String(step)}`);
  });

  test('an unknown action type is refused with field "type", nothing changed', () => {
    const run = new PlanRun();
    const before = structuredClone(run.plan);
    const error = refusal(() => run.act({ type: 'frobnicate', step: 3 } as never, PM));
    expect([error.rule, error.field, error.stage]).toEqual(['knownAction', 'type', 3]);
    expect(run.plan).toStrictEqual(before);
  });
});

describe('start, complete, block', () => {
  test('start records who and when; complete records who and when; completing a done stage is refused', () => {
    const run = new PlanRun();
    run.act({ type: 'start', step: 3 });
    expect(stateOf(run, 3)).toMatchObject({ status: 'in progress', startedBy: PM.accountId, startedAt: T0.toISOString(), completedBy: null });
    expect(refusal(() => run.act({ type: 'start', step: 3 })).rule).toBe('stageStatus');
    run.tick(30).complete(3);
    expect(stateOf(run, 3)).toMatchObject({ status: 'done', startedBy: PM.accountId, completedBy: PM.accountId, completedAt: '2026-11-23T09:30:00.000Z' });
    const again = refusal(() => run.complete(3));
    expect([again.rule, again.message]).toEqual(['stageStatus', 'stage 3 is done: it cannot be completed']);
  });

  test('block needs a reason; a blocked stage is started again (not completed) and loses its reason', () => {
    const run = new PlanRun();
    expect(refusal(() => run.act({ type: 'block', step: 3, reason: ' ' })).field).toBe('reason');
    run.act({ type: 'block', step: 3, reason: 'release notes not published' });
    expect(stateOf(run, 3)).toMatchObject({ status: 'blocked', reason: 'release notes not published' });
    expect(refusal(() => run.act({ type: 'block', step: 3, reason: 'again' })).rule).toBe('stageStatus');
    expect(refusal(() => run.complete(3)).rule).toBe('stageStatus');
    run.act({ type: 'start', step: 3 });
    expect(stateOf(run, 3)).toMatchObject({ status: 'in progress', reason: null });
    expect(run.audit.at(-1)).toMatchObject({ action: 'start', before: { status: 'blocked', reason: 'release notes not published' }, after: { status: 'in progress' } });
  });

  test('a reason longer than the limit is refused', () => {
    const run = new PlanRun();
    const error = refusal(() => run.act({ type: 'block', step: 3, reason: 'x'.repeat(REASON_MAX_LENGTH + 1) }));
    expect([error.rule, error.field]).toEqual(['reasonRequired', 'reason']);
    run.act({ type: 'block', step: 3, reason: 'x'.repeat(REASON_MAX_LENGTH) });
  });

  test('every reason kept in the audit is bounded: an override or an optional reason too', () => {
    const run = new PlanRun();
    const long = 'x'.repeat(REASON_MAX_LENGTH + 1);
    const override = refusal(() => run.complete(3, { reason: long }, ADMIN));
    expect([override.rule, override.field, override.stage]).toEqual(['reasonRequired', 'reason', 3]);
    expect(refusal(() => run.complete(3, { reason: long })).field).toBe('reason');
    const done = throughFinalTest();
    expect(refusal(() => done.act({ type: 'decide', step: 24, outcome: 'Go', reason: long }, CUSTOMER)).field).toBe('reason');
  });
});

describe('skip rules', () => {
  test('a skip needs a reason, which is kept; a skipped stage counts as finished for the stages after it', () => {
    const run = new PlanRun();
    const noReason = refusal(() => run.act({ type: 'skip', step: 1, reason: '' }));
    expect([noReason.rule, noReason.field, noReason.message]).toEqual(['reasonRequired', 'reason', 'stage 1: a reason is required to skip it']);
    run.completeAll([1, 3, 4, 6]);
    run.act({ type: 'skip', step: 7, reason: 'VAL access verified in the kick-off call' });
    expect(stateOf(run, 7)).toMatchObject({ status: 'skipped', reason: 'VAL access verified in the kick-off call', completedBy: PM.accountId, completedAt: T0.toISOString() });
    expect(run.audit.at(-1)).toMatchObject({ action: 'skip', reason: 'VAL access verified in the kick-off call', after: { status: 'skipped' } });
    run.complete(9);
    expect(stateOf(run, 9).status).toBe('done');
  });

  test('the stages whose outcome the next ones rely on are never skipped', () => {
    const run = throughFinalTest();
    const unskippable = UPGRADE_STAGES.filter((s) => s.unskippable || s.decision).map((s) => s.number);
    expect(unskippable).toEqual([16, 19, 20, 21, 22, 24, 25, 26, 28]);
    for (const n of unskippable) {
      const actor = UPGRADE_STAGES[n - 1]!.roles.includes('Customer') ? CUSTOMER : UPGRADE_STAGES[n - 1]!.roles.includes('IQVIA PM') ? PM : ENGINEER;
      const error = refusal(() => run.act({ type: 'skip', step: n, reason: 'not needed' }, actor));
      expect([n, error.rule, error.field]).toEqual([n, 'stageRequired', 'step']);
    }
  });

  test('a skip needs the stages before it finished; a finished stage is not skipped; a blocked one may be', () => {
    const run = new PlanRun();
    expect(refusal(() => run.act({ type: 'skip', step: 7, reason: 'r' })).message).toBe('stage 7 needs stage 6 finished first');
    expect(refusal(() => run.act({ type: 'skip', step: 2, reason: 'r' }, CUSTOMER)).rule).toBe('stageStatus');
    run.act({ type: 'block', step: 11, reason: 'waiting for the VAL' }, SUPPORT);
    run.completeAll([1, 3, 4, 6, 7]);
    expect(stateOf(run, 11).status).toBe('blocked');
    run.act({ type: 'skip', step: 11, reason: 'no configuration issues' }, SUPPORT);
    expect(stateOf(run, 11).status).toBe('skipped');
  });
});

describe('reopen semantics', () => {
  test('a reason is required; only a done, skipped or blocked stage is reopened', () => {
    const run = new PlanRun();
    expect(refusal(() => run.act({ type: 'reopen', step: 3, reason: 'r' })).message).toBe('stage 3 is todo: it cannot be reopened');
    run.act({ type: 'start', step: 3 });
    expect(refusal(() => run.act({ type: 'reopen', step: 3, reason: 'r' })).rule).toBe('stageStatus');
    run.complete(3);
    expect(refusal(() => run.act({ type: 'reopen', step: 3 } as never)).field).toBe('reason');
  });

  test('reopening returns the stage to todo, clearing who and when; the audit keeps both sides', () => {
    const run = new PlanRun();
    run.complete(1);
    run.tick().act({ type: 'reopen', step: 1, reason: 'read the wrong release notes' }, CUSTOMER);
    expect(stateOf(run, 1)).toMatchObject({ status: 'todo', startedBy: null, startedAt: null, completedBy: null, completedAt: null, reason: null, outcome: null });
    expect(run.audit.at(-1)).toMatchObject({ action: 'reopen', step: 1, reason: 'read the wrong release notes', before: { status: 'done' }, after: { status: 'todo' } });
    run.act({ type: 'block', step: 1, reason: 'portal down' }, CUSTOMER);
    run.act({ type: 'reopen', step: 1, reason: 'portal back' }, CUSTOMER);
    expect(stateOf(run, 1).status).toBe('todo');
  });

  test('a stage is not reopened while a stage that needs it, directly or not, is under way or finished', () => {
    const run = new PlanRun();
    run.completeAll([1, 3, 4, 6]);
    run.act({ type: 'start', step: 7 });
    const error = refusal(() => run.act({ type: 'reopen', step: 5, reason: 'wrong instance' }, CUSTOMER));
    expect([error.rule, error.message]).toEqual(['stageOrder', 'stage 5 cannot be reopened while stage 6, 7 that needs it is under way or finished']);
    run.act({ type: 'block', step: 7, reason: 'hold' });
    run.act({ type: 'reopen', step: 6, reason: 'VAL at the wrong version' }, ENGINEER);
    run.act({ type: 'reopen', step: 5, reason: 'wrong instance' }, CUSTOMER);
    expect(stateOf(run, 5).status).toBe('todo');
  });

  test('reopening stage 16 frees the slot, so the Day of Upgrade cannot start', () => {
    const run = throughSlot();
    run.act({ type: 'reopen', step: 16, reason: 'engineer unavailable' }, PM);
    expect(run.plan.facts.slot).toBeNull();
    expect(refusal(() => run.complete(17)).rule).toBe('stageOrder');
  });

  test('reopening a Go (before 25 starts) lets the customer take the decision again', () => {
    const run = throughFinalTest();
    run.decide('Go');
    run.act({ type: 'reopen', step: 24, reason: 'a QC finding came in late' }, CUSTOMER);
    expect(stateOf(run, 24)).toMatchObject({ status: 'todo', outcome: null });
    run.decide('No-Go', 'a QC finding came in late');
    // Rule 7: the new attempt begins once the engineer has confirmed the restore.
    expect(run.plan.attempt).toBe(1);
    run.restore();
    expect(run.plan.attempt).toBe(2);
  });
});

describe('the engine is generic: any playbook declared as data', () => {
  type Facts = { notes: string[] };
  const playbook: PlaybookDefinition<Facts> = {
    kind: 'demo',
    title: 'Demo playbook',
    phases: [{ id: 'only', name: 'Only', expectedLength: 'Days', workingDays: 3 }],
    steps: [
      { number: 1, phase: 'only', roles: ['IQVIA PM'], activity: 'Prepare', notes: '', requires: [] },
      { number: 2, phase: 'only', roles: ['IQVIA PM'], activity: 'Do', notes: '', requires: [1] },
      {
        number: 3,
        phase: 'only',
        roles: ['Customer'],
        activity: 'Accept',
        notes: '',
        requires: [2],
        decision: { options: [{ id: 'accept', label: 'Accept', consequence: '', reasonRequired: false }, { id: 'redo', label: 'Redo', consequence: '', reasonRequired: true, restartsSteps: [2, 3] }] },
      },
    ],
    rules: [],
  };
  const step = (number: number): StepState => ({ number, status: 'todo', owner: null, startedBy: null, startedAt: null, completedBy: null, completedAt: null, reason: null, outcome: null });
  const plan: Plan<Facts> = { id: 'd1', kind: 'demo', organizationId: 'o', reporterAccountId: 'c', createdAt: T0.toISOString(), revision: 1, attempt: 1, steps: [step(1), step(2), step(3)], attempts: [], facts: { notes: [] } };

  test('dependentsOf is transitive', () => {
    expect(dependentsOf(playbook, 1)).toEqual([2, 3]);
    expect(dependentsOf(UPGRADE_PLAYBOOK, 16)).toEqual([17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28]);
    expect(dependentsOf(UPGRADE_PLAYBOOK, 8)).toEqual([]);
  });

  test('a restarting decision archives what it restarts (those steps as they were) and resets only them', () => {
    let current = applyStepAction(playbook, plan, { type: 'complete', step: 1 }, PM, T0).plan;
    current = applyStepAction(playbook, current, { type: 'complete', step: 2 }, PM, T0).plan;
    const redo = applyStepAction(playbook, current, { type: 'decide', step: 3, outcome: 'redo', reason: 'not right' }, CUSTOMER, T0);
    expect(redo.notices).toEqual([]);
    expect(redo.plan.attempt).toBe(2);
    expect(redo.plan.steps.map((s) => s.status)).toEqual(['done', 'todo', 'todo']);
    expect(redo.plan.attempts[0]!.steps.map((s) => [s.number, s.status])).toEqual([[2, 'done'], [3, 'done']]);
    expect(redo.plan.revision).toBe(4);
    expect(redo.entry).toMatchObject({ seq: 4, attempt: 1, action: 'decide redo', after: { restartedStages: [2, 3], newAttempt: 2, stagesBefore: redo.plan.attempts[0]!.steps } });
  });

  test('acceptChange records one entry at the next revision', () => {
    const { plan: after, entry } = acceptChange(plan, { facts: { notes: ['x'] }, action: 'note', role: 'App', before: null, after: { note: 'x' } }, 'a', T0);
    expect(after.revision).toBe(2);
    expect(after.steps).toBe(plan.steps);
    expect(entry).toEqual({ planId: 'd1', seq: 2, at: T0.toISOString(), actor: { accountId: 'a', role: 'App' }, action: 'note', step: null, attempt: 1, before: null, after: { note: 'x' }, reason: null });
  });
});
