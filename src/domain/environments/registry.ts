import { auditEntry, type AuditEntry } from '../audit';
import { refuse } from '../errors';
import { compareVersions, isVersion } from '../version';
import { ENVIRONMENT_KINDS, instanceName, instanceSlotsOf, isEnvironmentKind, SANDBOX_CLONE_AREAS, type ConfigurationArea, type EnvironmentKind, type InstanceSlot } from './kinds';
import { requireRecordSize } from '../engine';
import { INSTANCE_BACKUPS_KEPT, moveInstance, type EnvironmentInstance, type IqDocumentation, type PlanOrigin, type SandboxOrigin, type TransitionRequest } from './instance';
import type { Signer } from '../signatures';
import { IQ_SIGNATURE_MEANING, requireIqSigner, signIqRecord } from './iqSignature';
import { COMMUNITY_DEV_SHARED, resolveInstances } from './names';
import { checkOnboardingOrder, dayOf, NO_ONBOARDING_FACTS, type OnboardingFacts } from './onboarding';

/** One customer organization's environments; instances are never removed, a terminated one stays as evidence. */
export interface EnvironmentRegistry {
  /** `registry:<organization>`: the audit entries' planId. */
  id: string;
  organizationId: string;
  /** Grows by one with every accepted change; the audit sequence number of that change. */
  revision: number;
  instances: readonly EnvironmentInstance[];
  /** The organization's contract signing and source migration (seed 001's order); absent in records of older releases. */
  onboarding?: OnboardingFacts;
  /** The hash of the registry's last audit entry (the chain's head); absent before its first linked entry. */
  auditHead?: string;
}

/** The onboarding facts recorded for the organization, none when nothing was recorded. */
export const onboardingOf = (registry: EnvironmentRegistry): OnboardingFacts => registry.onboarding ?? NO_ONBOARDING_FACTS;

export interface RegistryActor {
  accountId: string;
  role: string;
}

export interface RegistryChange {
  registry: EnvironmentRegistry;
  entry: AuditEntry;
}

export const REFERENCE_MAX_LENGTH = 255;
/** The most a registry record may take as UTF-8 JSON, under Forge's 240 KiB per stored value. */
export const REGISTRY_RECORD_MAX_BYTES = 192 * 1024;

export function registryIdOf(organizationId: string): string {
  return `registry:${organizationId}`;
}

export function createRegistry(organizationId: string): EnvironmentRegistry {
  if (typeof organizationId !== 'string' || !organizationId.trim()) refuse('requestComplete', 'organizationId is missing', { field: 'organizationId' });
  return { id: registryIdOf(organizationId.trim()), organizationId: organizationId.trim(), revision: 0, instances: [] };
}

export const isLive = (instance: EnvironmentInstance): boolean => instance.state !== 'terminated';

/** The live (not terminated) instance of that name, if any: "PROD MAIN", "Migration". */
export function liveInstance(registry: EnvironmentRegistry, name: string): EnvironmentInstance | undefined {
  return registry.instances.find((i) => i.name === name && isLive(i));
}

export function requireLive(registry: EnvironmentRegistry, kind: EnvironmentKind, slot: InstanceSlot, field: string): EnvironmentInstance {
  const name = instanceName(kind, slot);
  return liveInstance(registry, name) ?? refuse('knownInstance', `the registry of ${registry.organizationId} holds no live ${name}`, { field });
}

function requireReference(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text || text.length > REFERENCE_MAX_LENGTH) refuse('documentReference', `${field} names the document or backup (identifier or link, at most ${REFERENCE_MAX_LENGTH} characters)`, { field });
  return text;
}

/** The one way a registry changes: a new revision, its size checked, and one audit entry with before → after. */
export function commit(
  registry: EnvironmentRegistry,
  instances: readonly EnvironmentInstance[],
  actor: RegistryActor,
  now: Date,
  what: { action: string; before: Record<string, unknown> | null; after: Record<string, unknown>; reason?: string | null },
  via: PlanOrigin | undefined,
): RegistryChange {
  const revision = registry.revision + 1;
  requireRecordSize({ ...registry, revision, instances }, REGISTRY_RECORD_MAX_BYTES, 'registryRecordSize', 'environment registry');
  const record = { action: what.action, step: via?.step ?? null, before: what.before, after: via ? { ...what.after, plan: via.planId } : what.after, reason: what.reason ?? null };
  return { registry: { ...registry, revision, instances }, entry: auditEntry({ id: registry.id, attempt: via?.attempt ?? 1 }, revision, actor, record, now) };
}

export const replace = (registry: EnvironmentRegistry, changed: readonly EnvironmentInstance[]): EnvironmentInstance[] =>
  registry.instances.map((i) => changed.find((c) => c.id === i.id) ?? i);

export interface EnvironmentRequest {
  kind: string;
  version: string;
  /** The slots asked for; a pair takes MAIN and TEST, the others MAIN only. Defaults to the kind's own. */
  instances?: readonly string[];
  /** Sandbox only: empty, or a clone of Demo (every configuration area of the seed's list unless some are named). */
  origin?: { from: 'empty' } | { from: 'Demo'; carriedOver?: readonly string[] };
  reason?: string;
}

export function checkOrigin(registry: EnvironmentRegistry, kind: EnvironmentKind, origin: EnvironmentRequest['origin']): SandboxOrigin | null {
  if (kind !== 'Sandbox') {
    if (origin !== undefined) refuse('originOnlyForSandbox', `only a Sandbox records where it came from; ${kind} does not`, { field: 'origin' });
    return null;
  }
  if (origin?.from === 'empty') return { from: 'empty' };
  if (origin?.from !== 'Demo') return refuse('sandboxOrigin', 'a Sandbox is either a brand new empty pair ("empty") or a clone of Demo ("Demo")', { field: 'origin.from' });
  if (!registry.instances.some((i) => i.kind === 'Demo' && isLive(i))) refuse('cloneFromDemo', 'a Sandbox is cloned from the Demo instance, and this registry holds no live Demo', { field: 'origin.from' });
  const known = SANDBOX_CLONE_AREAS.map((a) => a.id) as readonly string[];
  const carried = origin.carriedOver ?? known;
  if (!Array.isArray(carried) || carried.length === 0) refuse('knownConfigurationArea', 'origin.carriedOver lists the configuration areas carried over from Demo', { field: 'origin.carriedOver' });
  const unknown = carried.find((area) => !known.includes(area));
  if (unknown !== undefined) refuse('knownConfigurationArea', `"${String(unknown)}" is not a configuration area carried over from Demo; they are ${known.join(', ')}`, { field: 'origin.carriedOver' });
  return { from: 'Demo', carriedOver: known.filter((a) => carried.includes(a)) as ConfigurationArea[] };
}

/** The instances of a new environment of `kind` (both of a pair), the next generation of their names, with their first event. */
export function newInstances(
  registry: EnvironmentRegistry,
  kind: EnvironmentKind,
  what: Pick<EnvironmentInstance, 'version' | 'state' | 'origin' | 'iqDocumentation'> & { providedOn?: string },
  first: { by: string; at: string; reason: string | null; planId: string | null },
): EnvironmentInstance[] {
  const generation = 1 + Math.max(0, ...registry.instances.filter((i) => i.kind === kind).map((i) => i.generation));
  const event = { seq: registry.revision + 1, at: first.at, by: first.by, from: null, to: what.state, fromVersion: null, version: what.version, reason: first.reason, planId: first.planId };
  return instanceSlotsOf(kind).map((slot): EnvironmentInstance => {
    const name = instanceName(kind, slot);
    const { providedOn, ...rest } = what;
    return { id: `${name} #${generation}`, name, kind, slot, generation, ...rest, targetVersion: null, ...(providedOn ? { providedOn } : {}), backups: [], history: [event] };
  });
}

/** Asks for a new environment (its instances start `requested`); one live environment of each kind per customer. */
export function requestEnvironment(registry: EnvironmentRegistry, request: EnvironmentRequest, actor: RegistryActor, now: Date, via?: PlanOrigin): RegistryChange {
  const kind = request?.kind;
  if (kind === 'Community Dev') refuse('communityDevShared', COMMUNITY_DEV_SHARED, { field: 'kind' });
  if (!isEnvironmentKind(kind)) refuse('knownEnvironmentKind', `"${String(kind)}" is not an environment kind; the kinds are ${Object.keys(ENVIRONMENT_KINDS).join(', ')}`, { field: 'kind' });
  const slots = instanceSlotsOf(kind);
  const asked = request.instances ?? slots;
  if (!Array.isArray(asked)) refuse('knownInstance', 'instances is a list of MAIN and TEST', { field: 'instances' });
  if (asked.includes('TEST') && !slots.includes('TEST')) refuse('noTestInstance', `${kind} is a single instance: only the main instance is provided, there is no ${kind} TEST`, { field: 'instances' });
  if (asked.some((s) => s !== 'MAIN' && s !== 'TEST')) refuse('knownInstance', 'instances is a list of MAIN and TEST', { field: 'instances' });
  if (!slots.every((s) => asked.includes(s))) refuse('pairOfInstances', `${kind} is a pair: MAIN and TEST are provided together`, { field: 'instances' });
  if (!isVersion(request.version)) refuse('versionFormat', `version "${String(request.version)}" is not a ClinSpark version such as 24.3 or 25.1.2`, { field: 'version' });
  if (registry.instances.some((i) => i.kind === kind && isLive(i))) refuse('environmentExists', `the registry already holds a live ${kind}: terminate it first`, { field: 'kind' });
  const origin = checkOrigin(registry, kind, request.origin);
  checkOnboardingOrder(onboardingOf(registry), { kind, isNew: true }, dayOf(now));
  const reason = typeof request.reason === 'string' && request.reason.trim() ? request.reason.trim() : null;

  const created = newInstances(registry, kind, { version: request.version, state: 'requested', origin, iqDocumentation: [] }, { by: actor.accountId, at: now.toISOString(), reason, planId: via?.planId ?? null });
  return commit(registry, [...registry.instances, ...created], actor, now, {
    action: 'request environment',
    before: null,
    after: { kind, instances: created.map((i) => i.id), version: request.version, state: 'requested', ...(origin ? { origin } : {}) },
    reason,
  }, via);
}

/** Moves one instance along the state machine (`INSTANCE_TRANSITIONS`); upgrades only what an upgrade cycle covers. */
export function transitionInstance(registry: EnvironmentRegistry, change: { instance: string } & TransitionRequest, actor: RegistryActor, now: Date, via?: PlanOrigin): RegistryChange {
  const { kind, slots } = resolveInstances(change?.instance, 'instance', { wholePair: false });
  if (change.to === 'upgrading' && !ENVIRONMENT_KINDS[kind].upgradable) {
    refuse('upgradeOutOfScope', `${change.instance} is not upgraded: ${ENVIRONMENT_KINDS[kind].note}`, { field: 'instance' });
  }
  const instance = requireLive(registry, kind, slots[0]!, 'instance');
  const moved = moveInstance(instance, change, { seq: registry.revision + 1, at: now.toISOString(), by: actor.accountId, planId: via?.planId ?? null });
  return commit(registry, replace(registry, [moved]), actor, now, {
    action: `instance ${moved.state}`,
    before: { instance: instance.id, state: instance.state, version: instance.version },
    after: { instance: moved.id, state: moved.state, version: moved.version, ...(moved.targetVersion ? { targetVersion: moved.targetVersion } : {}), ...(change.backupReference ? { backup: change.backupReference } : {}) },
    reason: moved.history.at(-1)?.reason ?? null,
  }, via);
}

/**
 * Records the IQ documentation of a VAL or PROD instance, or of both instances of the pair ("VAL"). A person's record is
 * signed (`signer`, iqSignature.ts: requireIqSigner); a plan's (`via`) is covered by the plan's own signed step.
 */
export function recordIqDocumentation(registry: EnvironmentRegistry, record: { instance: string; reference: string }, actor: RegistryActor, now: Date, via?: PlanOrigin, signer?: Signer): RegistryChange {
  const { kind, slots } = resolveInstances(record?.instance, 'instance', { wholePair: true });
  if (!ENVIRONMENT_KINDS[kind].iqDocumentation) refuse('iqDocumentationKinds', `${kind} environments do not receive IQ documentation`, { field: 'instance' });
  const reference = requireReference(record.reference, 'reference');
  const instances = slots.map((slot) => requireLive(registry, kind, slot, 'instance'));
  const signedBy = via ? undefined : requireIqSigner(signer, actor, registry.revision);
  const at = now.toISOString();
  const documented = instances.map((i) => {
    const entry: IqDocumentation = { reference, by: actor.accountId, at, version: i.version };
    return { ...i, iqDocumentation: [...i.iqDocumentation, signedBy ? { ...entry, signature: signIqRecord(registry.organizationId, i, entry, signedBy, registry.revision + 1) } : entry] };
  });
  return commit(registry, replace(registry, documented), actor, now, {
    action: 'record IQ documentation',
    before: null,
    after: { instances: documented.map((i) => i.id), reference, versions: documented.map((i) => i.version), ...(signedBy ? { signed: IQ_SIGNATURE_MEANING, hashes: documented.map((i) => i.iqDocumentation.at(-1)!.signature!.hash) } : {}) },
  }, via);
}

/** Records a backup of one instance at the version it runs, so that a rollback can restore it. */
export function recordInstanceBackup(registry: EnvironmentRegistry, record: { instance: string; version: string; reference: string }, actor: RegistryActor, now: Date, via?: PlanOrigin): RegistryChange {
  const { kind, slots } = resolveInstances(record?.instance, 'instance', { wholePair: false });
  const instance = requireLive(registry, kind, slots[0]!, 'instance');
  const reference = requireReference(record.reference, 'reference');
  if (!isVersion(record.version)) refuse('versionFormat', `version "${String(record.version)}" is not a ClinSpark version`, { field: 'version' });
  if (compareVersions(record.version, instance.version) !== 0) {
    refuse('backupOfCurrentVersion', `${instance.name} runs ${instance.version}: a backup of it is at that version, not ${record.version}`, { field: 'version' });
  }
  if (instance.backups.some((b) => b.reference === reference)) refuse('backupReference', `${instance.name} already has a backup "${reference}"`, { field: 'reference' });
  const backups = [...instance.backups, { reference, version: instance.version, at: now.toISOString(), by: actor.accountId, planId: via?.planId ?? null }].slice(-INSTANCE_BACKUPS_KEPT);
  const backedUp = { ...instance, backups };
  return commit(registry, replace(registry, [backedUp]), actor, now, {
    action: 'record backup',
    before: null,
    after: { instance: instance.id, version: instance.version, reference },
  }, via);
}

/** What an upgrade plan needs from the registry when a request arrives (createUpgradePlan's `valPairExists`). */
export interface UpgradeRegistryContext {
  valPairExists: boolean;
  valVersion: string | null;
  prodVersion: string | null;
  prodTestVersion: string | null;
}

export function upgradeContextOf(registry: EnvironmentRegistry): UpgradeRegistryContext {
  const valMain = liveInstance(registry, 'VAL MAIN');
  const valTest = liveInstance(registry, 'VAL TEST');
  return {
    valPairExists: valMain !== undefined && valTest !== undefined,
    valVersion: valMain?.version ?? null,
    prodVersion: liveInstance(registry, 'PROD MAIN')?.version ?? null,
    prodTestVersion: liveInstance(registry, 'PROD TEST')?.version ?? null,
  };
}

