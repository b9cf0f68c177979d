import type { AuditEntry } from '../../../src/domain/audit';
import { STANDARD_CALENDAR, type WorkingCalendar } from '../../../src/domain/calendar';
import { PlanRefusal } from '../../../src/domain/errors';
import type { Actor, Notice, StepAction } from '../../../src/domain/playbook';
import type { Role, RoleMapping } from '../../../src/domain/roles';
import {
  actOnStage,
  applyTicketStatus,
  attachTicket,
  createUpgradePlan,
  provideDetails,
  recordBackup,
  setTicketResolved,
  type PlanContext,
  type UpgradePlan,
} from '../../../src/domain/upgrade/plan';
import type { RequestDetails, UpgradeRequest } from '../../../src/domain/upgrade/request';
import type { ProdInstance } from '../../../src/domain/upgrade/rules';
import { UPGRADE_STAGES } from '../../../src/domain/upgrade/stages';
import type { RestoreRecord } from '../../../src/domain/kind';
import { recordRestore } from '../../../src/domain/upgrade/noGo';
import { UPGRADE_PLAYBOOK } from '../../../src/domain/upgrade/playbook';
import { signedAs } from '../../support/signing';
import { addressValidationTicket, handValidationTicket } from '../../../src/domain/upgrade/validationParts';

/** A Monday, 09:00 UTC. */
export const T0 = new Date('2026-11-23T09:00:00.000Z');
export const SLOT_1 = '2027-03-01T08:00:00.000Z';
export const SLOT_2 = '2027-04-05T08:00:00.000Z';

export const CUSTOMER: Actor = { accountId: 'acc-customer', roles: ['Customer'] };
export const PM: Actor = { accountId: 'acc-pm', roles: ['IQVIA PM'] };
export const ENGINEER: Actor = { accountId: 'acc-engineer', roles: ['IQVIA Engineer'] };
export const SUPPORT: Actor = { accountId: 'acc-support', roles: ['IQVIA Support'] };
export const SPECIALIST: Actor = { accountId: 'acc-specialist', roles: ['Solution Specialist'] };
/** An app admin who holds no role for the organization. */
export const ADMIN: Actor = { accountId: 'acc-admin', roles: [], admin: true };
export const STRANGER: Actor = { accountId: 'acc-stranger', roles: [] };
/** A person who moves tickets in Jira and holds no role of the plan. */
export const JIRA_USER: Actor = { accountId: 'acc-jira', roles: [] };

export const ACTOR_BY_ROLE: Record<Role, Actor> = {
  Customer: CUSTOMER,
  'IQVIA PM': PM,
  'IQVIA Engineer': ENGINEER,
  'IQVIA Support': SUPPORT,
  'Solution Specialist': SPECIALIST,
};

export const ROLE_MAPPING: RoleMapping = {
  projectDefault: {
    'IQVIA PM': [PM.accountId],
    'IQVIA Engineer': [ENGINEER.accountId],
    'IQVIA Support': [SUPPORT.accountId],
    'Solution Specialist': [SPECIALIST.accountId],
  },
  organizations: { 'org-acme': { Customer: [CUSTOMER.accountId] } },
};

export const RELEASES = ['24.1', '24.2', '25.1', '25.2'];

export function context(overrides: Partial<PlanContext> = {}): PlanContext {
  return { planId: 'plan-1', releases: RELEASES, valPairExists: true, roles: ROLE_MAPPING, ...overrides };
}

export const VAL_DETAILS: RequestDetails = { targetVersion: '25.2', instances: ['VAL'], configuration: { mode: 'synchronise-latest' } };
export const PROD_DETAILS: RequestDetails = {
  targetVersion: '25.2',
  instances: ['PROD MAIN', 'PROD TEST'],
  configuration: { mode: 'synchronise-latest' },
  preferredSlots: [SLOT_1, SLOT_2],
};

export function request(overrides: Partial<UpgradeRequest> = {}): UpgradeRequest {
  return {
    organizationId: 'org-acme',
    reporterAccountId: CUSTOMER.accountId,
    ticket: { key: 'FHSD-1', kind: 'valRequest' },
    currentVersion: '24.1',
    targetVersion: '25.2',
    ...VAL_DETAILS,
    ...overrides,
  };
}

/** The actor holding the first role of a stage. */
export function actorFor(stage: number): Actor {
  const definition = UPGRADE_STAGES.find((s) => s.number === stage);
  if (!definition) throw new Error(`no stage ${stage}`);
  return ACTOR_BY_ROLE[definition.roles[0]!];
}

/** Expects `run` to throw a PlanRefusal, and returns it. */
export function refusal(run: () => unknown): PlanRefusal {
  try {
    run();
  } catch (error) {
    if (error instanceof PlanRefusal) return error;
    throw error;
  }
  throw new Error('expected a PlanRefusal, but the action was accepted');
}

/**
 * A plan with its audit trail and the notices it owed, as the app keeps them.
 * Every accepted change adds its audit entries with consecutive seqs, the last one the new revision.
 */
export class PlanRun {
  plan: UpgradePlan;
  readonly audit: AuditEntry[] = [];
  readonly notices: Notice[] = [];
  now: Date;

  constructor(input: UpgradeRequest = request(), ctx: PlanContext = context(), now: Date = T0) {
    this.now = now;
    const created = createUpgradePlan(input, ctx, now);
    this.plan = created.plan;
    this.accept(created);
  }

  /** Keeps an accepted change made outside the run's own helpers (a command under test). */
  accept<R extends { plan: UpgradePlan; entries: readonly AuditEntry[]; entry: AuditEntry; notices: readonly Notice[] }>(result: R): R {
    for (const entry of result.entries) {
      const previous = this.audit.at(-1);
      if (entry.seq !== (previous ? previous.seq + 1 : 1)) throw new Error(`audit seq ${entry.seq} after ${previous?.seq ?? 0}`);
      this.audit.push(entry);
    }
    if (result.entry !== result.entries.at(-1)) throw new Error('entry is not the last of entries');
    if (result.entry.seq !== result.plan.revision) throw new Error(`audit seq ${result.entry.seq} but revision ${result.plan.revision}`);
    this.plan = result.plan;
    this.notices.push(...result.notices);
    return result;
  }

  /** Moves the clock on (minutes). */
  tick(minutes = 5): this {
    this.now = new Date(this.now.getTime() + minutes * 60_000);
    return this;
  }

  at(instant: string | Date): this {
    this.now = new Date(instant);
    return this;
  }

  act(action: StepAction, actor: Actor = actorFor(action.step)) {
    // Signed acts carry the signer the app would vouch for (Part 11): the tests of signing itself are in signatures.test.ts.
    return this.accept(actOnStage(this.plan, signedAs(UPGRADE_PLAYBOOK, this.plan, action, actor), actor, this.now));
  }

  complete(stage: number, extra: { reason?: string } = {}, actor: Actor = actorFor(stage)) {
    return this.act({ type: 'complete', step: stage, ...extra }, actor);
  }

  completeAll(stages: readonly number[]): this {
    for (const stage of stages) this.complete(stage);
    return this;
  }

  /** Stage 11: the handler of a validation ticket (IQVIA Support unless handed) records it addressed. */
  address(key: string, actor: Actor = SUPPORT, note?: string) {
    return this.accept(addressValidationTicket(this.plan, { step: 11, part: key, ...(note === undefined ? {} : { note }) }, actor, this.now));
  }

  /** Stage 11: the PM hands a validation ticket to someone holding the roles given. */
  hand(key: string, owner: Actor, reason = 'needs engineering input', actor: Actor = PM) {
    return this.accept(handValidationTicket(this.plan, { step: 11, part: key, owner: owner.accountId, ownerRoles: owner.roles, reason }, actor, this.now));
  }

  /** Stage 16 (rule 6): the PM proposes the slot (a reason when it is none of the preferred ones), the customer agrees. */
  proposeSlot(slot: string, reason?: string, actor: Actor = PM) {
    return this.act({ type: 'propose', step: 16, value: slot, ...(reason === undefined ? {} : { reason }) }, actor);
  }

  agreeSlot(actor: Actor = CUSTOMER) {
    return this.act({ type: 'agree', step: 16 }, actor);
  }

  declineSlot(reason: string, actor: Actor = CUSTOMER) {
    return this.act({ type: 'decline', step: 16, reason }, actor);
  }

  /** The slot proposed and agreed to, as one step of a test. */
  confirmSlot(slot: string, reason?: string) {
    this.proposeSlot(slot, reason);
    return this.agreeSlot();
  }

  decide(outcome: string, reason?: string, actor: Actor = CUSTOMER) {
    return this.act({ type: 'decide', step: 24, outcome, ...(reason === undefined ? {} : { reason }) }, actor);
  }

  attach(key: string, kind: 'valRequest' | 'prodRequest' | 'validationIssue' | 'intent', details?: RequestDetails) {
    return this.accept(attachTicket(this.plan, { key, kind, ...(details ? { details } : {}) }, { accountId: CUSTOMER.accountId }, this.now));
  }

  provide(kind: 'valRequest' | 'prodRequest', details: RequestDetails, actor: Actor = CUSTOMER) {
    return this.accept(provideDetails(this.plan, kind, details, actor, this.now));
  }

  resolve(key: string, resolved = true) {
    return this.accept(setTicketResolved(this.plan, key, resolved, { accountId: 'acc-jira' }, this.now));
  }

  /** Jira's changelog ids so far: each move gets the next one unless the test names it. */
  changelog = 0;

  /** A linked ticket moved to a status in Jira by `person`, as the app hears it. */
  ticketMoved(key: string, to: string, resolved: boolean, completesStage?: number, person: Actor = JIRA_USER, changelogId = (this.changelog += 1)) {
    this.changelog = Math.max(this.changelog, changelogId);
    return this.accept(applyTicketStatus(this.plan, { key, to, resolved, changelogId, ...(completesStage === undefined ? {} : { completesStage }) }, person, this.now));
  }

  backup(instance: ProdInstance, reference = `bk-${instance.replace(' ', '-')}-${this.plan.attempt}`, actor: Actor = ENGINEER) {
    return this.accept(recordBackup(this.plan, { instance, version: this.plan.facts.currentVersion, reference }, actor, this.now));
  }

  /**
   * The engineer's restore after a No-Go: started a few minutes after now, taking `minutes`, confirmed once ended at the
   * backup's version (the clock moves to just after the end).
   */
  restore(minutes = 40, extra: Partial<RestoreRecord> = {}, actor: Actor = ENGINEER) {
    const startedAt = new Date(this.now.getTime() + 5 * 60_000);
    const endedAt = new Date(startedAt.getTime() + minutes * 60_000);
    this.now = new Date(endedAt.getTime() + 60_000);
    const version = this.plan.facts.restore?.backupVersion ?? this.plan.facts.currentVersion;
    return this.accept(recordRestore(UPGRADE_PLAYBOOK, this.plan, { startedAt: startedAt.toISOString(), endedAt: endedAt.toISOString(), version, ...extra }, actor, this.now));
  }

  status(stage: number): string {
    return this.plan.steps.find((s) => s.number === stage)!.status;
  }
}

/** Preparation and Validation (1–12) with a full VAL request; stage 13 not yet raised. */
export function throughValidation(run: PlanRun = new PlanRun()): PlanRun {
  run.completeAll([1, 3, 4, 6, 7, 8, 9, 10, 11, 12]);
  return run;
}

/** Up to and including stage 16 with the slot confirmed. */
export function throughSlot(run: PlanRun = throughValidation(), slot = SLOT_1): PlanRun {
  if (!run.plan.facts.tickets.some((t) => t.kind === 'prodRequest')) run.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
  run.completeAll([14, 15].filter((n) => run.status(n) !== 'done'));
  run.confirmSlot(slot, preferred(run).includes(slot) ? undefined : 'the test picks another slot');
  return run;
}

/** Day of Upgrade up to stage 23, backups recorded: the plan waits for the Go / No-Go decision. */
export function throughFinalTest(run: PlanRun = throughSlot()): PlanRun {
  run.completeAll([17, 18, 19]);
  run.backup('PROD MAIN');
  run.backup('PROD TEST');
  run.completeAll([20, 21, 22, 23]);
  return run;
}

/** The customer's preferred slots on the plan's PROD request. */
export function preferred(run: PlanRun): readonly string[] {
  return (run.plan.facts.details.prodRequest?.preferredSlots ?? []).map((s) => new Date(s).toISOString());
}

export const CALENDAR: WorkingCalendar = STANDARD_CALENDAR;

/** Whitespace, line breaks and the table's '|' separators do not count; spaces before punctuation neither. */
export function normaliseSeedText(text: string): string {
  return text.replace(/\|/g, ' ').replace(/\s+/g, ' ').replace(/ ([.,:;)])/g, '$1').trim();
}
