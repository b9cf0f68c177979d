/**
 * What the panels need to know of the three kinds of plan behind one view (the ClinSpark upgrade, the PROD go-live, the
 * implementation lifecycle): which parts are the upgrade's own, how a decision step is taken, and the documents each
 * phase asks for. Everything here reads the server's PlanView; the server stays the authority and may still refuse.
 */
import { isFinishedStatus } from './plan';
import type { DocumentView, PlanView, StageView } from './types';

export const UPGRADE_KIND = 'upgrade';
export const GO_LIVE_KIND = 'prod-go-live';
export const LIFECYCLE_KIND = 'implementation-lifecycle';
/** The go-live's step 5 document: recorded through recordIqDocumentation, which also moves the registry's PROD pair. */
export const GO_LIVE_IQ_DOCUMENT = 'iq-documentation';

/** The ClinSpark upgrade: slot, VAL decision, backups, releases and configuration are its own. A view without a kind is an upgrade's (an older server). */
export const isUpgrade = (plan: Pick<PlanView, 'kind'>): boolean => (plan.kind ?? UPGRADE_KIND) === UPGRADE_KIND;

/** The plan's heading: the server's title, or (an older server) the upgrade's versions. */
export function planTitle(plan: Pick<PlanView, 'title' | 'currentVersion' | 'targetVersion'>): string {
  return plan.title?.trim() || `ClinSpark ${plan.currentVersion} → ${plan.targetVersion}`;
}

/** Decision outcomes that send work back (the upgrade's No-Go, the UAT's Fail): shown in red. */
const NEGATIVE_OUTCOMES: ReadonlySet<string> = new Set(['No-Go', 'Fail']);
export const isNegativeOutcome = (outcome: string | null | undefined): boolean => !!outcome && NEGATIVE_OUTCOMES.has(outcome);

/** The plan's decision step (stage 24's Go / No-Go, the lifecycle's UAT), if it has one. */
export function decisionStage(plan: Pick<PlanView, 'phases'>): StageView | undefined {
  return plan.phases.flatMap((p) => p.stages).find((s) => s.decision !== null);
}

/** "Go / No-Go", "Pass / Fail": a decision step's outcomes, as its buttons and headings name it. */
export function decisionName(stage: Pick<StageView, 'decision'>): string {
  const ids = stage.decision?.options.map((o) => o.id) ?? [];
  return ids.length > 0 ? ids.join(' / ') : 'decision';
}

/**
 * The resolver that takes a decision: the upgrade's stage 24 keeps decideGoNoGo (its payload names no stage);
 * every other decision step (the UAT's Pass / Fail) goes through decideStage.
 */
export function decisionCall(plan: Pick<PlanView, 'kind'>, stage: Pick<StageView, 'number'>, outcome: string, reason?: string): { resolver: string; payload: Record<string, unknown> } {
  const why = reason ? { reason } : {};
  if (isUpgrade(plan) && stage.number === 24) return { resolver: 'decideGoNoGo', payload: { outcome, ...why } };
  return { resolver: 'decideStage', payload: { stage: stage.number, outcome, ...why } };
}

/** The flag shown once the server accepted a decision. */
export function decisionSuccess(plan: Pick<PlanView, 'kind'>, stage: Pick<StageView, 'number' | 'decision'>, outcome: string): string {
  if (isUpgrade(plan) && stage.number === 24) return outcome === 'Go' ? 'Go recorded: stages 25–28 are open' : 'No-Go recorded: PROD MAIN is restored and the plan returns to Prep for Upgrade';
  const option = stage.decision?.options.find((o) => o.id === outcome);
  return `${option?.label ?? outcome} recorded on stage ${stage.number}`;
}

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
 * The resolver call that records a document. Credentials are recorded as sent over a secure channel and never carry a
 * reference (the server refuses one); the go-live's IQ documentation goes through recordIqDocumentation.
 */
export function documentCall(plan: Pick<PlanView, 'kind'>, document: Pick<DocumentView, 'phase' | 'document' | 'secureChannelOnly'>, input: DocumentInput): { resolver: string; payload: Record<string, unknown> } {
  if (document.secureChannelOnly) {
    if (!('sentOverSecureChannel' in input)) throw new Error(`${document.document} is recorded only as sent over a secure channel`);
    return { resolver: 'recordDocument', payload: { phase: document.phase, document: document.document, sentOverSecureChannel: true } };
  }
  if (!('reference' in input)) throw new Error(`${document.document} is recorded by its reference`);
  if (plan.kind === GO_LIVE_KIND && document.document === GO_LIVE_IQ_DOCUMENT) return { resolver: 'recordIqDocumentation', payload: { instance: 'PROD', reference: input.reference } };
  return { resolver: 'recordDocument', payload: { phase: document.phase, document: document.document, reference: input.reference } };
}
