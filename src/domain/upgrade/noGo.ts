/**
 * Rule 7, No-Go, in one place: the option stage 24 offers, the backup it needs, the restore it opens for the engineer,
 * the rollback recorded when the engineer confirms it, what it tells the customer and what it does to the registry.
 * The stages it restarts come back to `todo` for a new slot once the restore is confirmed.
 */
import type { RegistryEffectsRun } from '../environments/planEffects';
import { transitionInstance } from '../environments/registry';
import { acceptChange, ATTEMPTS_KEPT, completeFollowUp, REASON_MAX_LENGTH } from '../engine';
import { PlanRefusal, refuse } from '../errors';
import type { RestoreRecord } from '../kind';
import type { AcceptedStepChange, Actor, DecisionOption, Notice, PlanRule, PlaybookDefinition } from '../playbook';
import { compareVersions, isVersion } from '../version';
import { backupsMissing, type OpenRestore, type Rollback, type UpgradeFacts } from './facts';
import type { UpgradeAccepted, UpgradePlan } from './plan';
import { TEXT_MAX_LENGTH } from './request';
import { ticketFor } from './tickets';

export const NO_GO = 'No-Go';
export const NO_GO_STAGE = 24;

/** Stages a No-Go sends back for a new slot: the slot discussion, its confirmation and the whole Day of Upgrade. */
export const STAGES_RESTARTED_BY_NO_GO = [14, 16, 17, 18, 19, 20, 21, 22, 23, 24] as const;

/** The seed's "re-install the backup (< 1 hour)": a restore that takes longer is flagged on the record, never refused. */
export const RESTORE_EXPECTED_MINUTES = 60;

/** Stage 24's No-Go, as the decision offers it: the engineer's restore comes first, then the new attempt. */
export const NO_GO_OPTION: DecisionOption = {
  id: NO_GO,
  label: 'No-Go',
  consequence:
    'The IQVIA engineer restores PROD MAIN from the stage 20 backup (under an hour); once confirmed, the plan returns to Prep for Upgrade to agree a new slot. Nothing done before is lost.',
  recorded: 'No-Go recorded: the IQVIA engineer now restores PROD MAIN from the stage 20 backup',
  reasonRequired: true,
  restartsSteps: STAGES_RESTARTED_BY_NO_GO,
  followUp: { label: 'Record the restore of PROD MAIN', roles: ['IQVIA Engineer'], form: 'restore' },
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

/** The restore a No-Go opens for the engineer: PROD MAIN from this attempt's backup, nothing restored yet. */
export function noGoFacts({ before, after, action, actor, now }: Change): UpgradeFacts {
  const facts = after.facts;
  const backup = facts.backups.find((b) => b.instance === 'PROD MAIN' && b.attempt === before.attempt);
  const restore: OpenRestore = {
    attempt: before.attempt,
    instance: 'PROD MAIN',
    backupVersion: backup?.version ?? facts.currentVersion,
    backupReference: backup?.reference ?? '',
    decidedAt: now.toISOString(),
    decidedBy: actor.accountId,
    reason: action.reason?.trim() ?? '',
  };
  return { ...facts, restore };
}

/** What the customer is told on the PROD request when a No-Go is taken: the restore is IQVIA's, under way. */
export function noGoNotices({ after }: Change): Notice[] {
  const prod = ticketFor(after.facts, ['prodRequest']);
  const version = after.facts.restore?.backupVersion ?? 'its backed-up version';
  const text = `No-Go recorded. The IQVIA engineer is now restoring PROD MAIN to ${version} from the backup taken before the upgrade (expected to take under an hour). You will be told here when the restore is done; a new upgrade slot is then agreed with you.`;
  return prod ? [{ type: 'comment', ticketKey: prod, visibility: 'customer', text }] : [];
}

/** An ISO 8601 instant the engineer gave, or a refusal naming the field. */
function instantOf(value: unknown, field: 'startedAt' | 'endedAt'): Date {
  const text = typeof value === 'string' ? value.trim() : '';
  const instant = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) || Number.isNaN(instant.getTime())) {
    refuse('restoreTimes', `the restore's ${field === 'startedAt' ? 'start' : 'end'} ("${String(value)}") is not a date and time (ISO 8601, such as 2026-11-23T14:05:00Z)`, { field, stage: NO_GO_STAGE });
  }
  return instant;
}

const formatUtc = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * Rule 7: the engineer confirms the restore a No-Go opened: when it started and ended (not before the decision, the
 * end after the start and not in the future) and the version PROD MAIN runs now, which must be the backup's. Then the
 * rollback is recorded (the registry follows), the Day of Upgrade restarts for a new slot, and the customer is told.
 * A restore over an hour is flagged on the record, in the audit and to the PM, not refused.
 */
export function recordRestore(playbook: PlaybookDefinition<UpgradeFacts>, plan: UpgradePlan, record: RestoreRecord, actor: Actor, now: Date): UpgradeAccepted {
  const open = plan.facts.restore ?? null;
  const reason = typeof record?.reason === 'string' ? record.reason.trim() : undefined;
  const followed = completeFollowUp(playbook, plan, NO_GO_STAGE, actor, reason);
  if (!open) return refuse('followUpPending', 'no restore is open on this plan: a No-Go opens one', { field: 'step', stage: NO_GO_STAGE });
  const started = instantOf(record.startedAt, 'startedAt');
  const ended = instantOf(record.endedAt, 'endedAt');
  // People give times to the minute (a datetime field): the minute the decision was taken counts as after it.
  const decidedMinute = Math.floor(Date.parse(open.decidedAt) / 60_000) * 60_000;
  if (started.getTime() < decidedMinute) {
    refuse('restoreTimes', `the restore's start (${formatUtc(started.toISOString())}) is before the No-Go was taken (${formatUtc(open.decidedAt)}): the restore follows the decision`, { field: 'startedAt', stage: NO_GO_STAGE });
  }
  if (ended.getTime() <= started.getTime()) refuse('restoreTimes', `the restore's end (${formatUtc(ended.toISOString())}) is not after its start (${formatUtc(started.toISOString())})`, { field: 'endedAt', stage: NO_GO_STAGE });
  if (ended.getTime() > now.getTime()) refuse('restoreTimes', `the restore's end (${formatUtc(ended.toISOString())}) is in the future: record the restore once it has ended`, { field: 'endedAt', stage: NO_GO_STAGE });
  const version = typeof record.version === 'string' ? record.version.trim() : '';
  if (!isVersion(version)) refuse('versionFormat', `version "${String(record.version)}" is not a ClinSpark version such as 24.3`, { field: 'version', stage: NO_GO_STAGE });
  if (compareVersions(version, open.backupVersion) !== 0) {
    refuse('restoredToBackupVersion', `PROD MAIN must run the backup's version ${open.backupVersion} after the restore, not ${version}: restore the stage 20 backup, then confirm`, { field: 'version', stage: NO_GO_STAGE });
  }
  const note = typeof record.note === 'string' ? record.note.trim() : '';
  if (note.length > TEXT_MAX_LENGTH) refuse('restoreNote', `note is longer than ${TEXT_MAX_LENGTH} characters`, { field: 'note', stage: NO_GO_STAGE });
  if (reason && reason.length > REASON_MAX_LENGTH) refuse('reasonRequired', `the reason is longer than ${REASON_MAX_LENGTH} characters`, { field: 'reason', stage: NO_GO_STAGE });

  const minutes = Math.round((ended.getTime() - started.getTime()) / 60_000);
  const overAnHour = ended.getTime() - started.getTime() > RESTORE_EXPECTED_MINUTES * 60_000;
  const rollback: Rollback = {
    attempt: open.attempt,
    instance: open.instance,
    restoredVersion: open.backupVersion,
    backupReference: open.backupReference,
    at: now.toISOString(),
    by: actor.accountId,
    reason: open.reason,
    decidedAt: open.decidedAt,
    decidedBy: open.decidedBy,
    startedAt: started.toISOString(),
    endedAt: ended.toISOString(),
    minutes,
    overAnHour,
    ...(note ? { note } : {}),
  };
  // The record keeps the backups and rollbacks of the attempts it keeps; the registry and the audit keep every one.
  const facts: UpgradeFacts = {
    ...plan.facts,
    restore: null,
    slot: null,
    backups: plan.facts.backups.filter((b) => b.attempt > open.attempt - ATTEMPTS_KEPT),
    rollbacks: [...plan.facts.rollbacks, rollback].slice(-ATTEMPTS_KEPT),
  };
  const prod = ticketFor(facts, ['prodRequest']);
  const notices: Notice[] = prod
    ? [
        { type: 'comment', ticketKey: prod, visibility: 'customer', text: `The restore is done (${formatUtc(rollback.endedAt!)}): PROD MAIN runs ${rollback.restoredVersion} again. The plan is back in Prep for Upgrade: a new upgrade slot is to be agreed with you.` },
        ...(overAnHour ? [{ type: 'comment' as const, ticketKey: prod, visibility: 'internal' as const, sender: 'IQVIA PM' as const, text: `The restore of PROD MAIN took ${minutes} minutes, over the hour the upgrade plan expects (stage 24: "< 1 hour").` }] : []),
      ]
    : [];
  return acceptChange(
    plan,
    {
      role: followed.role,
      action: 'record restore',
      step: NO_GO_STAGE,
      before: { restore: 'open', instance: open.instance, backupVersion: open.backupVersion, decidedAt: open.decidedAt },
      after: {
        instance: rollback.instance,
        restoredVersion: rollback.restoredVersion,
        backupReference: rollback.backupReference,
        startedAt: rollback.startedAt,
        endedAt: rollback.endedAt,
        minutes,
        overAnHour,
        ...(note ? { note } : {}),
        restartedStages: [...followed.restarted],
        newAttempt: followed.after.attempt,
        stagesBefore: followed.archived.steps,
      },
      reason: reason || null,
      facts,
      steps: followed.after.steps,
      attempt: followed.after.attempt,
      attempts: followed.after.attempts,
      ...(followed.after.documents ? { documents: followed.after.documents } : {}),
      notices,
    },
    actor.accountId,
    now,
  );
}

/** Every rollback a change recorded (the engineer's confirmation) puts PROD MAIN back on the registry, from the backup it names. */
export function noGoRegistryEffects(effects: RegistryEffectsRun, change: { before: { facts: UpgradeFacts; attempt: number }; after: { id: string; facts: UpgradeFacts }; actor: { accountId: string; role: string } }, now: Date): void {
  const recorded = change.after.facts.rollbacks.filter((r) => !change.before.facts.rollbacks.some((known) => known.attempt === r.attempt));
  for (const rollback of recorded) {
    const via = { planId: change.after.id, step: NO_GO_STAGE, attempt: rollback.attempt };
    // The restore's times and its flag are on the plan's audit entry (record restore); the instance keeps the No-Go's why.
    effects.run((r) => transitionInstance(r, { instance: rollback.instance, to: 'rolled back', backupReference: rollback.backupReference, reason: rollback.reason || 'No-Go' }, change.actor, now, via));
  }
}
