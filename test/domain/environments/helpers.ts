import { PlanRefusal } from '../../../src/domain/errors';
import { IQ_SIGNATURE_MEANING } from '../../../src/domain/environments/iqSignature';
import type { Signer } from '../../../src/domain/signatures';
import { recordOnboardingFacts } from '../../../src/domain/environments/existing';
import { createRegistry, recordIqDocumentation, requestEnvironment, transitionInstance, type EnvironmentRegistry, type RegistryActor } from '../../../src/domain/environments/registry';

export const NOW = new Date('2026-11-23T09:00:00Z');
export const ENGINEER: RegistryActor = { accountId: 'eng-1', role: 'IQVIA Engineer' };

/** The signer of an IQ record as the app vouches for them after their passphrase: the recorder, on the registry shown. */
export const iqSignerFor = (actor: { accountId: string }, registry: Pick<EnvironmentRegistry, 'revision'>): Signer => ({ accountId: actor.accountId, name: `Signer ${actor.accountId}`, shownRevision: registry.revision, meaning: IQ_SIGNATURE_MEANING });

/** Runs `act` expecting a PlanRefusal, and returns it. */
export function refusal(act: () => unknown): PlanRefusal {
  try {
    act();
  } catch (error) {
    if (error instanceof PlanRefusal) return error;
    throw error;
  }
  throw new Error('expected a PlanRefusal, but the change was accepted');
}

/** A registry holding a live, documented pair of `kind` at `version`. */
export function withLivePair(registry: EnvironmentRegistry, kind: 'VAL' | 'PROD', version: string): EnvironmentRegistry {
  let r = requestEnvironment(registry, { kind, version }, ENGINEER, NOW).registry;
  for (const slot of ['MAIN', 'TEST']) r = transitionInstance(r, { instance: `${kind} ${slot}`, to: 'provisioning' }, ENGINEER, NOW).registry;
  r = recordIqDocumentation(r, { instance: kind, reference: `IQ-${kind}-${version}` }, ENGINEER, NOW, undefined, iqSignerFor(ENGINEER, r)).registry;
  for (const slot of ['MAIN', 'TEST']) r = transitionInstance(r, { instance: `${kind} ${slot}`, to: 'active' }, ENGINEER, NOW).registry;
  return r;
}

export function customerRegistry(): EnvironmentRegistry {
  return createRegistry('org-acme');
}

/** The registry with its onboarding recorded: contract signed, source database migrated (Sandbox and Migration need them). */
export function signed(registry: EnvironmentRegistry, contractSignedOn = '2026-01-15'): EnvironmentRegistry {
  return recordOnboardingFacts(registry, { contractSignedOn, sourceDatabaseMigrated: true }, ENGINEER, NOW)?.registry ?? registry;
}
