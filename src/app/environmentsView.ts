import { isLive, recordIqDocumentation, type EnvironmentRegistry } from '../domain/environments/registry';
import { ENVIRONMENT_KINDS } from '../domain/environments/kinds';
import { readinessOf } from '../domain/environments/instance';
import { checkIqSignature, IQ_SIGNATURE_MEANING, type IqSignatureCheck } from '../domain/environments/iqSignature';
import { refuse } from '../domain/errors';
import type { Signer } from '../domain/signatures';
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
  /** `documentedOn`: the IQ document's own day, when it predates its recording (an existing environment's); `signature`: the recorder's, checked now. */
  iqDocumentation: readonly { reference?: string; by: string; at: string; version: string; documentedOn?: string; signature?: IqSignatureView }[];
  /** The registry revision shown: a signature on environments changed since is refused (`signatureStale`). */
  registryRevision: number;
  /** What signing a new IQ record of this instance means, for those who record it here; null where none is signed here. */
  iqSignatureMeaning: string | null;
  backups: readonly { reference?: string; version: string; at: string; by: string }[];
  history: readonly { at: string; by: string; from: string | null; to: string; version: string; reason: string | null }[];
}

/** An IQ record's signature as shown: who, when (UTC), what it means, and whether it still verifies. */
export interface IqSignatureView {
  name: string;
  at: string;
  meaning: string;
  check: IqSignatureCheck;
}

/** A customer organization's live environments; backup locations stay internal to IQVIA. */
export function environmentsView(registry: EnvironmentRegistry, surface: Surface, options: { signsIq: boolean } = { signsIq: true }): InstanceView[] {
  const internal = surface !== 'portal';
  return registry.instances.filter(isLive).map((instance) => ({
    name: instance.name,
    kind: instance.kind,
    version: instance.version,
    state: instance.state,
    targetVersion: instance.targetVersion,
    readiness: readinessOf(instance),
    receivesIqDocumentation: ENVIRONMENT_KINDS[instance.kind].iqDocumentation,
    iqDocumentation: instance.iqDocumentation.map(({ reference, signature, ...rest }) => ({
      ...rest,
      ...(internal ? { reference } : {}),
      ...(signature ? { signature: { name: signature.name, at: signature.at, meaning: signature.meaning, check: checkIqSignature(registry.organizationId, instance, { reference, signature, ...rest }) } } : {}),
    })),
    registryRevision: registry.revision,
    iqSignatureMeaning: internal && options.signsIq && ENVIRONMENT_KINDS[instance.kind].iqDocumentation ? IQ_SIGNATURE_MEANING : null,
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

/** Only IQVIA's engineer or PM records IQ documentation; the recorder signs it (`signer`: refused unsigned). */
export function requireIqRecorder(role: string | undefined): string {
  return role ?? refuse('stageOwnership', `only ${IQ_DOCUMENTATION_ROLES.join(' / ')} may record IQ documentation`, { field: 'actor' });
}

export function recordIq(registry: EnvironmentRegistry, record: { instance: string; reference: string }, actor: { accountId: string; role: string | undefined }, now: Date, signer: Signer | undefined) {
  return recordIqDocumentation(registry, record, { accountId: actor.accountId, role: requireIqRecorder(actor.role) }, now, undefined, signer);
}
