/**
 * What the panels read of a plan's parts, whatever its kind: the forms its steps carry (a decision, a slot, backups,
 * request details, documents), its documents by phase, and which sections it has. Everything here reads the server's
 * PlanView; the server stays the authority and may still refuse.
 */
import { formatInstant, isFinishedStatus } from './plan';
import { endSentence } from './refusal';
import type { DocumentView, PlanView, StageView, StepForm } from './types';

type FormOf<T extends StepForm['type']> = Extract<StepForm, { type: T }>;
type Stages = Pick<PlanView, 'phases'>;

/** A step's form, when it is of that type. */
export function formOf<T extends StepForm['type']>(stage: Pick<StageView, 'form'>, type: T): FormOf<T> | null {
  return stage.form?.type === type ? (stage.form as FormOf<T>) : null;
}

/** The plan's first step whose form is of that type (its decision, its slot, its backups), if it has one. */
export function stageWithForm(plan: Stages, type: StepForm['type']): StageView | undefined {
  return plan.phases.flatMap((p) => p.stages).find((s) => s.form?.type === type);
}

/** The plan's heading: the server's title, or (an older server) the versions it moves between. */
export function planTitle(plan: Pick<PlanView, 'title' | 'currentVersion' | 'targetVersion'>): string {
  return plan.title?.trim() || (plan.currentVersion !== null ? `ClinSpark ${plan.currentVersion} → ${plan.targetVersion ?? ''}` : 'ClinSpark plan');
}

/** A plan that moves the customer from one ClinSpark version to another (the view has its current version) shows both and the releases crossed. */
export const movesVersion = (plan: Pick<PlanView, 'currentVersion'>): boolean => plan.currentVersion !== null;

/** The plan's decision step (a Go / No-Go, a UAT's Pass / Fail), if it has one. */
export const decisionStage = (plan: Stages): StageView | undefined => stageWithForm(plan, 'decision');

/** The options a decision step offers, as its form gives them. */
export const decisionOptions = (stage: Pick<StageView, 'form'>) => formOf(stage, 'decision')?.options ?? [];

/** "Go / No-Go", "Pass / Fail": a decision step's outcomes, as its buttons and headings name it. */
export function decisionName(stage: Pick<StageView, 'form'>): string {
  const ids = decisionOptions(stage).map((o) => o.id);
  return ids.length > 0 ? ids.join(' / ') : 'decision';
}

/** An outcome that sends work back (it restarts steps, or needs its reason: a No-Go, a failed UAT): shown in red. */
export function isNegativeOutcome(stage: Pick<StageView, 'form'> | undefined, outcome: string | null | undefined): boolean {
  const option = stage ? decisionOptions(stage).find((o) => o.id === outcome) : undefined;
  return !!option && (option.reasonRequired || (option.restartsSteps?.length ?? 0) > 0);
}

/** The generic resolver call that takes a decision on any decision step. */
export function decisionCall(stage: Pick<StageView, 'number'>, outcome: string, reason?: string): { resolver: string; payload: Record<string, unknown> } {
  return { resolver: 'decideStage', payload: { stage: stage.number, outcome, ...(reason ? { reason } : {}) } };
}

/** The flag shown once the server accepted a decision: the option's own words, else which outcome on which step. */
export function decisionSuccess(stage: Pick<StageView, 'number' | 'form'>, outcome: string): string {
  const option = decisionOptions(stage).find((o) => o.id === outcome);
  return option?.recorded ?? `${option?.label ?? outcome} recorded on stage ${stage.number}`;
}

/** The plan has a slot step: its last phase happens on the agreed slot, which can go into a calendar. */
export const slotStage = (plan: Stages): StageView | undefined => stageWithForm(plan, 'slot');

/**
 * The phases that happen on the slot while it is not agreed yet: a plan with a slot step, phases none of whose steps has
 * a due date (they get the slot's day once it is confirmed).
 */
export function phasesAwaitingSlot(plan: Stages): ReadonlySet<string> {
  if (!slotStage(plan)) return new Set();
  // Rule 9's dates say it when the view carries them: a phase on the slot, not dated yet (not one whose end is to be agreed).
  const awaits = (p: Stages['phases'][number]): boolean => (p.schedule ? p.schedule.basis === 'slot' && p.schedule.end === null : p.stages.length > 0 && p.stages.every((s) => s.due === null));
  return new Set(plan.phases.filter(awaits).map((p) => p.name));
}

/** The phases whose end is agreed in discussion and not set yet (rule 9): their stages show "to be agreed", not a date. */
export function phasesToBeAgreed(plan: Stages): ReadonlySet<string> {
  return new Set(plan.phases.filter((p) => p.schedule?.basis === 'to be agreed').map((p) => p.name));
}

/** What a stage's due column says: when a finished stage finished, else its due day, else why it has none. */
export function dueText(plan: Stages, stage: Pick<StageView, 'status' | 'completedAt' | 'due' | 'phase'>): { finished: string | null; due: string | null; none: string } {
  const finished = (stage.status === 'done' || stage.status === 'skipped') && stage.completedAt ? stage.completedAt.slice(0, 10) : null;
  const none = awaitsSlot(plan, stage) ? 'On the slot' : phasesToBeAgreed(plan).has(stage.phase) ? 'To be agreed' : '—';
  return { finished, due: finished ? null : stage.due, none };
}

/** Whether a step happens on the slot that is not agreed yet ("on the slot" rather than a due date). */
export const awaitsSlot = (plan: Stages, stage: Pick<StageView, 'phase' | 'due'>): boolean => stage.due === null && phasesAwaitingSlot(plan).has(stage.phase);

export type PhaseProgress = 'under way' | 'closed' | 'not started';

export interface DocumentPhase {
  id: string;
  name: string;
  /** Documents are recorded while their phase is under way: one of its unfinished stages has every stage it waits for finished. */
  progress: PhaseProgress;
  documents: readonly DocumentView[];
  recorded: number;
}

/**
 * A phase is under way exactly when one of its stages is among the summary's next ones (unfinished, with every stage
 * it waits for finished): the server's own test before it records a document.
 */
export function phaseProgress(plan: Pick<PlanView, 'phases' | 'summary'>, phaseId: string): PhaseProgress {
  const phase = plan.phases.find((p) => p.id === phaseId);
  if (!phase) return 'not started';
  const next = new Set(plan.summary.next.map((n) => n.number));
  if (phase.stages.some((s) => next.has(s.number) && !isFinishedStatus(s.status))) return 'under way';
  if (phase.stages.length > 0 && phase.stages.every((s) => isFinishedStatus(s.status))) return 'closed';
  return 'not started';
}

/** The documents of each phase that asks for any, in the plan's phase order. */
export function documentPhases(plan: Pick<PlanView, 'phases' | 'summary' | 'documents'>): DocumentPhase[] {
  const documents = plan.documents ?? [];
  return plan.phases
    .map((phase) => {
      const own = documents.filter((d) => d.phase === phase.id);
      return { id: phase.id, name: phase.name, progress: phaseProgress(plan, phase.id), documents: own, recorded: own.filter((d) => d.recorded).length };
    })
    .filter((p) => p.documents.length > 0);
}

export function documentCounts(plan: Pick<PlanView, 'documents'>): { recorded: number; total: number } {
  const documents = plan.documents ?? [];
  return { recorded: documents.filter((d) => d.recorded).length, total: documents.length };
}

/** The documents a step produces (its document form), as the view lists them. */
export function documentsOf(plan: Pick<PlanView, 'documents'>, stage: Pick<StageView, 'form'>): DocumentView[] {
  const produced = formOf(stage, 'document')?.documents ?? [];
  return (plan.documents ?? []).filter((d) => produced.includes(d.document));
}

/**
 * Whether the viewer may record a document now; when not yet, why, in words next to the button. A closed phase offers
 * nothing (its lozenge says it is closed): its documents were recorded while it was under way.
 */
export function recordAvailability(plan: Pick<PlanView, 'phases' | 'summary'>, document: DocumentView): { offered: boolean; disabledReason?: string } {
  if (!document.mayRecord) return { offered: false };
  const progress = phaseProgress(plan, document.phase);
  if (progress === 'closed') return { offered: false };
  return progress === 'under way' ? { offered: true } : { offered: true, disabledReason: `recorded once ${document.phaseName} is under way` };
}

/** What the person gives when they record a document: its reference, or (credentials) only that they sent it over a secure channel. */
export type DocumentInput = { reference: string } | { sentOverSecureChannel: true };

/**
 * The generic resolver call that records any phase's document. Credentials are recorded as sent over a secure channel
 * and never carry a reference (the server refuses one).
 */
export function documentCall(document: Pick<DocumentView, 'phase' | 'document' | 'secureChannelOnly'>, input: DocumentInput): { resolver: string; payload: Record<string, unknown> } {
  if (document.secureChannelOnly) {
    if (!('sentOverSecureChannel' in input)) throw new Error(`${document.document} is recorded only as sent over a secure channel`);
    return { resolver: 'recordDocument', payload: { phase: document.phase, document: document.document, sentOverSecureChannel: true } };
  }
  if (!('reference' in input)) throw new Error(`${document.document} is recorded by its reference`);
  return { resolver: 'recordDocument', payload: { phase: document.phase, document: document.document, reference: input.reference } };
}

/** What a step's owner proposed, in words: an instant for a slot step, else the value as given. */
export function proposedValue(stage: Pick<StageView, 'form' | 'proposal'>, timeZone?: string): string | null {
  const value = stage.proposal?.value;
  if (!value) return null;
  return stage.form?.type === 'slot' ? formatInstant(value, timeZone) : value;
}

/** Where a step's proposal stands, in one line for the panels; null when nothing was proposed. */
export function proposalLine(stage: Pick<StageView, 'form' | 'proposal'>, who: (accountId: string) => string): string | null {
  const proposal = stage.proposal;
  const value = proposedValue(stage);
  if (!proposal || !value) return null;
  if (proposal.agreed) return `Agreed by ${who(proposal.agreed.by)}: ${value}.`;
  if (proposal.declined) return `${endSentence(`${value} was declined by ${who(proposal.declined.by)}: “${proposal.declined.reason}”`)} A new proposal is needed.`;
  const why = proposal.reason ? ` ${endSentence(`Why not a preferred one: “${proposal.reason}”`)}` : '';
  return `Proposed by ${who(proposal.proposedBy)}: ${value}, waiting for agreement.${why}`;
}

/** The proposal of a step still waiting for the other party's answer, if any. */
export function pendingProposal(stage: Pick<StageView, 'status' | 'proposal'>): NonNullable<StageView['proposal']> | null {
  const proposal = stage.proposal;
  return stage.status === 'in progress' && proposal && !proposal.declined && !proposal.agreed ? proposal : null;
}
