import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { auditEntry, type AuditEntry } from '../domain/audit';
import { chainEntries } from '../domain/auditChain';
import { PlanRefusal, refuse } from '../domain/errors';
import { kindOf } from '../domain/kinds';
import type { Signer } from '../domain/signatures';
import { signatureMeaningOf } from '../domain/signatures';
import type { StepAction } from '../domain/playbook';
import { displayNameOf } from './people';
import { requireIqRecorder } from './environmentsView';
import { actOnPlanStage, iqRecorderRoleOf, planOfTicket, recordPlanIqDocumentation, recordsIqOnThePlan } from './planActions';
import type { PlanView } from './planView';
import { ConcurrentChangeError, type AppPorts, type Clock } from './ports';
import type { AppSettings } from './settings';
import type { Viewer } from './viewer';

/** Part 11 §11.300(d): tries before signing locks for the person, until an admin unlocks it. */
export const MAX_SIGNING_FAILURES = 5;
export const PASSPHRASE_MIN_LENGTH = 12;
export const PASSPHRASE_MAX_LENGTH = 256;
export const SIGNING_LOCKED_MESSAGE = `Signing is locked after ${MAX_SIGNING_FAILURES} failed attempts; ask your service desk admin to unlock it`;
/** The role the audit records an admin's unlock under. */
export const PROJECT_ADMIN_ROLE = 'Project admin';
/** The role the audit records a person's own signing changes under (their passphrase, their lock). */
export const SIGNER_ROLE = 'Signer';

/** scrypt's cost: stored with each hash, so raising it later leaves the hashes already kept verifiable. */
export const SCRYPT_PARAMETERS = { N: 2 ** 15, r: 8, p: 1, keyLength: 64 } as const;

/** A signing passphrase as kept: a salted slow hash and its parameters, never the passphrase. */
export interface PassphraseHash {
  algorithm: 'scrypt';
  /** base64 of 16 random bytes. */
  salt: string;
  N: number;
  r: number;
  p: number;
  keyLength: number;
  /** base64 of the derived key. */
  hash: string;
}

/** Where a person's signing stands: whether they set a passphrase, their failed tries since the last success, a lock. */
export interface SigningState {
  accountId: string;
  /** Grows by one with every change, counted or audited. */
  revision: number;
  passphraseSetAt: string | null;
  failures: number;
  lockedAt: string | null;
  /** How many audit entries the person's signing trail holds, and the hash of its last (the trail is a hash chain, §11.10(e)). */
  auditCount?: number;
  auditHead?: string | null;
}

/** A change to a person's signing state, written only if nobody changed it since `expectedRevision` (0: none stored). */
export interface SigningCommit {
  state: SigningState;
  expectedRevision: number;
  /** The new passphrase's hash, kept in the store's secret storage. */
  credential?: PassphraseHash;
  audit: readonly AuditEntry[];
}

/** The signing records of people: their state, their passphrase hash (secret), the audit of their changes. */
export interface SigningStore {
  loadState(accountId: string): Promise<SigningState | undefined>;
  loadCredential(accountId: string): Promise<PassphraseHash | undefined>;
  /** ConcurrentChangeError when the state moved since `expectedRevision`. */
  commit(commit: SigningCommit): Promise<void>;
  /** The people whose signing is locked. */
  listLocked(): Promise<SigningState[]>;
}

/** The audit trail of a person's signing is kept under this subject. */
export const signingSubjectOf = (accountId: string): string => `signing:${accountId}`;

const NEW_STATE = (accountId: string): SigningState => ({ accountId, revision: 0, passphraseSetAt: null, failures: 0, lockedAt: null });

function scrypt(passphrase: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(passphrase.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))));
}

const MAXMEM = (N: number, r: number): number => 256 * N * r;

/** A new salted slow hash of a passphrase (random 16-byte salt, the current parameters). */
export async function hashPassphrase(passphrase: string): Promise<PassphraseHash> {
  const salt = randomBytes(16);
  const { N, r, p, keyLength } = SCRYPT_PARAMETERS;
  const key = await scrypt(passphrase, salt, keyLength, { N, r, p, maxmem: MAXMEM(N, r) });
  return { algorithm: 'scrypt', salt: salt.toString('base64'), N, r, p, keyLength, hash: key.toString('base64') };
}

/** Whether a passphrase is the one a hash was made of, compared in constant time. */
export async function passphraseMatches(passphrase: string, kept: PassphraseHash): Promise<boolean> {
  const expected = Buffer.from(kept.hash, 'base64');
  const key = await scrypt(passphrase, Buffer.from(kept.salt, 'base64'), kept.keyLength, { N: kept.N, r: kept.r, p: kept.p, maxmem: MAXMEM(kept.N, kept.r) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** What a person's signing panel shows: never the hash, never the passphrase. */
export interface SigningStatus {
  accountId: string;
  /** The printed name a signature of theirs carries, as Jira gave it; null when the app does not know it yet. */
  name: string | null;
  passphraseSet: boolean;
  locked: boolean;
  /** Tries left before signing locks. */
  triesLeft: number;
  message: string | null;
}

function statusOf(accountId: string, name: string | null, state: SigningState | undefined, credential: PassphraseHash | undefined): SigningStatus {
  const current = state ?? NEW_STATE(accountId);
  const locked = current.lockedAt !== null;
  return { accountId, name, passphraseSet: credential !== undefined, locked, triesLeft: locked ? 0 : MAX_SIGNING_FAILURES - current.failures, message: locked ? SIGNING_LOCKED_MESSAGE : null };
}

/** The printed name of a signer: the app's cached directory of Jira names, else Jira itself (as the app). */
async function printedNameOf(ports: AppPorts, viewer: Viewer, loadedSettings?: AppSettings): Promise<string | null> {
  const settings = loadedSettings ?? (await ports.plans.loadSettings(viewer.projectKey));
  const cached = displayNameOf(settings, viewer.accountId);
  if (cached) return cached;
  const [person] = await ports.jira.usersByIds([viewer.accountId]);
  return person?.displayName ?? null;
}

/** The viewer's own signing status, and the name their signatures will carry. */
export async function getSigningStatus(ports: AppPorts, signing: SigningStore, viewer: Viewer): Promise<SigningStatus> {
  const [state, credential, name] = await Promise.all([signing.loadState(viewer.accountId), signing.loadCredential(viewer.accountId), printedNameOf(ports, viewer)]);
  return statusOf(viewer.accountId, name, state, credential);
}

/** Writes a change to a person's signing state with its audit entry, recomputed on a fresh read when someone else wrote first. */
async function changeSigning(signing: SigningStore, accountId: string, change: (state: SigningState) => Omit<SigningCommit, 'expectedRevision'> | undefined): Promise<SigningState> {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const state = (await signing.loadState(accountId)) ?? NEW_STATE(accountId);
    const proposed = change(state);
    if (!proposed) return state;
    const next = chainSigningAudit(state, proposed);
    try {
      await signing.commit({ ...next, expectedRevision: state.revision });
      return next.state;
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
    }
  }
  throw new ConcurrentChangeError(signingSubjectOf(accountId));
}

/** Numbers a change's audit entries after the trail's last and links them to its head (a trail's own count: a counted try writes none). */
function chainSigningAudit(before: SigningState, change: Omit<SigningCommit, 'expectedRevision'>): Omit<SigningCommit, 'expectedRevision'> {
  if (change.audit.length === 0) return { ...change, state: { ...change.state, auditCount: before.auditCount ?? 0, auditHead: before.auditHead ?? null } };
  const count = before.auditCount ?? 0;
  const { entries, head } = chainEntries(before.auditHead ?? null, change.audit.map((entry, i) => ({ ...entry, seq: count + i + 1 })));
  return { ...change, audit: entries, state: { ...change.state, auditCount: count + entries.length, auditHead: head } };
}

function entryFor(state: SigningState, actor: { accountId: string; role: string }, action: string, before: Record<string, unknown> | null, after: Record<string, unknown>, reason: string | null, now: Date): AuditEntry {
  return auditEntry({ id: signingSubjectOf(state.accountId), attempt: 1 }, state.revision, actor, { action, before, after, reason }, now);
}

/**
 * Checks a person's signing passphrase (Part 11 §11.200(a)(1)): refused while locked, before one is set, or when wrong;
 * a wrong one counts, and the fifth locks signing and says so. A right one clears the count.
 */
export async function verifySigningPassphrase(signing: SigningStore, clock: Clock, accountId: string, passphrase: string): Promise<void> {
  const state = await signing.loadState(accountId);
  if (state?.lockedAt) refuse('signingLocked', SIGNING_LOCKED_MESSAGE, { field: 'signature.passphrase' });
  const credential = await signing.loadCredential(accountId);
  if (!credential) refuse('signingPassphraseSet', 'you have no signing passphrase yet: set your signing passphrase first', { field: 'signature.passphrase' });
  if (await passphraseMatches(passphrase, credential)) {
    if (state && state.failures > 0) await changeSigning(signing, accountId, (s) => (s.failures > 0 && !s.lockedAt ? { state: { ...s, revision: s.revision + 1, failures: 0 }, audit: [] } : undefined));
    return;
  }
  const now = clock.now();
  const after = await changeSigning(signing, accountId, (s) => {
    if (s.lockedAt) return undefined;
    const failures = s.failures + 1;
    const locked = failures >= MAX_SIGNING_FAILURES;
    const next: SigningState = { ...s, revision: s.revision + 1, failures, lockedAt: locked ? now.toISOString() : null };
    // The lock is evidence (§11.300(d)); a single wrong try is only counted.
    return { state: next, audit: locked ? [entryFor(next, { accountId, role: SIGNER_ROLE }, 'signing locked', { failures: s.failures }, { failures, locked: true }, `${MAX_SIGNING_FAILURES} failed signing attempts`, now)] : [] };
  });
  if (after.lockedAt) refuse('signingLocked', SIGNING_LOCKED_MESSAGE, { field: 'signature.passphrase' });
  const left = MAX_SIGNING_FAILURES - after.failures;
  refuse('signingPassphrase', `the signing passphrase is wrong: nothing was signed or recorded (${left} ${left === 1 ? 'try' : 'tries'} left before signing locks)`, { field: 'signature.passphrase' });
}

export interface PassphraseInput {
  passphrase: string;
  confirm: string;
  /** The passphrase kept now: a change requires it. */
  current?: string;
}

/**
 * Sets the person's own signing passphrase, once; changing it requires the current one (a wrong one counts as a failed
 * try). Only a salted slow hash is kept; the audit records that it was set or changed, never what it is.
 */
export async function setSigningPassphrase(ports: AppPorts, signing: SigningStore, viewer: Viewer, input: PassphraseInput): Promise<SigningStatus> {
  if (input.passphrase.length < PASSPHRASE_MIN_LENGTH) refuse('passphraseLength', `a signing passphrase has at least ${PASSPHRASE_MIN_LENGTH} characters`, { field: 'passphrase' });
  if (input.passphrase !== input.confirm) refuse('passphraseConfirm', 'the two passphrases differ: type the same one twice', { field: 'confirm' });
  const existing = await signing.loadCredential(viewer.accountId);
  if (existing) {
    if (!input.current) refuse('passphraseCurrent', 'changing your signing passphrase requires the current one', { field: 'current' });
    await verifySigningPassphrase(signing, ports.clock, viewer.accountId, input.current).catch((error: unknown) => {
      // The same refusal, naming the field of this form.
      throw error instanceof PlanRefusal ? new PlanRefusal(error.rule, error.message, { field: 'current' }) : error;
    });
    if (input.current === input.passphrase) refuse('passphraseUnchanged', 'the new signing passphrase is the current one', { field: 'passphrase' });
  }
  const credential = await hashPassphrase(input.passphrase);
  const now = ports.clock.now();
  const state = await changeSigning(signing, viewer.accountId, (s) => {
    if (s.lockedAt) refuse('signingLocked', SIGNING_LOCKED_MESSAGE, { field: existing ? 'current' : 'passphrase' });
    const next: SigningState = { ...s, revision: s.revision + 1, passphraseSetAt: now.toISOString(), failures: 0 };
    return { state: next, credential, audit: [entryFor(next, { accountId: viewer.accountId, role: SIGNER_ROLE }, existing ? 'signing passphrase changed' : 'signing passphrase set', { passphraseSet: existing !== undefined }, { passphraseSet: true }, null, now)] };
  });
  return statusOf(viewer.accountId, await printedNameOf(ports, viewer), state, credential);
}

/** Only an administrator of the project unlocks signing (the role that keeps the app's settings). */
async function requireProjectAdmin(ports: AppPorts, viewer: Viewer): Promise<void> {
  if (viewer.accountType !== 'licensed') refuse('projectAdmin', `only an administrator of project ${viewer.projectKey} may unlock signing`, { field: 'account' });
  const permissions = await ports.jira.projectPermissionsOf(viewer.accountId, viewer.projectKey);
  if (!permissions.has('ADMINISTER_PROJECTS')) refuse('projectAdmin', `only an administrator of project ${viewer.projectKey} may unlock signing`, { field: 'account' });
}

/** The people whose signing is locked, for the admin who may unlock them. */
export async function getSigningLocks(ports: AppPorts, signing: SigningStore, viewer: Viewer): Promise<{ accountId: string; name: string | null; lockedAt: string }[]> {
  await requireProjectAdmin(ports, viewer);
  const settings = await ports.plans.loadSettings(viewer.projectKey);
  return (await signing.listLocked()).map((s) => ({ accountId: s.accountId, name: displayNameOf(settings, s.accountId), lockedAt: s.lockedAt ?? '' }));
}

/** An admin unlocks a person's signing, saying why (audited); their failed tries start again from none. */
export async function unlockSigning(ports: AppPorts, signing: SigningStore, viewer: Viewer, input: { accountId: string; reason: string }): Promise<{ accountId: string; locked: false }> {
  await requireProjectAdmin(ports, viewer);
  const now = ports.clock.now();
  await changeSigning(signing, input.accountId, (s) => {
    if (!s.lockedAt) refuse('signingNotLocked', `signing is not locked for ${input.accountId}`, { field: 'accountId' });
    const next: SigningState = { ...s, revision: s.revision + 1, failures: 0, lockedAt: null };
    return { state: next, audit: [entryFor(next, { accountId: viewer.accountId, role: PROJECT_ADMIN_ROLE }, 'signing unlocked', { locked: true, lockedAt: s.lockedAt, failures: s.failures }, { locked: false }, input.reason, now)] };
  });
  return { accountId: input.accountId, locked: false };
}

/** What the signing dialog sends with a signed act: the passphrase, the plan revision it showed and the meaning it showed. */
export interface SignatureInput {
  passphrase: string;
  revision: number;
  meaning: string;
}

/**
 * A signed step act (Part 11 §11.200): the signer is the Forge context's account, never the payload's; their passphrase
 * is checked first; then the act runs with the signer the engine binds to the record. A refusal records nothing on the
 * plan. An act its playbook does not sign takes no signature.
 */
export async function signPlanStage(ports: AppPorts, signing: SigningStore, viewer: Viewer, action: Extract<StepAction, { type: 'complete' | 'decide' }>, input: SignatureInput): Promise<PlanView> {
  // Read once: the act runs on this plan (and reads it again only if it changed while the passphrase was checked).
  const loaded = await planOfTicket(ports, viewer);
  const plan = loaded.stored.plan;
  const meaning = signatureMeaningOf(kindOf(plan).playbookOf(plan) as never, { type: action.type, step: action.step, ...(action.type === 'decide' ? { outcome: action.outcome } : {}) });
  if (!meaning) refuse('signatureNotTaken', `stage ${action.step}: this act is not signed; take it without a signature`, { field: 'signature', stage: action.step });
  await verifySigningPassphrase(signing, ports.clock, viewer.accountId, input.passphrase);
  const name = await printedNameOf(ports, viewer, loaded.settings);
  if (!name) refuse('signatureName', 'a signature carries your printed name, and Jira did not give it: try again later', { field: 'signature' });
  const signer: Signer = { accountId: viewer.accountId, name, shownRevision: input.revision, meaning: input.meaning };
  return actOnPlanStage(ports, viewer, { ...action, signature: signer }, loaded);
}

/**
 * A signed IQ documentation record (Part 11 §11.200): only IQVIA's engineer or PM of the plan records it, and only in
 * the registry (a plan that keeps it as its own document signs it on the stage that provides it); the passphrase is checked before anything is written, the signer
 * is the Forge context's account, and the registry revision they were shown must still stand.
 */
export async function signIqDocumentation(ports: AppPorts, signing: SigningStore, viewer: Viewer, record: { instance: string; reference: string }, input: SignatureInput): Promise<PlanView> {
  const loaded = await planOfTicket(ports, viewer);
  if (recordsIqOnThePlan(loaded.stored.plan)) refuse('signatureNotTaken', 'this plan keeps its IQ documentation as a document of its own, signed with the stage that provides it: record it without a signature', { field: 'signature' });
  requireIqRecorder(iqRecorderRoleOf(viewer, loaded.stored.plan, loaded.settings));
  await verifySigningPassphrase(signing, ports.clock, viewer.accountId, input.passphrase);
  const name = await printedNameOf(ports, viewer, loaded.settings);
  if (!name) refuse('signatureName', 'a signature carries your printed name, and Jira did not give it: try again later', { field: 'signature' });
  return recordPlanIqDocumentation(ports, viewer, record, { accountId: viewer.accountId, name, shownRevision: input.revision, meaning: input.meaning }, loaded);
}
