import { refuse } from '../errors';
import { ENVIRONMENT_KINDS, type EnvironmentKind } from './kinds';
import { COMMUNITY_DEV_SHARED } from './names';

/**
 * The onboarding order of seed 001 (Onboarding Environment Lifecycle), one named rule each. Every rule refuses naming
 * itself and the field at fault, and explains in the seed's words. The registry's functions call them; nothing here
 * reads a clock: the day "today" is always passed in.
 */

/** A day as Jira and the seed write it: yyyy-MM-dd. */
export type Day = string;

/**
 * What the organization's onboarding has reached, recorded by an IQVIA engineer or an admin (audited): the day its
 * contract was signed, and whether its source database is migrated to ClinSpark. Recorded rather than derived: an
 * existing customer has no implementation plan in the app to derive them from.
 */
export interface OnboardingFacts {
  contractSignedOn: Day | null;
  /** null: nobody said yet. */
  sourceDatabaseMigrated: boolean | null;
}

export const NO_ONBOARDING_FACTS: OnboardingFacts = { contractSignedOn: null, sourceDatabaseMigrated: null };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day (2025-02-30 is not one). */
export function isDay(value: unknown): value is Day {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The UTC day of an instant: "today" for the rules, from the time the caller passes in. */
export const dayOf = (now: Date): Day => now.toISOString().slice(0, 10);

/** A past or present day; a day still to come is refused naming the field. */
export function requirePastDay(value: unknown, field: string, what: string, now: Date): Day {
  if (!isDay(value)) refuse('dayFormat', `${field}: ${what} is a day written yyyy-MM-dd, such as 2025-03-14`, { field });
  if (value > dayOf(now)) refuse('dayNotInFuture', `${field}: ${what} (${value}) is after today (${dayOf(now)}); record what has happened`, { field });
  return value;
}

/** What the rules need to know about the environment being added. */
export interface OnboardingCandidate {
  kind: EnvironmentKind | 'Community Dev';
  /** The day it was provided, when known (an existing environment); absent for one being requested now. */
  providedOn?: Day | null;
  /** Whether it is being requested now (a new environment) rather than registered as it already exists. */
  isNew: boolean;
}

/** Community Dev is one shared instance for all customers: no customer registry holds it. */
export function communityDevShared(kind: string, field = 'kind'): void {
  if (kind === 'Community Dev') refuse('communityDevShared', COMMUNITY_DEV_SHARED, { field });
}

/**
 * Demo comes before the contract: it demonstrates ClinSpark to a prospective customer and "may also be provided to a
 * customer prior to contract signing". A new Demo is refused once the contract is signed; an existing one provided
 * after the contract's day is refused (it would be out of order).
 */
export function demoBeforeContract(facts: OnboardingFacts, candidate: OnboardingCandidate, today: Day): void {
  if (candidate.kind !== 'Demo' || !facts.contractSignedOn) return;
  if (candidate.isNew) {
    refuse('demoBeforeContract', `Demo is provided before contract signing, to a prospective customer; this customer signed its contract on ${facts.contractSignedOn} (today is ${today}): a signed customer gets its Sandbox pair instead`, { field: 'kind' });
  }
  if (candidate.providedOn && candidate.providedOn > facts.contractSignedOn) {
    refuse('demoBeforeContract', `providedOn: Demo is provided before contract signing; ${candidate.providedOn} is after the contract signed on ${facts.contractSignedOn}`, { field: 'providedOn' });
  }
}

/** "Once a customer signs a contract, the Sandbox pair is created": a Sandbox needs the contract recorded as signed, and comes no earlier. */
export function sandboxAtContractSigning(facts: OnboardingFacts, candidate: OnboardingCandidate): void {
  if (candidate.kind !== 'Sandbox') return;
  if (!facts.contractSignedOn) {
    refuse('sandboxAtContractSigning', 'contractSignedOn: the Sandbox pair is created once the customer signs a contract, and no contract signing is recorded for this customer: record the day it was signed first', { field: 'contractSignedOn' });
  }
  if (candidate.providedOn && candidate.providedOn < facts.contractSignedOn) {
    refuse('sandboxAtContractSigning', `providedOn: the Sandbox pair is created at contract signing (${facts.contractSignedOn}), not before it (${candidate.providedOn})`, { field: 'providedOn' });
  }
}

/** "A dedicated Migration instance is created for customers whose source database will be migrated to ClinSpark." */
export function migrationOnlyForMigratedSource(facts: OnboardingFacts, candidate: OnboardingCandidate): void {
  if (candidate.kind !== 'Migration' || facts.sourceDatabaseMigrated === true) return;
  const known = facts.sourceDatabaseMigrated === false ? 'this customer is recorded as having no source database to migrate' : 'nobody has recorded that this customer\'s source database is migrated';
  refuse('migrationOnlyForMigratedSource', `sourceDatabaseMigrated: a Migration instance exists only for customers whose source database is migrated to ClinSpark, and ${known}`, { field: 'sourceDatabaseMigrated' });
}

/** "VAL environments receive IQ documentation", "PROD environments receive IQ documentation"; Demo, Sandbox, Migration and Community Dev do not. */
export function iqDocumentationForValAndProd(kind: EnvironmentKind, field = 'iqDocumentation'): void {
  if (!ENVIRONMENT_KINDS[kind].iqDocumentation) refuse('iqDocumentationForValAndProd', `${field}: ${kind} environments do not receive IQ documentation; only VAL and PROD do`, { field });
}

/** Every onboarding rule an environment entering the registry must pass, in the seed's order. */
export function checkOnboardingOrder(facts: OnboardingFacts, candidate: OnboardingCandidate, today: Day): void {
  communityDevShared(candidate.kind);
  demoBeforeContract(facts, candidate, today);
  sandboxAtContractSigning(facts, candidate);
  migrationOnlyForMigratedSource(facts, candidate);
}

/**
 * A change of the onboarding facts must keep the live environments in order: the contract's day cannot move before a
 * live Sandbox was provided or on/before a live Demo's, and the source cannot become "not migrated" under a live Migration.
 */
export function factsKeepOrder(next: OnboardingFacts, live: readonly { kind: EnvironmentKind; providedOn?: Day | null }[]): void {
  for (const environment of live) {
    if (environment.kind === 'Sandbox' && (!next.contractSignedOn || (environment.providedOn && environment.providedOn < next.contractSignedOn))) {
      refuse('sandboxAtContractSigning', `contractSignedOn: the live Sandbox pair${environment.providedOn ? ` (provided ${environment.providedOn})` : ''} is created at contract signing: the contract cannot be ${next.contractSignedOn ? `signed on ${next.contractSignedOn}` : 'unrecorded'}`, { field: 'contractSignedOn' });
    }
    if (environment.kind === 'Demo' && next.contractSignedOn && environment.providedOn && environment.providedOn > next.contractSignedOn) {
      refuse('demoBeforeContract', `contractSignedOn: the live Demo was provided on ${environment.providedOn}, and Demo comes before the contract: the contract cannot be signed on ${next.contractSignedOn}`, { field: 'contractSignedOn' });
    }
    if (environment.kind === 'Migration' && next.sourceDatabaseMigrated !== true) {
      refuse('migrationOnlyForMigratedSource', 'sourceDatabaseMigrated: this customer has a live Migration instance, which exists only for a migrated source database: terminate it first', { field: 'sourceDatabaseMigrated' });
    }
  }
}
