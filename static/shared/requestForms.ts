/**
 * What a step's form offers next to its buttons (a backup, request details, the documents it produces), read from the
 * step's form in the view; the server checks the role and the step again and may still refuse.
 */
import { documentsOf, formOf, recordAvailability } from './planParts';
import { isFinishedStatus } from './plan';
import type { DocumentView, PlanView, StageView } from './types';

export interface BackupInput {
  instance: string;
  version: string;
  reference: string;
}

export interface DetailsInput {
  instances?: string[];
  configuration?: { mode: 'synchronise-latest' } | { mode: 'keep-listed'; keep: string[] };
  preferredSlots?: string[];
}

/** What the details of one kind of request ticket ask for, as its step's details form gives it. */
export interface RequestForm {
  ticketKind: string;
  /** The request as the dialog's title names it. */
  name: string;
  /** The instances it may ask to upgrade, all chosen at first. */
  instances: readonly string[];
  /** Whether it asks for the customer's preferred time slots. */
  preferredSlots: boolean;
}

/** The request form a step's details form stands for, if the step has one. */
export function requestForm(stage: Pick<StageView, 'form'>): RequestForm | null {
  const form = formOf(stage, 'details');
  return form ? { ticketKind: form.ticketKind, name: form.label, instances: form.instances, preferredSlots: form.preferredSlots } : null;
}

/** The backups recorded for the plan's current attempt. */
export function backupsThisAttempt(plan: Pick<PlanView, 'backups' | 'summary'>) {
  return plan.backups.filter((b) => b.attempt === plan.summary.attempt);
}

/** "PROD MAIN ✓ (24.2) · PROD TEST missing": each instance of a backup form, recorded this attempt or not. */
export function backupLine(plan: Pick<PlanView, 'backups' | 'summary'>, stage: Pick<StageView, 'form'>): string | null {
  const form = formOf(stage, 'backup');
  if (!form) return null;
  const recorded = backupsThisAttempt(plan);
  return form.instances
    .map((instance) => {
      const backup = recorded.find((b) => b.instance === instance);
      return `${instance} ${backup ? `✓ (${backup.version})` : 'missing'}`;
    })
    .join(' · ');
}

/** A button a step's form adds next to its actions, and the form it opens. */
export type FormButton = (
  | { key: 'backup'; label: string; open: { kind: 'backup'; stage: StageView; instances: readonly string[] } }
  | { key: 'details'; label: string; open: { kind: 'details'; stage: StageView; request: RequestForm } }
  | { key: `document:${string}`; label: string; open: { kind: 'document'; document: DocumentView } }
  | { key: 'followUp'; label: string; open: { kind: 'restore'; stage: StageView } }
) & { disabledReason?: string };

/**
 * The buttons a step's form adds for this person: a decided step's follow-up work the server offers them; otherwise only
 * on an unfinished step whose role they hold. Request details
 * only while the plan has that request's ticket; in the portal only once the step is on hold for them (`blockedOnly`).
 * A produced document once the viewer may record it: its phase under way, the step it is recorded after finished.
 */
export function formButtons(plan: Pick<PlanView, 'tickets' | 'documents' | 'phases' | 'summary'>, stage: StageView, options: { blockedOnly?: boolean } = {}): FormButton[] {
  // Work a decided step's outcome opened (a No-Go's restore), for the person the server offers it to.
  if (stage.followUp && !stage.followUp.disabledReason && stage.followUp.form === 'restore' && !options.blockedOnly) {
    return [{ key: 'followUp', label: stage.followUp.label, open: { kind: 'restore', stage } }];
  }
  if (stage.actions.length === 0 || isFinishedStatus(stage.status)) return [];
  if (options.blockedOnly && stage.status !== 'blocked') return [];
  const backup = formOf(stage, 'backup');
  if (backup && !options.blockedOnly) {
    // A backup is recorded onto its stage: while the stage waits for earlier ones, the server refuses it as it refuses Start.
    const waiting = plan.summary.next.some((n) => n.number === stage.number) ? undefined : stage.actions.find((a) => a.type === 'start' || a.type === 'complete')?.disabledReason;
    return [{ key: 'backup', label: 'Record backup', open: { kind: 'backup', stage, instances: backup.instances }, ...(waiting ? { disabledReason: waiting } : {}) }];
  }
  const request = requestForm(stage);
  if (request && plan.tickets.some((t) => t.kind === request.ticketKind)) {
    return [{ key: 'details', label: options.blockedOnly ? 'Provide the missing details' : 'Provide details', open: { kind: 'details', stage, request } }];
  }
  if (options.blockedOnly) return [];
  const finished = (n: number): boolean => plan.phases.some((p) => p.stages.some((s) => s.number === n && isFinishedStatus(s.status)));
  return documentsOf(plan, stage)
    .filter((document) => {
      const availability = recordAvailability(plan, document);
      return availability.offered && !availability.disabledReason && (document.afterStep === null || finished(document.afterStep));
    })
    .map((document) => ({ key: `document:${document.document}` as const, label: `Record ${document.name}`, open: { kind: 'document' as const, document } }));
}
