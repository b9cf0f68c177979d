import { refuse } from '../errors';
import type { IqSignature } from './iqSignature';
import { compareVersions, isVersion } from '../version';
import { ENVIRONMENT_KINDS, type ConfigurationArea, type EnvironmentKind, type InstanceSlot } from './kinds';

export const INSTANCE_STATES = ['requested', 'provisioning', 'active', 'upgrading', 'rolled back', 'terminated'] as const;
export type InstanceState = (typeof INSTANCE_STATES)[number];

/** The only moves an instance makes. Terminated is final; a rollback restores a recorded backup. */
export const INSTANCE_TRANSITIONS: Readonly<Record<InstanceState, readonly InstanceState[]>> = {
  requested: ['provisioning', 'terminated'],
  provisioning: ['active', 'terminated'],
  active: ['upgrading', 'rolled back', 'terminated'],
  upgrading: ['active', 'rolled back'],
  'rolled back': ['upgrading', 'active', 'terminated'],
  terminated: [],
};

/** Where a Sandbox came from: empty, or a clone of Demo carrying over the listed configuration areas. */
export type SandboxOrigin = { from: 'empty' } | { from: 'Demo'; carriedOver: readonly ConfigurationArea[] };

/** IQ documentation: who recorded it, when, and the document's reference; the version it covers. */
export interface IqDocumentation {
  reference: string;
  by: string;
  at: string;
  version: string;
  /** The IQ document's own day (yyyy-MM-dd), when it predates its recording (an existing environment's). */
  documentedOn?: string;
  /** The recorder's electronic signature, when recorded in the app by a person (iqSignature.ts). */
  signature?: IqSignature;
}

export interface InstanceBackup {
  reference: string;
  version: string;
  at: string;
  by: string;
  planId: string | null;
}

/** The plan whose accepted change moved the registry, when one did. */
export interface PlanOrigin {
  planId: string;
  step: number | null;
  attempt: number;
}

export interface InstanceEvent {
  /** The registry revision this event belongs to. */
  seq: number;
  at: string;
  by: string;
  from: InstanceState | null;
  to: InstanceState;
  fromVersion: string | null;
  version: string;
  reason: string | null;
  planId: string | null;
}

export interface EnvironmentInstance {
  /** Unique in its registry: the name and its generation ("VAL MAIN #2"). */
  id: string;
  name: string;
  kind: EnvironmentKind;
  slot: InstanceSlot;
  /** 1 for the first instance of this name, 2 for the one that replaced it… */
  generation: number;
  /** The ClinSpark version it runs. */
  version: string;
  state: InstanceState;
  /** While upgrading: the version it is being upgraded to. */
  targetVersion: string | null;
  origin: SandboxOrigin | null;
  /** The day an existing environment was provided, when it was registered as it stood (yyyy-MM-dd). */
  providedOn?: string;
  iqDocumentation: readonly IqDocumentation[];
  backups: readonly InstanceBackup[];
  history: readonly InstanceEvent[];
}

export interface TransitionRequest {
  to: InstanceState;
  /** Required to start an upgrade: the version it goes to. */
  version?: string;
  /** Required to roll back: the recorded backup restored. */
  backupReference?: string;
  reason?: string;
}

export const REASON_MAX_LENGTH = 2000;

export function isInstanceState(value: unknown): value is InstanceState {
  return typeof value === 'string' && (INSTANCE_STATES as readonly string[]).includes(value);
}

/** Whether IQ documentation of this version is on record for the instance. */
export function iqDocumentedAt(instance: Pick<EnvironmentInstance, 'iqDocumentation'>, version: string): boolean {
  return instance.iqDocumentation.some((d) => compareVersions(d.version, version) === 0);
}

/**
 * Whether an instance in service may be called ready (`domain.md`: VAL and PROD not before their IQ documentation):
 * `ready`, or `iq-pending` while an instance that receives IQ documentation has none of the version it runs (after
 * an upgrade: "upgraded, IQ documentation pending"); null for an instance not in service.
 */
export function readinessOf(instance: Pick<EnvironmentInstance, 'kind' | 'state' | 'version' | 'iqDocumentation'>): 'ready' | 'iq-pending' | null {
  if (instance.state !== 'active') return null;
  return ENVIRONMENT_KINDS[instance.kind].iqDocumentation && !iqDocumentedAt(instance, instance.version) ? 'iq-pending' : 'ready';
}

/** Runs the state machine on one instance; refuses (field named) any move outside the graph, any version going backwards other than to a recorded backup, and readiness without IQ documentation. */
export function moveInstance(instance: EnvironmentInstance, request: TransitionRequest, stamp: { seq: number; at: string; by: string; planId: string | null }): EnvironmentInstance {
  const to = request?.to;
  if (!isInstanceState(to)) refuse('knownInstanceState', `to is one of ${INSTANCE_STATES.join(', ')}`, { field: 'to' });
  if (instance.state === 'terminated') refuse('terminatedIsFinal', `${instance.name} is terminated: a terminated instance never comes back`, { field: 'to' });
  const allowed = INSTANCE_TRANSITIONS[instance.state];
  if (!allowed.includes(to)) refuse('instanceTransition', `${instance.name} is ${instance.state}: it can become ${allowed.join(' or ')}, not ${to}`, { field: 'to' });
  const reason = typeof request.reason === 'string' ? request.reason.trim() : '';
  if (reason.length > REASON_MAX_LENGTH) refuse('reasonLength', `the reason is longer than ${REASON_MAX_LENGTH} characters`, { field: 'reason' });
  if (to !== 'upgrading' && request.version !== undefined) refuse('versionOnlyForUpgrade', `only an upgrade takes a version; ${to} keeps or restores one`, { field: 'version' });
  if (to !== 'rolled back' && request.backupReference !== undefined) refuse('backupOnlyForRollback', 'only a rollback restores a backup', { field: 'backupReference' });

  let version = instance.version;
  let targetVersion: string | null = null;
  if (to === 'upgrading') {
    if (!isVersion(request.version)) refuse('versionFormat', `version "${String(request.version)}" is not a ClinSpark version such as 24.3 or 25.1.2`, { field: 'version' });
    if (compareVersions(request.version, instance.version) <= 0) {
      refuse('versionForwardOnly', `${instance.name} runs ${instance.version}: an upgrade goes to a newer version, not ${request.version}`, { field: 'version' });
    }
    targetVersion = request.version;
  }
  if (to === 'active' && instance.state === 'upgrading' && instance.targetVersion) version = instance.targetVersion;
  if (to === 'rolled back') {
    const backup = instance.backups.find((b) => b.reference === request.backupReference);
    if (!backup) refuse('rollbackToRecordedBackup', `${instance.name} rolls back only to a recorded backup; "${String(request.backupReference)}" is not one`, { field: 'backupReference' });
    version = backup.version;
  }
  // A new instance comes into service ready, so with the IQ documentation of its version; one upgraded in place stays in
  // service, "upgraded, IQ documentation pending" (readinessOf) until the new version's is recorded.
  if (to === 'active' && instance.state === 'provisioning' && ENVIRONMENT_KINDS[instance.kind].iqDocumentation && !iqDocumentedAt(instance, instance.version)) {
    refuse('iqDocumentationBeforeReady', `${instance.name} cannot be marked ready before its IQ documentation of ${instance.version} is recorded`, { field: 'iqDocumentation' });
  }

  const event: InstanceEvent = { seq: stamp.seq, at: stamp.at, by: stamp.by, from: instance.state, to, fromVersion: instance.version, version, reason: reason || null, planId: stamp.planId };
  return { ...instance, state: to, version, targetVersion, history: keptHistory([...instance.history, event]) };
}

/** Events an instance record keeps: its first (how it came to be) and the latest; the registry's audit keeps every one. */
export const INSTANCE_HISTORY_KEPT = 24;
/** Backups an instance record keeps, the latest: a rollback restores a recent one; the audit keeps every one. */
export const INSTANCE_BACKUPS_KEPT = 10;

function keptHistory(history: readonly InstanceEvent[]): readonly InstanceEvent[] {
  return history.length <= INSTANCE_HISTORY_KEPT ? history : [history[0]!, ...history.slice(-(INSTANCE_HISTORY_KEPT - 1))];
}
