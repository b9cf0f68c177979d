import { createHash } from 'node:crypto';
import { refuse } from './errors';
import type { Actor, Plan, PlaybookDefinition, StepAction, StepState } from './playbook';

/**
 * An act of a plan that is decisive evidence (21 CFR Part 11 §11.50, §11.70): it happens only with the electronic
 * signature of the person taking it, whose meaning is declared here, once per kind of plan, as data.
 */
export interface SignatureMeaning {
  step: number;
  /** The step action that is signed: a step completed, or a decision taken with one of its options. */
  action: 'complete' | 'decide';
  /** For a decision: the option signed; every option of a decision step should declare its own meaning. */
  outcome?: string;
  /** What the signature means, shown before signing and with the signature ever after ("Go: PROD TEST may be upgraded"). */
  meaning: string;
}

/**
 * The signer of an act, as the application layer vouches for them: their Atlassian account from the Forge context,
 * whose signing passphrase it has just verified, their printed name from Jira, and the plan revision the person was
 * shown when they signed (a record changed since is refused).
 */
export interface Signer {
  accountId: string;
  name: string;
  shownRevision: number;
  /** The meaning the person was shown and signs: it must be the act's declared meaning, word for word. */
  meaning: string;
}

/** An electronic signature, kept with the record it signs (§11.50 manifestation, §11.70 linking). */
export interface Signature {
  accountId: string;
  /** The signer's printed name as Jira gave it when they signed. */
  name: string;
  /** When it was signed, UTC ISO 8601. */
  at: string;
  meaning: string;
  /** The signed record: a step of the plan in one attempt. */
  step: number;
  attempt: number;
  /** The plan revision (audit seq) of the signed change. */
  seq: number;
  /** sha256 (hex) of the canonical content: the signed record and this signature's own name, time and meaning. */
  hash: string;
}

/** What a signature is found to be when checked against the record it is attached to. */
export type SignatureCheck = 'valid' | 'broken' | 'not kept';

export const SIGNATURE_HASH = 'sha256';

/** The meaning a step action must be signed with, when the playbook declares one. */
/** What is wrong with a playbook's signed acts (an unknown step or option, a decision signed for some options only, an empty meaning). */
export function signatureProblems(playbook: PlaybookDefinition<unknown>): string[] {
  const problems: string[] = [];
  for (const m of playbook.signatures ?? []) {
    const step = playbook.steps.find((s) => s.number === m.step);
    if (!step) problems.push(`signature of unknown step ${m.step}`);
    else if (m.action === 'decide' && !step.decision?.options.some((o) => o.id === m.outcome)) problems.push(`step ${m.step}: signature of unknown option ${String(m.outcome)}`);
    else if (m.action === 'complete' && step.decision) problems.push(`step ${m.step}: a decision is signed per option, not completed`);
    if (!m.meaning.trim()) problems.push(`step ${m.step}: a signature needs its meaning`);
    const signedOptions = (playbook.signatures ?? []).filter((o) => o.step === m.step && o.action === 'decide').map((o) => o.outcome);
    if (m.action === 'decide' && step?.decision && !step.decision.options.every((o) => signedOptions.includes(o.id))) problems.push(`step ${m.step}: every option of a signed decision is signed`);
  }
  return [...new Set(problems)];
}

export function signatureMeaningOf(playbook: Pick<PlaybookDefinition<unknown>, 'signatures'>, action: Pick<StepAction, 'type' | 'step'> & { outcome?: string }): SignatureMeaning | undefined {
  return (playbook.signatures ?? []).find((m) => m.step === action.step && m.action === action.type && (m.action !== 'decide' || m.outcome === action.outcome));
}

/** JSON with object keys sorted at every depth: the same content always gives the same bytes, so the same hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256Hex(text: string): string {
  return createHash(SIGNATURE_HASH).update(text, 'utf8').digest('hex');
}

/**
 * The step a signature of `attempt` was given on, as the plan keeps it: a step stands as signed until a decision restarts
 * it, and the first archived attempt that restarted it keeps it as it was (`current` false). Undefined when the plan no
 * longer keeps it whole: an archived attempt the walk needs was dropped, or a restart in the step's phase (`phaseSteps`,
 * given for a step that produces documents) asked for the phase's documents again, which are then in the audit only.
 */
function signedStep(plan: Plan<unknown>, step: number, attempt: number, phaseSteps: readonly number[] = []): { state: StepState; current: boolean } | undefined {
  for (let ended = attempt; ended < plan.attempt; ended += 1) {
    const archived = plan.attempts.find((a) => a.attempt === ended);
    if (!archived || archived.restartedSteps.some((n) => phaseSteps.includes(n))) return undefined;
    if (archived.restartedSteps.includes(step)) {
      const state = archived.steps.find((s) => s.number === step);
      return state ? { state, current: false } : undefined;
    }
  }
  const state = plan.steps.find((s) => s.number === step);
  return state ? { state, current: true } : undefined;
}

/**
 * The content a signature covers: the record signed (the plan, its kind, the step and attempt, what was decided or
 * completed, by whom, when and why, and the documents the step produced in that attempt) and the signature's own
 * printed name, time and meaning. Undefined when the plan no longer keeps the record (an attempt older than it keeps).
 */
export function signedContent(plan: Plan<unknown>, signature: Omit<Signature, 'hash'>, producesDocuments: readonly string[] = [], phaseSteps: readonly number[] = []): Record<string, unknown> | undefined {
  const state = signedStep(plan, signature.step, signature.attempt, producesDocuments.length > 0 ? phaseSteps : [])?.state;
  if (!state) return undefined;
  const documents = (plan.documents ?? [])
    .filter((d) => d.attempt === signature.attempt && producesDocuments.includes(d.document))
    .map((d) => ({ document: d.document, reference: d.reference, sentOverSecureChannel: d.sentOverSecureChannel, recordedBy: d.recordedBy, at: d.at }));
  return {
    record: {
      plan: plan.id,
      kind: plan.kind,
      organization: plan.organizationId,
      step: state.number,
      attempt: signature.attempt,
      status: state.status,
      outcome: state.outcome,
      reason: state.reason,
      completedBy: state.completedBy,
      completedAt: state.completedAt,
      documents,
    },
    signature: { accountId: signature.accountId, name: signature.name, at: signature.at, meaning: signature.meaning, seq: signature.seq },
  };
}

const documentsOf = (playbook: PlaybookDefinition<unknown>, step: number): readonly string[] => playbook.steps.find((s) => s.number === step)?.producesDocuments ?? [];
const phaseStepsOf = (playbook: PlaybookDefinition<unknown>, step: number): readonly number[] => {
  const phase = playbook.steps.find((s) => s.number === step)?.phase;
  return playbook.steps.filter((s) => s.phase === phase).map((s) => s.number);
};

/** Recomputes the hash of the record a signature is attached to: a signature copied onto another record, or a record changed since, is broken. */
export function checkSignature(playbook: PlaybookDefinition<unknown>, plan: Plan<unknown>, signature: Signature): SignatureCheck {
  const { hash, ...rest } = signature;
  const content = signedContent(plan, rest, documentsOf(playbook, signature.step), phaseStepsOf(playbook, signature.step));
  if (!content) return 'not kept';
  return sha256Hex(canonicalJson(content)) === hash ? 'valid' : 'broken';
}

/**
 * The generic check of a signed act: refused without a signature (naming the field), by anyone but the person acting,
 * or on a plan changed since it was shown to the signer. Nothing is recorded when it refuses.
 */
export function requireSigner(meaning: SignatureMeaning, signer: Signer | undefined, actor: Actor, plan: Plan<unknown>): Signer {
  const stage = meaning.step;
  if (!signer) return refuse('signatureRequired', `stage ${stage}: "${meaning.meaning}" is signed: give your signing passphrase`, { field: 'signature', stage });
  if (!signer.accountId || signer.accountId !== actor.accountId || actor.app) refuse('signatureSigner', `stage ${stage}: only the person taking the act signs it`, { field: 'signature', stage });
  if (!signer.meaning?.trim()) refuse('signatureMeaning', `stage ${stage}: a signature states its meaning ("${meaning.meaning}"): none was given`, { field: 'signature.meaning', stage });
  if (signer.meaning !== meaning.meaning) refuse('signatureMeaning', `stage ${stage}: this act's signature means "${meaning.meaning}", not "${signer.meaning}"`, { field: 'signature.meaning', stage });
  if (!signer.name.trim()) refuse('signatureName', `stage ${stage}: a signature carries the signer's printed name, which Jira did not give`, { field: 'signature', stage });
  if (signer.shownRevision !== plan.revision) {
    refuse('signatureStale', `stage ${stage}: the plan changed since it was shown to you (revision ${signer.shownRevision}, now ${plan.revision}); look at it again before signing`, { field: 'signature.revision', stage });
  }
  return signer;
}

/** The signature of an accepted act, bound to the record as the act leaves it (`after`, facts included). */
export function signRecord(playbook: PlaybookDefinition<unknown>, after: Plan<unknown>, meaning: SignatureMeaning, signer: Signer, attempt: number, now: Date): Signature {
  const unsigned: Omit<Signature, 'hash'> = { accountId: signer.accountId, name: signer.name, at: now.toISOString(), meaning: meaning.meaning, step: meaning.step, attempt, seq: after.revision };
  const content = signedContent(after, unsigned, documentsOf(playbook, meaning.step));
  if (!content) throw new Error(`plan ${after.id} keeps no stage ${meaning.step} of attempt ${attempt} to sign`);
  return { ...unsigned, hash: sha256Hex(canonicalJson(content)) };
}

/**
 * The signatures a plan keeps after a change: a reopened step's signatures given on the step as it stood (of this attempt,
 * or of an earlier one no decision restarted it after) leave the plan (their record is gone; the audit entries of the
 * signed acts keep them), and so do those of attempts the plan no longer keeps.
 */
export function keptSignatures(after: Plan<unknown>, action: Pick<StepAction, 'type' | 'step'>): readonly Signature[] {
  const kept = new Set([after.attempt, ...after.attempts.map((a) => a.attempt)]);
  const reopened = (s: Signature): boolean => action.type === 'reopen' && s.step === action.step && signedStep(after, s.step, s.attempt)?.current === true;
  return (after.signatures ?? []).filter((s) => kept.has(s.attempt) && !reopened(s));
}
