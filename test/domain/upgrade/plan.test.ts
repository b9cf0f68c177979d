import { STANDARD_CALENDAR } from '../../../src/domain/calendar';
import { summarizeUpgradePlan } from '../../../src/domain/upgrade/plan';
import { CUSTOMER, ENGINEER, PlanRun, PM, PROD_DETAILS, SLOT_1, SLOT_2, T0 } from './fixtures';

const statuses = (run: PlanRun) => run.plan.steps.map((s) => s.status);

describe('the whole path, stage 1 to 28', () => {
  test('a VAL request, validation with an issue ticket, the PROD request, the slot, backups, Go, and the closing', () => {
    const run = new PlanRun();
    const summary = () => summarizeUpgradePlan(run.plan, STANDARD_CALENDAR, run.now);
    expect(summary()).toMatchObject({ phase: 'Preparation', done: 2, total: 28, decision: 'pending', attempt: 1 });
    expect(summary().next.map((n) => n.number)).toEqual([1, 3, 4, 6, 8]);

    for (const n of [1, 3, 4, 6, 7]) run.tick(60 * 24).complete(n);
    expect(summary().phase).toBe('Validation');
    run.complete(8);
    run.complete(9);
    run.attach('FHSD-20', 'validationIssue');
    run.complete(10);
    run.address('FHSD-20');
    run.resolve('FHSD-20');
    run.complete(11);
    run.complete(12);
    expect(summary()).toMatchObject({ phase: 'Prep for Upgrade', nextOwnerRole: 'Customer' });

    run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
    expect(run.status(13)).toBe('done');
    run.complete(14);
    run.complete(15);
    run.confirmSlot(SLOT_1);
    expect(summary()).toMatchObject({ phase: 'Day of Upgrade', slot: SLOT_1 });

    run.at(SLOT_1);
    for (const n of [17, 18, 19]) run.tick(10).complete(n);
    run.act({ type: 'start', step: 20 }, ENGINEER);
    run.backup('PROD MAIN');
    run.backup('PROD TEST');
    for (const n of [20, 21, 22, 23]) run.tick(30).complete(n);
    run.tick(60).decide('Go');
    for (const n of [25, 26, 27, 28]) run.tick(30).complete(n);

    expect(statuses(run)).toEqual(Array(28).fill('done'));
    for (const s of run.plan.steps) {
      expect(s.completedBy).not.toBeNull();
      expect(s.completedAt).not.toBeNull();
    }
    expect(summary()).toMatchObject({ phase: 'Complete', done: 28, skipped: 0, next: [], nextOwnerRole: null, overdue: 0, decision: 'Go', attempt: 1 });
    expect(run.plan.revision).toBe(run.audit.length);
    expect(run.audit.map((e) => e.seq)).toEqual(Array.from({ length: run.audit.length }, (_, i) => i + 1));
    expect(run.audit.every((e) => e.planId === 'plan-1' && e.attempt === 1)).toBe(true);
    // Audit timestamps never go back.
    expect([...run.audit.map((e) => e.at)].sort()).toEqual(run.audit.map((e) => e.at));
    expect(run.notices.filter((n) => n.type === 'closeTicket')).toEqual([
      { type: 'closeTicket', ticketKey: 'FHSD-1' },
      { type: 'closeTicket', ticketKey: 'FHSD-13' },
    ]);
    // The plan is stored as JSON: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(run.plan))).toStrictEqual(run.plan);
  });
});

describe('a No-Go, then a second slot and a Go', () => {
  test('both attempts are kept: in plan.attempts, in the rollbacks and backups, and in the audit', () => {
    const run = new PlanRun();
    run.completeAll([1, 3, 4, 6, 7, 8, 9, 10, 11, 12]);
    run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
    run.completeAll([14, 15]);
    run.confirmSlot(SLOT_1);
    run.at(SLOT_1).completeAll([17, 18, 19]);
    run.backup('PROD MAIN', 'snap-1-main');
    run.backup('PROD TEST', 'snap-1-test');
    run.completeAll([20, 21, 22, 23]);
    run.tick(120).decide('No-Go', 'Dosing dashboard export differs from VAL');
    // Rule 7: the plan returns to Prep for Upgrade once the engineer has confirmed the restore.
    expect(run.plan.attempt).toBe(1);
    run.restore();

    expect(run.plan.attempt).toBe(2);
    expect(summarizeUpgradePlan(run.plan, STANDARD_CALENDAR, run.now)).toMatchObject({ phase: 'Prep for Upgrade', decision: 'No-Go', slot: null });

    run.tick(60 * 24 * 7);
    run.complete(14);
    run.confirmSlot(SLOT_2);
    run.at(SLOT_2).completeAll([17, 18, 19]);
    run.backup('PROD MAIN', 'snap-2-main');
    run.backup('PROD TEST', 'snap-2-test');
    run.completeAll([20, 21, 22, 23]);
    run.tick(60).decide('Go');
    run.completeAll([25, 26, 27, 28]);

    const { plan } = run;
    expect(summarizeUpgradePlan(plan, STANDARD_CALENDAR, run.now)).toMatchObject({ phase: 'Complete', decision: 'Go', attempt: 2, slot: SLOT_2 });
    expect(plan.attempts).toHaveLength(1);
    const first = plan.attempts[0]!;
    expect(first).toMatchObject({ attempt: 1, outcome: 'No-Go', reason: 'Dosing dashboard export differs from VAL', endedBy: CUSTOMER.accountId });
    expect(first.steps.filter((s) => s.number >= 17 && s.number <= 24).every((s) => s.status === 'done' && s.completedAt!.startsWith('2027-03-01'))).toBe(true);
    // Archived as what the No-Go changed: the restarted stages as they were, not all 28.
    expect(first.steps.map((s) => s.number)).toEqual([14, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(plan.steps.filter((s) => s.number >= 17).every((s) => s.status === 'done' && s.completedAt!.startsWith('2027-04-05'))).toBe(true);

    expect(plan.facts.backups.map((b) => [b.attempt, b.instance, b.reference])).toEqual([
      [1, 'PROD MAIN', 'snap-1-main'],
      [1, 'PROD TEST', 'snap-1-test'],
      [2, 'PROD MAIN', 'snap-2-main'],
      [2, 'PROD TEST', 'snap-2-test'],
    ]);
    expect(plan.facts.rollbacks).toEqual([
      expect.objectContaining({ attempt: 1, instance: 'PROD MAIN', restoredVersion: '24.1', backupReference: 'snap-1-main', reason: 'Dosing dashboard export differs from VAL' }),
    ]);

    const decisions = run.audit.filter((e) => e.step === 24);
    expect(decisions.map((e) => [e.action, e.attempt])).toEqual([
      ['decide No-Go', 1],
      ['record restore', 1],
      ['decide Go', 2],
    ]);
    const completions = (attempt: number) => run.audit.filter((e) => e.attempt === attempt && e.action === 'complete').map((e) => e.step);
    expect(completions(1)).toEqual([1, 3, 4, 6, 7, 8, 9, 10, 11, 12, 14, 15, 17, 18, 19, 20, 21, 22, 23]);
    expect(completions(2)).toEqual([14, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27, 28]);
    // Stage 16 is done by the customer's agreement to the PM's proposal, once per attempt (rule 6).
    expect(run.audit.filter((e) => e.step === 16).map((e) => [e.action, e.attempt, e.actor.accountId, e.actor.role])).toEqual([
      ['propose', 1, PM.accountId, 'IQVIA PM'],
      ['agree', 1, CUSTOMER.accountId, 'Customer'],
      ['propose', 2, PM.accountId, 'IQVIA PM'],
      ['agree', 2, CUSTOMER.accountId, 'Customer'],
    ]);
    expect(run.audit.map((e) => e.seq)).toEqual(Array.from({ length: plan.revision }, (_, i) => i + 1));
    expect(run.notices.filter((n) => n.type === 'comment' && n.text.startsWith('The upgrade slot is confirmed')).map((n) => n.type === 'comment' && n.text)).toEqual([
      'The upgrade slot is confirmed: 2027-03-01 08:00 UTC, as you agreed.',
      'The upgrade slot is confirmed: 2027-04-05 08:00 UTC, as you agreed.',
    ]);
  });

  test('a second No-Go archives a second attempt; each restores from its own backup', () => {
    const run = new PlanRun(undefined, undefined, T0);
    run.completeAll([1, 3, 4, 6, 7, 8, 9, 10, 11, 12]);
    run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
    run.completeAll([14, 15]);
    for (const [i, slot] of [SLOT_1, SLOT_2].entries()) {
      if (i > 0) run.complete(14);
      run.confirmSlot(slot);
      run.completeAll([17, 18, 19]);
      run.backup('PROD MAIN', `main-${i + 1}`);
      run.backup('PROD TEST', `test-${i + 1}`);
      run.completeAll([20, 21, 22, 23]);
      run.decide('No-Go', `attempt ${i + 1} failed`);
      run.restore();
    }
    expect(run.plan.attempt).toBe(3);
    expect(run.plan.attempts.map((a) => [a.attempt, a.outcome, a.reason])).toEqual([
      [1, 'No-Go', 'attempt 1 failed'],
      [2, 'No-Go', 'attempt 2 failed'],
    ]);
    expect(run.plan.facts.rollbacks.map((r) => [r.attempt, r.backupReference])).toEqual([
      [1, 'main-1'],
      [2, 'main-2'],
    ]);
  });
});
