import { auditEntry, type AuditEntry } from '../audit';
import { refuse } from '../errors';
import { isVersion } from '../version';
import { moveInstance, type EnvironmentInstance } from './instance';
import type { RegistryActor } from './registry';

/** Community Dev: one instance shared by all customers, kept at the latest release; no customer registry holds it. */
export interface SharedEnvironments {
  id: typeof SHARED_REGISTRY_ID;
  revision: number;
  communityDev: EnvironmentInstance | null;
}

export const SHARED_REGISTRY_ID = 'registry:shared';

export function createSharedEnvironments(): SharedEnvironments {
  return { id: SHARED_REGISTRY_ID, revision: 0, communityDev: null };
}

/** Puts Community Dev on a new ClinSpark release (for everyone): provided the first time, upgraded after; versions only move forward. */
export function releaseToCommunityDev(shared: SharedEnvironments, version: string, actor: RegistryActor, now: Date): { shared: SharedEnvironments; entry: AuditEntry } {
  if (!isVersion(version)) refuse('versionFormat', `version "${String(version)}" is not a ClinSpark version such as 24.3 or 25.1.2`, { field: 'version' });
  const seq = shared.revision + 1;
  const at = now.toISOString();
  const stamp = { seq, at, by: actor.accountId, planId: null };
  const before = shared.communityDev;
  let instance: EnvironmentInstance;
  if (!before) {
    const requested: EnvironmentInstance = {
      id: 'Community Dev #1',
      name: 'Community Dev',
      kind: 'Community Dev',
      slot: 'MAIN',
      generation: 1,
      version,
      state: 'requested',
      targetVersion: null,
      origin: null,
      iqDocumentation: [],
      backups: [],
      history: [{ seq, at, by: actor.accountId, from: null, to: 'requested', fromVersion: null, version, reason: null, planId: null }],
    };
    instance = moveInstance(moveInstance(requested, { to: 'provisioning' }, stamp), { to: 'active' }, stamp);
  } else {
    instance = moveInstance(moveInstance(before, { to: 'upgrading', version }, stamp), { to: 'active' }, stamp);
  }
  return {
    shared: { ...shared, revision: seq, communityDev: instance },
    entry: auditEntry(
      { id: SHARED_REGISTRY_ID, attempt: 1 },
      seq,
      actor,
      { action: 'release to Community Dev', before: before ? { instance: before.id, version: before.version } : null, after: { instance: instance.id, version: instance.version, state: instance.state } },
      now,
    ),
  };
}
