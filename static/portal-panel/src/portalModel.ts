import { formatDay, isFinishedStatus, type LozengeAppearance } from '../../shared/plan';
import { isNegativeOutcome } from '../../shared/planParts';
import { formatInstantDay } from '../../shared/time';
import type { DocumentView, PlanView, StageView } from '../../shared/types';

const all = (plan: Pick<PlanView, 'phases'>): StageView[] => plan.phases.flatMap((p) => p.stages);

/** The customer's own stages that ask something of them now (an action they can take, or details to give), and IQVIA's proposals waiting for their answer. */
export function yourTurn(plan: Pick<PlanView, 'phases'>): StageView[] {
  const answers = (s: StageView) => s.actions.some((a) => !a.disabledReason && (a.type === 'agree' || a.type === 'decline'));
  return all(plan).filter((s) => !isFinishedStatus(s.status) && ((s.roles.includes('Customer') && s.actions.some((a) => !a.disabledReason && a.type !== 'block')) || answers(s)));
}

/** What IQVIA works on now: IQVIA stages in progress, or ready to start because everything before them is finished. */
export function iqviaNow(plan: Pick<PlanView, 'phases' | 'summary'>): StageView[] {
  const ready = new Set(plan.summary.next.map((n) => n.number));
  return all(plan).filter((s) => !s.roles.includes('Customer') && (s.status === 'in progress' || (s.status === 'todo' && ready.has(s.number))));
}

/**
 * A stage's state in the customer's words. Reasons are shown only on the customer's own stages:
 * a reason on an IQVIA stage is IQVIA's internal note.
 */
export function customerStatus(stage: StageView): { text: string; appearance: LozengeAppearance; when: string | null } {
  const own = stage.roles.includes('Customer');
  switch (stage.status) {
    case 'done':
      return { text: stage.outcome ?? 'Done', appearance: isNegativeOutcome(stage, stage.outcome) ? 'removed' : 'success', when: stage.completedAt ? formatInstantDay(stage.completedAt) : null };
    case 'skipped':
      return { text: 'Not needed', appearance: 'default', when: own && stage.reason ? stage.reason : null };
    case 'blocked':
      return { text: 'On hold', appearance: 'moved', when: own && stage.reason ? stage.reason : null };
    case 'in progress':
      return { text: 'In progress', appearance: 'inprogress', when: stage.due ? `${stage.overdue ? 'was due' : 'due'} ${formatDay(stage.due)}` : null };
    case 'todo':
      return { text: 'To do', appearance: 'default', when: stage.due ? `${stage.overdue ? 'was due' : 'due'} ${formatDay(stage.due)}` : null };
  }
}

/**
 * The documents of the plan as the customer sees them: theirs to record (their role records them), and IQVIA's, whose
 * references stay internal (the portal shows only whether they are on record).
 */
export function customerDocuments(plan: Pick<PlanView, 'documents'>): { yours: DocumentView[]; theirs: DocumentView[] } {
  const documents = plan.documents ?? [];
  return { yours: documents.filter((d) => d.mayRecord), theirs: documents.filter((d) => !d.mayRecord) };
}
