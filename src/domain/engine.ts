import { ADMIN_OVERRIDE_ROLE, APP_ROLE, auditEntry, type AuditEntry, type AuditRecord } from './audit';
import { PlanRefusal, refusalOf, refuse } from './errors';
import { keptSignatures, requireSigner, signatureMeaningOf, signRecord, type Signature } from './signatures';
import type {
  Actor,
  StepProposal,
  ArchivedAttempt,
  DecisionOption,
  Notice,
  Plan,
  PlanRule,
  PlaybookDefinition,
  StepAction,
  StepDefinition,
  StepState,
  StepStatus,
} from './playbook';

/**
 * What an accepted change produced: the new plan, its audit entries (one per change it made, in order; the last one's
 * seq is the plan's revision), and what it owes people. Several entries make one write (a ticket resolved and the
 * stage it completes).
 */
export interface Accepted<Facts, Kind extends string = string> {
  plan: Plan<Facts, Kind>;
  entries: readonly AuditEntry[];
  /** The last of `entries`: kept while the application layer still writes one entry per change. */
  entry: AuditEntry;
  notices: readonly Notice[];
}

/** One change to a plan, as its kind declares it: what it changes, and what the audit records of it. */
export interface PlanChange<Facts> extends AuditRecord {
  /** The role the person acted under: their step's role, the admin override, or the app's. */
  role: string;
  facts?: Facts;
  steps?: readonly StepState[];
  attempt?: number;
  attempts?: readonly ArchivedAttempt[];
  documents?: Plan<Facts>['documents'];
  phaseEnds?: Plan<Facts>['phaseEnds'];
  signatures?: readonly Signature[];
  notices?: readonly Notice[];
}

/** The one way a plan changes: its revision grows by one, and the change gets its audit entry. */
export function acceptChange<Facts, Kind extends string>(plan: Plan<Facts, Kind>, change: PlanChange<Facts>, accountId: string, now: Date): Accepted<Facts, Kind> {
  const revision = plan.revision + 1;
  const { role, facts, steps, attempt, attempts, documents, phaseEnds, signatures, notices, ...record } = change;
  const after: Plan<Facts, Kind> = {
    ...plan,
    revision,
    ...(facts !== undefined ? { facts } : {}),
    ...(steps ? { steps } : {}),
    ...(attempt !== undefined ? { attempt } : {}),
    ...(attempts ? { attempts } : {}),
    ...(documents ? { documents } : {}),
    ...(phaseEnds ? { phaseEnds } : {}),
    ...(signatures ? { signatures } : {}),
  };
  requireRecordSize(after, PLAN_RECORD_MAX_BYTES, 'planRecordSize', 'plan');
  const entry = auditEntry(plan, revision, { accountId, role }, record, now);
  return { plan: after, entries: [entry], entry, notices: notices ?? [] };
}

/**
 * The most a plan record may take, as UTF-8 JSON: Forge's key-value store keeps a value up to 240 KiB, and the app
 * stores the plan with its bookkeeping (outbox, event ids), so the plan itself keeps well under it.
 */
export const PLAN_RECORD_MAX_BYTES = 192 * 1024;

/** The size of a record as stored: UTF-8 bytes of its JSON. */
export function recordBytes(record: unknown): number {
  return new TextEncoder().encode(JSON.stringify(record)).length;
}

/** Refuses, naming the limit, a change whose record would not fit: the store would fail it with an unexplained error. */
export function requireRecordSize(record: unknown, max: number, rule: string, what: string): void {
  const bytes = recordBytes(record);
  if (bytes > max) {
    refuse(rule, `the ${what} record is full: this change would make it ${Math.ceil(bytes / 1024)} KiB, over the ${max / 1024} KiB one record may take; nothing was changed`);
  }
}

/** Two changes kept as one write: the second computed on the plan the first left, their entries and notices in order. */
export function andThen<Facts, Kind extends string>(first: Accepted<Facts, Kind>, next: (plan: Plan<Facts, Kind>) => Accepted<Facts, Kind>): Accepted<Facts, Kind> {
  const second = next(first.plan);
  const entries = [...first.entries, ...second.entries];
  return { plan: second.plan, entries, entry: second.entry, notices: [...first.notices, ...second.notices] };
}

export const FINISHED: readonly StepStatus[] = ['done', 'skipped'];
/** Archived attempts a plan record keeps (the latest); every attempt stays in the audit, so the record stays small. */
export const ATTEMPTS_KEPT = 5;
export const REASON_MAX_LENGTH = 2000;
/** A proposal is one value (an instant, a name): short. */
export const PROPOSAL_MAX_LENGTH = 255;
/** An account id. */
export const OWNER_MAX_LENGTH = 255;

export function isFinished(step: StepState): boolean {
  return FINISHED.includes(step.status);
}

export function stepDefinition<Facts>(playbook: PlaybookDefinition<Facts>, number: number): StepDefinition {
  const step = playbook.steps.find((s) => s.number === number);
  return step ?? refuse('knownStage', `${playbook.title} has no stage ${String(number)}`, { field: 'step' });
}

export function stepState(plan: Plan<unknown>, number: number): StepState {
  const state = plan.steps.find((s) => s.number === number);
  if (!state) throw new Error(`plan ${plan.id} has no state for stage ${number}`);
  return state;
}

/**
 * The roles under which the actor may act on a step: a role of the step, the role the step was handed to them under
 * (its reassigned owner), or the override role for an admin who gives a reason.
 */
export function actingRole(step: StepDefinition, actor: Actor, reason: string | undefined, state?: StepState): string | undefined {
  if (actor.app) return APP_ROLE;
  const held = step.roles.find((role) => actor.roles.includes(role));
  if (held) return held;
  if (state?.reassigned && state.owner === actor.accountId) return state.reassigned.role;
  if (actor.admin && reason && reason.trim().length > 0) return ADMIN_OVERRIDE_ROLE;
  return undefined;
}

/** The role the actor acts on a step under; refuses a person without the step's role, or an admin without a reason. */
export function requireActingRole(step: StepDefinition, actor: Actor, reason: string | undefined, state?: StepState): string {
  const role = actingRole(step, actor, reason, state);
  if (role) return role;
  const why = actor.admin ? 'an app admin acting outside their roles must give a reason' : `only ${step.roles.join(' / ')} may act on it`;
  return refuse('stageOwnership', `stage ${step.number}: ${why}`, { field: actor.admin ? 'reason' : 'actor', stage: step.number });
}

/** The other party's answer to a proposal is theirs alone: no admin override stands in for an agreement. */
function requireAgreeingRole(step: StepDefinition, actor: Actor): string {
  const roles = step.agreement?.roles ?? [];
  const held = actor.app ? undefined : roles.find((role) => actor.roles.includes(role));
  if (held) return held;
  const why = roles.length > 0 ? `the ${step.agreement!.what} is agreed or declined by ${roles.join(' / ')} only` : 'it takes no agreement';
  return refuse('stageOwnership', `stage ${step.number}: ${why}`, { field: 'actor', stage: step.number });
}

/** Who may hand a step to another owner: the playbook's roles for it, or an app admin with a reason. */
function requireReassigner<Facts>(playbook: PlaybookDefinition<Facts>, step: StepDefinition, actor: Actor, reason: string | undefined): string {
  const roles = playbook.reassignedBy ?? [];
  const held = actor.app ? undefined : roles.find((role) => actor.roles.includes(role));
  if (held) return held;
  if (actor.admin && !actor.app && reason && reason.trim().length > 0) return ADMIN_OVERRIDE_ROLE;
  const why = roles.length > 0 ? `only ${roles.join(' / ')} may hand it to another owner` : `${playbook.title} hands no stage to another owner`;
  return refuse('stageOwnership', `stage ${step.number}: ${why}`, { field: actor.admin ? 'reason' : 'actor', stage: step.number });
}

/** The role an action is taken under, by the kind of action: an answer to a proposal, a reassignment, or work on the step. */
function roleForAction<Facts>(playbook: PlaybookDefinition<Facts>, step: StepDefinition, state: StepState, actor: Actor, action: StepAction): string {
  if (action.type === 'agree' || action.type === 'decline') return requireAgreeingRole(step, actor);
  if (action.type === 'reassign') return requireReassigner(playbook, step, actor, action.reason);
  return requireActingRole(step, actor, action.reason, state);
}

/** The proposal waiting for an answer on a step, if any. */
export function pendingProposal(state: StepState): StepProposal | undefined {
  const proposal = state.proposal;
  return state.status === 'in progress' && proposal && !proposal.declined && !proposal.agreed ? proposal : undefined;
}

function requirePendingProposal(step: StepDefinition, state: StepState): StepProposal {
  const pending = pendingProposal(state);
  if (!step.agreement) refuse('knownAction', `stage ${step.number} takes no agreement`, { field: 'type', stage: step.number });
  return pending ?? refuse('proposalPending', `stage ${step.number}: no ${step.agreement.what} is waiting for an answer`, { field: 'step', stage: step.number });
}

/** Every step that needs `number` finished first, directly or through another step. */
export function dependentsOf<Facts>(playbook: PlaybookDefinition<Facts>, number: number): number[] {
  const found = new Set<number>();
  const visit = (n: number): void => {
    for (const s of playbook.steps) {
      if (s.requires.includes(n) && !found.has(s.number)) {
        found.add(s.number);
        visit(s.number);
      }
    }
  };
  visit(number);
  return [...found].sort((a, b) => a - b);
}

/**
 * A decision declared `byDecisionMakers` is taken by the organization's named decision makers only; an app admin
 * outside them may take it with a reason, recorded as an override. Returns the role the decision is recorded under.
 */
function requireDecisionMaker(step: StepDefinition, actor: Actor, role: string, reason: string | null): string {
  if (!step.decision?.byDecisionMakers || role === APP_ROLE || role === ADMIN_OVERRIDE_ROLE || actor.decisionMakers === undefined) return role;
  if (actor.decisionMakers.includes(actor.accountId)) return role;
  if (actor.admin && reason) return ADMIN_OVERRIDE_ROLE;
  const who = actor.decisionMakers.length > 0 ? actor.decisionMakers.join(', ') : 'none is named yet (an app admin names them in the settings)';
  return refuse('decisionMakers', `stage ${step.number}: the decision is taken by the organization's decision makers only: ${who}`, { field: 'actor', stage: step.number });
}

/**
 * A step that is the customer's own act (its phase's message is the customer's) is finished only by a customer of the
 * plan's organization, acting in the portal: an agent, an admin's override or the app would be putting words in the
 * customer's mouth. Organizations not read (a panel load) leave the membership to the action's own check.
 */
function requireCustomerInPortal(plan: Plan<unknown>, step: StepDefinition, actor: Actor, role: string): void {
  const details = { field: 'actor', stage: step.number };
  const portal = role === APP_ROLE || role === ADMIN_OVERRIDE_ROLE ? undefined : actor.portalCustomer;
  if (!portal) refuse('customersOwnAct', `stage ${step.number} is the customer's own act: only a customer of the organization sends it, from the customer portal`, details);
  if (portal.organizationIds !== null && !portal.organizationIds.includes(plan.organizationId)) {
    refuse('customersOwnAct', `stage ${step.number} is the customer's own act: only a customer of the plan's organization sends it, and Jira does not list you in it`, details);
  }
}

function requireReason(action: StepAction, why: string, stage: number): string {
  const reason = action.reason?.trim();
  if (!reason) refuse('reasonRequired', `stage ${stage}: a reason is required to ${why}`, { field: 'reason', stage });
  if (reason.length > REASON_MAX_LENGTH) {
    refuse('reasonRequired', `stage ${stage}: the reason is longer than ${REASON_MAX_LENGTH} characters`, { field: 'reason', stage });
  }
  return reason;
}

function requireStatus(state: StepState, allowed: readonly StepStatus[], verb: string): void {
  if (!allowed.includes(state.status)) {
    refuse('stageStatus', `stage ${state.number} is ${state.status}: it cannot be ${verb}`, { field: 'step', stage: state.number });
  }
}

/**
 * The option a decided step waits on: its outcome opened follow-up work not recorded yet (a No-Go's restore). Such a
 * step is decided, yet opens none of the steps that need it, and is not reopened, until the work is recorded.
 */
export function pendingFollowUp<Facts>(playbook: PlaybookDefinition<Facts>, plan: Plan<Facts>, number: number): DecisionOption | undefined {
  const state = stepState(plan, number);
  if (state.status !== 'done' || !state.outcome) return undefined;
  const option = playbook.steps.find((s) => s.number === number)?.decision?.options.find((o) => o.id === state.outcome);
  return option?.followUp ? option : undefined;
}

/** Whether the steps that need this one may go ahead: it is finished, and no follow-up work of its outcome is pending. */
export function opensDependents<Facts>(playbook: PlaybookDefinition<Facts>, plan: Plan<Facts>, number: number): boolean {
  return isFinished(stepState(plan, number)) && !pendingFollowUp(playbook, plan, number);
}

function requirePrerequisites<Facts>(playbook: PlaybookDefinition<Facts>, plan: Plan<Facts>, step: StepDefinition): void {
  const waiting = step.requires.map((n) => ({ n, option: pendingFollowUp(playbook, plan, n) })).find((w) => w.option);
  if (waiting) {
    refuse('followUpPending', `stage ${step.number} needs stage ${waiting.n}, whose ${waiting.option!.label} outcome waits for: ${waiting.option!.followUp!.label}`, { field: 'step', stage: step.number });
  }
  const open = step.requires.filter((n) => !isFinished(stepState(plan, n)));
  if (open.length > 0) {
    const list = open.map((n) => `stage ${n}`).join(' and ');
    refuse('stageOrder', `stage ${step.number} needs ${list} finished first`, { field: 'step', stage: step.number });
  }
}

/** What the audit records of a step: its status, and what the action is about (the owner it was handed to, the proposal). */
function snapshot(state: StepState, type: StepAction['type']): Record<string, unknown> {
  return {
    status: state.status,
    ...(state.reason ? { reason: state.reason } : {}),
    ...(state.outcome ? { outcome: state.outcome } : {}),
    ...(type === 'reassign' ? { owner: state.owner } : {}),
    ...((type === 'propose' || type === 'agree' || type === 'decline') && state.proposal ? { proposal: state.proposal } : {}),
  };
}

/** Applies one step action (start, complete, skip, block, reopen, decide) of any playbook; throws PlanRefusal, changing nothing, when refused. */
export function applyStepAction<Facts, Kind extends string>(
  playbook: PlaybookDefinition<Facts>,
  plan: Plan<Facts, Kind>,
  action: StepAction,
  actor: Actor,
  now: Date,
  extraRules: readonly PlanRule<Facts>[] = [],
): Accepted<Facts, Kind> {
  const checked = checkStepAction(playbook, plan, action, actor, now, extraRules);
  const { step, state, role, next, reason, restarted, archived } = checked;
  // A signed act happens only with its taker's signature (Part 11 §11.200): refused, naming the field, without one.
  const meaning = signatureMeaningOf(playbook as PlaybookDefinition<unknown>, { type: action.type, step: action.step, ...(action.type === 'decide' ? { outcome: action.outcome } : {}) });
  const signer = meaning ? requireSigner(meaning, action.type === 'complete' || action.type === 'decide' ? action.signature : undefined, actor, plan) : undefined;
  let after = checked.after;
  const change = { before: plan, after, action, actor, now };
  if (playbook.onAccepted) after = { ...after, facts: playbook.onAccepted(change) };
  const notices = playbook.announcements ? playbook.announcements({ ...change, after }) : [];
  const signature = meaning && signer ? signRecord(playbook as PlaybookDefinition<unknown>, after, meaning, signer, plan.attempt, now) : undefined;
  const signatures = signature || plan.signatures?.length ? [...keptSignatures(after, action), ...(signature ? [signature] : [])] : undefined;
  // The customer's own message is part of the evidence of their act: what they said, and where.
  const said = notices.flatMap((n) => (n.type === 'comment' && n.saidBy ? [{ sender: n.saidBy.role, via: n.saidBy.via, message: n.text }] : []));

  return acceptChange(
    plan,
    {
      role,
      action: action.type === 'decide' ? `decide ${next.outcome}` : action.type,
      step: step.number,
      before: snapshot(state, action.type),
      after: {
        ...snapshot(next, action.type),
        ...(action.type === 'decide' ? { decidedBy: actor.accountId } : {}),
        ...(archived ? { restartedStages: [...restarted], newAttempt: after.attempt, stagesBefore: archived.steps } : {}),
        ...(said.length > 0 ? { said } : {}),
        ...(signature ? { signature } : {}),
      },
      reason,
      facts: after.facts,
      steps: after.steps,
      attempt: after.attempt,
      attempts: after.attempts,
      ...(after.documents ? { documents: after.documents } : {}),
      ...(signatures ? { signatures } : {}),
      notices,
    },
    actor.accountId,
    now,
  );
}

/** A step action that every guard and rule has let through, not yet turned into a change (no facts, notices or entry). */
interface Checked<Facts, Kind extends string> {
  step: StepDefinition;
  state: StepState;
  role: string;
  next: StepState;
  reason: string | null;
  restarted: readonly number[];
  archived: ArchivedAttempt | undefined;
  after: Plan<Facts, Kind>;
}

/**
 * Runs every guard of a step action and the playbook's rules on the plan as the action leaves it; throws PlanRefusal
 * when refused. `availableActions` stops here, since nothing after the rules refuses an action.
 */
export function checkStepAction<Facts, Kind extends string>(
  playbook: PlaybookDefinition<Facts>,
  plan: Plan<Facts, Kind>,
  action: StepAction,
  actor: Actor,
  now: Date,
  extraRules: readonly PlanRule<Facts>[] = [],
): Checked<Facts, Kind> {
  const step = stepDefinition(playbook, action.step);
  const state = stepState(plan, step.number);
  const at = now.toISOString();
  let role = roleForAction(playbook, step, state, actor, action);

  let next: StepState;
  let reason: string | null = action.reason?.trim() || null;
  if (reason && reason.length > REASON_MAX_LENGTH) refuse('reasonRequired', `stage ${step.number}: the reason is longer than ${REASON_MAX_LENGTH} characters`, { field: 'reason', stage: step.number });
  let restarted: readonly number[] = [];
  switch (action.type) {
    case 'start':
      requireStatus(state, ['todo', 'blocked'], 'started');
      requirePrerequisites(playbook, plan, step);
      next = { ...state, status: 'in progress', startedBy: actor.accountId, startedAt: at, reason: null };
      break;
    case 'complete':
      if (step.decision) refuse('decisionNotTick', `stage ${step.number} is a decision: take it with one of ${step.decision.options.map((o) => o.id).join(' / ')}`, { field: 'type', stage: step.number });
      if (step.agreement) {
        refuse('agreementRequired', `stage ${step.number} is done when ${step.agreement.roles.join(' / ')} agree to the ${step.agreement.what} its owner proposes: propose one`, { field: 'type', stage: step.number });
      }
      requireStatus(state, ['todo', 'in progress'], 'completed');
      requirePrerequisites(playbook, plan, step);
      next = { ...state, status: 'done', completedBy: actor.accountId, completedAt: at, reason: null };
      break;
    case 'skip':
      reason = requireReason(action, 'skip it', step.number);
      if (step.unskippable || step.decision || step.agreement) refuse('stageRequired', `stage ${step.number} cannot be skipped`, { field: 'step', stage: step.number });
      requireStatus(state, ['todo', 'in progress', 'blocked'], 'skipped');
      requirePrerequisites(playbook, plan, step);
      next = { ...state, status: 'skipped', completedBy: actor.accountId, completedAt: at, reason };
      break;
    case 'block':
      reason = requireReason(action, 'block it', step.number);
      requireStatus(state, ['todo', 'in progress'], 'blocked');
      next = { ...state, status: 'blocked', reason };
      break;
    case 'reopen': {
      reason = requireReason(action, 'reopen it', step.number);
      requireStatus(state, ['done', 'skipped', 'blocked'], 'reopened');
      const pending = pendingFollowUp(playbook, plan, step.number);
      if (pending) refuse('followUpPending', `stage ${step.number}'s ${pending.label} cannot be reopened before its follow-up is recorded: ${pending.followUp!.label}`, { field: 'step', stage: step.number });
      const active = dependentsOf(playbook, step.number).filter((n) => stepState(plan, n).status !== 'todo' && stepState(plan, n).status !== 'blocked');
      if (active.length > 0) {
        refuse('stageOrder', `stage ${step.number} cannot be reopened while stage ${active.join(', ')} that needs it is under way or finished`, { field: 'step', stage: step.number });
      }
      next = { ...state, status: 'todo', startedBy: null, startedAt: null, completedBy: null, completedAt: null, reason: null, outcome: null, proposal: null };
      break;
    }
    case 'propose': {
      if (!step.agreement) refuse('knownAction', `stage ${step.number} takes no proposal`, { field: 'type', stage: step.number });
      requireStatus(state, ['todo', 'in progress', 'blocked'], 'proposed for');
      requirePrerequisites(playbook, plan, step);
      const value = typeof action.value === 'string' ? action.value.trim() : '';
      if (!value || value.length > PROPOSAL_MAX_LENGTH) refuse('proposalValue', `stage ${step.number}: say which ${step.agreement.what} you propose (at most ${PROPOSAL_MAX_LENGTH} characters)`, { field: 'value', stage: step.number });
      const proposal: StepProposal = { value, proposedBy: actor.accountId, proposedAt: at, reason, declined: null, agreed: null, ...(action.hours !== undefined ? { hours: action.hours } : {}) };
      next = { ...state, status: 'in progress', startedBy: state.startedBy ?? actor.accountId, startedAt: state.startedAt ?? at, reason: null, proposal };
      break;
    }
    case 'agree': {
      const proposal = requirePendingProposal(step, state);
      requirePrerequisites(playbook, plan, step);
      next = { ...state, status: 'done', completedBy: actor.accountId, completedAt: at, reason: null, proposal: { ...proposal, agreed: { by: actor.accountId, at } } };
      break;
    }
    case 'decline': {
      reason = requireReason(action, `decline the ${step.agreement?.what ?? 'proposal'}`, step.number);
      const proposal = requirePendingProposal(step, state);
      next = { ...state, proposal: { ...proposal, declined: { by: actor.accountId, at, reason } } };
      break;
    }
    case 'reassign': {
      reason = requireReason(action, 'hand it to another owner', step.number);
      requireStatus(state, ['todo', 'in progress', 'blocked'], 'handed to another owner');
      const owner = typeof action.owner === 'string' ? action.owner.trim() : '';
      if (!owner || owner.length > OWNER_MAX_LENGTH) refuse('ownerRole', `stage ${step.number}: owner names the person it is handed to`, { field: 'owner', stage: step.number });
      const eligible = [...step.roles, ...(step.delegableTo ?? [])];
      const ownerRole = eligible.find((r) => (action.ownerRoles ?? []).includes(r));
      if (!ownerRole) refuse('ownerRole', `stage ${step.number} is handed to someone holding ${eligible.join(' / ')} for this organization: ${owner} holds none of them`, { field: 'owner', stage: step.number });
      if (owner === state.owner) refuse('unchanged', `stage ${step.number} is already owned by ${owner}`, { field: 'owner', stage: step.number });
      next = { ...state, owner, reassigned: { by: actor.accountId, at, reason, role: ownerRole } };
      break;
    }
    case 'decide': {
      if (!step.decision) refuse('decisionNotTick', `stage ${step.number} is not a decision`, { field: 'type', stage: step.number });
      const option = step.decision.options.find((o) => o.id === action.outcome);
      if (!option) refuse('decisionOutcome', `stage ${step.number}: the decision is one of ${step.decision.options.map((o) => o.id).join(' / ')}`, { field: 'outcome', stage: step.number });
      if (option.reasonRequired) reason = requireReason(action, `decide ${option.id}`, step.number);
      role = requireDecisionMaker(step, actor, role, reason);
      requireStatus(state, ['todo', 'in progress'], 'decided');
      requirePrerequisites(playbook, plan, step);
      next = { ...state, status: 'done', completedBy: actor.accountId, completedAt: at, outcome: option.id, reason };
      // An outcome with follow-up work restarts its steps only once that work is recorded (`completeFollowUp`).
      restarted = option.followUp ? [] : (option.restartsSteps ?? []);
      break;
    }
    default:
      // Actions arrive from the browser: an unknown type is refused, never half-applied.
      refuse('knownAction', `stage ${step.number}: the action is one of start / complete / skip / block / reopen / decide / propose / agree / decline / reassign`, { field: 'type', stage: step.number });
  }

  if (step.byCustomerInPortal && (next.status === 'done' || next.status === 'skipped')) requireCustomerInPortal(plan, step, actor, role);

  const steps = plan.steps.map((s) => (s.number === step.number ? next : s));
  const restart = restarted.length > 0 ? restartAttempt(playbook, { ...plan, steps }, restarted, { endedAt: at, endedBy: actor.accountId, outcome: next.outcome ?? '', reason }) : undefined;

  // Rules see the plan as the action leaves it; its facts follow once every rule has let it through.
  const after: Plan<Facts, Kind> = restart?.plan ?? { ...plan, steps };
  const revised = { ...after, revision: plan.revision + 1 };
  for (const rule of [...playbook.rules, ...extraRules]) {
    const refusal = rule.check({ playbook, plan, after: revised, action, step, actor, now });
    if (refusal) throw refusal;
  }
  return { step, state, role, next, reason, restarted, archived: restart?.archived, after: revised };
}

/**
 * A new attempt at the restarted steps: the attempt ending is archived as what the restart changes (the restarted steps
 * as they stand; the plan keeps the latest few, the audit every one), they go back to `todo`, and the documents of
 * their phases are asked for again.
 */
function restartAttempt<Facts, Kind extends string>(
  playbook: PlaybookDefinition<Facts>,
  plan: Plan<Facts, Kind>,
  restarted: readonly number[],
  ended: Pick<ArchivedAttempt, 'endedAt' | 'endedBy' | 'outcome' | 'reason'>,
): { plan: Plan<Facts, Kind>; archived: ArchivedAttempt } {
  const archived: ArchivedAttempt = { attempt: plan.attempt, ...ended, restartedSteps: restarted, steps: plan.steps.filter((s) => restarted.includes(s.number)) };
  let documents = plan.documents;
  // A restarted phase needs its documents again: those recorded so far stay in the audit only.
  const phases = new Set(playbook.steps.filter((s) => restarted.includes(s.number)).map((s) => s.phase));
  if (documents?.some((d) => phases.has(d.phase))) documents = documents.filter((d) => !phases.has(d.phase));
  return {
    plan: {
      ...plan,
      attempt: plan.attempt + 1,
      attempts: [...plan.attempts, archived].slice(-ATTEMPTS_KEPT),
      steps: plan.steps.map((s) => (restarted.includes(s.number) ? resetStep(s) : s)),
      ...(documents ? { documents } : {}),
    },
    archived,
  };
}

/** The follow-up work of a decided step, recorded: who recorded it, under which role, and the plan's new attempt. */
export interface FollowUpRecorded<Facts, Kind extends string> {
  role: string;
  option: DecisionOption;
  /** The plan with the decision's steps restarted (its facts untouched: the kind adds what the work recorded). */
  after: Plan<Facts, Kind>;
  restarted: readonly number[];
  archived: ArchivedAttempt;
}

/**
 * The follow-up work a decision opened is recorded (a No-Go's restore): refused unless that work is pending and the
 * person holds its role (an app admin, with a reason); then the decision's steps restart, the attempt archived as the
 * decision ended it. The kind checks what the work records and keeps the change (`acceptChange`).
 */
export function completeFollowUp<Facts, Kind extends string>(playbook: PlaybookDefinition<Facts>, plan: Plan<Facts, Kind>, number: number, actor: Actor, reason: string | undefined): FollowUpRecorded<Facts, Kind> {
  const step = stepDefinition(playbook, number);
  const option = pendingFollowUp(playbook, plan, number);
  if (!option?.followUp) return refuse('followUpPending', `stage ${number} has no follow-up work open: its decision opened none, or it is recorded already`, { field: 'step', stage: number });
  const role = requireActingRole({ ...step, roles: option.followUp.roles }, actor, reason);
  const state = stepState(plan, number);
  const restarted = option.restartsSteps ?? [];
  const { plan: after, archived } = restartAttempt(playbook, plan, restarted, { endedAt: state.completedAt ?? '', endedBy: state.completedBy ?? '', outcome: option.id, reason: state.reason });
  return { role, option, after, restarted, archived };
}

function resetStep(state: StepState): StepState {
  return { ...state, status: 'todo', startedBy: null, startedAt: null, completedBy: null, completedAt: null, reason: null, outcome: null, proposal: null };
}

export type StepActionType = StepAction['type'];

/** Whether the engine would accept one action of one step from this person now, and if not, its refusal. */
export interface ActionAvailability {
  type: StepActionType;
  /** The decision's option, for `decide`: one availability per option. */
  outcome?: string;
  /** Why the engine refuses it now (the refusal it would throw); absent when it would accept it. */
  refusal?: { rule: string; message: string; field?: string };
  /** The person must give a reason: skip, block, reopen, an option that asks for one, or an app admin outside their roles. */
  needsReason: boolean;
}

export interface StepAvailability {
  step: number;
  actions: readonly ActionAvailability[];
  /** The follow-up work the step's outcome opened, while it is pending: whether this person may record it. */
  followUp?: { label: string; form: string; refusal?: ActionAvailability['refusal']; needsReason: boolean };
}

// Stand in for what the person will type or choose, so that the guards after those checks are run too.
const PROBE_REASON = 'reason given';
const PROBE_VALUE = 'value chosen';
const PROBE_OWNER = 'person chosen';
// What the person supplies in the action's own form: a refusal naming one of them asks for it, it does not forbid the action.
const INPUT_FIELDS: readonly string[] = ['value', 'owner'];

/** The actions a step's definition allows at all: a decision is taken, not ticked or skipped; a required step is never skipped. */
function actionsOf<Facts>(playbook: PlaybookDefinition<Facts>, step: StepDefinition): { type: StepActionType; outcome?: string; reasonRequired: boolean }[] {
  const actions: { type: StepActionType; outcome?: string; reasonRequired: boolean }[] = [{ type: 'start', reasonRequired: false }];
  if (!step.decision && !step.agreement) actions.push({ type: 'complete', reasonRequired: false });
  if (!step.decision && !step.unskippable && !step.agreement) actions.push({ type: 'skip', reasonRequired: true });
  actions.push({ type: 'block', reasonRequired: true }, { type: 'reopen', reasonRequired: true });
  for (const option of step.decision?.options ?? []) actions.push({ type: 'decide', outcome: option.id, reasonRequired: option.reasonRequired });
  if (step.agreement) actions.push({ type: 'propose', reasonRequired: false }, { type: 'agree', reasonRequired: false }, { type: 'decline', reasonRequired: true });
  if ((playbook.reassignedBy ?? []).length > 0) actions.push({ type: 'reassign', reasonRequired: true });
  return actions;
}

/** The action a probe tries: what the person would send, with stand-ins for what they type or choose. */
function probeAction(step: StepDefinition, type: StepActionType, outcome: string | undefined): StepAction {
  if (type === 'propose') return { type, step: step.number, value: PROBE_VALUE };
  if (type === 'reassign') return { type, step: step.number, owner: PROBE_OWNER, ownerRoles: [...step.roles, ...(step.delegableTo ?? [])], reason: PROBE_REASON };
  return { type, step: step.number, ...(outcome !== undefined ? { outcome } : {}) } as StepAction;
}


const asAnswer = (refusal: PlanRefusal): NonNullable<ActionAvailability['refusal']> => ({ rule: refusal.rule, message: refusal.message, ...(refusal.field ? { field: refusal.field } : {}) });

/** Whether this person may record the follow-up work pending on a step, with a reason if only as an app admin. */
function followUpAvailability<Facts>(playbook: PlaybookDefinition<Facts>, plan: Plan<Facts>, step: StepDefinition, actor: Actor): StepAvailability['followUp'] {
  const option = pendingFollowUp(playbook, plan, step.number);
  if (!option?.followUp) return undefined;
  const which = { label: option.followUp.label, form: option.followUp.form };
  const byRole = { ...step, roles: option.followUp.roles };
  if (actingRole(byRole, actor, undefined)) return { ...which, needsReason: false };
  const refusal = refusalOf(() => requireActingRole(byRole, actor, PROBE_REASON));
  return refusal ? { ...which, refusal: asAnswer(refusal), needsReason: false } : { ...which, needsReason: true };
}

/**
 * What this person may do on each step now, computed by running `applyStepAction` itself (its guards and the
 * playbook's rules, and any rules the caller adds from what the plan does not hold, such as the customer's
 * environments) and keeping the refusal: a panel shows the same answer the engine will give.
 */
export function availableActions<Facts>(playbook: PlaybookDefinition<Facts>, plan: Plan<Facts>, actor: Actor, now: Date, extraRules: readonly PlanRule<Facts>[] = []): StepAvailability[] {
  const probe = (action: StepAction) => refusalOf(() => checkStepAction(playbook, plan, action, actor, now, extraRules));
  return playbook.steps.map((step) => {
    const state = stepState(plan, step.number);
    const probeAction0 = (type: StepActionType) => probeAction(step, type, undefined);
    // The engine's first guard: a person who may not take an action even with a reason is refused it alike, whatever else.
    const outsider = (type: StepActionType) => refusalOf(() => roleForAction(playbook, step, state, actor, { ...probeAction0(type), reason: PROBE_REASON } as StepAction));
    const actions = actionsOf(playbook, step).map(({ type, outcome, reasonRequired }): ActionAvailability => {
      const which = { type, ...(outcome !== undefined ? { outcome } : {}) };
      const denied = outsider(type);
      if (denied) return { ...which, refusal: asAnswer(denied), needsReason: reasonRequired };
      const base = probeAction(step, type, outcome);
      let needsReason = reasonRequired;
      let refusal = probe(needsReason ? ({ ...base, reason: PROBE_REASON } as StepAction) : base);
      // An app admin outside the step's roles may act with a reason: offer it, asking for one.
      if (refusal?.rule === 'stageOwnership' && refusal.field === 'reason') {
        needsReason = true;
        refusal = probe({ ...base, reason: PROBE_REASON } as StepAction);
      }
      const blocking = refusal && !(refusal.field && INPUT_FIELDS.includes(refusal.field)) ? refusal : undefined;
      return { ...which, ...(blocking ? { refusal: asAnswer(blocking) } : {}), needsReason };
    });
    const followUp = followUpAvailability(playbook, plan, step, actor);
    return { step: step.number, actions, ...(followUp ? { followUp } : {}) };
  });
}
