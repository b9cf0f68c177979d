import { isFinished, stepState, type StepAvailability } from '../domain/engine';
import type { KindSummary, PlanTicket, StepForm, StepPart } from '../domain/kind';
import { availableActions, factsView, kindOf, partActions, stepPanels, type AnyPlan, type PartAvailability, type PlanFactsView } from '../domain/kinds';
import type { PlaybookDefinition, StepAction, StepDefinition, StepProposal, StepReassignment, StepStatus } from '../domain/playbook';
import { currentDocuments } from '../domain/playbooks/documents';
import { isPhaseClosed, messageStepOf } from '../domain/playbooks/phases';
import { releaseNotesOf, type ReleaseNote } from '../domain/releases';
import type { PhaseEndBasis, PhaseSchedule } from '../domain/schedule';
import { peopleInRole, type Role } from '../domain/roles';
import { displayNameOf, namesInDirectory } from './people';
import { checkSignature, signatureMeaningOf, type Signature, type SignatureCheck } from '../domain/signatures';
import type { EnvironmentRegistry } from '../domain/environments/registry';
import type { AppSettings } from './settings';
import type { InstanceView } from './environmentsView';
import { actorFor, type Surface, type Viewer } from './viewer';

export type { Surface, Viewer };

export type StageActionType = StepAction['type'];

/** One action of a step as the engine answers for this person now: a decision has one per option. */
export interface StageActionView {
  type: StageActionType;
  /** The decision's option, for `decide`. */
  outcome?: string;
  /** Why the engine refuses it now, in the engine's words; absent when it would accept it. */
  disabledReason?: string;
  needsReason: boolean;
  /** The meaning of the signature this act needs (Part 11); absent for an act taken without one. */
  signatureMeaning?: string;
}

/** A signature on a stage's record, as a panel shows it: printed name, UTC time, meaning, and whether it verifies. */
export interface SignatureView extends Signature {
  /** `valid`: the hash of the record it is attached to matches; `broken`: the record (or the signature) changed since. */
  check: SignatureCheck;
}

export interface StageView {
  number: number;
  phase: string;
  roles: readonly Role[];
  activity: string;
  notes: string;
  /** A line the plan's kind adds from its facts (the releases to read, the VAL instruction…). */
  guidance: string | null;
  /** The release notes the step links, from the settings' catalogue (the upgrade's stage 1); a release without a link there has none. */
  releaseNotes: readonly ReleaseNote[];
  owner: string | null;
  /** The owner's display name as Jira last gave it (the app's cached directory), when known. */
  ownerName: string | null;
  status: StepStatus;
  due: string | null;
  overdue: boolean;
  startedBy: string | null;
  completedBy: string | null;
  completedAt: string | null;
  reason: string | null;
  outcome: string | null;
  required: boolean;
  /** The form the step offers besides its buttons (details, backup, decision, documents, slot), from its kind. */
  form: StepForm | null;
  actions: readonly StageActionView[];
  /** For a decision only the organization's decision makers take: who they are (named in the dialog); null otherwise. */
  decisionMakers: readonly { accountId: string; name: string | null }[] | null;
  /** Work the step's decision opened and this person may record (a No-Go's restore, for the engineer); null otherwise. */
  followUp: FollowUpView | null;
  /** The message finishing this step sends (its phase's), and whether it is the customer's own act from the portal; null when none. */
  sends: { sender: Role; message: string; byCustomerInPortal: boolean } | null;
  /** What the owner of a step needing agreement proposed last (the slot), and the answer it got; null when nothing was proposed. */
  proposal: StepProposal | null;
  /** Who handed the step to its owner, and why; null while it follows the role mapping. */
  reassigned: StepReassignment | null;
  /** Whom the viewer may hand the step (or its parts) to: the people holding the roles it may go to; null when they may not. */
  candidates: readonly PersonChoice[] | null;
  /** The step's parts (a validation ticket each), with what the viewer may do to each; null for a step handled as a whole. */
  parts: readonly StagePartView[] | null;
  /** The electronic signatures on this step's records (its current attempt and those the plan keeps), oldest first. */
  signatures: readonly SignatureView[];
  /** An open step of the phase that happens on the agreed slot, before the slot starts: acting now is early, and the panel asks first. */
  earlyWarning: { slotStart: string } | null;
}

/** The follow-up work of a decided step, as its button offers it to a person who may record it. */
export interface FollowUpView {
  label: string;
  /** The form that records it (`restore`). */
  form: string;
  /** Why the engine refuses it now; absent when it would accept it. */
  disabledReason?: string;
  needsReason: boolean;
}

/** A phase's message: who sends it, its words, and, once the phase closed, who sent it and when. */
export interface PhaseMessageView {
  sender: Role;
  message: string;
  /** The vendor's name a vendor's message is signed with. */
  signedAs: string | null;
  /** The person whose act sent it (the customer for the customer's own message, else the person the app posted it for); null until sent. */
  sentBy: string | null;
  sentAt: string | null;
  /** Sent by the customer from the customer portal, the app posting it for them. */
  byCustomerInPortal: boolean;
}

/** A person a stage or a part may be handed to, with the roles they hold on the plan. */
export interface PersonChoice {
  accountId: string;
  name: string | null;
  roles: readonly Role[];
}

/** One part of a step, as its kind lists it, with the engine's answer for this viewer. */
export interface StagePartView extends StepPart {
  /** Why the viewer may not hand it to someone now; absent when they may. */
  handDisabledReason?: string;
  mayHand: boolean;
  mayAddress: boolean;
  addressDisabledReason?: string;
  /** An app admin outside the handler gives a note as their reason. */
  addressNeedsNote: boolean;
}

/** A ticket of the plan, with its kind's label. */
export interface TicketView extends PlanTicket {
  label: string;
}

export interface PhaseView {
  id: string;
  name: string;
  expectedLength: string;
  /** Steps finished (done or skipped) of all the phase's steps. */
  progress: { finished: number; total: number };
  stages: readonly StageView[];
  /** The message the phase's closing sends (the implementation lifecycle's readiness, deployment, decommissioning); null when none. */
  message: PhaseMessageView | null;
  schedule: PhaseScheduleView;
}

/** Rule 9: when a phase ends (or ended), from what, and whether the viewer may set its end. */
export interface PhaseScheduleView {
  /** The day its work is planned from (the end of the phase before it); null while unknown. */
  from: string | null;
  /** When its last stage finished, once all are; else when its open stages are due; null while unknown (`to be agreed`, or waiting for the slot). */
  end: string | null;
  basis: PhaseEndBasis;
  /** The end a person set for this run of the phase (its length agreed in discussion), and who; null when none. */
  planned: { end: string; by: string; at: string } | null;
  /** The viewer holds a role that sets its end, and it is still open (the engine checks the day they choose). */
  mayPlan: boolean;
}

/** A document a phase asks for, and whether it is on record. */
export interface DocumentView {
  phase: string;
  phaseName: string;
  document: string;
  name: string;
  description: string;
  /** Credentials: only the fact that they went over a secure channel is recorded, never their content. */
  secureChannelOnly: boolean;
  recorded: { by: string; at: string; reference: string | null } | null;
  /** Whether the viewer holds a role that records it. */
  mayRecord: boolean;
  /** Recorded only once this step is finished (the DAC after a passed UAT, the go-live's IQ documentation after step 4). */
  afterStep: number | null;
  /** Kept up during the phase, recorded any number of times, never required to close it. */
  maintained: boolean;
}

export interface PlanView extends PlanFactsView {
  /** What the calendar flags on the slot just proposed or agreed to (double booking, another customer's day): for agents only. */
  slotWarnings?: readonly string[];
  planId: string;
  /** upgrade, prod-go-live or implementation-lifecycle. */
  kind: string;
  title: string;
  revision: number;
  createdAt: string;
  ticketKey: string;
  viewer: { accountId: string; roles: readonly Role[]; surface: Surface };
  organizationId: string;
  summary: KindSummary;
  /** The plan's tickets, each with its kind as people name it ("VAL request"). */
  tickets: readonly TicketView[];
  documents: readonly DocumentView[];
  reporterAccountId: string;
  /** Display names of everyone the plan names (owners, who started, completed or decided), as Jira last gave them (the app's cached directory). */
  names: Readonly<Record<string, string>>;
  /** Their avatars (small, from Jira), for those Jira gave one. */
  avatars: Readonly<Record<string, string>>;
  attempts: readonly { attempt: number; outcome: string; endedAt: string; reason: string | null }[];
  /**
   * The decision of this attempt (Go / No-Go, UAT Pass / Fail): its step, the plan's attempt, and the outcome taken in it,
   * null until taken. An earlier attempt's outcome is in `attempts` only (the summary's `decision`, for JQL, keeps the
   * latest). Null for a plan whose playbook has no decision step.
   */
  decision: CurrentDecisionView | null;
  phases: readonly PhaseView[];
  /** The organization's live environments (MAIN/TEST versions, states, IQ documentation, backups). */
  environments?: readonly InstanceView[];
  /** The agreed slot the phase named here happens on (the upgrade's Day of Upgrade); null while none is agreed. */
  dayOfUpgrade: { phase: string; start: string; hours: number } | null;
}

/** The decision step of the plan in its current attempt. */
export interface CurrentDecisionView {
  stage: number;
  attempt: number;
  outcome: string | null;
}

/** What the plan's decision step decided in this attempt: a No-Go's restore starts a new attempt with none taken yet. */
function currentDecision(plan: AnyPlan, playbook: PlaybookDefinition<unknown>): CurrentDecisionView | null {
  const step = playbook.steps.find((s) => s.decision);
  if (!step) return null;
  const state = stepState(plan, step.number);
  return { stage: step.number, attempt: plan.attempt, outcome: state.status === 'done' ? state.outcome : null };
}

/**
 * A step's actions as the engine answers them for this person now. A person without the step's role gets no buttons at
 * all rather than a row of refusals (every refusal then is the ownership rule); an action the step's status makes
 * meaningless (start a stage under way, reopen one to do, skip one never skipped) is left out; every other refusal is
 * shown in the engine's words.
 */
/** The engine's rules that refuse an action for what the step is, not for what it waits for. */
// An agreement step is not ticked, and there is nothing to answer before a proposal: those buttons would only confuse.
const RULED_OUT: ReadonlySet<string> = new Set(['stageStatus', 'stageRequired', 'agreementRequired', 'proposalPending']);

function stageActions(availability: StepAvailability | undefined, playbook: PlaybookDefinition<unknown>): StageActionView[] {
  if (!availability || availability.actions.every((a) => a.refusal?.rule === 'stageOwnership')) return [];
  // Actions of another party (the customer's answer to the PM's proposal) are not the viewer's: left out, not disabled.
  return availability.actions.filter((a) => !RULED_OUT.has(a.refusal?.rule ?? '') && a.refusal?.rule !== 'stageOwnership').map((a) => {
    const signed = signatureMeaningOf(playbook, { type: a.type, step: availability.step, ...(a.outcome !== undefined ? { outcome: a.outcome } : {}) });
    return {
      type: a.type,
      ...(a.outcome !== undefined ? { outcome: a.outcome } : {}),
      ...(a.refusal ? { disabledReason: a.refusal.message } : {}),
      needsReason: a.needsReason,
      ...(signed ? { signatureMeaning: signed.meaning } : {}),
    };
  });
}

/** The follow-up a person may record; none for a person without its role (as a step's buttons). */
function followUpOf(availability: StepAvailability | undefined): FollowUpView | null {
  const followUp = availability?.followUp;
  if (!followUp || followUp.refusal?.rule === 'stageOwnership') return null;
  return { label: followUp.label, form: followUp.form, ...(followUp.refusal ? { disabledReason: followUp.refusal.message } : {}), needsReason: followUp.needsReason };
}

/** The documents each phase asks for, and those recorded (the implementation lifecycle's and the go-live's IQ documentation). */
function documentsView(plan: AnyPlan, playbook: PlaybookDefinition<unknown>, roles: readonly Role[], customer: boolean): DocumentView[] {
  const recorded = currentDocuments(playbook, plan);
  return playbook.phases.flatMap((phase) =>
    (phase.documents ?? []).map((document) => {
      const record = recorded.filter((r) => r.phase === phase.id && r.document === document.id).at(-1);
      return {
        phase: phase.id,
        phaseName: phase.name,
        document: document.id,
        name: document.name,
        description: document.description,
        secureChannelOnly: document.handling === 'secure-channel',
        // A customer sees the references of their own documents only; IQVIA's stay internal.
        recorded: record ? { by: record.recordedBy, at: record.at, reference: customer && !document.roles.includes('Customer') ? null : record.reference } : null,
        mayRecord: document.roles.some((role) => roles.includes(role)),
        afterStep: document.afterStep ?? null,
        maintained: document.maintained === true,
      };
    }),
  );
}

/** Everything a panel renders, in one answer; what the viewer may do is decided here, on the server. */
export function buildPlanView(plan: AnyPlan, viewer: Viewer, settings: AppSettings, now: Date, registry?: EnvironmentRegistry): PlanView {
  const kind = kindOf(plan);
  const playbook = kind.playbookOf(plan);
  const actor = actorFor(viewer, plan, settings);
  const summary = kind.summary(plan, settings.calendar, now);
  const due = kind.dueDates(plan, settings.calendar);
  const schedule = new Map(kind.schedule(plan, settings.calendar).map((p) => [p.phase, p]));
  const panels = stepPanels(plan);
  // With the customer's environments, the rules that read them (a plan closes on a documented PROD) answer too.
  const available = new Map(availableActions(plan, actor, now, registry).map((a) => [a.step, a]));
  const parts = partActions(plan, actor, now);
  // Whom a step or part may go to: the people of the settings holding its roles (or those it may be handed to).
  const choicesFor = (definition: StepDefinition): PersonChoice[] => {
    const roles = [...definition.roles, ...(definition.delegableTo ?? [])];
    const ids = [...new Set(roles.flatMap((role) => peopleInRole(settings.roles, plan.organizationId, role, plan.reporterAccountId)))];
    return ids.map((id) => ({ accountId: id, name: displayNameOf(settings, id), roles: roles.filter((role) => peopleInRole(settings.roles, plan.organizationId, role, plan.reporterAccountId).includes(id)) }));
  };
  const today = now.toISOString().slice(0, 10);
  const customer = viewer.surface === 'portal';
  // Only an agreed slot makes an action early: a proposed one may still move.
  const booked = kind.slotOf(plan);
  const dayOfUpgrade = booked?.state === 'confirmed' ? { phase: booked.phase, start: booked.start, hours: booked.hours } : null;
  const earlyBefore = dayOfUpgrade && now.getTime() < new Date(dayOfUpgrade.start).getTime() ? dayOfUpgrade : null;
  const stagesOf = (phaseId: string): StageView[] =>
    playbook.steps.filter((s) => s.phase === phaseId).map((definition) => {
      const state = stepState(plan, definition.number);
      const dueDate = due.get(definition.number) ?? null;
      const panel = panels.get(definition.number);
      const view: StageView = {
        number: definition.number,
        phase: playbook.phases.find((p) => p.id === phaseId)!.name,
        roles: definition.roles,
        activity: definition.activity,
        notes: definition.notes,
        guidance: panel?.guidance ?? null,
        releaseNotes: releaseNotesOf(settings.releases ?? [], panel?.releaseNotes ?? []),
        owner: state.owner,
        ownerName: state.owner ? displayNameOf(settings, state.owner) : null,
        status: state.status,
        due: dueDate,
        overdue: !isFinished(state) && dueDate !== null && dueDate < today,
        startedBy: state.startedBy,
        completedBy: state.completedBy,
        completedAt: state.completedAt,
        reason: state.reason,
        outcome: state.outcome,
        required: panel?.required ?? true,
        form: panel?.form ?? null,
        actions: stageActions(available.get(definition.number), playbook as PlaybookDefinition<unknown>),
        decisionMakers: definition.decision?.byDecisionMakers ? (actor.decisionMakers ?? []).map((id) => ({ accountId: id, name: displayNameOf(settings, id) })) : null,
        followUp: followUpOf(available.get(definition.number)),
        sends: sendsOf(playbook, definition.number),
        proposal: state.proposal ?? null,
        reassigned: state.reassigned ?? null,
        candidates: null as PersonChoice[] | null,
        parts: panel?.parts ? panel.parts.map((part): StagePartView => partView(part, parts.get(definition.number)?.get(part.key))) : null,
        signatures: (plan.signatures ?? []).filter((s) => s.step === definition.number).map((s) => ({ ...s, check: checkSignature(playbook as PlaybookDefinition<unknown>, plan, s) })),
        earlyWarning: earlyBefore && !isFinished(state) && earlyBefore.phase === playbook.phases.find((p) => p.id === phaseId)!.name ? { slotStart: earlyBefore.start } : null,
      };
      const reassignable = view.actions.some((a) => a.type === 'reassign' && !a.disabledReason) || (view.parts ?? []).some((p) => p.mayHand);
      return reassignable ? { ...view, candidates: choicesFor(definition) } : view;
    });
  return {
    planId: plan.id,
    kind: plan.kind,
    title: summary.title,
    revision: plan.revision,
    createdAt: plan.createdAt,
    ticketKey: viewer.ticketKey,
    viewer: { accountId: viewer.accountId, roles: actor.roles, surface: viewer.surface },
    organizationId: plan.organizationId,
    summary,
    ...factsView(plan, customer),
    tickets: kind.ticketsOf(plan).map((ticket) => ({ ...ticket, label: kind.ticketLabels[ticket.kind] ?? ticket.kind })),
    documents: documentsView(plan, playbook, actor.roles, customer),
    reporterAccountId: plan.reporterAccountId,
    ...namesOf(plan, settings, actor.decisionMakers ?? []),
    attempts: plan.attempts.map((a) => ({ attempt: a.attempt, outcome: a.outcome, endedAt: a.endedAt, reason: a.reason })),
    decision: currentDecision(plan, playbook),
    dayOfUpgrade,
    phases: playbook.phases.map((phase) => {
      const stages = stagesOf(phase.id);
      return {
        id: phase.id,
        name: phase.name,
        expectedLength: phase.expectedLength,
        progress: { finished: stages.filter((s) => s.status === 'done' || s.status === 'skipped').length, total: stages.length },
        stages,
        message: phaseMessage(playbook, plan, phase.id),
        schedule: scheduleView(schedule.get(phase.id), (phase.plannedBy ?? []).some((role) => actor.roles.includes(role)) && !customer),
      };
    }),
  };
}

/** A phase's dates as a panel shows them; `plans`: the viewer holds a role that sets its end. */
function scheduleView(phase: PhaseSchedule | undefined, plans: boolean): PhaseScheduleView {
  if (!phase) return { from: null, end: null, basis: 'unknown', planned: null, mayPlan: false };
  const planned = phase.planned ? { end: phase.planned.end, by: phase.planned.by, at: phase.planned.at } : null;
  return { from: phase.from, end: phase.end, basis: phase.basis, planned, mayPlan: plans && phase.basis !== 'finished' };
}

/** A part with what the viewer may do to it, in the engine's words when they may not. */
// Refusals that say what the part or its step is (not the viewer's, finished, already addressed): no button, no sentence.
const PART_RULED_OUT: ReadonlySet<string> = new Set(['stageOwnership', 'stageStatus', 'partAddressed', 'unchanged']);

function partView(part: StepPart, availability: PartAvailability | undefined): StagePartView {
  const hand = availability?.hand.refusal;
  const address = availability?.address.refusal;
  return {
    ...part,
    mayHand: !hand,
    ...(hand && !PART_RULED_OUT.has(hand.rule) ? { handDisabledReason: hand.message } : {}),
    mayAddress: !address,
    ...(address && !PART_RULED_OUT.has(address.rule) ? { addressDisabledReason: address.message } : {}),
    addressNeedsNote: availability?.address.needsNote ?? false,
  };
}

/** The message a step's finishing sends: its phase's, when it is the phase's last step. */
function sendsOf(playbook: PlaybookDefinition<unknown>, number: number): StageView['sends'] {
  const phase = playbook.phases.find((p) => messageStepOf(playbook, p)?.number === number);
  if (!phase?.trigger) return null;
  return { sender: phase.trigger.sender, message: phase.trigger.message, byCustomerInPortal: stepOf(playbook, number)?.byCustomerInPortal === true };
}

const stepOf = (playbook: PlaybookDefinition<unknown>, number: number) => playbook.steps.find((s) => s.number === number);

/** A phase's message and, once the phase closed, who sent it: the person whose act finished its last step. */
function phaseMessage(playbook: PlaybookDefinition<unknown>, plan: AnyPlan, phaseId: string): PhaseMessageView | null {
  const phase = playbook.phases.find((p) => p.id === phaseId);
  if (!phase?.trigger) return null;
  const closed = isPhaseClosed(playbook, plan.steps, phaseId);
  const last = closed ? plan.steps.filter((s) => stepOf(playbook, s.number)?.phase === phaseId && s.completedAt).sort((a, b) => a.completedAt!.localeCompare(b.completedAt!)).at(-1) : undefined;
  return {
    sender: phase.trigger.sender,
    message: phase.trigger.message,
    signedAs: phase.trigger.signedAs ?? null,
    sentBy: last?.completedBy ?? null,
    sentAt: last?.completedAt ?? null,
    byCustomerInPortal: playbook.steps.some((s) => s.phase === phaseId && s.byCustomerInPortal),
  };
}

/** Everyone the plan names: its reporter, owners, who started, completed, proposed, decided or handled a part. */
export function peopleOfPlan(plan: AnyPlan, decisionMakers: readonly string[] = []): Set<string> {
  return new Set<string>([
    plan.reporterAccountId,
    ...plan.steps.flatMap((s) => [s.owner, s.startedBy, s.completedBy, s.proposal?.proposedBy, s.proposal?.declined?.by, s.proposal?.agreed?.by, s.reassigned?.by]),
    ...(plan.documents ?? []).map((d) => d.recordedBy),
    ...(plan.phaseEnds ?? []).map((e) => e.by),
    ...plan.attempts.map((a) => a.endedBy),
    ...decisionMakers,
    ...[...stepPanels(plan).values()].flatMap((panel) => (panel.parts ?? []).flatMap((part) => [part.handler, part.handedBy, part.addressed?.by])),
  ].filter((id): id is string => !!id));
}

/** Names and avatars of everyone the plan names, from the cached directory (an older release's hand-kept names where it has none). */
function namesOf(plan: AnyPlan, settings: AppSettings, decisionMakers: readonly string[]): { names: Record<string, string>; avatars: Record<string, string> } {
  return namesInDirectory(settings, peopleOfPlan(plan, decisionMakers));
}
