import { ADMIN_OVERRIDE_ROLE } from '../audit';
import { acceptChange, type Accepted } from '../engine';
import { PlanRefusal, refuse } from '../errors';
import type { Actor, DocumentDefinition, Plan, PlanRule, PlaybookDefinition, RecordedDocument } from '../playbook';
import { isPhaseOpen, phaseDefinition, phaseSteps, isPhaseClosed } from './phases';

export const DOCUMENT_REFERENCE_MAX_LENGTH = 255;

/** Every document a playbook declares, with the phase that produces it. */
export function declaredDocuments<F>(playbook: PlaybookDefinition<F>): { phase: string; document: DocumentDefinition }[] {
  return playbook.phases.flatMap((p) => (p.documents ?? []).map((document) => ({ phase: p.id, document })));
}

function declared<F>(playbook: PlaybookDefinition<F>, id: string): { phase: string; document: DocumentDefinition } | undefined {
  return declaredDocuments(playbook).find((d) => d.document.id === id);
}

/** The first attempt in which a phase's documents count: a decision that restarted one of its steps asks for them again. */
export function documentsValidFrom<F>(playbook: PlaybookDefinition<F>, plan: Plan<F>, phaseId: string): number {
  const own = phaseSteps(playbook, phaseId).map((s) => s.number);
  return plan.attempts.filter((a) => a.restartedSteps.some((n) => own.includes(n))).reduce((floor, a) => Math.max(floor, a.attempt + 1), 1);
}

/** Documents recorded for the current run of their phase. */
export function currentDocuments<F>(playbook: PlaybookDefinition<F>, plan: Plan<F>): RecordedDocument[] {
  return (plan.documents ?? []).filter((d) => d.attempt >= documentsValidFrom(playbook, plan, d.phase));
}

/** Which of the named documents are not recorded for the current run of their phase. */
export function missingDocuments<F>(playbook: PlaybookDefinition<F>, plan: Plan<F>, ids: readonly string[]): DocumentDefinition[] {
  const recorded = new Set(currentDocuments(playbook, plan).map((d) => d.document));
  return ids.filter((id) => !recorded.has(id)).map((id) => declared(playbook, id)?.document ?? { id, name: id, description: '', roles: [] });
}

const names = (documents: readonly DocumentDefinition[]): string => documents.map((d) => d.name).join(', ');
const FINISHING = ['complete', 'skip', 'decide'];

/** A phase cannot close while one of its documents (other than those maintained along the way) is missing. */
export const phaseDocumentsBeforeClose: PlanRule<unknown> = {
  name: 'phaseDocumentsBeforeClose',
  check({ playbook, plan, after, action, step }) {
    if (!FINISHING.includes(action.type)) return undefined;
    const phase = phaseDefinition(playbook, step.phase);
    const required = (phase?.documents ?? []).filter((d) => !d.maintained).map((d) => d.id);
    if (!phase || required.length === 0 || !isPhaseClosed(playbook, after.steps, phase.id)) return undefined;
    const missing = missingDocuments(playbook, plan, required);
    return missing.length > 0
      ? new PlanRefusal(this.name, `${phase.name} cannot close before its documents are recorded: missing ${names(missing)}`, { field: 'documents', stage: step.number })
      : undefined;
  },
};

/** A step's document gate (before it starts or finishes) and the documents it produces (before it finishes). */
export const stepDocumentsRecorded: PlanRule<unknown> = {
  name: 'stepDocumentsRecorded',
  check({ playbook, plan, action, step }) {
    const wanted = [...(['start', ...FINISHING].includes(action.type) ? (step.requiresDocuments ?? []) : []), ...(FINISHING.includes(action.type) ? (step.producesDocuments ?? []) : [])];
    const missing = missingDocuments(playbook, plan, wanted);
    return missing.length > 0
      ? new PlanRefusal(this.name, `stage ${step.number} needs ${names(missing)} recorded first`, { field: 'documents', stage: step.number })
      : undefined;
  },
};

export const DOCUMENT_RULES: readonly PlanRule<unknown>[] = [stepDocumentsRecorded, phaseDocumentsBeforeClose];

/** What a person records: where a document is kept, or (secure-channel documents) only that it was sent. */
export interface DocumentRecord {
  phase: string;
  document: string;
  reference?: string;
  sentOverSecureChannel?: boolean;
  reason?: string;
}

const RECORD_FIELDS = ['phase', 'document', 'reference', 'sentOverSecureChannel', 'reason'];

function recordingRole(document: DocumentDefinition, actor: Actor, reason: string | undefined): string {
  const held = document.roles.find((role) => actor.roles.includes(role));
  if (held) return held;
  if (actor.admin && reason?.trim()) return ADMIN_OVERRIDE_ROLE;
  const why = actor.admin ? 'an app admin acting outside their roles must give a reason' : `only ${document.roles.join(' / ')} may record it`;
  return refuse('documentOwnership', `${document.name}: ${why}`, { field: actor.admin ? 'reason' : 'actor' });
}

/** Records a document against a phase of any playbook; refuses, changing nothing, a document of the wrong kind, phase or handling. */
export function recordDocument<F, K extends string>(playbook: PlaybookDefinition<F>, plan: Plan<F, K>, input: DocumentRecord, actor: Actor, now: Date): Accepted<F, K> {
  const stray = Object.keys(input ?? {}).find((key) => !RECORD_FIELDS.includes(key));
  if (stray) refuse('credentialsNeverStored', `"${stray}" is not recorded: the plan keeps a document's reference, never its content`, { field: stray });
  const phase = phaseDefinition(playbook, input.phase);
  if (!phase) refuse('knownPhase', `${playbook.title} has no phase "${String(input.phase)}"`, { field: 'phase' });
  const document = (phase.documents ?? []).find((d) => d.id === input.document);
  if (!document) {
    const expected = (phase.documents ?? []).map((d) => d.name).join(', ') || 'none';
    refuse('documentOfPhase', `"${String(input.document)}" is not a document of ${phase.name}; it takes: ${expected}`, { field: 'document' });
  }
  const role = recordingRole(document, actor, input.reason);

  let reference: string | null = null;
  if (document.handling === 'secure-channel') {
    if (input.reference !== undefined) {
      refuse('credentialsNeverStored', `${document.name} are never stored: record only that they were sent over a secure channel`, { field: 'reference' });
    }
    if (input.sentOverSecureChannel !== true) refuse('secureChannel', `${document.name} are transmitted via secure channel: confirm sentOverSecureChannel`, { field: 'sentOverSecureChannel' });
  } else {
    reference = typeof input.reference === 'string' ? input.reference.trim() : '';
    if (!reference || reference.length > DOCUMENT_REFERENCE_MAX_LENGTH) {
      refuse('documentReference', `${document.name} needs its reference (identifier or link, at most ${DOCUMENT_REFERENCE_MAX_LENGTH} characters)`, { field: 'reference' });
    }
    if (input.sentOverSecureChannel !== undefined) refuse('secureChannel', `${document.name} is recorded by its reference`, { field: 'sentOverSecureChannel' });
  }
  if (!isPhaseOpen(playbook, plan.steps, phase.id)) refuse('documentPhaseOpen', `${phase.name} is not under way: its documents are recorded while it is open`, { field: 'phase' });
  if (document.afterStep !== undefined) {
    const after = plan.steps.find((s) => s.number === document.afterStep);
    if (after?.status !== 'done' && after?.status !== 'skipped') refuse('documentOrder', `${document.name} is recorded once stage ${document.afterStep} is finished`, { field: 'document', stage: document.afterStep });
  }

  // The record keeps one version of each document, the latest; every version recorded stays in the audit.
  const latest = currentDocuments(playbook, plan).filter((d) => d.document === document.id).at(-1);
  if (latest && latest.reference === reference) {
    const what = reference === null ? 'as sent over a secure channel' : `with the reference "${reference}"`;
    refuse('documentAlreadyRecorded', `${document.name} is already recorded ${what} (by ${latest.recordedBy}, ${latest.at}): a new version is recorded with its own reference`, { field: reference === null ? 'document' : 'reference' });
  }
  const recorded: RecordedDocument = { document: document.id, phase: phase.id, reference, sentOverSecureChannel: reference === null, recordedBy: actor.accountId, at: now.toISOString(), attempt: plan.attempt };
  return acceptChange(
    plan,
    {
      role,
      action: 'record document',
      before: null,
      after: reference === null ? { document: document.id, phase: phase.id, sentOverSecureChannel: true } : { document: document.id, phase: phase.id, reference },
      reason: input.reason?.trim() || null,
      documents: [...(plan.documents ?? []).filter((d) => d.document !== document.id), recorded],
    },
    actor.accountId,
    now,
  );
}
