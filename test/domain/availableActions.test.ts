import { signedFor } from '../support/signing';
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

/** What the person would send for that availability: a reason when one is asked, the slot a proposal names, the person a stage is handed to. */
function actionFor(step: number, availability: ActionAvailability): StepAction {
  const definition = UPGRADE_PLAYBOOK.steps.find((s) => s.number === step)!;
  return {
    type: availability.type,
    step,
    ...(availability.outcome ? { outcome: availability.outcome } : {}),
    ...(availability.needsReason ? { reason: 'because' } : {}),
    ...(availability.type === 'propose' ? { value: SLOT_2 } : {}),
    ...(availability.type === 'reassign' ? { owner: 'acc-new-owner', ownerRoles: [...definition.roles, ...(definition.delegableTo ?? [])] } : {}),
  } as StepAction;
}

function outcome(plan: UpgradePlan, action: StepAction, actor: Actor): string | undefined {
  try {
    applyStepAction(UPGRADE_PLAYBOOK, plan, signedFor(plan, action, actor), actor, T0);
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
    expect(actionsOf(run.plan, CUSTOMER, 24).map((a) => a.type)).toEqual(['start', 'block', 'reopen', 'decide', 'decide', 'reassign']);
    // Stage 16 is never ticked: its owner proposes, the customer agrees or declines (rule 6).
    expect(actionsOf(run.plan, PM, 16).map((a) => a.type)).toEqual(['start', 'block', 'reopen', 'propose', 'agree', 'decline', 'reassign']);
    expect(find(run.plan, CUSTOMER, 18, 'skip').refusal?.rule).toBe('dataUpdatesRequiredAcrossVersions');
  });

  test('the slot is asked by stage 16\'s own form: its absence does not turn the proposal off; the customer answers once it is made', () => {
    const run = throughValidation();
    run.attach('FHSD-13', 'prodRequest', { targetVersion: '25.2', instances: ['PROD MAIN'], configuration: { mode: 'synchronise-latest' }, preferredSlots: [SLOT_2] });
    run.completeAll([14, 15]);
    expect(find(run.plan, PM, 16, 'propose')).toEqual({ type: 'propose', needsReason: false });
    expect(find(run.plan, PM, 16, 'agree').refusal?.rule).toBe('stageOwnership');
    expect(find(run.plan, CUSTOMER, 16, 'agree').refusal?.rule).toBe('proposalPending');
    run.proposeSlot(SLOT_2);
    expect(find(run.plan, CUSTOMER, 16, 'agree')).toEqual({ type: 'agree', needsReason: false });
    expect(find(run.plan, CUSTOMER, 16, 'decline')).toEqual({ type: 'decline', needsReason: true });
    expect(find(run.plan, CUSTOMER, 16, 'propose').refusal?.rule).toBe('stageOwnership');
  });

  test('the PM may hand any unfinished stage to someone, with a reason; a customer and an engineer never; a finished stage is not handed', () => {
    const run = throughValidation();
    expect(find(run.plan, PM, 15, 'reassign')).toEqual({ type: 'reassign', needsReason: true });
    expect(find(run.plan, CUSTOMER, 15, 'reassign').refusal?.rule).toBe('stageOwnership');
    expect(find(run.plan, ENGINEER, 15, 'reassign').refusal?.rule).toBe('stageOwnership');
    expect(find(run.plan, PM, 3, 'reassign').refusal?.rule).toBe('stageStatus');
    expect(find(run.plan, ADMIN, 15, 'reassign')).toEqual({ type: 'reassign', needsReason: true });
  });

  test('a person without the stage\'s role is refused by ownership; an app admin may act, giving a reason', () => {
    const plan = new PlanRun().plan;
    expect(actionsOf(plan, STRANGER, 1).map((a) => a.refusal?.rule)).toEqual(['stageOwnership', 'stageOwnership', 'stageOwnership', 'stageOwnership', 'stageOwnership', 'stageOwnership']);
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
