import { buildPlanView } from '../../src/app/planView';
import { defaultSettings } from '../../src/app/settings';
import { actOnGoLiveStep, createGoLivePlan } from '../../src/domain/golive/plan';
import type { GoLivePlan } from '../../src/domain/golive/playbook';
import { disabledExplanations, findStage } from '../../static/shared/plan';
import { backupLine, formButtons, requestForm } from '../../static/shared/requestForms';
import { newPlan, NOW, ROLES_MAPPING, viewOf } from './planFixture';

function goLiveView(plan: GoLivePlan, accountId: string) {
  return buildPlanView(plan, { accountId, accountType: 'licensed', ticketKey: 'FHSD-1', projectKey: 'FHSD', surface: 'agent' }, { ...defaultSettings(), roles: ROLES_MAPPING }, NOW);
}

describe('the buttons a step\'s form adds', () => {
  it('offers the backup form of its step to the role that holds it, with each instance of the form on one line', () => {
    const engineer = viewOf(newPlan(), 'acc-engineer');
    const backupStep = engineer.phases.flatMap((p) => p.stages).find((s) => s.form?.type === 'backup')!;
    expect(formButtons(engineer, backupStep).map((b) => [b.key, b.label])).toEqual([['backup', 'Record backup']]);
    expect(backupLine(engineer, backupStep)).toBe('PROD MAIN missing · PROD TEST missing');
    // A customer holds no role on that step: no form.
    const customer = viewOf(newPlan(), 'acc-customer', 'portal');
    expect(formButtons(customer, findStage(customer, backupStep.number)!)).toEqual([]);

    const plan = newPlan();
    const backups = [
      { instance: 'PROD MAIN' as const, version: '24.1', reference: 'bk-1', attempt: 1, at: NOW.toISOString(), by: 'acc-engineer' },
      { instance: 'PROD TEST' as const, version: '23.4', reference: 'bk-0', attempt: 0, at: NOW.toISOString(), by: 'acc-engineer' },
    ];
    // Only this attempt's backups count.
    expect(backupLine(viewOf({ ...plan, facts: { ...plan.facts, backups } }, 'acc-engineer'), backupStep)).toBe('PROD MAIN ✓ (24.1) · PROD TEST missing');
    expect(backupLine(engineer, findStage(engineer, 1)!)).toBeNull();
  });

  it('formButtons: the backup form waits with its stage, disabled for the reason Start is, and is explained with it', () => {
    const waiting = viewOf(newPlan(), 'acc-engineer');
    const stage = findStage(waiting, 20)!;
    const start = stage.actions.find((a) => a.type === 'start')!;
    expect(start.disabledReason).toMatch(/finished first/);
    const [backup] = formButtons(waiting, stage);
    expect(backup).toMatchObject({ key: 'backup', disabledReason: start.disabledReason });
    expect(disabledExplanations(stage.actions, stage, [backup!])).toContain(`Start, Complete, Record backup: ${start.disabledReason}`);
    // Once every earlier stage is finished, it is offered.
    const plan = newPlan();
    const ready = viewOf({ ...plan, steps: plan.steps.map((s) => (s.number < 20 ? { ...s, status: 'done' as const, completedAt: NOW.toISOString(), completedBy: 'acc-pm' } : s)) }, 'acc-engineer');
    expect(formButtons(ready, findStage(ready, 20)!)).toEqual([expect.not.objectContaining({ disabledReason: expect.anything() })]);
  });

  it('offers request details for a ticket the plan has, and in the portal only once the step is on hold', () => {
    const customer = viewOf(newPlan(), 'acc-customer', 'portal');
    const detailSteps = customer.phases.flatMap((p) => p.stages).filter((s) => s.form?.type === 'details');
    expect(detailSteps.map((s) => requestForm(s)?.name)).toEqual(['VAL request', 'PROD upgrade request']);
    const [val, prod] = detailSteps as [typeof detailSteps[number], typeof detailSteps[number]];
    // The VAL request came complete: its step is done, and a finished step offers no form.
    expect(val.status).toBe('done');
    expect(formButtons(customer, val)).toEqual([]);
    expect(formButtons(customer, { ...val, status: 'in progress' }).map((b) => [b.key, b.label])).toEqual([['details', 'Provide details']]);
    // The plan has no PROD request ticket yet: nothing to give details of.
    expect(prod.status).toBe('todo');
    expect(formButtons(customer, prod)).toEqual([]);
    const onHold = { ...val, status: 'blocked' as const };
    expect(formButtons(customer, onHold, { blockedOnly: true }).map((b) => [b.key, b.label, b.open.kind])).toEqual([['details', 'Provide the missing details', 'details']]);
    expect(formButtons(customer, { ...onHold, status: 'todo' }, { blockedOnly: true })).toEqual([]);
  });

  it('offers a document its step produces once the viewer may record it: its phase under way, the step it follows finished', () => {
    let plan = createGoLivePlan({ planId: 'golive-1', organizationId: 'org-acme', reporterAccountId: 'acc-customer', ticketKey: 'FHSD-1', version: '25.1' }, ROLES_MAPPING, undefined, NOW).plan;
    const iqStep = goLiveView(plan, 'acc-engineer').phases.flatMap((p) => p.stages).find((s) => s.form?.type === 'document')!;
    expect(formButtons(goLiveView(plan, 'acc-engineer'), iqStep)).toEqual([]);
    for (const step of [1, 2, 3]) plan = actOnGoLiveStep(plan, { type: 'complete', step }, { accountId: 'acc-engineer', roles: ['IQVIA Engineer', 'IQVIA PM', 'Customer'] as never }, NOW).plan;
    expect(formButtons(goLiveView(plan, 'acc-engineer'), iqStep)).toEqual([]);
    for (const step of [4]) plan = actOnGoLiveStep(plan, { type: 'complete', step }, { accountId: 'acc-engineer', roles: ['IQVIA Engineer', 'IQVIA PM', 'Customer'] as never }, NOW).plan;
    const view = goLiveView(plan, 'acc-engineer');
    expect(formButtons(view, findStage(view, iqStep.number)!).map((b) => [b.key, b.label])).toEqual([['document:iq-documentation', 'Record Formal IQ documentation']]);
  });
});
