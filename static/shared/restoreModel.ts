/**
 * Where a decision's restore stands (a No-Go's: the engineer restores the instance from its backup), in IQVIA's words
 * for agents and in plain words for the customer, read from the view's open restore and its rollbacks. The customer's
 * view carries no backup location; the agent's names it.
 */
import { formatInstant } from './plan';
import { decisionStage } from './planParts';
import { endSentence } from './refusal';
import type { PlanView } from './types';

export type RestoreAudience = 'agent' | 'customer';

export interface RestoreStatus {
  /** `under way` while the engineer has not confirmed it; `done` once confirmed, until the next slot's attempt decides. */
  state: 'under way' | 'done';
  title: string;
  lines: string[];
  /** The restore took longer than the hour the plan expects: flagged, not refused. */
  overAnHour: boolean;
  appearance: 'warning' | 'success';
}

type RestoreFacts = Pick<PlanView, 'restore' | 'rollbacks' | 'slot' | 'summary' | 'phases'>;

/** "1 h 15 min", "40 min". */
export function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h${m > 0 ? ` ${m} min` : ''}` : `${m} min`;
}

/** The restore under way, or the one just done for the attempt the plan now runs; null when neither. */
export function restoreStatus(plan: RestoreFacts, audience: RestoreAudience): RestoreStatus | null {
  const open = plan.restore;
  if (open) {
    const backup = audience === 'agent' && open.backupReference ? ` (backup ${open.backupReference})` : '';
    return {
      state: 'under way',
      title: audience === 'agent' ? `${plan.summary.decision}: restore of ${open.instance} open` : `${plan.summary.decision} taken: IQVIA is restoring ${open.instance}`,
      lines: [
        endSentence(`Decided ${formatInstant(open.decidedAt)}${open.reason && audience === 'agent' ? `: “${open.reason}”` : ''}`),
        audience === 'agent'
          ? `The IQVIA engineer restores ${open.instance} to ${open.backupVersion} from the stage backup${backup}, then records when it started and ended and confirms the version. Expected under an hour.`
          : `${open.instance} is being put back on ${open.backupVersion} from the backup taken before the upgrade (expected to take under an hour). We will tell you here when it is done.`,
      ],
      overAnHour: false,
      appearance: 'warning',
    };
  }
  const last = plan.rollbacks.at(-1);
  // Only the restore that ended the attempt before this one: an older one is history (Earlier attempts).
  // Shown until the new attempt's decision is taken (the plan's decision step has an outcome again).
  if (!last || last.attempt !== plan.summary.attempt - 1 || decisionStage(plan)?.outcome) return null;
  const took = last.minutes !== undefined ? `It took ${duration(last.minutes)}${last.overAnHour ? ', over the hour expected' : ''}.` : null;
  const when = last.endedAt ?? last.at;
  const slot = plan.slot ? `The new upgrade slot is ${formatInstant(plan.slot)}.` : 'A new upgrade slot is to be agreed.';
  return {
    state: 'done',
    title: audience === 'agent' ? `Restore done: ${last.instance} back on ${last.restoredVersion}` : `Restore done: ${last.instance} is back on ${last.restoredVersion}`,
    lines: [`Restore done at ${formatInstant(when)}.`, ...(took ? [took] : []), slot],
    overAnHour: last.overAnHour === true,
    appearance: last.overAnHour ? 'warning' : 'success',
  };
}

/** An earlier attempt in one line for "Earlier attempts": how it ended, its reason, and the restore that followed. */
export function attemptLine(attempt: Pick<PlanView['attempts'][number], 'attempt' | 'outcome' | 'endedAt' | 'reason'>, rollback: PlanView['rollbacks'][number] | undefined): string {
  const ended = `Attempt ${attempt.attempt}: ${attempt.outcome} on ${formatInstant(attempt.endedAt)}${attempt.reason ? ` — “${attempt.reason}”` : ''}`;
  if (!rollback) return ended;
  return `${endSentence(ended)} ${rollback.instance} restored to ${rollback.restoredVersion}${rollback.minutes !== undefined ? ` in ${duration(rollback.minutes)}${rollback.overAnHour ? ' (over the hour expected)' : ''}` : ''}.`;
}

/**
 * What the restore dialog checks before asking the server, every field at once: both times given, the start not before
 * the minute of the decision, the end after the start; and how long it took. Whether the end is in the future is the
 * server's to say, on its clock (the browser's may be off).
 */
export function restoreTimes(startedAt: string | null, endedAt: string | null, decidedAt?: string): { errors: Partial<Record<'startedAt' | 'endedAt', string>>; minutes?: number; overAnHour?: boolean } {
  const errors: Partial<Record<'startedAt' | 'endedAt', string>> = {};
  if (!startedAt) errors.startedAt = 'Enter when the restore started.';
  else if (decidedAt && Date.parse(startedAt) < Math.floor(Date.parse(decidedAt) / 60_000) * 60_000) errors.startedAt = `It started before the No-Go was taken (${formatInstant(decidedAt)}): the restore follows the decision.`;
  if (!endedAt) errors.endedAt = 'Enter when the restore ended.';
  if (!startedAt || !endedAt) return { errors };
  const minutes = Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 60_000);
  if (!(minutes > 0)) return { errors: { ...errors, endedAt: errors.endedAt ?? 'The end comes after the start.' } };
  return { errors, minutes, overAnHour: minutes > 60 };
}
