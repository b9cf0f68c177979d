import { refuse } from '../errors';
import { compareVersions, isVersion } from '../version';
import { moveInstance, REASON_MAX_LENGTH, type EnvironmentInstance, type InstanceState, type IqDocumentation, type SandboxOrigin } from './instance';
import { ENVIRONMENT_KINDS, ENVIRONMENT_KIND_NAMES, instanceSlotsOf, isEnvironmentKind, type EnvironmentKind } from './kinds';
import { resolveInstances } from './names';
import { checkOnboardingOrder, communityDevShared, dayOf, factsKeepOrder, iqDocumentationForValAndProd, requirePastDay, type OnboardingFacts } from './onboarding';
import { checkOrigin, commit, isLive, newInstances, onboardingOf, REFERENCE_MAX_LENGTH, replace, requireLive, type EnvironmentRegistry, type EnvironmentRequest, type RegistryActor, type RegistryChange } from './registry';

/**
 * The environments a customer already has when the app arrives, put into the registry as they stand today, then kept
 * true by IQVIA engineers and admins: edits and terminations, each with a reason, each one audit entry.
 */

/**
 * The states something that already exists can be in: `active` (in use), `provisioning` (being set up now, such as a
 * PROD before go-live) and `rolled back` (restored from a backup after a failed upgrade; VAL and PROD only). Not
 * `requested` (it does not exist yet: request it), `upgrading` (register it at the version it runs, then record the
 * upgrade through an edit) or `terminated` (nothing to register).
 */
export const EXISTING_STATES = ['active', 'provisioning', 'rolled back'] as const satisfies readonly InstanceState[];
export type ExistingState = (typeof EXISTING_STATES)[number];

/** IQ documentation as the document gives it: its reference, its day, and the version it documents. */
export interface IqDocumentInput {
  reference: string;
  documentedOn: string;
  version: string;
}

/** An environment as it exists today. */
export interface ExistingEnvironment {
  kind: string;
  /** MAIN and TEST of a pair, MAIN alone otherwise; the kind's own when absent. */
  instances?: readonly string[];
  version: string;
  /** `active` when absent. */
  state?: string;
  /** The day it was provided (yyyy-MM-dd), when known: the onboarding order is checked against it. */
  providedOn?: string;
  /** VAL and PROD only. An active VAL or PROD needs it. */
  iqDocumentation?: IqDocumentInput;
  /** Sandbox only: empty, or a clone of Demo with the areas carried over. */
  origin?: EnvironmentRequest['origin'];
  reason?: string;
}

function optionalReason(value: unknown): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length > REASON_MAX_LENGTH) refuse('reasonLength', `reason: at most ${REASON_MAX_LENGTH} characters`, { field: 'reason' });
  return text || null;
}

/** A change to what is already recorded says why: the audit is GxP evidence. */
export function requireReason(value: unknown): string {
  const reason = optionalReason(value);
  if (!reason) refuse('reasonRequired', 'reason: say why the recorded environment changes (it is kept in the audit trail)', { field: 'reason' });
  return reason;
}

function requireVersion(value: unknown, field: string): string {
  if (!isVersion(value)) refuse('versionFormat', `${field}: "${String(value ?? '')}" is not a ClinSpark version such as 24.3 or 25.1.2`, { field });
  return value;
}

/** The IQ document, checked against the instance it covers: a real past day, and a version that instance has reached. */
function iqDocumentOf(input: IqDocumentInput, instanceVersion: string, field: string, actor: RegistryActor, now: Date): IqDocumentation {
  const reference = typeof input.reference === 'string' ? input.reference.trim() : '';
  if (!reference || reference.length > REFERENCE_MAX_LENGTH) refuse('documentReference', `${field}.reference: the IQ document's identifier or link, at most ${REFERENCE_MAX_LENGTH} characters`, { field: `${field}.reference` });
  const documentedOn = requirePastDay(input.documentedOn, `${field}.documentedOn`, 'the IQ document\'s day', now);
  const version = requireVersion(input.version, `${field}.version`);
  if (compareVersions(version, instanceVersion) > 0) {
    refuse('iqVersionNotNewer', `${field}.version: IQ documentation of ${version} cannot cover an instance that runs ${instanceVersion}: it documents a version the instance has reached`, { field: `${field}.version` });
  }
  return { reference, by: actor.accountId, at: now.toISOString(), version, documentedOn };
}

function requireExistingState(value: unknown, kind: EnvironmentKind): ExistingState {
  const state = value ?? 'active';
  if (!(EXISTING_STATES as readonly unknown[]).includes(state)) {
    const why =
      state === 'requested' ? 'a requested environment does not exist yet'
      : state === 'upgrading' ? 'register it at the version it runs now, then record the upgrade as an edit'
      : state === 'terminated' ? 'a terminated environment is not registered'
      : 'it is not an instance state';
    refuse('existingState', `state: an existing environment is ${EXISTING_STATES.join(', ')}; not "${String(state)}": ${why}`, { field: 'state' });
  }
  if (state === 'rolled back' && !ENVIRONMENT_KINDS[kind].upgradable) refuse('existingState', `state: only an upgraded environment (VAL, PROD) is rolled back; ${kind} is not upgraded`, { field: 'state' });
  return state as ExistingState;
}

function requireInstances(kind: EnvironmentKind, asked: unknown): void {
  const slots = instanceSlotsOf(kind);
  if (asked === undefined) return;
  if (!Array.isArray(asked) || asked.some((s) => s !== 'MAIN' && s !== 'TEST')) refuse('knownInstance', 'instances: a list of MAIN and TEST', { field: 'instances' });
  if (asked.includes('TEST') && !slots.includes('TEST')) refuse('noTestInstance', `instances: ${kind} is a single instance: only the main instance is provided, there is no ${kind} TEST`, { field: 'instances' });
  if (!slots.every((s) => asked.includes(s))) refuse('pairOfInstances', `instances: ${kind} is a pair: MAIN and TEST exist together`, { field: 'instances' });
}

/** What an existing environment's registration records, for the audit entry and for recognising it again (a re-import). */
export function registrationOf(instances: readonly EnvironmentInstance[]): Record<string, unknown> {
  const first = instances[0]!;
  const iq = first.iqDocumentation.at(-1);
  return {
    kind: first.kind,
    instances: instances.map((i) => i.id),
    version: first.version,
    state: first.state,
    ...(first.providedOn ? { providedOn: first.providedOn } : {}),
    ...(iq ? { iqDocumentation: { reference: iq.reference, documentedOn: iq.documentedOn ?? iq.at.slice(0, 10), version: iq.version } } : {}),
    ...(first.origin ? { origin: first.origin } : {}),
  };
}

/** Checks an existing environment against the registry and the onboarding order, and builds its instances; nothing stored. */
export function existingInstances(registry: EnvironmentRegistry, input: ExistingEnvironment, actor: RegistryActor, now: Date): EnvironmentInstance[] {
  const kind = input?.kind;
  communityDevShared(String(kind ?? ''));
  if (!isEnvironmentKind(kind)) refuse('knownEnvironmentKind', `kind: "${String(kind ?? '')}" is not an environment kind; the kinds are ${ENVIRONMENT_KIND_NAMES.filter((k) => k !== 'Community Dev').join(', ')}`, { field: 'kind' });
  requireInstances(kind, input.instances);
  const version = requireVersion(input.version, 'version');
  const state = requireExistingState(input.state, kind);
  const providedOn = input.providedOn === undefined || input.providedOn === '' ? null : requirePastDay(input.providedOn, 'providedOn', 'the day it was provided', now);
  const live = registry.instances.find((i) => i.kind === kind && isLive(i));
  if (live) refuse('environmentExists', `kind: the registry already holds a live ${kind} (${live.version}, ${live.state}): edit it, or terminate it first`, { field: 'kind' });
  checkOnboardingOrder(onboardingOf(registry), { kind, providedOn, isNew: false }, dayOf(now));
  if (input.iqDocumentation !== undefined) iqDocumentationForValAndProd(kind);
  const iq = input.iqDocumentation ? iqDocumentOf(input.iqDocumentation, version, 'iqDocumentation', actor, now) : null;
  if (iq && providedOn && iq.documentedOn! < providedOn) refuse('iqAfterProvided', `iqDocumentation.documentedOn: the IQ document (${iq.documentedOn}) cannot predate the environment it documents (provided ${providedOn})`, { field: 'iqDocumentation.documentedOn' });
  if (state === 'active' && ENVIRONMENT_KINDS[kind].iqDocumentation && !iq) {
    refuse('iqDocumentationBeforeReady', `iqDocumentation: an active ${kind} is ready, and ${kind} cannot be called ready before its IQ documentation is recorded: give its reference, day and version (or register it as provisioning)`, { field: 'iqDocumentation.reference' });
  }
  const origin: SandboxOrigin | null = checkOrigin(registry, kind, input.origin);
  const reason = optionalReason(input.reason);

  return newInstances(registry, kind, { version, state, origin, iqDocumentation: iq ? [iq] : [], ...(providedOn ? { providedOn } : {}) }, { by: actor.accountId, at: now.toISOString(), reason: reason ?? 'Registered as it exists', planId: null });
}

/** Registers an environment the customer already has, as it stands today: one audit entry. */
export function registerEnvironment(registry: EnvironmentRegistry, input: ExistingEnvironment, actor: RegistryActor, now: Date): RegistryChange {
  const created = existingInstances(registry, input, actor, now);
  return commit(registry, [...registry.instances, ...created], actor, now, { action: 'register existing environment', before: null, after: registrationOf(created), reason: optionalReason(input.reason) }, undefined);
}

/** What an edit may change; at least one of them. */
export interface EnvironmentEdit {
  /** An instance ("PROD MAIN", "Migration") or a whole pair ("VAL"). */
  instance: string;
  reason: string;
  /** A correction of the version it runs (no state change), or the version an upgrade goes to (with state `upgrading`). */
  version?: string;
  /** A move along the instance state machine (`INSTANCE_TRANSITIONS`); terminating has its own command. */
  state?: string;
  /** A new IQ document (VAL and PROD only). */
  iqDocumentation?: IqDocumentInput;
  /** A correction of a Sandbox's origin. */
  origin?: EnvironmentRequest['origin'];
}

const snapshot = (i: EnvironmentInstance) => ({ instance: i.id, state: i.state, version: i.version, ...(i.targetVersion ? { targetVersion: i.targetVersion } : {}), iqDocumentation: i.iqDocumentation.at(-1)?.reference ?? null, ...(i.origin ? { origin: i.origin } : {}) });

/** Edits one instance or a whole pair, with a required reason: version, state (through the state machine), IQ documentation, origin. One audit entry. */
export function editEnvironment(registry: EnvironmentRegistry, edit: EnvironmentEdit, actor: RegistryActor, now: Date): RegistryChange {
  const { kind, slots } = resolveInstances(edit?.instance, 'instance', { wholePair: true });
  const reason = requireReason(edit.reason);
  if (edit.version === undefined && edit.state === undefined && edit.iqDocumentation === undefined && edit.origin === undefined) {
    refuse('nothingToChange', 'an edit changes the version, the state, the IQ documentation or the origin: none was given', { field: 'instance' });
  }
  if (edit.state === 'terminated') refuse('terminateWithCommand', 'state: terminating is its own action (Terminate), with its reason', { field: 'state' });
  if (edit.iqDocumentation !== undefined) iqDocumentationForValAndProd(kind);
  if (edit.origin !== undefined && kind !== 'Sandbox') refuse('originOnlyForSandbox', `origin: only a Sandbox records where it came from; ${kind} does not`, { field: 'origin' });
  const origin = edit.origin !== undefined ? checkOrigin(registry, kind, edit.origin) : undefined;
  const stamp = { seq: registry.revision + 1, at: now.toISOString(), by: actor.accountId, planId: null };
  const before = slots.map((slot) => requireLive(registry, kind, slot, 'instance'));
  const after = before.map((instance) => {
    let next: EnvironmentInstance = instance;
    if (origin !== undefined) next = { ...next, origin };
    // A version without a state is a correction of what was recorded; with `upgrading` it is the upgrade's target.
    if (edit.version !== undefined && edit.state !== 'upgrading') {
      const version = requireVersion(edit.version, 'version');
      if (compareVersions(version, next.version) === 0) refuse('nothingToChange', `version: ${next.name} already runs ${version}`, { field: 'version' });
      const documented = next.iqDocumentation.at(-1);
      if (documented && compareVersions(documented.version, version) > 0) refuse('iqVersionNotNewer', `version: ${next.name}'s IQ documentation covers ${documented.version}; it cannot run an older ${version}`, { field: 'version' });
      next = { ...next, version, history: [...next.history, { ...stamp, from: next.state, to: next.state, fromVersion: next.version, version, reason }] };
    }
    if (edit.iqDocumentation !== undefined) next = { ...next, iqDocumentation: [...next.iqDocumentation, iqDocumentOf(edit.iqDocumentation, next.version, 'iqDocumentation', actor, now)] };
    if (edit.state !== undefined) next = moveInstance(next, { to: edit.state as InstanceState, reason, ...(edit.state === 'upgrading' ? { version: edit.version } : {}) }, stamp);
    return next;
  });
  if (JSON.stringify(after) === JSON.stringify(before)) refuse('nothingToChange', `${edit.instance} already stands as the edit says`, { field: 'instance' });
  return commit(registry, replace(registry, after), actor, now, { action: 'edit environment', before: { instances: before.map(snapshot) }, after: { instances: after.map(snapshot) }, reason }, undefined);
}

/** Terminates an instance or a whole pair, with its reason; it stays in the registry as evidence. One audit entry. */
export function terminateEnvironment(registry: EnvironmentRegistry, request: { instance: string; reason: string }, actor: RegistryActor, now: Date): RegistryChange {
  const { kind, slots } = resolveInstances(request?.instance, 'instance', { wholePair: true });
  const reason = requireReason(request.reason);
  const stamp = { seq: registry.revision + 1, at: now.toISOString(), by: actor.accountId, planId: null };
  const before = slots.map((slot) => requireLive(registry, kind, slot, 'instance'));
  const after = before.map((instance) => moveInstance(instance, { to: 'terminated', reason }, stamp));
  return commit(registry, replace(registry, after), actor, now, { action: 'terminate environment', before: { instances: before.map(snapshot) }, after: { instances: after.map(snapshot) }, reason }, undefined);
}

/** A change of the onboarding facts: a first record needs no reason, a correction of a recorded one does. */
export interface OnboardingChange {
  contractSignedOn?: string | null;
  sourceDatabaseMigrated?: boolean;
  reason?: string;
}

/** The facts after the change; refuses a day to come, a correction without a reason, and facts that would put the live environments out of order. */
export function changedFacts(registry: EnvironmentRegistry, change: OnboardingChange, now: Date): { facts: OnboardingFacts; corrected: boolean } {
  const current = onboardingOf(registry);
  const contractSignedOn = change.contractSignedOn === undefined ? current.contractSignedOn : change.contractSignedOn === null || change.contractSignedOn === '' ? null : requirePastDay(change.contractSignedOn, 'contractSignedOn', 'the day the contract was signed', now);
  if (change.sourceDatabaseMigrated !== undefined && typeof change.sourceDatabaseMigrated !== 'boolean') refuse('sourceDatabaseMigrated', 'sourceDatabaseMigrated: yes or no', { field: 'sourceDatabaseMigrated' });
  const facts: OnboardingFacts = { contractSignedOn, sourceDatabaseMigrated: change.sourceDatabaseMigrated ?? current.sourceDatabaseMigrated };
  const corrected = (current.contractSignedOn !== null && current.contractSignedOn !== facts.contractSignedOn) || (current.sourceDatabaseMigrated !== null && current.sourceDatabaseMigrated !== facts.sourceDatabaseMigrated);
  factsKeepOrder(facts, registry.instances.filter(isLive));
  return { facts, corrected };
}

/** Records the organization's contract signing and source migration; null when they already stand so (a re-import). */
export function recordOnboardingFacts(registry: EnvironmentRegistry, change: OnboardingChange, actor: RegistryActor, now: Date): RegistryChange | null {
  const before = onboardingOf(registry);
  const { facts, corrected } = changedFacts(registry, change, now);
  if (facts.contractSignedOn === before.contractSignedOn && facts.sourceDatabaseMigrated === before.sourceDatabaseMigrated) return null;
  const reason = corrected ? requireReason(change.reason) : optionalReason(change.reason);
  return commit({ ...registry, onboarding: facts }, registry.instances, actor, now, { action: 'record onboarding', before: { ...before }, after: { ...facts }, reason }, undefined);
}

