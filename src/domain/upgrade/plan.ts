import { APP_ROLE } from '../audit';
import { acceptChange, actingRole, andThen, applyStepAction, isFinished, stepDefinition, stepState, type Accepted } from '../engine';
import { PlanRefusal, refuse } from '../errors';
import type { Actor, Notice, Plan, StepAction, StepState } from '../playbook';
import { createPlan } from '../playbooks/create';
import type { RoleMapping } from '../roles';
import { compareVersions, isVersion, releasesBetween } from '../version';
import { PROD_INSTANCES, type Backup, type LinkedTicket, type ProdInstance, type UpgradeFacts } from './facts';
import { UPGRADE_KIND, UPGRADE_PLAYBOOK } from './playbook';
import { upgradeSlotOf } from './slots';
import {
  missingDetails,
  TEXT_MAX_LENGTH,
  validateDetails,
  validateUpgradeRequest,
  type RequestDetails,
  type RequestTicketKind,
  type UpgradeRequest,
} from './request';
import { GO, NO_GO } from './stages';
import type { WorkingCalendar } from '../calendar';
import { dueDates, overdueSteps } from '../schedule';
import { summarizePlan, type PlanSummary } from '../summary';

export type UpgradePlan = Plan<UpgradeFacts, typeof UPGRADE_KIND>;
export type UpgradeAccepted = Accepted<UpgradeFacts, typeof UPGRADE_KIND>;

/** What the app knows when a request arrives: the release list, the registry and the role mapping. */
export interface PlanContext {
  planId: string;
  releases: readonly string[];
  /** Rule 3: whether the customer's registry already holds a VAL pair. */
  valPairExists: boolean;
  roles: RoleMapping;
}

const REQUEST_STAGE: Record<RequestTicketKind, 5 | 13 | null> = { intent: null, valRequest: 5, prodRequest: 13 };

/**
 * Creates the plan from a customer's request (rules 1–4), with an owner per stage. Stage 2, the intent, is done by the request itself.
 * Refuses with the field named, creating nothing, when the request is incomplete or breaks a rule.
 */
export function createUpgradePlan(input: UpgradeRequest, context: PlanContext, now: Date): UpgradeAccepted {
  const request = validateUpgradeRequest(input, now);
  const releasesCrossed = releasesBetween(context.releases, request.currentVersion, request.targetVersion);
  const at = now.toISOString();
  const kind = request.ticket.kind;
  const facts: UpgradeFacts = {
    currentVersion: request.currentVersion,
    targetVersion: request.targetVersion,
    releasesCrossed,
    dataUpdatesRequired: releasesCrossed.length > 1,
    valAction: context.valPairExists ? 'replace' : 'create',
    tickets: [{ key: request.ticket.key, kind, resolved: false }],
    details: { valRequest: null, prodRequest: null },
    slot: null,
    backups: [],
    rollbacks: [],
    restore: null,
  };
  if (kind !== 'intent') facts.details[kind] = detailsOf(request);
  const newPlan = { id: context.planId, organizationId: request.organizationId, reporterAccountId: request.reporterAccountId, facts, roles: context.roles };
  return createPlan(UPGRADE_PLAYBOOK, newPlan, now, {
    steps: (created) => {
      const intended = { ...created, steps: created.steps.map((s): StepState => (s.number === 2 ? { ...s, status: 'done', completedBy: request.reporterAccountId, completedAt: at } : s)) };
      return evaluateRequestStage(intended, kind, request.reporterAccountId, at);
    },
    record: (created, opened) => ({ ticket: request.ticket.key, currentVersion: facts.currentVersion, targetVersion: facts.targetVersion, valAction: facts.valAction, stages: changedStatuses(created.steps, opened.steps, true) }),
    // Rule 4: a request lacking details is accepted, and the customer is told on its ticket what is missing.
    notices: (opened) => (kind === 'intent' ? [] : missingDetailsNotice(opened, request.ticket.key, kind)),
  });
}

function detailsOf(request: RequestDetails): RequestDetails {
  const { targetVersion, instances, configuration, preferredSlots } = request;
  return Object.fromEntries(Object.entries({ targetVersion, instances, configuration, preferredSlots }).filter(([, v]) => v !== undefined));
}

function changedStatuses(before: readonly StepState[], after: readonly StepState[], includeAll = false): Record<string, string> {
  const changed: Record<string, string> = {};
  after.forEach((s, i) => {
    if (includeAll ? s.status !== 'todo' : s.status !== before[i]!.status) changed[String(s.number)] = s.status;
  });
  return changed;
}

/** Rule 4: a request ticket with every detail completes its stage (once the stages before it are finished); one lacking details blocks it, saying what is missing. */
function evaluateRequestStage(plan: UpgradePlan, kind: RequestTicketKind, reporter: string, at: string): readonly StepState[] {
  const stage = REQUEST_STAGE[kind];
  if (stage === null) return plan.steps;
  const state = stepState(plan, stage);
  if (isFinished(state)) return plan.steps;
  const missing = missingDetails(stage, plan.facts.details[kind as 'valRequest' | 'prodRequest']);
  const ready = stepDefinition(UPGRADE_PLAYBOOK, stage).requires.every((n) => isFinished(stepState(plan, n)));
  let next: StepState;
  if (missing.length > 0) next = { ...state, status: 'blocked', reason: `Missing from the request: ${missing.join('; ')}.` };
  else if (ready) next = { ...state, status: 'done', completedBy: reporter, completedAt: at, reason: null };
  else next = { ...state, status: 'todo', reason: null };
  return plan.steps.map((s) => (s.number === stage ? next : s));
}

/** The customer's notice of what a blocked request still lacks (rule 4), on the request's own ticket. */
export function missingDetailsNotice(plan: UpgradePlan, ticketKey: string, kind: RequestTicketKind): Notice[] {
  const stage = REQUEST_STAGE[kind];
  if (stage === null) return [];
  const missing = missingDetails(stage, plan.facts.details[kind as 'valRequest' | 'prodRequest']);
  if (missing.length === 0) return [];
  return [{ type: 'comment', ticketKey, visibility: 'customer', text: `Your request is accepted, but stage ${stage} stays blocked until it gives: ${missing.join('; ')}.` }];
}

/** Starts, completes, skips, blocks, reopens or decides a stage of the upgrade plan. */
export function actOnStage(plan: UpgradePlan, action: StepAction, actor: Actor, now: Date): UpgradeAccepted {
  return applyStepAction(UPGRADE_PLAYBOOK, plan, action, actor, now);
}

function requireRole(plan: UpgradePlan, stage: number, actor: Actor, reason: string | undefined): string {
  const role = actingRole(stepDefinition(UPGRADE_PLAYBOOK, stage), actor, reason);
  return role ?? refuse('stageOwnership', `stage ${stage}: only ${stepDefinition(UPGRADE_PLAYBOOK, stage).roles.join(' / ')} may do this`, { field: 'actor', stage });
}

/** Links another ticket of the same upgrade (VAL request, validation issue, PROD request) and applies what it says. */
export function attachTicket(
  plan: UpgradePlan,
  ticket: { key: string; kind: RequestTicketKind | 'validationIssue'; details?: RequestDetails; reporter?: string },
  actor: { accountId: string },
  now: Date,
): UpgradeAccepted {
  if (!ticket.key || ticket.key.length > TEXT_MAX_LENGTH) refuse('requestComplete', 'ticket.key is missing', { field: 'ticket.key' });
  const existing = plan.facts.tickets.find((t) => t.key === ticket.key);
  if (existing) refuse('ticketOnce', `ticket ${ticket.key} already belongs to this plan as ${existing.kind}`, { field: 'ticket.key' });
  let facts: UpgradeFacts = { ...plan.facts, tickets: [...plan.facts.tickets, { key: ticket.key, kind: ticket.kind, resolved: false, ...(ticket.reporter ? { reporter: ticket.reporter } : {}) }] };
  const detailed = ticket.kind === 'valRequest' || ticket.kind === 'prodRequest' ? ticket.kind : undefined;
  if (ticket.kind === 'valRequest' || ticket.kind === 'prodRequest') {
    const details = validateDetails(ticket.details ?? {}, now);
    if (details.targetVersion && compareVersions(details.targetVersion, facts.targetVersion) !== 0) {
      refuse('samePlanTarget', `ticket ${ticket.key} asks for ${details.targetVersion}; this plan upgrades to ${facts.targetVersion}`, { field: 'targetVersion' });
    }
    facts = { ...facts, details: { ...facts.details, [ticket.kind]: { ...(facts.details[ticket.kind] ?? {}), ...details } } };
  }
  const withTicket = { ...plan, facts };
  const steps = ticket.kind === 'validationIssue' ? plan.steps : evaluateRequestStage(withTicket, ticket.kind, actor.accountId, now.toISOString());
  const notices = ticket.kind === 'validationIssue' ? [] : missingDetailsNotice({ ...withTicket, steps }, ticket.key, ticket.kind);
  return acceptChange(
    plan,
    {
      role: APP_ROLE,
      action: 'attach ticket',
      step: ticket.kind === 'validationIssue' ? 10 : REQUEST_STAGE[ticket.kind],
      // What the ticket changed, before → after: the plan's tickets and, for a request, its details (configuration decision, slots…).
      before: { tickets: plan.facts.tickets.map((t) => t.key), ...(detailed ? { details: plan.facts.details[detailed] } : {}) },
      after: { ticket: ticket.key, kind: ticket.kind, tickets: facts.tickets.map((t) => t.key), ...(detailed ? { details: facts.details[detailed] } : {}), stages: changedStatuses(plan.steps, steps) },
      facts,
      steps,
      notices,
    },
    actor.accountId,
    now,
  );
}

/** Rule 4: the customer completes a request's details; a blocked stage 5 or 13 then goes ahead. */
export function provideDetails(plan: UpgradePlan, kind: 'valRequest' | 'prodRequest', details: RequestDetails, actor: Actor, now: Date): UpgradeAccepted {
  const stage = REQUEST_STAGE[kind]!;
  const role = requireRole(plan, stage, actor, undefined);
  const ticket = plan.facts.tickets.find((t) => t.kind === kind);
  if (!ticket) refuse('requestDetailsComplete', `no ${kind === 'valRequest' ? 'VAL' : 'PROD upgrade'} request ticket belongs to this plan yet`, { field: 'kind', stage });
  const checked = validateDetails(details, now);
  if (checked.targetVersion && compareVersions(checked.targetVersion, plan.facts.targetVersion) !== 0) {
    refuse('samePlanTarget', `this plan upgrades to ${plan.facts.targetVersion}, not ${checked.targetVersion}`, { field: 'targetVersion' });
  }
  const before = plan.facts.details[kind];
  const merged = { ...(before ?? {}), ...checked };
  const facts = { ...plan.facts, details: { ...plan.facts.details, [kind]: merged } };
  const steps = evaluateRequestStage({ ...plan, facts }, kind, actor.accountId, now.toISOString());
  const notices = missingDetailsNotice({ ...plan, facts, steps }, ticket.key, kind);
  return acceptChange(plan, { role, action: 'provide details', step: stage, before: { details: before }, after: { details: merged, stages: changedStatuses(plan.steps, steps) }, facts, steps, notices }, actor.accountId, now);
}

/** A linked ticket was resolved or reopened in Jira (rule 5 reads it for stage 11). */
export function setTicketResolved(plan: UpgradePlan, key: string, resolved: boolean, actor: { accountId: string }, now: Date): UpgradeAccepted {
  const ticket = plan.facts.tickets.find((t) => t.key === key);
  if (!ticket) refuse('ticketOnce', `ticket ${key} does not belong to this plan`, { field: 'ticket.key' });
  if (ticket.resolved === resolved) refuse('unchanged', `ticket ${key} is already ${resolved ? 'resolved' : 'open'}`, { field: 'resolved' });
  const facts = { ...plan.facts, tickets: plan.facts.tickets.map((t) => (t.key === key ? { ...t, resolved } : t)) };
  return acceptChange(plan, { role: APP_ROLE, action: resolved ? 'ticket resolved' : 'ticket reopened', before: { ticket: key, resolved: ticket.resolved }, after: { ticket: key, resolved }, facts }, actor.accountId, now);
}

/** A linked ticket's status as Jira gives it: whether it is resolved, the stage the project says it completes, and how new it is. */
export interface TicketStatus {
  key: string;
  resolved: boolean;
  /** The stage the status completes (the project's status effects), if any. */
  completesStage?: number;
  /** The status it moved to, as the audit and a refusal name it. */
  to: string;
  /**
   * Jira's changelog id of this status: the event's `changelog.id`, or, for a ticket read back from Jira, the id of the
   * newest entry of its changelog (0 when it has none). The newest id wins, whatever the order events arrive in.
   */
  changelogId: number;
}

const STATUS_MAX_LENGTH = 255;

function requireTicketStatus(status: TicketStatus): void {
  if (!Number.isSafeInteger(status?.changelogId) || status.changelogId < 0) refuse('ticketStatus', 'changelogId is the Jira changelog id of the status (a whole number, 0 or more)', { field: 'changelogId' });
  if (typeof status.to !== 'string' || !status.to.trim() || status.to.length > STATUS_MAX_LENGTH) refuse('ticketStatus', `to names the status (at most ${STATUS_MAX_LENGTH} characters)`, { field: 'to' });
  if (typeof status.resolved !== 'boolean') refuse('ticketStatus', 'resolved says whether Jira has the ticket resolved', { field: 'resolved' });
  if (status.completesStage !== undefined) stepDefinition(UPGRADE_PLAYBOOK, status.completesStage);
}

const internalNote = (ticketKey: string, text: string): Notice => ({ type: 'comment', ticketKey, visibility: 'internal', text, sender: 'IQVIA PM' });

/**
 * A linked ticket's status as Jira gives it, as one write. The plan keeps Jira's newest truth per ticket: a status with
 * an older changelog id than the one the plan holds is refused as `staleTicketStatus`, the same one again as
 * `unchanged`, so the plan ends the same whatever the order and repetition of the events.
 *
 * `person` is who moved the ticket in Jira, with the roles they hold for the plan's organization. A resolution
 * completes the stage the status completes only when that person holds the stage's role (recorded under their name and
 * role); otherwise, or when the plan's rules refuse it, the resolution is kept, the stage waits, and the PM is told in an
 * internal comment. When Jira's newest truth reopens a ticket whose resolution completed a stage, that completion is
 * undone if nothing after the stage is under way (else the stage stays done and the PM is told).
 */
export function applyTicketStatus(plan: UpgradePlan, status: TicketStatus, person: Actor, now: Date): UpgradeAccepted {
  const ticket = plan.facts.tickets.find((t) => t.key === status?.key);
  if (!ticket) refuse('ticketOnce', `ticket ${String(status?.key)} does not belong to this plan`, { field: 'ticket.key' });
  requireTicketStatus(status);
  const known = ticket.changelogId ?? -1;
  if (status.changelogId < known) {
    refuse('staleTicketStatus', `${ticket.key} moving to ${status.to} (Jira changelog ${status.changelogId}) is older than what the plan holds (${ticket.status ?? 'its status'}, changelog ${known}): the newer stands`, { field: 'changelogId' });
  }
  if (status.changelogId === known) refuse('unchanged', `${ticket.key} moving to ${status.to} changes nothing in the plan`);

  const at = now.toISOString();
  const who = { accountId: person.accountId, roles: person.roles };
  const completion = ticket.completed && stepState(plan, ticket.completed.step);
  const tryStage = (current: UpgradePlan, run: (plan: UpgradePlan) => UpgradeAccepted): UpgradeAccepted | PlanRefusal => {
    try {
      return run(current);
    } catch (error) {
      if (error instanceof PlanRefusal) return error;
      throw error;
    }
  };

  // What the newest truth does to the stage it concerns, computed on the plan with the ticket's view recorded.
  // The ticket keeps what the plan knows besides its status (its reporter, handler, addressed part).
  const { completed: _completed, ...kept } = ticket;
  const viewOf = (completed: LinkedTicket['completed']): LinkedTicket => ({ ...kept, resolved: status.resolved, status: status.to, changelogId: status.changelogId, movedBy: person.accountId, ...(completed ? { completed } : {}) });
  const withView = (view: LinkedTicket): UpgradeFacts => ({ ...plan.facts, tickets: plan.facts.tickets.map((t) => (t.key === ticket.key ? view : t)) });
  const provisional: UpgradePlan = { ...plan, facts: withView(viewOf(undefined)) };
  let completed: LinkedTicket['completed'] = ticket.completed;
  let effect: ((current: UpgradePlan) => UpgradeAccepted) | undefined;
  const notices: Notice[] = [];
  const stage = status.completesStage;
  const byOwner = stage !== undefined && actingRole(stepDefinition(UPGRADE_PLAYBOOK, stage), who, undefined) !== undefined;
  if (stage !== undefined && !isFinished(stepState(plan, stage))) {
    const complete = (current: UpgradePlan) => actOnStage(current, { type: 'complete', step: stage, reason: `${ticket.key} moved to ${status.to} in Jira` }, who, now);
    const outcome = tryStage(provisional, complete);
    if (outcome instanceof PlanRefusal) {
      const why = outcome.rule === 'stageOwnership' ? `${person.accountId} does not hold ${stepDefinition(UPGRADE_PLAYBOOK, stage).roles.join(' / ')}` : outcome.message;
      notices.push(internalNote(ticket.key, `${ticket.key} was moved to ${status.to} in Jira by ${person.accountId}, but stage ${stage} is not completed: ${why}. The stage waits for its owner.`));
    } else {
      completed = { step: stage, at };
      effect = complete;
    }
  } else if (ticket.completed && !(stage === ticket.completed.step && byOwner) && completion?.status === 'done' && completion.completedAt === ticket.completed.at) {
    // The stage follows Jira's newest truth: the status that completed it no longer stands.
    const step = ticket.completed.step;
    const undo = (current: UpgradePlan) => actOnStage(current, { type: 'reopen', step, reason: `${ticket.key} was moved to ${status.to} in Jira by ${person.accountId}` }, { ...who, app: true }, now);
    const outcome = tryStage(provisional, undo);
    if (outcome instanceof PlanRefusal) {
      notices.push(internalNote(ticket.key, `${ticket.key} was moved to ${status.to} in Jira by ${person.accountId}; stage ${step}, which its earlier status completed, stays done: ${outcome.message}.`));
    } else {
      effect = undo;
    }
    completed = undefined;
  }

  const facts = withView(viewOf(completed));
  const action = ticket.resolved === status.resolved ? 'ticket status' : status.resolved ? 'ticket resolved' : 'ticket reopened';
  const recorded = acceptChange(
    plan,
    {
      role: APP_ROLE,
      action,
      before: { ticket: ticket.key, resolved: ticket.resolved, ...(ticket.status !== undefined ? { status: ticket.status, changelogId: ticket.changelogId } : {}) },
      after: { ticket: ticket.key, resolved: status.resolved, status: status.to, changelogId: status.changelogId, movedBy: person.accountId },
      facts,
      notices,
    },
    person.accountId,
    now,
  );
  return effect ? andThen(recorded, effect) : recorded;
}

/** Stage 20: the engineer records the backup of one PROD instance, for this attempt. */
export function recordBackup(
  plan: UpgradePlan,
  backup: { instance: ProdInstance; version: string; reference: string; reason?: string },
  actor: Actor,
  now: Date,
): UpgradeAccepted {
  const role = requireRole(plan, 20, actor, backup.reason);
  if (!PROD_INSTANCES.includes(backup.instance)) refuse('knownInstance', `a backup is of ${PROD_INSTANCES.join(' or ')}`, { field: 'instance', stage: 20 });
  if (!isVersion(backup.version)) refuse('versionFormat', `version "${String(backup.version)}" is not a ClinSpark version`, { field: 'version', stage: 20 });
  const reference = typeof backup.reference === 'string' ? backup.reference.trim() : '';
  if (!reference || reference.length > TEXT_MAX_LENGTH) refuse('backupReference', 'reference names the backup (its identifier or location)', { field: 'reference', stage: 20 });
  if (!isFinished(stepState(plan, 19))) refuse('stageOrder', 'stage 20 needs stage 19 finished first: the customer has not said the upgrade can proceed', { field: 'step', stage: 20 });
  if (isFinished(stepState(plan, 20))) refuse('stageStatus', 'stage 20 is done: reopen it to record another backup', { field: 'step', stage: 20 });
  const previous = plan.facts.backups.find((b) => b.instance === backup.instance && b.attempt === plan.attempt);
  const recorded: Backup = { instance: backup.instance, version: backup.version, reference, attempt: plan.attempt, at: now.toISOString(), by: actor.accountId };
  const facts = { ...plan.facts, backups: [...plan.facts.backups.filter((b) => b !== previous), recorded] };
  return acceptChange(
    plan,
    {
      role,
      action: 'record backup',
      step: 20,
      before: previous ? { instance: previous.instance, version: previous.version, reference: previous.reference } : null,
      after: { instance: recorded.instance, version: recorded.version, reference: recorded.reference },
      reason: backup.reason ?? null,
      facts,
    },
    actor.accountId,
    now,
  );
}

export interface UpgradePlanSummary extends PlanSummary {
  targetVersion: string;
  slot: string | null;
  /** The latest Go/No-Go outcome, or "pending" when none was taken yet. */
  decision: 'Go' | 'No-Go' | 'pending';
}

/** Due dates of the upgrade plan (rule 9): from real progress, the PM's end of Prep for Upgrade, and the slot proposed or confirmed. */
export function upgradeDueDates(plan: UpgradePlan, calendar: WorkingCalendar): ReadonlyMap<number, string | null> {
  const cached = DUE_DATES.get(plan);
  if (cached?.calendar === calendar) return cached.due;
  const due = dueDates(UPGRADE_PLAYBOOK, plan, calendar, upgradeSlotOf(plan)?.start ?? null);
  DUE_DATES.set(plan, { calendar, due });
  return due;
}

/** Plans are never changed in place, so one plan's due dates for one calendar are computed once per action, not once per reader. */
const DUE_DATES = new WeakMap<UpgradePlan, { calendar: WorkingCalendar; due: ReadonlyMap<number, string | null> }>();

export function summarizeUpgradePlan(plan: UpgradePlan, calendar: WorkingCalendar, now: Date): UpgradePlanSummary {
  const overdue = overdueSteps(plan, upgradeDueDates(plan, calendar), now);
  const current = stepState(plan, 24).outcome;
  const latest = current ?? plan.attempts.at(-1)?.outcome;
  return {
    ...summarizePlan(UPGRADE_PLAYBOOK, plan, overdue),
    targetVersion: plan.facts.targetVersion,
    slot: plan.facts.slot?.start ?? null,
    decision: latest === GO || latest === NO_GO ? latest : 'pending',
  };
}
