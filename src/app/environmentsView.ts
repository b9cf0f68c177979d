import { isLive, recordIqDocumentation, type EnvironmentRegistry } from '../domain/environments/registry';
import { ENVIRONMENT_KINDS } from '../domain/environments/kinds';
import { readinessOf } from '../domain/environments/instance';
import { refuse } from '../domain/errors';
import type { Surface } from './viewer';

export interface InstanceView {
  name: string;
  kind: string;
  version: string;
  state: string;
  targetVersion: string | null;
  /** In service and documented (`ready`), or upgraded without the IQ documentation of its new version yet (`iq-pending`); null when not in service. */
  readiness: 'ready' | 'iq-pending' | null;
  /** Whether this kind receives IQ documentation at all (VAL and PROD do). */
  receivesIqDocumentation: boolean;
  /** `documentedOn`: the IQ document's own day, when it predates its recording (an existing environment's). */
  iqDocumentation: readonly { reference?: string; by: string; at: string; version: string; documentedOn?: string }[];
  backups: readonly { reference?: string; version: string; at: string; by: string }[];
  history: readonly { at: string; by: string; from: string | null; to: string; version: string; reason: string | null }[];
}

/** A customer organization's live environments; backup locations stay internal to IQVIA. */
export function environmentsView(registry: EnvironmentRegistry, surface: Surface): InstanceView[] {
  const internal = surface !== 'portal';
  return registry.instances.filter(isLive).map((instance) => ({
    name: instance.name,
    kind: instance.kind,
    version: instance.version,
    state: instance.state,
    targetVersion: instance.targetVersion,
    readiness: readinessOf(instance),
    receivesIqDocumentation: ENVIRONMENT_KINDS[instance.kind].iqDocumentation,
    iqDocumentation: instance.iqDocumentation.map(({ reference, ...rest }) => ({ ...rest, ...(internal ? { reference } : {}) })),
    backups: instance.backups.map(({ reference, version, at, by }) => ({ version, at, by, ...(internal ? { reference } : {}) })),
    history: instance.history.map(({ at, by, from, to, version, reason }) => ({ at, by, from, to, version, reason })),
  }));
}

/** Everyone the environments name: who recorded their IQ documentation, took their backups, changed their state. */
export function peopleOfEnvironments(environments: readonly InstanceView[]): string[] {
  return [...new Set(environments.flatMap((e) => [...e.iqDocumentation.map((d) => d.by), ...e.backups.map((b) => b.by), ...e.history.map((h) => h.by)]))];
}

/** Recording IQ documentation is IQVIA's (FH provides it), never a customer's. */
export const IQ_DOCUMENTATION_ROLES = ['IQVIA Engineer', 'IQVIA PM'] as const;

export function recordIq(registry: EnvironmentRegistry, record: { instance: string; reference: string }, actor: { accountId: string; role: string | undefined }, now: Date) {
  if (!actor.role) refuse('stageOwnership', `only ${IQ_DOCUMENTATION_ROLES.join(' / ')} may record IQ documentation`, { field: 'actor' });
  return recordIqDocumentation(registry, record, { accountId: actor.accountId, role: actor.role }, now);
}
