import { signedFor } from '../../support/signing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addWorkingDays, STANDARD_CALENDAR, type WorkingCalendar } from '../../../src/domain/calendar';
import { PlanRefusal } from '../../../src/domain/errors';
import { ADMIN_OVERRIDE_ROLE } from '../../../src/domain/audit';
import { availableActions } from '../../../src/domain/engine';
import type { Actor, RuleInput } from '../../../src/domain/playbook';
import type { UpgradeFacts } from '../../../src/domain/upgrade/facts';
import { actOnStage, createUpgradePlan, summarizeUpgradePlan, upgradeDueDates, type UpgradePlan } from '../../../src/domain/upgrade/plan';
import { upgradeSlotOf } from '../../../src/domain/upgrade/slots';
import { UPGRADE } from '../../../src/domain/upgrade/kind';
import { planPhaseEnd } from '../../../src/domain/playbooks/phaseEnds';
import { UPGRADE_PLAYBOOK } from '../../../src/domain/upgrade/playbook';
import { FORWARD_COMPATIBILITY_WARNING, missingDetails, type UpgradeRequest } from '../../../src/domain/upgrade/request';
import {
  backupBeforeProdUpgrade,
  dataUpdatesRequiredAcrossVersions,
  closingRefusal,
  noGoRestoresBackup,
  prodIqDocumentationMissing,
  prodIqDocumentedBeforeClosing,
  requestDetailsComplete,
  validationIssuesResolvedBeforeStage11,
} from '../../../src/domain/upgrade/rules';
import { recordRestore } from '../../../src/domain/upgrade/noGo';
import type { RestoreRecord } from '../../../src/domain/kind';
import { readinessOf } from '../../../src/domain/environments/instance';
import type { EnvironmentRegistry } from '../../../src/domain/environments/registry';
import { customerRegistry, withLivePair } from '../environments/helpers';
import { UpgradeWorld } from './world';
import { UPGRADE_STAGES } from '../../../src/domain/upgrade/stages';
import {
  ADMIN,
  CUSTOMER,
  ENGINEER,
  PM,
  PlanRun,
  SUPPORT,
  PROD_DETAILS,
  context,
  refusal,
  request,
  SLOT_1,
  SLOT_2,
  T0,
  throughFinalTest,
  throughSlot,
  throughValidation,
} from './fixtures';

const status = (plan: UpgradePlan, n: number) => plan.steps.find((s) => s.number === n)!.status;
const stateOf = (plan: UpgradePlan, n: number) => plan.steps.find((s) => s.number === n)!;

describe('rule 1: sandboxOutOfScope', () => {
  test.each([[['Sandbox']], [['Sandbox MAIN']], [['VAL', 'Sandbox TEST']]])('a request to upgrade %j is refused with the stage 2 note; nothing is created', (instances) => {
    const create = jest.fn(createUpgradePlan);
    const error = refusal(() => create(request({ instances }), context(), T0));
    expect(error.rule).toBe('sandboxOutOfScope');
    expect(error.field).toBe('instances');
    expect(error.message).toContain('Sandbox environments are out of the scope of standard upgrade cycles, as they are only normally provided during initial onboarding periods.');
    expect(create).not.toHaveReturned();
  });

  test('a Sandbox in a later ticket or in details provided later is refused too, and the plan is unchanged', () => {
    const run = new PlanRun(request({ ticket: { key: 'FHSD-1', kind: 'intent' }, instances: undefined, configuration: undefined }));
    const before = structuredClone(run.plan);
    expect(refusal(() => run.attach('FHSD-2', 'valRequest', { instances: ['Sandbox MAIN'] })).rule).toBe('sandboxOutOfScope');
    run.attach('FHSD-2', 'valRequest', {});
    const attached = structuredClone(run.plan);
    expect(refusal(() => run.provide('valRequest', { instances: ['Sandbox'] })).rule).toBe('sandboxOutOfScope');
    expect(run.plan).toStrictEqual(attached);
    expect(before.revision + 1).toBe(attached.revision);
  });

  test('other environments outside upgrade cycles are refused with their own reason', () => {
    for (const name of ['Demo', 'Community Dev', 'Migration']) {
      const error = refusal(() => createUpgradePlan(request({ instances: [name] }), context(), T0));
      expect([error.rule, error.field]).toEqual(['upgradableInstance', 'instances']);
    }
  });
});

describe('rule 2: requireNewerTarget', () => {
  test.each([
    ['25.2', '25.2'],
    ['25.2', '25.2.0'],
    ['25.2', '25.1.9'],
    ['25.10', '25.9'],
  ])('current %s → target %s is refused, naming targetVersion', (currentVersion, targetVersion) => {
    const error = refusal(() => createUpgradePlan(request({ currentVersion, targetVersion, instances: ['VAL'] }), context(), T0));
    expect(error).toBeInstanceOf(PlanRefusal);
    expect([error.rule, error.field]).toEqual(['targetNewerThanCurrent', 'targetVersion']);
    expect(error.message).toBe(`target version ${targetVersion} is not newer than the current version ${currentVersion}`);
  });

  test('a newer target is accepted, compared numerically (25.10 > 25.9)', () => {
    const { plan } = createUpgradePlan(request({ currentVersion: '25.9', targetVersion: '25.10' }), context({ releases: [] }), T0);
    expect(plan.facts.targetVersion).toBe('25.10');
  });
});

describe('rule 2: releasesBetween', () => {
  test('stage 1 lists every release between current (excluded) and target (included), oldest first', () => {
    const { plan } = createUpgradePlan(request(), context({ releases: ['25.2', '23.4', '24.1', '25.1', '24.2', '25.1', '26.1', 'not-a-version'] }), T0);
    expect(plan.facts.releasesCrossed).toEqual(['24.2', '25.1', '25.2']);
    expect(plan.facts.dataUpdatesRequired).toBe(true);
  });

  test('a single-version upgrade crosses one release; data updates stay optional', () => {
    const { plan } = createUpgradePlan(request({ currentVersion: '25.1', targetVersion: '25.2' }), context(), T0);
    expect(plan.facts.releasesCrossed).toEqual(['25.2']);
    expect(plan.facts.dataUpdatesRequired).toBe(false);
  });

  test('a target missing from the release list is still listed last', () => {
    const { plan } = createUpgradePlan(request({ targetVersion: '26.1' }), context(), T0);
    expect(plan.facts.releasesCrossed).toEqual(['24.2', '25.1', '25.2', '26.1']);
  });
});

describe('rule 2: dataUpdatesRequiredAcrossVersions', () => {
  test('stage 18 cannot be skipped when the upgrade crosses several versions', () => {
    const run = throughSlot();
    const before = structuredClone(run.plan);
    const error = refusal(() => run.act({ type: 'skip', step: 18, reason: 'no data to update' }, CUSTOMER));
    expect(error.rule).toBe('dataUpdatesRequiredAcrossVersions');
    expect([error.stage, error.field]).toEqual([18, 'step']);
    expect(error.message).toBe('stage 18 cannot be skipped: the upgrade crosses 24.2, 25.1, 25.2, so data updates are required');
    expect(run.plan).toStrictEqual(before);
    run.complete(18);
    expect(status(run.plan, 18)).toBe('done');
  });

  test('stage 18 is optional for a single-version upgrade: skipped with a reason, and 19 may follow', () => {
    const run = throughSlot(throughValidation(new PlanRun(request({ currentVersion: '25.1' }))));
    run.act({ type: 'skip', step: 18, reason: 'no data to update' }, CUSTOMER);
    expect(stateOf(run.plan, 18)).toMatchObject({ status: 'skipped', reason: 'no data to update', completedBy: CUSTOMER.accountId });
    run.completeAll([17, 19]);
    expect(status(run.plan, 19)).toBe('done');
  });

  test('the rule ignores every other action', () => {
    const run = throughSlot();
    const input = (type: 'skip' | 'complete', step: number): RuleInput<UpgradeFacts> => ({
      playbook: UPGRADE_PLAYBOOK,
      plan: run.plan,
      after: run.plan,
      action: type === 'skip' ? { type, step, reason: 'r' } : { type, step },
      step: UPGRADE_STAGES[step - 1]!,
      actor: CUSTOMER,
      now: T0,
    });
    expect(dataUpdatesRequiredAcrossVersions.check(input('skip', 18))).toBeInstanceOf(PlanRefusal);
    expect(dataUpdatesRequiredAcrossVersions.check(input('complete', 18))).toBeUndefined();
    expect(dataUpdatesRequiredAcrossVersions.check(input('skip', 17))).toBeUndefined();
  });
});

describe('rule 3: valInstruction', () => {
  test('a customer who already has a VAL pair is told to terminate the prior VAL and get a new one (stage 4)', () => {
    const run = new PlanRun(request(), context({ valPairExists: true }));
    expect(run.plan.facts.valAction).toBe('replace');
    run.complete(1).notices;
    run.complete(3);
    const { notices } = run.complete(4);
    expect(notices).toEqual([
      {
        type: 'comment',
        ticketKey: 'FHSD-1',
        visibility: 'customer',
        text: 'Please formalise your request for the VAL instance in a Service Desk ticket. Terminate the prior VAL and provide a new one at the target version 25.2.',
      },
    ]);
  });

  test('a customer without a VAL pair is told to create the VAL', () => {
    const run = new PlanRun(request(), context({ valPairExists: false }));
    expect(run.plan.facts.valAction).toBe('create');
    expect(run.complete(4).notices[0]).toMatchObject({ type: 'comment', text: expect.stringContaining('Create the VAL at the target version 25.2.') });
  });

  test('the registry decides, not the user: a valAction sent with the request is ignored', () => {
    const sneaky = { ...request(), valAction: 'create' } as UpgradeRequest;
    expect(createUpgradePlan(sneaky, context({ valPairExists: true }), T0).plan.facts.valAction).toBe('replace');
    const other = { ...request(), valAction: 'replace' } as UpgradeRequest;
    expect(createUpgradePlan(other, context({ valPairExists: false }), T0).plan.facts.valAction).toBe('create');
  });
});

describe('rule 4: requestDetailsComplete', () => {
  const CONFIG_MISSING = "your configuration decision: upgrade reports, dashboards and exports to the latest version through system synchronisation (IQVIA's usual approach), or list the configurations to keep at their current version";

  test('a VAL request without instances and configuration is accepted, stage 5 blocked with exactly what is missing, and the customer is told', () => {
    const created = createUpgradePlan(request({ instances: undefined, configuration: undefined }), context(), T0);
    expect(stateOf(created.plan, 5)).toMatchObject({ status: 'blocked', reason: `Missing from the request: which instances (VAL); ${CONFIG_MISSING}.` });
    expect(created.notices).toEqual([
      { type: 'comment', ticketKey: 'FHSD-1', visibility: 'customer', text: `Your request is accepted, but stage 5 stays blocked until it gives: which instances (VAL); ${CONFIG_MISSING}.` },
    ]);
  });

  test('providing the details unblocks stage 5 and completes it; a partial answer keeps it blocked with what is still missing', () => {
    const run = new PlanRun(request({ instances: undefined, configuration: undefined }));
    const partial = run.provide('valRequest', { instances: ['VAL'] });
    expect(stateOf(run.plan, 5)).toMatchObject({ status: 'blocked', reason: `Missing from the request: ${CONFIG_MISSING}.` });
    expect(partial.notices).toEqual([{ type: 'comment', ticketKey: 'FHSD-1', visibility: 'customer', text: `Your request is accepted, but stage 5 stays blocked until it gives: ${CONFIG_MISSING}.` }]);
    expect(partial.entry).toMatchObject({ action: 'provide details', step: 5, actor: { accountId: CUSTOMER.accountId, role: 'Customer' } });

    const full = run.provide('valRequest', { configuration: { mode: 'keep-listed', keep: ['Dosing dashboard', 'SAS export'] } });
    expect(full.notices).toEqual([]);
    expect(stateOf(run.plan, 5)).toMatchObject({ status: 'done', reason: null, completedBy: CUSTOMER.accountId, completedAt: T0.toISOString() });
    expect(run.plan.facts.details.valRequest).toEqual({
      targetVersion: '25.2',
      instances: ['VAL'],
      configuration: { mode: 'keep-listed', keep: ['Dosing dashboard', 'SAS export'] },
    });
    expect(full.entry.after).toMatchObject({ stages: { '5': 'done' } });
    run.complete(6);
  });

  test('an intent ticket leaves stage 5 waiting for its ticket; starting it before is refused', () => {
    const run = new PlanRun(request({ ticket: { key: 'FHSD-1', kind: 'intent' } }));
    expect(status(run.plan, 5)).toBe('todo');
    const error = refusal(() => run.act({ type: 'start', step: 5 }, CUSTOMER));
    expect([error.rule, error.stage, error.field]).toEqual(['requestDetailsComplete', 5, 'step']);
    expect(error.message).toBe('stage 5 needs its service desk ticket: raise the VAL request first');
    expect(refusal(() => run.provide('valRequest', { instances: ['VAL'] })).field).toBe('kind');
    const attached = run.attach('FHSD-2', 'valRequest', { targetVersion: '25.2' });
    expect(status(run.plan, 5)).toBe('blocked');
    expect(attached.notices[0]).toMatchObject({ ticketKey: 'FHSD-2', text: `Your request is accepted, but stage 5 stays blocked until it gives: which instances (VAL); ${CONFIG_MISSING}.` });
  });

  test('a blocked stage 5 cannot be started or completed by hand while details are missing', () => {
    const run = new PlanRun(request({ configuration: undefined }));
    const before = structuredClone(run.plan);
    const error = refusal(() => run.act({ type: 'start', step: 5 }, CUSTOMER));
    expect([error.rule, error.field, error.stage]).toEqual(['requestDetailsComplete', 'details', 5]);
    expect(error.message).toBe(`stage 5 needs the request's details: missing ${CONFIG_MISSING}`);
    expect(refusal(() => run.complete(5)).rule).toBe('stageStatus');
    expect(run.plan).toStrictEqual(before);
  });

  test('stage 13 asks for PROD instances and the preferred slot(s); with them it completes once stage 12 is done', () => {
    const run = throughValidation();
    const attached = run.attach('FHSD-13', 'prodRequest', { targetVersion: '25.2', instances: ['VAL'], configuration: { mode: 'synchronise-latest' } });
    expect(stateOf(run.plan, 13)).toMatchObject({
      status: 'blocked',
      reason: 'Missing from the request: which instances (PROD MAIN and/or PROD TEST); preferred time slot(s).',
    });
    expect(attached.notices[0]).toMatchObject({ ticketKey: 'FHSD-13', visibility: 'customer' });
    run.provide('prodRequest', { instances: ['PROD MAIN'], preferredSlots: [SLOT_1] });
    expect(status(run.plan, 13)).toBe('done');
    expect(run.plan.facts.details.prodRequest?.preferredSlots).toEqual([SLOT_1]);
  });

  test('only the customer provides details; a ticket for another version is refused', () => {
    const run = new PlanRun(request({ configuration: undefined }));
    expect(refusal(() => run.provide('valRequest', { configuration: { mode: 'synchronise-latest' } }, PM)).rule).toBe('stageOwnership');
    const other = refusal(() => run.provide('valRequest', { targetVersion: '26.1' }));
    expect([other.rule, other.field]).toEqual(['samePlanTarget', 'targetVersion']);
  });

  test('missingDetails lists the seed\'s details, at least', () => {
    expect(missingDetails(5, null)).toEqual(['target version', 'which instances (VAL)', CONFIG_MISSING]);
    expect(missingDetails(13, null)).toEqual(['target version', 'which instances (PROD MAIN and/or PROD TEST)', CONFIG_MISSING, 'preferred time slot(s)']);
    expect(missingDetails(13, PROD_DETAILS)).toEqual([]);
  });

  test('the configurations kept at an older version carry the seed\'s forward-compatibility warning', () => {
    expect(UPGRADE_STAGES[4]!.notes).toContain(FORWARD_COMPATIBILITY_WARNING);
  });

  test('the rule as a function: no ticket, missing details, and other stages untouched', () => {
    const run = new PlanRun(request({ ticket: { key: 'FHSD-1', kind: 'intent' } }));
    const input = (step: number, type: 'start' | 'complete' | 'block'): RuleInput<UpgradeFacts> => ({
      playbook: UPGRADE_PLAYBOOK,
      plan: run.plan,
      after: run.plan,
      action: type === 'block' ? { type, step, reason: 'r' } : { type, step },
      step: UPGRADE_STAGES[step - 1]!,
      actor: CUSTOMER,
      now: T0,
    });
    expect(requestDetailsComplete.check(input(13, 'complete'))?.message).toBe('stage 13 needs its service desk ticket: raise the PROD upgrade request first');
    expect(requestDetailsComplete.check(input(5, 'block'))).toBeUndefined();
    expect(requestDetailsComplete.check(input(6, 'start'))).toBeUndefined();
  });
});

describe('rule 5: validationIssuesResolvedBeforeStage11', () => {
  test('stage 7 closes the VAL request ticket and asks for separate tickets for validation issues', () => {
    const run = new PlanRun();
    run.completeAll([1, 3, 4, 6]);
    const { notices } = run.complete(7);
    expect(notices).toEqual([
      { type: 'comment', ticketKey: 'FHSD-1', visibility: 'customer', text: 'Your VAL environment is ready. Please raise separate Service Desk tickets for any issues or questions arising during validation.' },
      { type: 'closeTicket', ticketKey: 'FHSD-1' },
    ]);
  });

  test('validation issues are separate tickets linked to the plan (stage 10); stage 11 waits until all are resolved', () => {
    const run = new PlanRun();
    run.completeAll([1, 3, 4, 6, 7, 8, 9]);
    const linked = run.attach('FHSD-20', 'validationIssue');
    run.attach('FHSD-21', 'validationIssue');
    expect(linked.entry).toMatchObject({ action: 'attach ticket', step: 10, after: { ticket: 'FHSD-20', kind: 'validationIssue' }, actor: { role: 'App' } });
    expect(linked.notices).toEqual([]);
    run.complete(10);

    const before = structuredClone(run.plan);
    const error = refusal(() => run.complete(11));
    expect([error.rule, error.stage, error.field]).toEqual(['validationIssuesResolvedBeforeStage11', 11, 'step']);
    expect(error.message).toBe('stage 11 needs every validation ticket resolved: FHSD-20, FHSD-21 still open');
    expect(refusal(() => run.act({ type: 'skip', step: 11, reason: 'not needed' })).rule).toBe('validationIssuesResolvedBeforeStage11');
    expect(refusal(() => run.complete(11, { reason: 'override' }, ADMIN)).rule).toBe('validationIssuesResolvedBeforeStage11');
    expect(run.plan).toStrictEqual(before);

    run.resolve('FHSD-20');
    expect(refusal(() => run.complete(11)).message).toBe('stage 11 needs every validation ticket resolved: FHSD-21 still open');
    run.resolve('FHSD-21');
    run.resolve('FHSD-21', false);
    expect(run.audit.at(-1)).toMatchObject({ action: 'ticket reopened', before: { ticket: 'FHSD-21', resolved: true }, after: { ticket: 'FHSD-21', resolved: false } });
    expect(refusal(() => run.complete(11)).rule).toBe('validationIssuesResolvedBeforeStage11');
    run.resolve('FHSD-21');
    // Resolved in Jira is not yet addressed: each ticket's handler (IQVIA Support by default) records its part.
    expect(refusal(() => run.complete(11)).message).toBe('stage 11 needs every validation ticket addressed by its handler: FHSD-20, FHSD-21 not yet');
    run.address('FHSD-20');
    expect(status(run.plan, 11)).toBe('todo');
    const last = run.address('FHSD-21');
    // The last part addressed with every ticket resolved completes stage 11, as the app, in the same write.
    expect(last.entries.map((e) => [e.action, e.step, e.actor.role])).toEqual([['address validation ticket', 11, 'IQVIA Support'], ['complete', 11, 'App']]);
    expect(status(run.plan, 11)).toBe('done');
    expect(refusal(() => run.resolve('FHSD-21')).rule).toBe('unchanged');
    expect(refusal(() => run.resolve('FHSD-99')).field).toBe('ticket.key');
    expect(refusal(() => run.attach('FHSD-20', 'validationIssue')).rule).toBe('ticketOnce');
  });

  test('the rule as a function ignores stages other than 11', () => {
    const run = new PlanRun();
    run.attach('FHSD-20', 'validationIssue');
    const input = (step: number): RuleInput<UpgradeFacts> => ({ playbook: UPGRADE_PLAYBOOK, plan: run.plan, after: run.plan, action: { type: 'complete', step }, step: UPGRADE_STAGES[step - 1]!, actor: CUSTOMER, now: T0 });
    expect(validationIssuesResolvedBeforeStage11.check(input(11))).toBeInstanceOf(PlanRefusal);
    expect(validationIssuesResolvedBeforeStage11.check(input(12))).toBeUndefined();
  });
});

describe('rule 5: UPGRADE_STAGES', () => {
  test('stage 12 gates stage 13: a PROD request before validation is complete waits; completing 13 by hand is refused', () => {
    const run = new PlanRun();
    run.completeAll([1, 3, 4, 6, 7, 8, 9, 10, 11]);
    run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
    expect(status(run.plan, 13)).toBe('todo');
    const error = refusal(() => run.complete(13));
    expect([error.rule, error.stage, error.field, error.message]).toEqual(['stageOrder', 13, 'step', 'stage 13 needs stage 12 finished first']);
    expect(refusal(() => run.act({ type: 'start', step: 13 })).rule).toBe('stageOrder');
    run.complete(12);
    run.complete(13);
    expect(status(run.plan, 13)).toBe('done');
  });

  test('stage 12 itself needs 9 and 11', () => {
    const run = new PlanRun();
    run.completeAll([1, 3, 4, 6, 7, 8]);
    expect(refusal(() => run.complete(12)).message).toBe('stage 12 needs stage 9 and stage 11 finished first');
  });
});

describe('rule 6: UPGRADE_STAGES', () => {
  test('no Day of Upgrade stage starts before stage 16 confirms the slot', () => {
    const run = throughValidation();
    run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
    run.completeAll([14, 15]);
    for (let n = 17; n <= 28; n += 1) {
      const actor = UPGRADE_STAGES[n - 1]!.roles.includes('Customer') ? CUSTOMER : ENGINEER;
      const error = refusal(() => run.act(n === 24 ? { type: 'decide', step: n, outcome: 'Go' } : { type: 'start', step: n }, actor));
      expect([n, error.rule, error.field]).toEqual([n, 'stageOrder', 'step']);
    }
    expect(refusal(() => run.complete(17)).message).toBe('stage 17 needs stage 16 finished first');
    expect(refusal(() => run.complete(16, {}, PM)).rule).toBe('agreementRequired');
  });

  test('17 and 18 in either order, then 19, 20 (backups), 21, 22, 23, 24', () => {
    const run = throughSlot();
    expect(refusal(() => run.complete(19)).message).toBe('stage 19 needs stage 17 and stage 18 finished first');
    run.complete(18);
    expect(refusal(() => run.complete(19)).message).toBe('stage 19 needs stage 17 finished first');
    run.complete(17);
    expect(refusal(() => run.complete(20)).message).toBe('stage 20 needs stage 19 finished first');
    expect(refusal(() => run.backup('PROD MAIN')).message).toBe('stage 20 needs stage 19 finished first: the customer has not said the upgrade can proceed');
    run.complete(19);
    expect(refusal(() => run.complete(21)).message).toBe('stage 21 needs stage 20 finished first');
    run.act({ type: 'start', step: 20 }, ENGINEER);
    run.backup('PROD MAIN');
    run.backup('PROD TEST');
    run.completeAll([20, 21]);
    expect(refusal(() => run.complete(23)).message).toBe('stage 23 needs stage 22 finished first');
    run.completeAll([22, 23]);
    expect(refusal(() => run.complete(25)).message).toBe('stage 25 needs stage 24 finished first');
  });

});

describe('rule 6: backupBeforeProdUpgrade', () => {
  test('stage 20 needs a backup of PROD MAIN and of PROD TEST', () => {
    const run = throughSlot();
    run.completeAll([17, 18, 19]);
    const none = refusal(() => run.complete(20));
    expect([none.rule, none.stage, none.field]).toEqual(['backupBeforeProdUpgrade', 20, 'backups']);
    expect(none.message).toBe('stage 20 needs its backups: no backup recorded for PROD MAIN and PROD TEST');
    run.backup('PROD MAIN');
    expect(refusal(() => run.complete(20)).message).toBe('stage 20 needs its backups: no backup recorded for PROD TEST');
    // Recording a backup again replaces this attempt's one.
    run.backup('PROD MAIN', 'bk-main-second');
    expect(run.plan.facts.backups.filter((b) => b.instance === 'PROD MAIN')).toHaveLength(1);
    expect(run.audit.at(-1)).toMatchObject({ action: 'record backup', step: 20, before: { reference: 'bk-PROD-MAIN-1' }, after: { reference: 'bk-main-second' } });
    run.backup('PROD TEST');
    run.complete(20);
    expect(refusal(() => run.backup('PROD TEST')).message).toBe('stage 20 is done: reopen it to record another backup');
  });

  test('"stage 21 needs stage 20: no backup recorded for PROD TEST"', () => {
    // The engine's own path cannot mark 20 done without both backups; a stored plan whose stage 20
    // was marked done without the PROD TEST backup (e.g. recorded before backups were kept per instance) can.
    const run = throughSlot();
    run.completeAll([17, 18, 19]);
    run.backup('PROD MAIN');
    run.backup('PROD TEST');
    run.complete(20);
    const stored: UpgradePlan = { ...run.plan, facts: { ...run.plan.facts, backups: run.plan.facts.backups.filter((b) => b.instance !== 'PROD TEST') } };
    const before = structuredClone(stored);
    for (const type of ['start', 'complete'] as const) {
      const error = refusal(() => actOnStage(stored, signedFor(stored, { type, step: 21 }, ENGINEER), ENGINEER, T0));
      expect(error.message).toBe('stage 21 needs stage 20: no backup recorded for PROD TEST');
      expect([error.rule, error.stage, error.field]).toEqual(['backupBeforeProdUpgrade', 21, 'backups']);
    }
    expect(stored).toStrictEqual(before);
    const input: RuleInput<UpgradeFacts> = { playbook: UPGRADE_PLAYBOOK, plan: stored, after: stored, action: { type: 'start', step: 21 }, step: UPGRADE_STAGES[20]!, actor: ENGINEER, now: T0 };
    expect(backupBeforeProdUpgrade.check(input)?.message).toBe('stage 21 needs stage 20: no backup recorded for PROD TEST');
    expect(backupBeforeProdUpgrade.check({ ...input, plan: run.plan })).toBeUndefined();
    expect(backupBeforeProdUpgrade.check({ ...input, action: { type: 'block', step: 21, reason: 'r' } })).toBeUndefined();
  });

  test('backups of an earlier attempt do not count for the next one', () => {
    const run = throughFinalTest();
    run.decide('No-Go', 'QC failed on the dosing dashboard');
    run.restore();
    throughSlot(run, SLOT_2);
    run.completeAll([17, 18, 19]);
    expect(run.plan.facts.backups).toHaveLength(2);
    expect(refusal(() => run.complete(20)).message).toBe('stage 20 needs its backups: no backup recorded for PROD MAIN and PROD TEST');
  });

});

describe('rule 6: slotProposedFromPreferredSlots', () => {
  const ready = () => {
    const run = throughValidation();
    run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
    run.completeAll([14, 15]);
    return run;
  };

  test('the PM proposes one of the customer\'s preferred slots: stage 16 is under way, the customer is asked on the PROD request', () => {
    const run = ready();
    const proposed = run.proposeSlot('2027-03-01T09:00:00+01:00');
    expect(run.status(16)).toBe('in progress');
    expect(run.plan.steps[15]!.proposal).toEqual({ value: '2027-03-01T09:00:00+01:00', proposedBy: PM.accountId, proposedAt: T0.toISOString(), reason: null, declined: null, agreed: null });
    expect(run.plan.facts.slot).toBeNull();
    expect(proposed.notices).toEqual([{ type: 'comment', ticketKey: 'FHSD-13', visibility: 'customer', text: 'IQVIA proposes the upgrade slot 2027-03-01 08:00 UTC (one of your preferred slots). Please agree to it, or decline it with a reason, on this request in the portal.' }]);
    expect(proposed.entry).toMatchObject({ action: 'propose', step: 16, actor: { accountId: PM.accountId, role: 'IQVIA PM' } });
  });

  test('another slot only with the reason none of the preferred ones fits, which the customer reads', () => {
    const run = ready();
    const other = '2027-03-08T08:00:00.000Z';
    const refused = refusal(() => run.proposeSlot(other));
    expect([refused.rule, refused.field]).toEqual(['slotProposedFromPreferredSlots', 'reason']);
    expect(refused.message).toBe(`stage 16: ${other} is none of the customer's preferred slots (the customer asked for ${SLOT_1}, ${SLOT_2}): say why none of them fits`);
    const proposed = run.proposeSlot(other, 'the engineer is on leave on both preferred dates');
    expect(proposed.notices[0]).toMatchObject({ text: expect.stringContaining('(none of your preferred slots fits: the engineer is on leave on both preferred dates)') });
  });

  test('a slot in the past, or not a date, is refused naming the value; the PM alone proposes; stage 16 is never ticked nor skipped', () => {
    const run = ready();
    expect([refusal(() => run.proposeSlot('2026-01-01T08:00:00Z', 'late')).rule, refusal(() => run.proposeSlot('2026-01-01T08:00:00Z', 'late')).field]).toEqual(['slotInFuture', 'value']);
    expect(refusal(() => run.proposeSlot('next Tuesday', 'vague')).rule).toBe('slotFormat');
    expect(refusal(() => run.proposeSlot(SLOT_1, undefined, CUSTOMER)).rule).toBe('stageOwnership');
    expect(refusal(() => run.complete(16, {}, PM)).rule).toBe('agreementRequired');
    expect(refusal(() => run.complete(16, { reason: 'customer agreed by phone' }, ADMIN)).rule).toBe('agreementRequired');
    expect(refusal(() => run.act({ type: 'skip', step: 16, reason: 'no time' }, PM)).rule).toBe('stageRequired');
  });

  test('stage 16 is proposed only once 14 and 15 are finished', () => {
    const run = throughValidation();
    run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
    expect(refusal(() => run.proposeSlot(SLOT_1)).message).toBe('stage 16 needs stage 14 and stage 15 finished first');
  });
});

describe('rule 6: slotAgreedBeforeItStarts', () => {
  const proposed = () => {
    const run = throughValidation();
    run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
    run.completeAll([14, 15]);
    run.proposeSlot(SLOT_1);
    return run;
  };

  test('the customer agrees: the slot is confirmed with who agreed and who proposed, stage 16 done, the Day of Upgrade open', () => {
    const run = proposed().tick(60);
    const agreed = run.agreeSlot();
    expect(run.status(16)).toBe('done');
    expect(run.plan.facts.slot).toEqual({ start: SLOT_1, confirmedBy: CUSTOMER.accountId, confirmedAt: run.now.toISOString(), proposedBy: PM.accountId });
    expect(run.plan.steps[15]).toMatchObject({ completedBy: CUSTOMER.accountId, proposal: { agreed: { by: CUSTOMER.accountId, at: run.now.toISOString() } } });
    expect(agreed.entry).toMatchObject({ action: 'agree', step: 16, actor: { accountId: CUSTOMER.accountId, role: 'Customer' } });
    expect(agreed.notices).toEqual([
      { type: 'comment', ticketKey: 'FHSD-13', visibility: 'customer', text: 'The upgrade slot is confirmed: 2027-03-01 08:00 UTC, as you agreed.' },
      { type: 'comment', ticketKey: 'FHSD-13', visibility: 'internal', sender: 'IQVIA PM', text: "The customer agreed to the slot 2027-03-01 08:00 UTC: schedule it in the IQVIA engineer's agenda (and the wider implementation team's if needed)." },
    ]);
    run.complete(17);
  });

  test('the customer declines with a reason: the proposal goes back to the PM, who proposes again; nothing is confirmed', () => {
    const run = proposed();
    expect(refusal(() => run.declineSlot('  ')).rule).toBe('reasonRequired');
    const declined = run.declineSlot('our site is closed that week');
    expect(run.status(16)).toBe('in progress');
    expect(run.plan.facts.slot).toBeNull();
    expect(run.plan.steps[15]!.proposal?.declined).toEqual({ by: CUSTOMER.accountId, at: T0.toISOString(), reason: 'our site is closed that week' });
    expect(declined.notices).toEqual([{ type: 'comment', ticketKey: 'FHSD-13', visibility: 'customer', text: 'The proposed upgrade slot 2027-03-01 08:00 UTC is declined: our site is closed that week. The IQVIA PM will propose another.' }]);
    expect(refusal(() => run.agreeSlot()).rule).toBe('proposalPending');
    expect(refusal(() => run.complete(17)).rule).toBe('stageOrder');
    run.proposeSlot(SLOT_2);
    run.agreeSlot();
    expect(run.plan.facts.slot?.start).toBe(SLOT_2);
  });

  test('only the customer answers (no PM, no admin override); nothing to answer before a proposal; a slot that has started is not agreed', () => {
    const run = throughValidation();
    run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
    run.completeAll([14, 15]);
    expect(refusal(() => run.agreeSlot()).rule).toBe('proposalPending');
    run.proposeSlot(SLOT_1);
    expect(refusal(() => run.agreeSlot(PM)).rule).toBe('stageOwnership');
    expect(refusal(() => run.act({ type: 'agree', step: 16, reason: 'the customer said yes' }, ADMIN)).rule).toBe('stageOwnership');
    expect(refusal(() => run.act({ type: 'agree', step: 15 }, CUSTOMER)).rule).toBe('stageOwnership');
    run.at('2027-03-01T08:30:00Z');
    expect(refusal(() => run.agreeSlot()).rule).toBe('slotAgreedBeforeItStarts');
    run.declineSlot('the slot has passed');
  });

  test('reopening stage 16 frees the slot and forgets the proposal; the next attempt proposes again', () => {
    const run = proposed();
    run.agreeSlot();
    run.act({ type: 'reopen', step: 16, reason: 'the customer asked to move it' }, PM);
    expect(run.plan.facts.slot).toBeNull();
    expect(run.plan.steps[15]!.proposal).toBeNull();
    expect(refusal(() => run.agreeSlot()).rule).toBe('proposalPending');
  });
});

describe('rule 7: NO_GO_OPTION', () => {
  test('stage 24 is a decision, not a tick; the outcome is Go or No-Go', () => {
    const run = throughFinalTest();
    const tick = refusal(() => run.complete(24));
    expect([tick.rule, tick.field, tick.stage]).toEqual(['decisionNotTick', 'type', 24]);
    expect(refusal(() => run.decide('Maybe')).field).toBe('outcome');
    expect(refusal(() => run.act({ type: 'skip', step: 24, reason: 'r' }, CUSTOMER)).rule).toBe('stageRequired');
    expect(refusal(() => run.act({ type: 'decide', step: 23, outcome: 'Go' }, CUSTOMER)).rule).toBe('decisionNotTick');
    expect(refusal(() => run.decide('Go', undefined, ENGINEER)).rule).toBe('stageOwnership');
  });

  test('the Go/No-Go is taken by the named decision makers only: another customer user is refused, naming them; the entry records who decided', () => {
    const run = throughFinalTest();
    const colleague: Actor = { accountId: 'acc-customer-2', roles: ['Customer'], decisionMakers: ['acc-customer', 'acc-sponsor'] };
    const before = structuredClone(run.plan);
    const refused = refusal(() => run.decide('Go', undefined, colleague));
    expect([refused.rule, refused.field, refused.stage, refused.message]).toEqual([
      'decisionMakers',
      'actor',
      24,
      "stage 24: the decision is taken by the organization's decision makers only: acc-customer, acc-sponsor",
    ]);
    expect(refusal(() => run.decide('No-Go', 'QC failed', colleague)).rule).toBe('decisionMakers');
    expect(run.plan).toStrictEqual(before);
    expect(availableActions(UPGRADE_PLAYBOOK, run.plan, colleague, run.now).find((s) => s.step === 24)!.actions.filter((a) => a.type === 'decide').map((a) => a.refusal?.rule)).toEqual(['decisionMakers', 'decisionMakers']);
    // Nobody named yet: refused all the same, saying so.
    expect(refusal(() => run.decide('Go', undefined, { ...CUSTOMER, decisionMakers: [] })).message).toContain('none is named yet');

    const sponsor: Actor = { accountId: 'acc-sponsor', roles: ['Customer'], decisionMakers: ['acc-customer', 'acc-sponsor'] };
    const go = run.decide('Go', undefined, sponsor);
    expect(go.entry).toMatchObject({ action: 'decide Go', actor: { accountId: 'acc-sponsor', role: 'Customer' }, after: { outcome: 'Go', decidedBy: 'acc-sponsor' } });
    expect(stateOf(run.plan, 24)).toMatchObject({ outcome: 'Go', completedBy: 'acc-sponsor' });
  });

  test('an app admin outside the decision makers takes the decision only with a reason, recorded as an override', () => {
    const run = throughFinalTest();
    const adminCustomer: Actor = { accountId: 'acc-admin-c', roles: ['Customer'], admin: true, decisionMakers: ['acc-customer'] };
    expect(refusal(() => run.decide('Go', undefined, adminCustomer)).rule).toBe('decisionMakers');
    const go = run.decide('Go', 'the sponsor asked by phone', adminCustomer);
    expect(go.entry).toMatchObject({ actor: { accountId: 'acc-admin-c', role: ADMIN_OVERRIDE_ROLE }, reason: 'the sponsor asked by phone', after: { decidedBy: 'acc-admin-c' } });
  });

  test('Go opens 25–28', () => {
    const run = throughFinalTest();
    const go = run.decide('Go');
    expect(stateOf(run.plan, 24)).toMatchObject({ status: 'done', outcome: 'Go', completedBy: CUSTOMER.accountId });
    expect(go.entry).toMatchObject({ action: 'decide Go', step: 24, attempt: 1, after: { status: 'done', outcome: 'Go' } });
    expect(go.notices).toEqual([{ type: 'comment', ticketKey: 'FHSD-13', visibility: 'customer', text: 'Go: the IQVIA engineer now upgrades PROD TEST to 25.2.' }]);
    run.completeAll([25, 26, 27, 28]);
    expect(summarizeUpgradePlan(run.plan, STANDARD_CALENDAR, T0)).toMatchObject({ phase: 'Complete', decision: 'Go', done: 28, attempt: 1 });
    expect(run.plan.attempts).toEqual([]);
    expect(run.plan.facts.rollbacks).toEqual([]);
  });

  test('No-Go needs a reason', () => {
    const run = throughFinalTest();
    for (const reason of [undefined, '', '   ']) {
      const error = refusal(() => run.decide('No-Go', reason));
      expect([error.rule, error.field, error.stage]).toEqual(['reasonRequired', 'reason', 24]);
    }
  });

  test('No-Go opens the engineer\'s restore; once confirmed, the rollback is recorded and the plan returns to Prep for Upgrade; nothing is lost', () => {
    const run = throughFinalTest();
    const beforeDecision = structuredClone(run.plan);
    run.tick(60);
    const noGo = run.decide('No-Go', '  QC failed on the dosing dashboard ');
    const decidedAt = run.now.toISOString();
    expect(noGo.notices).toEqual([
      {
        type: 'comment',
        ticketKey: 'FHSD-13',
        visibility: 'customer',
        text: 'No-Go recorded. The IQVIA engineer is now restoring PROD MAIN to 24.1 from the backup taken before the upgrade (expected to take under an hour). You will be told here when the restore is done; a new upgrade slot is then agreed with you.',
      },
    ]);
    // The decision opens the restore: nothing is rolled back or restarted yet, and stage 25 stays closed.
    expect(run.plan.facts.restore).toEqual({ attempt: 1, instance: 'PROD MAIN', backupVersion: '24.1', backupReference: 'bk-PROD-MAIN-1', decidedAt, decidedBy: CUSTOMER.accountId, reason: 'QC failed on the dosing dashboard' });
    expect(run.plan.facts.rollbacks).toEqual([]);
    expect(run.plan.attempt).toBe(1);
    expect(stateOf(run.plan, 24)).toMatchObject({ status: 'done', outcome: 'No-Go' });
    expect(refusal(() => run.act({ type: 'start', step: 25 }, ENGINEER)).rule).toBe('followUpPending');
    expect(refusal(() => run.act({ type: 'reopen', step: 24, reason: 'changed our mind' }, CUSTOMER)).rule).toBe('followUpPending');
    expect(noGo.entry).toMatchObject({ action: 'decide No-Go', step: 24, attempt: 1, reason: 'QC failed on the dosing dashboard', after: { status: 'done', outcome: 'No-Go' } });

    const restored = run.restore(45, { note: 'Restored from the pre-upgrade snapshot' });
    const plan = run.plan;
    expect(plan.facts.restore).toBeNull();
    expect(plan.facts.rollbacks).toEqual([
      {
        attempt: 1,
        instance: 'PROD MAIN',
        restoredVersion: '24.1',
        backupReference: 'bk-PROD-MAIN-1',
        at: run.now.toISOString(),
        by: ENGINEER.accountId,
        reason: 'QC failed on the dosing dashboard',
        decidedAt,
        decidedBy: CUSTOMER.accountId,
        startedAt: new Date(Date.parse(decidedAt) + 5 * 60_000).toISOString(),
        endedAt: new Date(Date.parse(decidedAt) + 50 * 60_000).toISOString(),
        minutes: 45,
        overAnHour: false,
        note: 'Restored from the pre-upgrade snapshot',
      },
    ]);
    expect(restored.notices).toEqual([
      { type: 'comment', ticketKey: 'FHSD-13', visibility: 'customer', text: `The restore is done (${decidedAt.slice(0, 10)} ${new Date(Date.parse(decidedAt) + 50 * 60_000).toISOString().slice(11, 16)} UTC): PROD MAIN runs 24.1 again. The plan is back in Prep for Upgrade: a new upgrade slot is to be agreed with you.` },
    ]);
    expect(plan.attempt).toBe(2);
    expect(plan.facts.slot).toBeNull();
    for (const n of [14, 16, 17, 18, 19, 20, 21, 22, 23, 24]) expect(stateOf(plan, n)).toMatchObject({ status: 'todo', completedBy: null, completedAt: null, outcome: null });
    for (let n = 1; n <= 13; n += 1) expect(stateOf(plan, n)).toStrictEqual(stateOf(beforeDecision, n));
    expect(stateOf(plan, 15)).toStrictEqual(stateOf(beforeDecision, 15));
    expect(plan.facts.backups).toEqual(beforeDecision.facts.backups);

    expect(plan.attempts).toHaveLength(1);
    const archived = plan.attempts[0]!;
    // The attempt ended with the decision; it restarts with the restore.
    expect(archived).toMatchObject({ attempt: 1, outcome: 'No-Go', reason: 'QC failed on the dosing dashboard', endedBy: CUSTOMER.accountId, endedAt: decidedAt });
    expect(archived.restartedSteps).toEqual([14, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    // Archived as what the No-Go changed: the restarted stages as they were; the others were not touched.
    expect(archived.steps.map((s) => s.number)).toEqual([14, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    for (const s of archived.steps.slice(0, -1)) expect(s).toStrictEqual(stateOf(beforeDecision, s.number));
    expect(archived.steps.at(-1)).toMatchObject({ status: 'done', outcome: 'No-Go', reason: 'QC failed on the dosing dashboard' });

    expect(restored.entry).toMatchObject({
      action: 'record restore',
      step: 24,
      attempt: 1,
      actor: { accountId: ENGINEER.accountId, role: 'IQVIA Engineer' },
      after: { restoredVersion: '24.1', minutes: 45, overAnHour: false, restartedStages: [14, 16, 17, 18, 19, 20, 21, 22, 23, 24], newAttempt: 2 },
    });
    expect(summarizeUpgradePlan(plan, STANDARD_CALENDAR, run.now)).toMatchObject({ phase: 'Prep for Upgrade', decision: 'No-Go', attempt: 2, slot: null });
    expect(refusal(() => run.complete(17)).rule).toBe('stageOrder');
  });

});

describe('rule 7: noGoRestoresBackup', () => {
  test('without this attempt\'s PROD MAIN backup there is nothing to restore', () => {
    const run = throughFinalTest();
    const stored: UpgradePlan = { ...run.plan, facts: { ...run.plan.facts, backups: run.plan.facts.backups.filter((b) => b.instance !== 'PROD MAIN') } };
    const error = refusal(() => actOnStage(stored, signedFor(stored, { type: 'decide', step: 24, outcome: 'No-Go', reason: 'r' }, CUSTOMER), CUSTOMER, T0));
    expect([error.rule, error.message, error.field]).toEqual(['noGoRestoresBackup', 'No-Go needs the stage 20 backup of PROD MAIN to restore', 'backups']);
    const input: RuleInput<UpgradeFacts> = { playbook: UPGRADE_PLAYBOOK, plan: stored, after: stored, action: { type: 'decide', step: 24, outcome: 'Go' }, step: UPGRADE_STAGES[23]!, actor: CUSTOMER, now: T0 };
    expect(noGoRestoresBackup.check(input)).toBeUndefined();
  });
});

describe('rule 8: upgradeAnnouncements', () => {
  test('stages 3, 7, 16, 22 and 26 speak to the customer; 7 and 28 close tickets; the others say nothing', () => {
    const run = new PlanRun();
    const said = new Map<number, unknown>();
    const record = (n: number, notices: readonly unknown[]) => said.set(n, notices);
    for (const n of [1, 3, 4, 6, 7, 8, 9, 10, 11, 12]) record(n, run.complete(n).notices);
    run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
    for (const n of [14, 15]) record(n, run.complete(n).notices);
    record(16, run.confirmSlot(SLOT_1).notices);
    for (const n of [17, 18, 19]) record(n, run.complete(n).notices);
    run.backup('PROD MAIN');
    run.backup('PROD TEST');
    for (const n of [20, 21, 22, 23]) record(n, run.complete(n).notices);
    record(24, run.decide('Go').notices);
    for (const n of [25, 26, 27, 28]) record(n, run.complete(n).notices);

    const comment = (ticketKey: string, text: string) => ({ type: 'comment', ticketKey, visibility: 'customer', text });
    expect(said.get(3)).toEqual([
      comment('FHSD-1', 'Reports/Dashboards and all other configuration items and integrations are NOT part of the regular ClinSpark release testing process: they need your special attention during testing / validation of 25.2.'),
    ]);
    expect(said.get(7)).toEqual([
      comment('FHSD-1', 'Your VAL environment is ready. Please raise separate Service Desk tickets for any issues or questions arising during validation.'),
      { type: 'closeTicket', ticketKey: 'FHSD-1' },
    ]);
    expect(said.get(16)).toEqual([comment('FHSD-13', 'The upgrade slot is confirmed: 2027-03-01 08:00 UTC, as you agreed.'), expect.objectContaining({ visibility: 'internal', sender: 'IQVIA PM' })]);
    expect(said.get(22)).toEqual([comment('FHSD-13', 'PROD MAIN is upgraded to 25.2.')]);
    expect(said.get(26)).toEqual([comment('FHSD-13', 'PROD TEST is upgraded to 25.2.')]);
    expect(said.get(28)).toEqual([{ type: 'closeTicket', ticketKey: 'FHSD-13' }]);
    for (const n of [1, 6, 8, 9, 10, 11, 12, 14, 15, 17, 18, 19, 20, 21, 23, 25, 27]) expect([n, said.get(n)]).toEqual([n, []]);
  });

  test('notices speak only on completion: starting, blocking or skipping a stage says nothing', () => {
    const run = new PlanRun();
    expect(run.act({ type: 'start', step: 3 }).notices).toEqual([]);
    expect(run.act({ type: 'block', step: 3, reason: 'waiting for the release notes' }).notices).toEqual([]);
    expect(run.act({ type: 'skip', step: 3, reason: 'already told in the kick-off' }).notices).toEqual([]);
  });

  test('with only the intent ticket, early notices go to it; stage 7 closes no ticket it does not have', () => {
    const run = new PlanRun(request({ ticket: { key: 'FHSD-7', kind: 'intent' } }));
    expect(run.complete(3).notices[0]).toMatchObject({ ticketKey: 'FHSD-7' });
    run.attach('FHSD-8', 'valRequest', { instances: ['VAL'], configuration: { mode: 'synchronise-latest' }, targetVersion: '25.2' });
    run.completeAll([1, 4, 6]);
    expect(run.complete(7).notices).toEqual([
      expect.objectContaining({ type: 'comment', ticketKey: 'FHSD-8' }),
      { type: 'closeTicket', ticketKey: 'FHSD-8' },
    ]);
  });
});

describe('rule 9: upgradeDueDates', () => {
  const HOLIDAYS: WorkingCalendar = { workingWeekdays: [1, 2, 3, 4, 5], holidays: ['2026-11-26', '2026-12-25', '2027-01-01'] };
  const phaseDue = (due: ReadonlyMap<number, string | null>, stages: readonly number[]) => [...new Set(stages.map((n) => due.get(n)))];
  const bases = (plan: UpgradePlan) => UPGRADE.schedule(plan, STANDARD_CALENDAR).map((p) => `${p.end ?? '-'} ${p.basis}`);
  const PREP = 'prep-for-upgrade';
  const planPrep = (run: PlanRun, end: string, actor: Actor = PM) => planPhaseEnd(UPGRADE_PLAYBOOK, run.plan, { phase: PREP, end }, actor, run.now, STANDARD_CALENDAR, upgradeSlotOf(run.plan)?.start ?? null);

  test('nothing finished: phases chain from the plan\'s creation in working days; Prep for Upgrade is to be agreed (no invented length); the Day of Upgrade waits for the slot', () => {
    const run = new PlanRun(); // created Monday 2026-11-23
    const due = upgradeDueDates(run.plan, STANDARD_CALENDAR);
    expect(phaseDue(due, [1, 3, 4, 6, 7])).toEqual(['2026-12-07']); // 10 working days, two weekends
    expect(phaseDue(due, [2, 5])).toEqual([null]); // done by the request itself: finished steps carry no due date
    expect(phaseDue(due, [8, 9, 10, 11, 12])).toEqual(['2027-03-08']); // 65 working days = 13 weeks
    expect(phaseDue(due, [13, 14, 15, 16])).toEqual([null]);
    expect(phaseDue(due, [17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28])).toEqual([null]);
    expect(bases(run.plan)).toEqual(['2026-12-07 length', '2027-03-08 length', '- to be agreed', '- slot']);
  });

  test('a phase is planned from when the phase before it actually finished', () => {
    const run = new PlanRun();
    run.at('2026-11-25T10:00:00Z').completeAll([1, 3, 4, 6, 7]);
    expect(bases(run.plan).slice(0, 2)).toEqual(['2026-11-25 finished', '2027-02-24 length']); // 65 working days from Wednesday 25 November
    expect(phaseDue(upgradeDueDates(run.plan, STANDARD_CALENDAR), [1, 2, 3, 4, 5, 6, 7])).toEqual([null]);
    run.at('2027-01-15T16:00:00Z').completeAll([8, 9, 10, 11, 12]);
    expect(UPGRADE.schedule(run.plan, STANDARD_CALENDAR)[2]).toMatchObject({ phase: PREP, from: '2027-01-15', end: null, basis: 'to be agreed' });
  });

  test('holidays are not working days', () => {
    const run = new PlanRun();
    const due = upgradeDueDates(run.plan, HOLIDAYS);
    expect(due.get(1)).toBe('2026-12-08'); // Thanksgiving 2026-11-26 skipped
    expect(due.get(8)).toBe('2027-03-11'); // Christmas and New Year's Day skipped
    expect(due.get(13)).toBeNull();
  });

  test('a plan created on a weekend counts from the next working day', () => {
    const run = new PlanRun(request(), context(), new Date('2026-11-28T10:00:00Z')); // Saturday
    expect(upgradeDueDates(run.plan, STANDARD_CALENDAR).get(1)).toBe('2026-12-11');
  });

  test('the PM sets the end of Prep for Upgrade: refused before Validation\'s end, then its open stages are due that day', () => {
    const run = new PlanRun();
    expect(refusal(() => planPrep(run, '2027-03-05'))).toMatchObject({ rule: 'phaseEndAfterPrevious', field: 'end', message: expect.stringContaining('Validation is planned to end on 2027-03-08') });
    expect(refusal(() => planPrep(run, '2027-03-12', ENGINEER))).toMatchObject({ rule: 'phasePlannedBy', field: 'actor' });
    expect(refusal(() => planPhaseEnd(UPGRADE_PLAYBOOK, run.plan, { phase: 'validation', end: '2027-03-12' }, PM, run.now, STANDARD_CALENDAR, null))).toMatchObject({ rule: 'phaseLengthAgreed', field: 'phase' });
    const planned = planPrep(run, '2027-03-12');
    expect(planned.entry).toMatchObject({ action: 'plan phase end', actor: { accountId: PM.accountId, role: 'IQVIA PM' }, after: { phase: PREP, end: '2027-03-12' } });
    expect(phaseDue(upgradeDueDates(planned.plan, STANDARD_CALENDAR), [13, 14, 15, 16])).toEqual(['2027-03-12']);
  });

  test('once the slot is proposed, the open stages before the Day of Upgrade are due the working day before it, and the Day of Upgrade on it', () => {
    const run = throughValidation();
    run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
    run.completeAll([14, 15]);
    run.proposeSlot(SLOT_1); // Monday 2027-03-01
    let due = upgradeDueDates(run.plan, STANDARD_CALENDAR);
    expect(upgradeSlotOf(run.plan)?.start).toBe(SLOT_1);
    expect(due.get(16)).toBe('2027-02-26'); // the Friday before
    expect(phaseDue(due, [13, 14, 15])).toEqual([null]);
    expect(phaseDue(due, [17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28])).toEqual(['2027-03-01']);
    run.declineSlot('the site is closed that week');
    due = upgradeDueDates(run.plan, STANDARD_CALENDAR);
    expect([due.get(16), due.get(17)]).toEqual([null, null]);
    run.tick().proposeSlot(SLOT_2);
    run.agreeSlot();
    due = upgradeDueDates(run.plan, STANDARD_CALENDAR);
    expect(due.get(16)).toBeNull();
    expect(phaseDue(due, [17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28])).toEqual(['2027-04-05']);
  });

  test('the slot brings the PM\'s later end of Prep for Upgrade forward, and a PM\'s end on or after the slot is refused', () => {
    const run = throughValidation();
    run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
    run.at('2026-11-24T09:00:00Z');
    const planned = planPrep(run, '2027-03-19');
    const plan = { ...planned.plan, steps: planned.plan.steps.map((s) => (s.number === 16 ? { ...s, status: 'in progress' as const, proposal: { value: SLOT_1, proposedBy: PM.accountId, proposedAt: run.now.toISOString(), reason: null, declined: null, agreed: null } } : s)) };
    expect(phaseDue(upgradeDueDates(plan, STANDARD_CALENDAR), [14, 15, 16])).toEqual(['2027-02-26']);
    expect(refusal(() => planPhaseEnd(UPGRADE_PLAYBOOK, plan, { phase: PREP, end: '2027-03-01' }, PM, run.now, STANDARD_CALENDAR, upgradeSlotOf(plan)?.start ?? null))).toMatchObject({ rule: 'phaseEndBeforeSlot', field: 'end' });
  });

  test('overdue: unfinished stages past their due date (the due date itself is not overdue); finished ones never; a date to be agreed never', () => {
    const run = new PlanRun();
    run.complete(1);
    const at = (iso: string) => summarizeUpgradePlan(run.plan, STANDARD_CALENDAR, new Date(iso)).overdue;
    expect(at('2026-12-07T23:59:00Z')).toBe(0);
    expect(at('2026-12-08T00:00:00Z')).toBe(4); // 3, 4, 6, 7 (1, 2 and 5 are done)
    expect(summarizeUpgradePlan(run.plan, HOLIDAYS, new Date('2026-12-08T12:00:00Z')).overdue).toBe(0);
    expect(at('2027-03-09T00:00:00Z')).toBe(4 + 5);
    expect(at('2030-01-01T00:00:00Z')).toBe(4 + 5); // Prep for Upgrade is to be agreed, the Day of Upgrade has no slot yet
    run.act({ type: 'skip', step: 3, reason: 'told in the kick-off' });
    expect(at('2026-12-08T00:00:00Z')).toBe(3);
  });

  test('the Day of Upgrade is overdue the day after the slot', () => {
    const run = throughSlot();
    const overdue = (iso: string) => summarizeUpgradePlan(run.plan, STANDARD_CALENDAR, new Date(iso)).overdue;
    expect(overdue('2027-03-01T20:00:00Z')).toBe(0);
    expect(overdue('2027-03-02T08:00:00Z')).toBe(12);
  });

  test('after a No-Go the restarted stages wait for a new end of Prep for Upgrade or a new slot; the PM\'s end of the first attempt no longer counts', () => {
    const run = throughValidation();
    run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
    run.at('2026-11-24T09:00:00Z');
    run.accept(planPrep(run, '2027-02-19'));
    throughFinalTest(throughSlot(run));
    run.at('2027-03-01T15:00:00Z').decide('No-Go', 'QC failed');
    run.restore();
    let due = upgradeDueDates(run.plan, STANDARD_CALENDAR);
    expect(phaseDue(due, [14, 16])).toEqual([null]);
    expect(phaseDue(due, [13, 15])).toEqual([null]); // not restarted: finished
    expect(phaseDue(due, [17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28])).toEqual([null]);
    expect(bases(run.plan)[2]).toBe('- to be agreed');
    expect(summarizeUpgradePlan(run.plan, STANDARD_CALENDAR, new Date('2027-06-01T00:00:00Z')).overdue).toBe(0);
    expect(refusal(() => planPrep(run, '2027-02-26'))).toMatchObject({ rule: 'phaseEndDay', field: 'end' });
    run.accept(planPrep(run, '2027-03-12'));
    expect(phaseDue(upgradeDueDates(run.plan, STANDARD_CALENDAR), [14, 16])).toEqual(['2027-03-12']);

    throughSlot(run.tick(), SLOT_2);
    due = upgradeDueDates(run.plan, STANDARD_CALENDAR);
    expect(phaseDue(due, [17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28])).toEqual(['2027-04-05']);
    expect(addWorkingDays('2027-04-05', -1, STANDARD_CALENDAR)).toBe('2027-04-02');
  });
});

describe('rule 5: applyTicketStatus', () => {
  test('a ticket resolved by the stage\'s owner and the stage its status completes are one write, named after that person', () => {
    const run = new PlanRun();
    run.completeAll([1, 3, 4, 6]);
    const moved = run.ticketMoved('FHSD-1', 'Done', true, 7, PM);
    expect(moved.entries.map((e) => [e.seq, e.action, e.step, e.actor.accountId, e.actor.role, e.reason])).toEqual([
      [6, 'ticket resolved', null, PM.accountId, 'App', null],
      [7, 'complete', 7, PM.accountId, 'IQVIA PM', 'FHSD-1 moved to Done in Jira'],
    ]);
    expect(moved.plan.revision).toBe(7);
    expect(moved.plan.facts.tickets[0]).toMatchObject({ resolved: true, status: 'Done', changelogId: 1, movedBy: PM.accountId });
    expect(status(moved.plan, 7)).toBe('done');
    expect(stateOf(moved.plan, 7).completedBy).toBe(PM.accountId);
    // The VAL request is resolved in Jira already: the app does not close it again.
    expect(moved.notices.map((n) => n.type)).toEqual(['comment']);
  });

  test('resolved by someone without the stage\'s role: the resolution is kept, the stage waits, the PM is told who', () => {
    const run = new PlanRun();
    run.completeAll([1, 3, 4, 6]);
    const moved = run.ticketMoved('FHSD-1', 'Done', true, 7, CUSTOMER);
    expect(moved.entries.map((e) => [e.action, e.actor.accountId])).toEqual([['ticket resolved', CUSTOMER.accountId]]);
    expect(status(moved.plan, 7)).toBe('todo');
    expect(moved.plan.facts.tickets[0]!.resolved).toBe(true);
    expect(moved.notices).toEqual([
      { type: 'comment', ticketKey: 'FHSD-1', visibility: 'internal', sender: 'IQVIA PM', text: 'FHSD-1 was moved to Done in Jira by acc-customer, but stage 7 is not completed: acc-customer does not hold IQVIA PM. The stage waits for its owner.' },
    ]);
    // An app admin is no exception: the shortcut is the stage owner's.
    const admin = new PlanRun();
    admin.completeAll([1, 3, 4, 6]);
    expect(status(admin.ticketMoved('FHSD-1', 'Done', true, 7, ADMIN).plan, 7)).toBe('todo');
  });

  test('a stage the rules refuse stays as it is; the resolution is still kept and the PM told why', () => {
    const run = new PlanRun();
    const moved = run.ticketMoved('FHSD-1', 'Done', true, 7, PM);
    expect(moved.entries.map((e) => e.action)).toEqual(['ticket resolved']);
    expect(status(moved.plan, 7)).toBe('todo');
    expect(moved.notices).toEqual([expect.objectContaining({ visibility: 'internal', text: expect.stringContaining('stage 7 needs stage 6 finished first') })]);
  });

  test('the newest Jira truth stands: an older changelog id is refused as stale, the same one as unchanged; an unknown ticket by its key', () => {
    const run = new PlanRun();
    const before = structuredClone(run.plan);
    expect(refusal(() => run.ticketMoved('FHSD-99', 'Done', true)).field).toBe('ticket.key');
    expect(run.plan).toStrictEqual(before);
    run.ticketMoved('FHSD-1', 'Waiting', false, undefined, CUSTOMER, 20);
    expect(run.audit.at(-1)).toMatchObject({ action: 'ticket status', after: { ticket: 'FHSD-1', status: 'Waiting', changelogId: 20, movedBy: CUSTOMER.accountId } });
    const seen = structuredClone(run.plan);
    expect([refusal(() => run.ticketMoved('FHSD-1', 'Waiting', false, undefined, CUSTOMER, 20)).rule, refusal(() => run.ticketMoved('FHSD-1', 'Waiting', false, undefined, CUSTOMER, 20)).message]).toEqual(['unchanged', 'FHSD-1 moving to Waiting changes nothing in the plan']);
    const stale = refusal(() => run.ticketMoved('FHSD-1', 'Done', true, undefined, PM, 10));
    expect([stale.rule, stale.field]).toEqual(['staleTicketStatus', 'changelogId']);
    expect(refusal(() => run.ticketMoved('FHSD-1', 'Done', true, undefined, PM, -1)).field).toBe('changelogId');
    expect(run.plan).toStrictEqual(seen);
    run.completeAll([1, 3, 4, 6]);
    // A status that completes a stage without resolving the ticket (the project's status effects).
    expect(run.ticketMoved('FHSD-1', 'Approved', false, 7, PM, 30).entries.map((e) => e.action)).toEqual(['ticket status', 'complete']);
  });

  test('a late older event does not undo newer truth: a resolved validation issue stays resolved, stage 11 can be done', () => {
    const reopened = new PlanRun();
    reopened.completeAll([1, 3, 4, 6, 7, 8, 9]);
    reopened.attach('FHSD-10', 'validationIssue');
    reopened.address('FHSD-10');
    // Jira: created (read back at 0), reopened at 5, resolved at 9; the reopen arrives last.
    reopened.ticketMoved('FHSD-10', 'Open', false, undefined, CUSTOMER, 0);
    reopened.ticketMoved('FHSD-10', 'Done', true, undefined, SUPPORT, 9);
    expect(refusal(() => reopened.ticketMoved('FHSD-10', 'Reopened', false, undefined, CUSTOMER, 5)).rule).toBe('staleTicketStatus');
    expect(reopened.plan.facts.tickets.find((t) => t.key === 'FHSD-10')).toMatchObject({ resolved: true, status: 'Done', changelogId: 9 });
    reopened.complete(11);
    expect(reopened.status(11)).toBe('done');
  });

  test('reopened in Jira after its resolution completed stage 7: the stage follows (reopened, as the app, naming who), and the ticket is not closed again', () => {
    const run = new PlanRun();
    run.completeAll([1, 3, 4, 6]);
    run.ticketMoved('FHSD-1', 'Done', true, 7, PM, 10);
    const reopened = run.ticketMoved('FHSD-1', 'Reopened', false, undefined, CUSTOMER, 20);
    expect(reopened.entries.map((e) => [e.action, e.step, e.actor.accountId, e.actor.role, e.reason])).toEqual([
      ['ticket reopened', null, CUSTOMER.accountId, 'App', null],
      ['reopen', 7, CUSTOMER.accountId, 'App', 'FHSD-1 was moved to Reopened in Jira by acc-customer'],
    ]);
    expect(run.status(7)).toBe('todo');
    expect(reopened.notices.some((n) => n.type === 'closeTicket')).toBe(false);
    // The older resolution delivered late changes nothing, and closes nothing.
    expect(refusal(() => run.ticketMoved('FHSD-1', 'Done', true, 7, PM, 10)).rule).toBe('staleTicketStatus');
    // Once stage 9 is under way, a reopen leaves stage 7 done and tells the PM.
    run.ticketMoved('FHSD-1', 'Done', true, 7, PM, 30);
    run.act({ type: 'start', step: 9 });
    const late = run.ticketMoved('FHSD-1', 'Reopened', false, undefined, CUSTOMER, 40);
    expect(late.entries.map((e) => e.action)).toEqual(['ticket reopened']);
    expect(run.status(7)).toBe('done');
    expect(late.notices).toEqual([expect.objectContaining({ visibility: 'internal', text: expect.stringContaining('stage 7, which its earlier status completed, stays done') })]);
  });

  test('stage 7 done by the PM by hand is not undone when the ticket is reopened', () => {
    const run = new PlanRun();
    run.completeAll([1, 3, 4, 6, 7]);
    run.ticketMoved('FHSD-1', 'Done', true, 7, PM, 10);
    run.ticketMoved('FHSD-1', 'Reopened', false, undefined, CUSTOMER, 20);
    expect(run.status(7)).toBe('done');
  });
});

describe('rule 7: recordRestore', () => {
  const afterNoGo = () => {
    const run = throughFinalTest();
    run.tick(60).decide('No-Go', 'QC failed on the dosing dashboard');
    return run;
  };
  const at = (run: PlanRun, minutes: number) => new Date(run.now.getTime() + minutes * 60_000).toISOString();
  const attempt = (run: PlanRun, record: Partial<RestoreRecord>, actor: Actor = ENGINEER, nowMinutes = 90) =>
    refusal(() => recordRestore(UPGRADE_PLAYBOOK, run.plan, { startedAt: at(run, 5), endedAt: at(run, 45), version: '24.1', ...record }, actor, new Date(Date.parse(at(run, nowMinutes)))));

  test('is the engineer\'s: a customer or the PM is refused; an app admin only with a reason, recorded as an override', () => {
    const run = afterNoGo();
    expect(attempt(run, {}, CUSTOMER)).toMatchObject({ rule: 'stageOwnership', field: 'actor' });
    expect(attempt(run, {}, PM)).toMatchObject({ rule: 'stageOwnership', field: 'actor' });
    expect(attempt(run, {}, ADMIN)).toMatchObject({ rule: 'stageOwnership', field: 'reason' });
    run.tick(90);
    const accepted = recordRestore(UPGRADE_PLAYBOOK, run.plan, { startedAt: at(run, -80), endedAt: at(run, -40), version: '24.1', reason: 'engineer on leave' }, ADMIN, run.now);
    expect(accepted.entry).toMatchObject({ action: 'record restore', actor: { accountId: ADMIN.accountId, role: ADMIN_OVERRIDE_ROLE }, reason: 'engineer on leave' });
  });

  test('only while a No-Go\'s restore is open: before the decision, after a Go, or once confirmed, nothing is open', () => {
    const run = throughFinalTest();
    expect(attempt(run, {})).toMatchObject({ rule: 'followUpPending', field: 'step' });
    run.decide('Go');
    expect(attempt(run, {})).toMatchObject({ rule: 'followUpPending' });
    const noGo = afterNoGo();
    noGo.restore();
    expect(attempt(noGo, {})).toMatchObject({ rule: 'followUpPending' });
  });

  test('refuses times that are not instants, a start before the decision, an end not after the start or in the future, naming the field; nothing changes', () => {
    const run = afterNoGo();
    const before = structuredClone(run.plan);
    for (const [record, field] of [
      [{ startedAt: 'yesterday' }, 'startedAt'],
      [{ endedAt: '2027-13-45T10:00' }, 'endedAt'],
      [{ startedAt: at(run, -1) }, 'startedAt'],
      [{ endedAt: at(run, 5) }, 'endedAt'],
      [{ startedAt: at(run, 30), endedAt: at(run, 20) }, 'endedAt'],
      [{ endedAt: at(run, 120) }, 'endedAt'],
    ] as const) {
      const refused = attempt(run, record);
      expect(refused).toMatchObject({ rule: 'restoreTimes', field, stage: 24 });
      // In words a person reads: no field name, times to the minute in UTC.
      expect(refused.message).not.toMatch(/startedAt|endedAt|:\d\d\.\d{3}Z/);
    }
    expect(run.plan).toStrictEqual(before);
  });

  test('PROD MAIN must run the backup\'s version again: another version is refused naming the field and the version expected', () => {
    const run = afterNoGo();
    expect(attempt(run, { version: '25.2' })).toMatchObject({ rule: 'restoredToBackupVersion', field: 'version', message: expect.stringContaining('24.1') });
    expect(attempt(run, { version: 'latest' })).toMatchObject({ rule: 'versionFormat', field: 'version' });
    expect(attempt(run, { note: 'x'.repeat(256) })).toMatchObject({ rule: 'restoreNote', field: 'note' });
    expect(run.plan.facts.restore).not.toBeNull();
  });

  test('a restore over an hour is flagged on the record, in the audit and to the PM, and accepted', () => {
    const run = afterNoGo();
    const restored = run.restore(95);
    expect(run.plan.facts.rollbacks.at(-1)).toMatchObject({ minutes: 95, overAnHour: true });
    expect(restored.entry.after).toMatchObject({ minutes: 95, overAnHour: true });
    expect(restored.notices).toContainEqual({ type: 'comment', ticketKey: 'FHSD-13', visibility: 'internal', sender: 'IQVIA PM', text: 'The restore of PROD MAIN took 95 minutes, over the hour the upgrade plan expects (stage 24: "< 1 hour").' });
    expect(run.plan.attempt).toBe(2);
  });

  test('the engine offers it to the engineer only, and only while it is open', () => {
    const run = afterNoGo();
    const offered = (actor: Actor) => availableActions(UPGRADE_PLAYBOOK, run.plan, actor, run.now).find((a) => a.step === 24)!.followUp;
    expect(offered(ENGINEER)).toEqual({ label: 'Record the restore of PROD MAIN', form: 'restore', needsReason: false });
    expect(offered(CUSTOMER)?.refusal?.rule).toBe('stageOwnership');
    expect(offered(ADMIN)).toMatchObject({ needsReason: true });
    expect(offered(ADMIN)?.refusal).toBeUndefined();
    // Stage 25 waits for the restore, in the engine's words.
    expect(availableActions(UPGRADE_PLAYBOOK, run.plan, ENGINEER, run.now).find((a) => a.step === 25)!.actions.find((a) => a.type === 'start')!.refusal).toMatchObject({ rule: 'followUpPending' });
    run.restore();
    expect(offered(ENGINEER)).toBeUndefined();
  });
});

describe('rule 10: prodIqDocumentedBeforeClosing', () => {
  const documented = (version: string) => withLivePair(customerRegistry(), 'PROD', version);

  test('names each PROD instance lacking the IQ documentation of the target: one documented at an older version does not pass', () => {
    const old = documented('24.1');
    expect(prodIqDocumentationMissing(old, '25.2')).toEqual(['PROD MAIN (runs 24.1; no IQ documentation of 25.2)', 'PROD TEST (runs 24.1; no IQ documentation of 25.2)']);
    expect(prodIqDocumentationMissing(customerRegistry(), '25.2')).toEqual(['PROD MAIN (not in the registry)', 'PROD TEST (not in the registry)']);
    expect(prodIqDocumentationMissing(documented('25.2'), '25.2')).toEqual([]);
    expect(closingRefusal(old, { targetVersion: '25.2' })).toMatchObject({ rule: 'prodIqDocumentedBeforeClosing', field: 'iqDocumentation', stage: 28 });
  });

  test('stage 28 is refused (complete or skip) while PROD lacks it, as availableActions shows with the registry; other stages are not concerned', () => {
    const run = throughFinalTest();
    run.decide('Go');
    run.completeAll([25, 26, 27]);
    const rule = prodIqDocumentedBeforeClosing.over(documented('24.1'));
    const input = (type: 'complete' | 'skip' | 'block', step = 28): RuleInput<UpgradeFacts> => ({ playbook: UPGRADE_PLAYBOOK, plan: run.plan, after: run.plan, action: { type, step, reason: 'r' }, step: UPGRADE_STAGES[step - 1]!, actor: CUSTOMER, now: run.now });
    expect(rule.check(input('complete'))?.message).toBe('stage 28 cannot close the plan before the IQ documentation of 25.2 is recorded for PROD MAIN and PROD TEST: missing for PROD MAIN (runs 24.1; no IQ documentation of 25.2) and PROD TEST (runs 24.1; no IQ documentation of 25.2). IQVIA records it in the Environments tab.');
    expect(rule.check(input('skip'))?.rule).toBe('prodIqDocumentedBeforeClosing');
    expect(rule.check(input('block'))).toBeUndefined();
    expect(rule.check(input('complete', 27))).toBeUndefined();
    const complete28 = (registry: EnvironmentRegistry) => availableActions(UPGRADE_PLAYBOOK, run.plan, CUSTOMER, run.now, [prodIqDocumentedBeforeClosing.over(registry)]).find((a) => a.step === 28)!.actions.find((a) => a.type === 'complete')!;
    expect(complete28(documented('24.1')).refusal?.rule).toBe('prodIqDocumentedBeforeClosing');
    expect(complete28(documented('25.2')).refusal).toBeUndefined();
  });

  test('the registry refuses closing the plan until the engineer records PROD\'s IQ documentation of the target; PROD shows "IQ documentation pending" until then', () => {
    const world = new UpgradeWorld();
    for (const [n, actor] of [[1, CUSTOMER], [3, PM], [4, PM]] as const) world.act({ type: 'complete', step: n }, actor);
    world.act({ type: 'start', step: 6 }, ENGINEER);
    world.iqDocumentation('VAL');
    for (const [n, actor] of [[6, ENGINEER], [7, PM], [8, CUSTOMER], [9, CUSTOMER], [10, CUSTOMER], [11, SUPPORT], [12, CUSTOMER]] as const) world.act({ type: 'complete', step: n }, actor);
    world.attach('FHSD-13', 'prodRequest', { ...PROD_DETAILS, preferredSlots: [SLOT_1] });
    for (const [n, actor] of [[14, PM], [15, ENGINEER]] as const) world.act({ type: 'complete', step: n }, actor);
    world.act({ type: 'propose', step: 16, value: SLOT_1 }, PM);
    world.act({ type: 'agree', step: 16 }, CUSTOMER);
    for (const n of [17, 18, 19]) world.act({ type: 'complete', step: n }, CUSTOMER);
    world.backup('PROD MAIN');
    world.backup('PROD TEST');
    for (const n of [20, 21, 22]) world.act({ type: 'complete', step: n }, ENGINEER);
    const main = () => world.registry.instances.find((i) => i.name === 'PROD MAIN' && i.state !== 'terminated')!;
    expect([main().state, main().version, readinessOf(main())]).toEqual(['active', '25.2', 'iq-pending']);
    world.act({ type: 'complete', step: 23 }, CUSTOMER);
    world.act({ type: 'decide', step: 24, outcome: 'Go' }, CUSTOMER);
    for (const [n, actor] of [[25, ENGINEER], [26, ENGINEER], [27, CUSTOMER]] as const) world.act({ type: 'complete', step: n }, actor);
    const before = world.state;
    expect(refusal(() => world.act({ type: 'complete', step: 28 }, CUSTOMER))).toMatchObject({ rule: 'prodIqDocumentedBeforeClosing', field: 'iqDocumentation' });
    expect(world.state).toBe(before);
    world.iqDocumentation('PROD');
    expect(readinessOf(main())).toBe('ready');
    world.act({ type: 'complete', step: 28 }, CUSTOMER);
    expect(world.plan.steps.every((s) => s.status === 'done' || s.status === 'skipped')).toBe(true);
  });
});

describe('the rules index at the top of upgrade/rules.ts', () => {
  const source = readFileSync(join(__dirname, '../../../src/domain/upgrade/rules.ts'), 'utf8');
  const index = new Map<number, { file: string; symbols: string[] }[]>();
  for (const [, rule, places] of source.matchAll(/^ \* (\d+)\. .* — (.*)$/gm)) {
    index.set(Number(rule), places!.split('; ').map((place) => {
      const [file, symbols] = place.split(': ');
      return { file: file!, symbols: symbols!.split(', ') };
    }));
  }

  test('names every rule of domain.md, 1 to 9 and the environments\' rule 10, with the file and symbols that enforce it, each exported there', () => {
    expect([...index.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const [rule, places] of index) {
      for (const { file, symbols } of places) {
        const module = require(join(__dirname, '../../../src/domain/upgrade', file)) as Record<string, unknown>;
        for (const symbol of symbols) expect({ rule, file, symbol, exported: symbol in module }).toEqual({ rule, file, symbol, exported: true });
      }
    }
  });

  test('every rule has tests named after its symbols, and every test group here names one of its rule\'s symbols', () => {
    const tests = readFileSync(__filename, 'utf8');
    const groups = [...tests.matchAll(/^describe\('rule (\d+): (\w+)'/gm)].map(([, rule, symbol]) => ({ rule: Number(rule), symbol: symbol! }));
    expect(new Set(groups.map((g) => g.rule))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    for (const group of groups) expect({ ...group, indexed: index.get(group.rule)!.some((p) => p.symbols.includes(group.symbol)) }).toEqual({ ...group, indexed: true });
  });
});
