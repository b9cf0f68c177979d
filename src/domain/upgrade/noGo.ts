/**
 * Rule 7, No-Go, in one place: the option stage 24 offers, the backup it needs, the rollback it records, what it tells
 * the customer and what it does to the registry. The stages it restarts come back to `todo` for a new slot.
 */
import type { RegistryEffectsRun } from '../environments/planEffects';
import { transitionInstance } from '../environments/registry';
import { ATTEMPTS_KEPT } from '../engine';
import { PlanRefusal } from '../errors';
import type { AcceptedStepChange, DecisionOption, Notice, PlanRule } from '../playbook';
import { backupsMissing, type Rollback, type UpgradeFacts } from './facts';
import { ticketFor } from './tickets';

export const NO_GO = 'No-Go';
export const NO_GO_STAGE = 24;

/** Stages a No-Go sends back for a new slot: the slot discussion, its confirmation and the whole Day of Upgrade. */
export const STAGES_RESTARTED_BY_NO_GO = [14, 16, 17, 18, 19, 20, 21, 22, 23, 24] as const;

/** Stage 24's No-Go, as the decision offers it. */
export const NO_GO_OPTION: DecisionOption = {
  id: NO_GO,
  label: 'No-Go',
  consequence:
    'PROD MAIN is restored from the stage 20 backup (under an hour), the rollback is recorded, and the plan returns to Prep for Upgrade to agree a new slot. Nothing done before is lost.',
  recorded: 'No-Go recorded: PROD MAIN is restored and the plan returns to Prep for Upgrade',
  reasonRequired: true,
  restartsSteps: STAGES_RESTARTED_BY_NO_GO,
};

type Change = AcceptedStepChange<UpgradeFacts>;

export const isNoGo = ({ action }: Pick<Change, 'action'>): boolean => action.type === 'decide' && action.outcome === NO_GO;

/** Rule 7: a No-Go restores PROD MAIN from this attempt's stage 20 backup, so that backup must exist. */
export const noGoRestoresBackup: PlanRule<UpgradeFacts> = {
  name: 'noGoRestoresBackup',
  check(input) {
    if (!isNoGo(input)) return undefined;
    return backupsMissing(input.plan.facts, input.plan.attempt).includes('PROD MAIN')
      ? new PlanRefusal(this.name, 'No-Go needs the stage 20 backup of PROD MAIN to restore', { stage: NO_GO_STAGE, field: 'backups' })
      : undefined;
  },
};

/** The rollback a No-Go records (PROD MAIN back to this attempt's backup) and the slot it frees. */
export function noGoFacts({ before, after, action, actor, now }: Change): UpgradeFacts {
  const facts = after.facts;
  const backup = facts.backups.find((b) => b.instance === 'PROD MAIN' && b.attempt === before.attempt);
  const rollback: Rollback = {
    attempt: before.attempt,
    instance: 'PROD MAIN',
    restoredVersion: backup?.version ?? facts.currentVersion,
    backupReference: backup?.reference ?? '',
    at: now.toISOString(),
    by: actor.accountId,
    reason: action.reason?.trim() ?? '',
  };
  // The record keeps the backups and rollbacks of the attempts it keeps; the registry and the audit keep every one.
  const backups = facts.backups.filter((b) => b.attempt > before.attempt - ATTEMPTS_KEPT);
  return { ...facts, slot: null, backups, rollbacks: [...facts.rollbacks, rollback].slice(-ATTEMPTS_KEPT) };
}

/** What the customer is told on the PROD request when a No-Go is taken. */
export function noGoNotices({ after }: Change): Notice[] {
  const prod = ticketFor(after.facts, ['prodRequest']);
  const rollback = after.facts.rollbacks.at(-1);
  const text = `No-Go: PROD MAIN is restored to ${rollback?.restoredVersion ?? 'its backed-up version'} from the stage 20 backup. The plan returns to Prep for Upgrade to agree a new slot.`;
  return prod ? [{ type: 'comment', ticketKey: prod, visibility: 'customer', text }] : [];
}

/** Every rollback a change recorded puts PROD MAIN back on the registry, from the backup it names. */
export function noGoRegistryEffects(effects: RegistryEffectsRun, change: { before: { facts: UpgradeFacts; attempt: number }; after: { id: string; facts: UpgradeFacts }; actor: { accountId: string; role: string } }, now: Date): void {
  const via = { planId: change.after.id, step: NO_GO_STAGE, attempt: change.before.attempt };
  const recorded = change.after.facts.rollbacks.filter((r) => !change.before.facts.rollbacks.some((known) => known.attempt === r.attempt));
  for (const rollback of recorded) {
    effects.run((r) => transitionInstance(r, { instance: rollback.instance, to: 'rolled back', backupReference: rollback.backupReference, reason: rollback.reason || 'No-Go' }, change.actor, now, via));
  }
}
