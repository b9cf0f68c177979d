import { applyStepAction, availableActions, type ActionAvailability, type StepAvailability } from '../../src/domain/engine';
import { PlanRefusal } from '../../src/domain/errors';
import type { Actor, StepAction } from '../../src/domain/playbook';
import { UPGRADE_PLAYBOOK } from '../../src/domain/upgrade/playbook';
import type { UpgradePlan } from '../../src/domain/upgrade/plan';
import { ACTOR_BY_ROLE, ADMIN, CUSTOMER, ENGINEER, PlanRun, PM, SLOT_2, STRANGER, T0, throughFinalTest, throughSlot, throughValidation } from './upgrade/fixtures';

const available = (plan: UpgradePlan, actor: Actor): StepAvailability[] => availableActions(UPGRADE_PLAYBOOK, plan, actor, T0);
const actionsOf = (plan: UpgradePlan, actor: Actor, step: number): readonly ActionAvailability[] => available(plan, actor).find((s) => s.step === step)!.actions;
const find = (plan: UpgradePlan, actor: Actor, step: number, type: string, outcome?: string): ActionAvailability =>
  actionsOf(plan, actor, step).find((a) => a.type === type && a.outcome === outcome)!;

/** What the person would send for that availability: a reason when one is asked, a slot when the step takes one. */
function actionFor(step: number, availability: ActionAvailability): StepAction {
  return {
    type: availability.type,
    step,
    ...(availability.outcome ? { outcome: availability.outcome } : {}),
    ...(availability.needsReason ? { reason: 'because' } : {}),
    ...(availability.type === 'complete' && step === 16 ? { slot: SLOT_2 } : {}),
  } as StepAction;
}

function outcome(plan: UpgradePlan, action: StepAction, actor: Actor): string | undefined {
  try {
    applyStepAction(UPGRADE_PLAYBOOK, plan, action, actor, T0);
    return undefined;
  } catch (error) {
    if (error instanceof PlanRefusal) return error.rule;
    throw error;
  }
}

describe('availableActions: what this person may do now, by the engine\'s own guards', () => {
  const plans: [string, () => UpgradePlan][] = [
    ['a new plan', () => new PlanRun().plan],
    ['validation done', () => throughValidation().plan],
    ['the slot confirmed', () => throughSlot().plan],
    ['waiting for Go / No-Go', () => throughFinalTest().plan],
  ];
  const people: Actor[] = [...Object.values(ACTOR_BY_ROLE), ADMIN, STRANGER];

  test.each(plans)('%s: every answer is the one applyStepAction gives, for every step and person', (_name, make) => {
    const plan = make();
    for (const actor of people) {
      for (const { step, actions } of available(plan, actor)) {
        for (const availability of actions) {
          expect({ actor: actor.accountId, step, type: availability.type, outcome: availability.outcome, rule: outcome(plan, actionFor(step, availability), actor) }).toEqual({
            actor: actor.accountId,
            step,
            type: availability.type,
            outcome: availability.outcome,
            rule: availability.refusal?.rule,
          });
        }
      }
    }
  });

  test('a refused action carries the refusal the engine gives, so a panel can say why the button is off', () => {
    const run = throughValidation();
    expect(find(run.plan, CUSTOMER, 13, 'complete').refusal).toEqual({ rule: 'requestDetailsComplete', message: 'stage 13 needs its service desk ticket: raise the PROD upgrade request first', field: 'step' });
    expect(find(run.plan, CUSTOMER, 17, 'start').refusal).toEqual({ rule: 'stageOrder', message: 'stage 17 needs stage 16 finished first', field: 'step' });
    expect(find(run.plan, PM, 7, 'complete').refusal).toEqual({ rule: 'stageStatus', message: 'stage 7 is done: it cannot be completed', field: 'step' });
    expect(find(run.plan, PM, 7, 'reopen').refusal?.rule).toBe('stageOrder');
  });

  test('rules are read, not predicted: stage 20 waits for its backups, and a No-Go for the PROD MAIN backup', () => {
    const run = throughSlot();
    run.completeAll([17, 18, 19]);
    expect(find(run.plan, ENGINEER, 20, 'complete').refusal?.rule).toBe('backupBeforeProdUpgrade');
    run.backup('PROD MAIN');
    run.backup('PROD TEST');
    expect(find(run.plan, ENGINEER, 20, 'complete').refusal).toBeUndefined();
    run.completeAll([20, 21, 22, 23]);
    expect(actionsOf(run.plan, CUSTOMER, 24).filter((a) => a.type === 'decide')).toEqual([
      { type: 'decide', outcome: 'Go', needsReason: false },
      { type: 'decide', outcome: 'No-Go', needsReason: true },
    ]);
    const withoutBackup: UpgradePlan = { ...run.plan, facts: { ...run.plan.facts, backups: run.plan.facts.backups.filter((b) => b.instance !== 'PROD MAIN') } };
    expect(find(withoutBackup, CUSTOMER, 24, 'decide', 'No-Go').refusal?.rule).toBe('noGoRestoresBackup');
    expect(find(withoutBackup, CUSTOMER, 24, 'decide', 'Go').refusal).toBeUndefined();
  });

  test('a decision is taken, not ticked or skipped; a required stage offers no skip; stage 18 across releases refuses it by its rule', () => {
    const run = throughSlot();
    expect(actionsOf(run.plan, CUSTOMER, 24).map((a) => a.type)).toEqual(['start', 'block', 'reopen', 'decide', 'decide']);
    expect(actionsOf(run.plan, PM, 16).map((a) => a.type)).toEqual(['start', 'complete', 'block', 'reopen']);
    expect(find(run.plan, CUSTOMER, 18, 'skip').refusal?.rule).toBe('dataUpdatesRequiredAcrossVersions');
  });

  test('the slot is asked by stage 16\'s own form: its absence does not turn the button off', () => {
    const run = throughValidation();
    run.attach('FHSD-13', 'prodRequest', { targetVersion: '25.2', instances: ['PROD MAIN'], configuration: { mode: 'synchronise-latest' }, preferredSlots: [SLOT_2] });
    run.completeAll([14, 15]);
    expect(find(run.plan, PM, 16, 'complete')).toEqual({ type: 'complete', needsReason: false });
  });

  test('a person without the stage\'s role is refused by ownership; an app admin may act, giving a reason', () => {
    const plan = new PlanRun().plan;
    expect(actionsOf(plan, STRANGER, 1).map((a) => a.refusal?.rule)).toEqual(['stageOwnership', 'stageOwnership', 'stageOwnership', 'stageOwnership', 'stageOwnership']);
    expect(find(plan, ADMIN, 3, 'complete')).toEqual({ type: 'complete', needsReason: true });
    expect(find(plan, PM, 3, 'complete')).toEqual({ type: 'complete', needsReason: false });
    expect(find(plan, PM, 3, 'skip')).toEqual({ type: 'skip', needsReason: true });
  });

  test('asking changes nothing', () => {
    const plan = throughFinalTest().plan;
    const before = structuredClone(plan);
    available(plan, CUSTOMER);
    expect(plan).toStrictEqual(before);
  });
});
