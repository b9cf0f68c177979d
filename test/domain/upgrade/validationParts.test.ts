import { stepState } from '../../../src/domain/engine';
import { UPGRADE } from '../../../src/domain/upgrade/kind';
import { validationParts } from '../../../src/domain/upgrade/validationParts';
import { ADMIN, CUSTOMER, ENGINEER, PlanRun, PM, refusal, SPECIALIST, SUPPORT, T0 } from './fixtures';

/** Validation under way with two validation tickets linked (stage 10). */
function withIssues(): PlanRun {
  const run = new PlanRun();
  run.completeAll([1, 3, 4, 6, 7, 8, 9]);
  run.attach('FHSD-20', 'validationIssue');
  run.attach('FHSD-21', 'validationIssue');
  return run;
}

describe('handValidationTicket: the PM hands a validation ticket to an Engineer or a Solution Specialist (stage 11\'s note)', () => {
  test('audited with its reason; the IQVIA-only note on the ticket says who and why; the view lists the handler', () => {
    const run = withIssues();
    const handed = run.hand('FHSD-21', SPECIALIST, 'barcode label configuration');
    expect(handed.entry).toMatchObject({ action: 'hand validation ticket', step: 11, actor: { accountId: PM.accountId, role: 'IQVIA PM' }, before: { ticket: 'FHSD-21', handler: null }, after: { ticket: 'FHSD-21', handler: SPECIALIST.accountId, role: 'Solution Specialist' }, reason: 'barcode label configuration' });
    expect(handed.notices).toEqual([{ type: 'comment', ticketKey: 'FHSD-21', visibility: 'internal', sender: 'IQVIA PM', text: `FHSD-21 is handed to ${SPECIALIST.accountId} (Solution Specialist) for stage 11: barcode label configuration` }]);
    expect(validationParts(run.plan, 11)).toEqual([
      { key: 'FHSD-20', handler: null, handlerRole: null, handedBy: null, reason: null, defaultRoles: ['IQVIA Support'], addressed: null, resolved: false },
      { key: 'FHSD-21', handler: SPECIALIST.accountId, handlerRole: 'Solution Specialist', handedBy: PM.accountId, reason: 'barcode label configuration', defaultRoles: ['IQVIA Support'], addressed: null, resolved: false },
    ]);
    expect(UPGRADE.stepPanel(run.plan, 11).parts).toHaveLength(2);
    expect(UPGRADE.stepPanel(run.plan, 12).parts).toBeUndefined();
  });

  test('refused, naming the field: a customer or an engineer handing, no reason, someone without the roles, an unknown ticket, another stage', () => {
    const run = withIssues();
    expect(refusal(() => run.hand('FHSD-20', ENGINEER, 'r', CUSTOMER)).rule).toBe('stageOwnership');
    expect(refusal(() => run.hand('FHSD-20', ENGINEER, 'r', ENGINEER)).rule).toBe('stageOwnership');
    expect(refusal(() => run.hand('FHSD-20', ENGINEER, '  ')).field).toBe('reason');
    const customer = refusal(() => run.hand('FHSD-20', CUSTOMER));
    expect([customer.rule, customer.field]).toEqual(['ownerRole', 'owner']);
    expect(refusal(() => run.hand('FHSD-99', ENGINEER)).field).toBe('part');
    expect(refusal(() => run.hand('FHSD-1', ENGINEER)).field).toBe('part');
    run.hand('FHSD-20', ENGINEER);
    expect(refusal(() => run.hand('FHSD-20', ENGINEER)).rule).toBe('unchanged');
    run.hand('FHSD-20', SUPPORT, 'back to the service desk');
    run.hand('FHSD-21', ENGINEER, 'the PM is away', ADMIN);
  });
});

describe('addressValidationTicket: the handler records its part; stage 11 completes when every part is addressed and resolved', () => {
  test('IQVIA Support addresses a ticket no one was handed; only the handler addresses a handed one', () => {
    const run = withIssues();
    run.hand('FHSD-21', ENGINEER);
    expect(refusal(() => run.address('FHSD-21', SUPPORT)).message).toBe(`FHSD-21 is handled by ${ENGINEER.accountId}: only they record it addressed`);
    expect(refusal(() => run.address('FHSD-20', ENGINEER)).rule).toBe('stageOwnership');
    expect(refusal(() => run.address('FHSD-20', CUSTOMER)).rule).toBe('stageOwnership');
    const addressed = run.address('FHSD-21', ENGINEER, 'firewall rule added');
    expect(addressed.entry).toMatchObject({ action: 'address validation ticket', step: 11, actor: { accountId: ENGINEER.accountId, role: 'IQVIA Engineer' }, after: { ticket: 'FHSD-21', addressed: true, note: 'firewall rule added' } });
    expect(run.plan.facts.tickets.find((t) => t.key === 'FHSD-21')?.addressed).toEqual({ by: ENGINEER.accountId, at: T0.toISOString(), note: 'firewall rule added' });
    expect(refusal(() => run.address('FHSD-21', ENGINEER)).rule).toBe('unchanged');
    expect(refusal(() => run.hand('FHSD-21', SPECIALIST)).rule).toBe('partAddressed');
    // An app admin outside the handler records it with a note, as an override.
    expect(refusal(() => run.address('FHSD-20', { ...ADMIN })).field).toBe('note');
  });

  test('the last part addressed, every ticket resolved: stage 11 completes with it, as the app; until then it waits', () => {
    const run = withIssues();
    run.resolve('FHSD-20');
    run.resolve('FHSD-21');
    run.address('FHSD-20');
    expect(run.status(11)).toBe('todo');
    run.hand('FHSD-21', SPECIALIST);
    const last = run.address('FHSD-21', SPECIALIST);
    expect(last.entries.map((e) => e.action)).toEqual(['address validation ticket', 'complete']);
    expect(stepState(run.plan, 11)).toMatchObject({ status: 'done', completedBy: SPECIALIST.accountId });
    expect(refusal(() => run.address('FHSD-20')).rule).toBe('stageStatus');
  });

  test('every part addressed but a ticket still open: stage 11 waits for Jira (rule 5), then its owner completes it', () => {
    const run = withIssues();
    run.address('FHSD-20');
    run.address('FHSD-21');
    expect(run.status(11)).toBe('todo');
    expect(refusal(() => run.complete(11)).message).toBe('stage 11 needs every validation ticket resolved: FHSD-20, FHSD-21 still open');
    run.resolve('FHSD-20');
    run.resolve('FHSD-21');
    run.complete(11);
  });

  test('a ticket\'s status from Jira keeps its handler and its addressed part', () => {
    const run = withIssues();
    run.hand('FHSD-20', ENGINEER);
    run.address('FHSD-20', ENGINEER);
    run.ticketMoved('FHSD-20', 'In Progress', false);
    expect(run.plan.facts.tickets.find((t) => t.key === 'FHSD-20')).toMatchObject({ handler: { accountId: ENGINEER.accountId }, addressed: { by: ENGINEER.accountId }, status: 'In Progress' });
  });
});
