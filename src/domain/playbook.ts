import type { Role } from './roles';
import type { Signature, SignatureMeaning, Signer } from './signatures';

/** A phase of a playbook, with the expected length the source document gives it. */
export interface PhaseDefinition {
  id: string;
  name: string;
  /** The source document's words, shown to users ("One-two weeks"). */
  expectedLength: string;
  /** Planning length in working days; null when the source gives none (then `plannedBy` or `onSlot` says how it is dated). */
  workingDays: number | null;
  /** Its length is agreed in discussion: people holding these roles set its planned end (else the slot bounds it). */
  plannedBy?: readonly Role[];
  /** It happens on the scheduled slot (the Day of Upgrade): due on the slot's day, and the phases before it end before it. */
  onSlot?: boolean;
  /** The documents the phase produces; those not `maintained` must be recorded before the phase closes. */
  documents?: readonly DocumentDefinition[];
  /** The message the phase's closing sends (sender and the source document's words). */
  trigger?: CommunicationTrigger;
  /** How the source document says the phase communicates, when it names no trigger. */
  communication?: string;
}

/** A kind of document a phase produces, as the source document names it. */
export interface DocumentDefinition {
  id: string;
  name: string;
  /** The source document's words about it. */
  description: string;
  /** Who records it. */
  roles: readonly Role[];
  /** `secure-channel`: the content is never stored; the plan records only that it was sent, by whom and when. */
  handling?: 'reference' | 'secure-channel';
  /** Kept up during the phase (one per ticket, per update): recorded any number of times, never required to close it. */
  maintained?: boolean;
  /** Recorded only once this step is finished (the DAC after a passed UAT). */
  afterStep?: number;
}

/** A document recorded on a plan: where it is kept, or only that it was sent over a secure channel. */
export interface RecordedDocument {
  document: string;
  phase: string;
  /** Its identifier or link; null when it was only sent over a secure channel. */
  reference: string | null;
  sentOverSecureChannel: boolean;
  recordedBy: string;
  at: string;
  /** The plan attempt it was recorded in: a restarted phase needs its documents again. */
  attempt: number;
}

/** A message sent when a phase closes: who sends it, and its words exactly. */
export interface CommunicationTrigger {
  sender: Role;
  message: string;
  /** The name the app signs a vendor's message with (the vendor as customers know it), when the sender is the vendor's. */
  signedAs?: string;
}

/** One outcome of a decision step (stage 24's Go and No-Go). */
export interface DecisionOption {
  id: string;
  label: string;
  /** What choosing it does, shown before the choice is made. */
  consequence: string;
  /** What a panel says once this outcome is recorded; absent: "<label> recorded on stage <n>". */
  recorded?: string;
  reasonRequired: boolean;
  /** Steps reset to `todo` for a new attempt; the earlier attempt is archived in the plan's history. */
  restartsSteps?: readonly number[];
  /**
   * Work the outcome opens before its steps restart (a No-Go's restore): the decision is recorded, its dependents stay
   * closed and it cannot be reopened until the kind's command records the work, which restarts `restartsSteps`.
   */
  followUp?: FollowUpDefinition;
}

/** The work a decision's outcome opens, as a panel offers it. */
export interface FollowUpDefinition {
  /** The work in a few words ("Record the restore of PROD MAIN"): the button that opens its form. */
  label: string;
  /** Who records it (an app admin may, with a reason). */
  roles: readonly Role[];
  /** The form a panel opens for it, named by what it records. */
  form: 'restore';
}

export interface DecisionDefinition {
  options: readonly DecisionOption[];
  /** Taken only by the organization's named decision makers among the step's role (stage 24: "Customer PM and decision makers"). */
  byDecisionMakers?: boolean;
}

/** A step (the upgrade plan calls them stages) as the source document gives it. */
export interface StepDefinition {
  number: number;
  phase: string;
  roles: readonly Role[];
  /** The source document's text, word for word. */
  activity: string;
  notes: string;
  /** Steps that must be finished (done or skipped) before this one starts or completes. */
  requires: readonly number[];
  /** A decision is taken, not ticked. */
  decision?: DecisionDefinition;
  /** Never skipped: the step's outcome is evidence the following steps rely on. */
  unskippable?: boolean;
  /** Documents that must be recorded before this step starts or finishes (a gate). */
  requiresDocuments?: readonly string[];
  /** Documents this step produces: it cannot finish until they are recorded. */
  producesDocuments?: readonly string[];
  /**
   * The customer's own act (its phase's message is the customer's): finished only by a customer of the plan's
   * organization in the portal, never by IQVIA, an admin's override or the app.
   */
  byCustomerInPortal?: boolean;
  /**
   * The step's owner proposes (what: "time slot") and the step is done only when a holder of one of these roles agrees;
   * they may decline it with a reason, sending it back to the owner. Never completed with a tick.
   */
  agreement?: { roles: readonly Role[]; what: string };
  /** Roles besides its own that the step may be handed to (stage notes that say the responsible party depends on the issue). */
  delegableTo?: readonly Role[];
}

/** The rules, steps and phases of one kind of plan, declared once as typed data. */
export interface PlaybookDefinition<Facts = unknown, Kind extends string = string> {
  kind: Kind;
  title: string;
  phases: readonly PhaseDefinition[];
  steps: readonly StepDefinition[];
  /** Playbook-specific guards run on every step action, after the engine's own checks. */
  rules: readonly PlanRule<Facts>[];
  /** The roles that may hand a step to another owner (with a reason); nobody when absent. */
  reassignedBy?: readonly Role[];
  /** The acts that happen only with their taker's electronic signature, and what each signature means (Part 11). */
  signatures?: readonly SignatureMeaning[];
  /** What accepting a step action tells people or does to tickets. */
  announcements?(change: AcceptedStepChange<Facts>): readonly Notice[];
  /** Facts updated as a consequence of an accepted step action (a No-Go's rollback, the confirmed slot). */
  onAccepted?(change: AcceptedStepChange<Facts>): Facts;
}

export type StepStatus = 'todo' | 'in progress' | 'done' | 'skipped' | 'blocked';
export const STEP_STATUSES: readonly StepStatus[] = ['todo', 'in progress', 'done', 'skipped', 'blocked'];

export interface StepState {
  number: number;
  status: StepStatus;
  /** The person who owns the step; null when no one holds its role yet. */
  owner: string | null;
  startedBy: string | null;
  startedAt: string | null;
  completedBy: string | null;
  completedAt: string | null;
  /** Why it was skipped or is blocked. */
  reason: string | null;
  /** The outcome of a decision step. */
  outcome: string | null;
  /** What the owner of a step needing agreement proposed last, and the answer it got; absent in records of older releases. */
  proposal?: StepProposal | null;
  /** Set when a person handed the step to its owner: it no longer follows the role mapping. */
  reassigned?: StepReassignment | null;
}

/** A proposal of a step that needs the other party's agreement (the upgrade's slot). */
export interface StepProposal {
  value: string;
  proposedBy: string;
  proposedAt: string;
  /** Why the owner proposed something other than what was asked for (a slot none of the preferred ones). */
  reason: string | null;
  /** The other party's refusal, with their reason: the owner proposes again. */
  declined: { by: string; at: string; reason: string } | null;
  /** Who agreed, once they did: the step is then done. */
  agreed: { by: string; at: string } | null;
  /** How long what is proposed lasts, in hours (the slot's length), when the owner said; absent in older records. */
  hours?: number;
}

/** Who handed a step to its owner, when, why, and the role the owner holds it under. */
export interface StepReassignment {
  by: string;
  at: string;
  reason: string;
  role: Role;
}

/**
 * One run at the steps a decision restarts, archived as what the restart changed: the restarted steps as they were
 * before it. The plan keeps the latest `ATTEMPTS_KEPT` of them; every one is in the audit (the decision's entry).
 */
export interface ArchivedAttempt {
  attempt: number;
  endedAt: string;
  endedBy: string;
  outcome: string;
  reason: string | null;
  /** The steps the decision sent back to `todo`. */
  restartedSteps: readonly number[];
  /** The restarted steps as they stood when the decision ended the attempt (the others were not touched). */
  steps: readonly StepState[];
}

/** A plan of one kind; `Kind` is the literal its playbook declares, so that a union of plans is told apart by `kind`. */
export interface Plan<Facts = unknown, Kind extends string = string> {
  id: string;
  kind: Kind;
  organizationId: string;
  reporterAccountId: string;
  createdAt: string;
  /** Grows by one with every accepted change; also the audit sequence number of that change. */
  revision: number;
  attempt: number;
  steps: readonly StepState[];
  attempts: readonly ArchivedAttempt[];
  facts: Facts;
  /** Documents recorded on the plan, oldest first (playbooks that declare documents). */
  documents?: readonly RecordedDocument[];
  /** The planned ends people set for phases whose length is agreed in discussion, the latest per phase. */
  phaseEnds?: readonly PlannedPhaseEnd[];
  /** The electronic signatures of its signed acts, each bound to the step record it signs (attempts the plan keeps). */
  signatures?: readonly Signature[];
}

/** The end a person set for a phase whose length is agreed in discussion (`plannedBy`). */
export interface PlannedPhaseEnd {
  phase: string;
  /** The working day (yyyy-MM-dd) its steps are due. */
  end: string;
  by: string;
  at: string;
  /** The plan attempt it was set in: a decision that restarts the phase's steps asks for it again. */
  attempt: number;
}

export interface Actor {
  accountId: string;
  /** The roles this person holds for the plan's organization (resolved from the role mapping). */
  roles: readonly Role[];
  /** An app admin may act outside their roles, with a recorded reason. */
  admin?: boolean;
  /** The app itself acts, following a ticket event the person caused (recorded under the App role). */
  app?: boolean;
  /**
   * The organization's named decision makers (account ids), as the app resolves them from its settings (by default the
   * PROD request's reporter): only they take a decision step declared `byDecisionMakers`. Absent: not resolved by the
   * caller, and any holder of the step's role decides (the behaviour before decision makers were named).
   */
  decisionMakers?: readonly string[];
  /** The person's display name as the app knows it, for a message the app posts in their name; absent when unknown. */
  name?: string;
  /**
   * Present when the person acts as a portal customer (the Forge context's account type, on the portal panel), with
   * the JSM organizations Jira says they belong to; null when not read (a panel load makes no Jira call).
   */
  portalCustomer?: { organizationIds: readonly string[] | null };
}

export type StepAction =
  | { type: 'start'; step: number; reason?: string }
  /** `signature`: the signer the application vouches for, on a step its playbook signs. */
  | { type: 'complete'; step: number; reason?: string; signature?: Signer }
  | { type: 'skip'; step: number; reason: string }
  | { type: 'block'; step: number; reason: string }
  | { type: 'reopen'; step: number; reason: string }
  | { type: 'decide'; step: number; outcome: string; reason?: string; signature?: Signer }
  /** The owner of a step needing agreement proposes what the other party agrees to. */
  | { type: 'propose'; step: number; value: string; reason?: string; hours?: number }
  | { type: 'agree'; step: number; reason?: string }
  | { type: 'decline'; step: number; reason: string }
  /** Hands the step to another owner; `ownerRoles` are the roles the app resolved for them on this plan. */
  | { type: 'reassign'; step: number; owner: string; ownerRoles: readonly Role[]; reason: string };

export interface AcceptedStepChange<Facts> {
  before: Plan<Facts>;
  after: Plan<Facts>;
  action: StepAction;
  actor: Actor;
  now: Date;
}

/** A message to people or a change to a ticket that an accepted change owes; the app delivers it. */
export type Notice =
  | { type: 'comment'; ticketKey: string; visibility: 'customer' | 'internal'; text: string; sender?: Role; saidBy?: SaidBy }
  | { type: 'closeTicket'; ticketKey: string };

/** Whose words a comment the app posts are, when they are a person's (a customer's message the app posts for them). */
export interface SaidBy {
  accountId: string;
  role: Role;
  at: string;
  via: 'customer portal';
}

export interface RuleInput<Facts> {
  playbook: PlaybookDefinition<Facts>;
  plan: Plan<Facts>;
  /** The plan as the action leaves it (step statuses, restarts, attempt), before its facts are updated: rules read it instead of predicting it. */
  after: Plan<Facts>;
  action: StepAction;
  step: StepDefinition;
  actor: Actor;
  now: Date;
}

/** A named rule of a playbook: returns the refusal, or undefined when the action may go ahead. */
export interface PlanRule<Facts> {
  name: string;
  check(input: RuleInput<Facts>): import('./errors').PlanRefusal | undefined;
}
