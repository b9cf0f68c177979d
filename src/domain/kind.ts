import type { WorkingCalendar } from './calendar';
import type { KindSlot } from './slots';
import { applyStepAction, stepDefinition, type Accepted } from './engine';
import { refuse } from './errors';
import type { RegistryEffects } from './environments/planEffects';
import type { EnvironmentRegistry, RegistryActor } from './environments/registry';
import type { ReleaseCatalogue } from './releases';
import type { Role, RoleMapping } from './roles';
import type { Actor, DecisionOption, Plan, PlanRule, PlaybookDefinition, StepAction } from './playbook';
import { dueDates, overdueSteps, phaseSchedule, type PhaseSchedule } from './schedule';
import { summarizePlan, type PlanSummary } from './summary';

/** Any plan, of a kind not known here: what the kind contract is written over. */
export type SomePlan = Plan<unknown, string>;

/** A ticket a plan lives on, and whether Jira has it resolved. */
export interface PlanTicket<TicketKind extends string = string> {
  key: string;
  kind: TicketKind;
  resolved: boolean;
}

/** What panels and JQL need of any plan at a glance. */
export interface KindSummary extends PlanSummary {
  title: string;
  /** The ClinSpark version the plan takes the customer to; empty when the plan is not about a version. */
  targetVersion: string;
  /** The latest decision of the plan's decision step (Go/No-Go, UAT Pass/Fail), or "pending". */
  decision: string;
  slot: string | null;
}

/** The form a step offers in a panel, besides its buttons. */
export type StepForm =
  /**
   * The request's details (the upgrade's stage 5 and 13), for the ticket of that kind: the instances it may ask for
   * (all chosen at first), whether it asks for preferred slots, and the request as a dialog names it.
   */
  | { type: 'details'; ticketKind: string; label: string; instances: readonly string[]; preferredSlots: boolean }
  /** A backup per instance (the upgrade's stage 20). */
  | { type: 'backup'; instances: readonly string[] }
  /** A decision taken with one of its options (stage 24's Go / No-Go, the UAT's Pass / Fail). */
  | { type: 'decision'; options: readonly DecisionOption[] }
  /** Documents the step produces (the go-live's IQ documentation, the DAC). */
  | { type: 'document'; documents: readonly string[] }
  /** A time slot its owner proposes and the other party agrees to (the upgrade's stage 16), from the preferred slots the view carries. */
  | { type: 'slot' };

/** One part of a step that is handled piece by piece (the upgrade's stage 11: each validation ticket). */
export interface StepPart {
  /** What the part is about (a ticket key). */
  key: string;
  /** Who it was handed to; null while the step's own roles handle it. */
  handler: string | null;
  handlerRole: Role | null;
  handedBy: string | null;
  /** Why it was handed. */
  reason: string | null;
  /** Who handles it until it is handed to someone. */
  defaultRoles: readonly Role[];
  addressed: { by: string; at: string; note: string | null } | null;
  /** Whether what it is about is finished elsewhere (its ticket resolved in Jira). */
  resolved: boolean;
}

/** What a panel shows of one step besides the seed's text: a line from the plan's facts, whether it may be left out, its form. */
export interface StepPanel {
  guidance: string | null;
  /** False only for a step the plan's facts make optional (stage 18 of a single-release upgrade). */
  required: boolean;
  form: StepForm | null;
  /** The releases whose notes the step links (the upgrade's stage 1: each release it crosses); absent for the other steps. */
  releaseNotes?: readonly string[];
  /** The step's parts, handled one by one; absent for a step handled as a whole, or with no part yet. */
  parts?: readonly StepPart[];
}

/** Who a panel shows a plan's facts to: a customer never sees what stays internal to IQVIA (backup locations). */
export interface FactsAudience {
  customer: boolean;
}

/** A backup of one instance, as a person records it. */
export interface BackupRecord {
  instance: string;
  version: string;
  reference: string;
  reason?: string;
}

/** A restore a decision's follow-up asks for (a No-Go's), as the engineer records it. */
export interface RestoreRecord {
  /** When the restore started and ended (ISO instants, given by the engineer). */
  startedAt: string;
  endedAt: string;
  /** The version the restored instance runs now, as the engineer checked it. */
  version: string;
  note?: string;
  reason?: string;
}

/**
 * What a person may do to a plan besides acting on its steps and recording its phases' documents; a kind offers
 * those its plans have, and the application layer refuses the others naming what the plan lacks.
 */
export interface KindCommands<P extends SomePlan> {
  /** A backup of an instance before the plan changes it (the upgrade's stage 20). */
  recordBackup?(plan: P, backup: BackupRecord, actor: Actor, now: Date): Accepted<P['facts'], P['kind']>;
  /** The request details of one of the plan's tickets, checked by the kind (the upgrade's VAL and PROD requests). */
  provideDetails?(plan: P, ticketKind: string, details: unknown, actor: Actor, now: Date): Accepted<P['facts'], P['kind']>;
  /** Hands one part of a step to a person; `ownerRoles` are the roles the app resolved for them on this plan. */
  handPart?(plan: P, input: { step: number; part: string; owner: string; ownerRoles: readonly Role[]; reason: string }, actor: Actor, now: Date): Accepted<P['facts'], P['kind']>;
  /** The part's handler records it addressed. */
  addressPart?(plan: P, input: { step: number; part: string; note?: string }, actor: Actor, now: Date): Accepted<P['facts'], P['kind']>;
  /** IQ documentation that is a document of the plan itself (the go-live's), rather than of the registry alone. */
  recordIqDocumentation?(plan: P, record: { reference: string; reason?: string }, actor: Actor, now: Date): Accepted<P['facts'], P['kind']>;
  /** The restore a decision's follow-up opened (the upgrade's No-Go), confirmed: the decision's steps then restart. */
  recordRestore?(plan: P, restore: RestoreRecord, actor: Actor, now: Date): Accepted<P['facts'], P['kind']>;
}

/** A ticket of a plan moved in Jira: whether it is now resolved, and the step its status completes, if any. */
export interface TicketStatus {
  key: string;
  resolved: boolean;
  /** The step the status completes (the project's status effects), if any. */
  completesStage?: number;
  /** The status it moved to, as the audit and a refusal name it. */
  to: string;
  /** Jira's changelog id of the status (the event's, or the newest read back; 0 when the ticket has none): the newest wins. */
  changelogId: number;
}

/** A plan id stable per organization and what the plan is about, so that two deliveries of one event cannot create two plans. */
export function planIdFor(organizationId: string, about: string): string {
  return `upgrade-${organizationId}-${about}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** The request form's answers, as the project's fields give them; the kind checks what it reads. */
export interface RequestForm {
  currentVersion?: string;
  targetVersion?: string;
  instances?: readonly string[];
  configuration?: { mode: 'synchronise-latest' } | { mode: 'keep-listed'; keep: readonly string[] };
  preferredSlots?: readonly string[];
  /** The implementation scenario as the form words it ("Scenario B", "B"). */
  scenario?: string;
}

/** A new service desk ticket of one of a kind's ticket kinds, as the kind reads it to start or join a plan. */
export interface TicketRequest {
  key: string;
  ticketKind: string;
  organizationId: string;
  reporterAccountId: string | null;
  /** Who raised the event (the reporter when Jira names none). */
  actorAccountId: string;
  form: RequestForm;
}

/** What a kind may read when a ticket starts its plan: the release catalogue, the role mapping, the customer's registry. */
export interface IntakeContext {
  releases: ReleaseCatalogue;
  roles: RoleMapping;
  /** Present only for a kind that reads it (`readsRegistry`). */
  registry?: EnvironmentRegistry;
  /** The vendor as the project's settings name it (absent: the default); a kind that names the vendor keeps it in its plan. */
  vendorName?: string;
}

/** Which plan a new ticket goes to: the plan of this id (started if absent), or one of the organization's open plans of the kind. */
export type TicketTarget<P extends SomePlan> = { planId: string } | { choose(openPlans: readonly P[]): P };

/** How a new ticket starts or joins a plan of a kind; every refusal is a PlanRefusal in the customer's words. */
export interface TicketIntake<P extends SomePlan> {
  target(request: TicketRequest): TicketTarget<P>;
  /** Starts the plan from this ticket (refused for a ticket kind that only joins). */
  start(request: TicketRequest, context: IntakeContext, now: Date): Accepted<P['facts'], P['kind']>;
  /** Joins the plan found (refused when the plan takes no more tickets). */
  join(plan: P, request: TicketRequest, now: Date): Accepted<P['facts'], P['kind']>;
  /** Whether `start` reads the customer's registry (one more storage read). */
  readsRegistry?: boolean;
  /** How the welcome comment names the plan ("the upgrade plan to ClinSpark 25.2"); `the plan "<title>"` when absent. */
  nameOf?(plan: P): string;
  /** Lines the welcome adds after what happens next. */
  welcomeNotes?(plan: P): string[];
  /** The comment a joining ticket gets instead of the welcome, for a ticket kind that has its own. */
  joinedText?(plan: P, request: TicketRequest): string | undefined;
}

/** Everything the application layer and the panels need of one kind of plan; the engine runs every kind alike. */
export interface PlanKindDefinition<P extends SomePlan> {
  kind: P['kind'];
  /** The kinds of ticket a plan of this kind lives on. */
  ticketKinds: readonly string[];
  /** Each ticket kind as people name it ("VAL request"), in the order of `ticketKinds`. */
  ticketLabels: Readonly<Record<string, string>>;
  playbookOf(plan: P): PlaybookDefinition<P['facts']>;
  titleOf(plan: P): string;
  /** The ClinSpark version the plan takes the customer to; empty when the plan is not about a version. */
  versionOf(plan: P): string;
  ticketsOf(plan: P): readonly PlanTicket[];
  /** The ticket IQVIA works the plan on: the one that gets the assignee. */
  workTicketOf(plan: P): string | undefined;
  /** The steps a ticket answers for: it is not resolved while one of them is open. */
  stagesOwedBy(plan: P, ticketKey: string): readonly number[];
  dueDates(plan: P, calendar: WorkingCalendar): ReadonlyMap<number, string | null>;
  /** Each phase's dates as rule 9 gives them (from, end, and where the end comes from). */
  schedule(plan: P, calendar: WorkingCalendar): readonly PhaseSchedule[];
  summary(plan: P, calendar: WorkingCalendar, now: Date): KindSummary;
  /** `calendar`: the project's working days, for the kind's `calendarRules` (none checked when absent). */
  actOnStep(plan: P, action: StepAction, actor: Actor, now: Date, calendar?: WorkingCalendar): Accepted<P['facts'], P['kind']>;
  /** Rules that read the project's working calendar (the plan does not hold it): enforced by `actOnStep` when given one. */
  calendarRules?(calendar: WorkingCalendar): readonly PlanRule<P['facts']>[];
  /** The plan's booked slot (the upgrade's Day of Upgrade), proposed or confirmed, that its phase declared `onSlot` happens on; null for a kind or plan without one. */
  slotOf(plan: P): KindSlot | null;
  /** What an accepted change does to the customer's environments; refused as a whole when the registry cannot follow. */
  registryEffects(registry: EnvironmentRegistry, change: { before: P; after: P; actor: RegistryActor }, now: Date): RegistryEffects;
  /** Rules that read the customer's environments (the plan does not hold them): enforced by `registryEffects`, shown by `availableActions`. */
  environmentRules(registry: EnvironmentRegistry): readonly PlanRule<P['facts']>[];
  stepPanel(plan: P, step: number): StepPanel;
  /** What a panel shows of the plan's facts besides its steps (versions, slot, backups…); empty for a kind without them. */
  factsView(plan: P, audience: FactsAudience): Readonly<Record<string, unknown>>;
  /** Who takes a decision declared `byDecisionMakers` while the settings name no one for the organization: the plan's reporter unless the kind says. */
  defaultDecisionMakers(plan: P): readonly string[];
  commands: KindCommands<P>;
  /**
   * A ticket of the plan moved in Jira, as one write (its resolution, then the step its status completes); absent for a
   * kind that reads no ticket status. Refused as `unchanged` when the move changes nothing.
   */
  ticketStatus?(plan: P, status: TicketStatus, actor: Actor, now: Date): Accepted<P['facts'], P['kind']>;
  intake: TicketIntake<P>;
  /** What a new project's settings say of this kind until an admin changes them: its request types, and the status effects of its tickets. */
  projectDefaults: ProjectDefaults;
}

/** A kind's share of a new project's settings. */
export interface ProjectDefaults {
  /** Request type name → the kind of ticket it is in a plan of this kind. */
  requestTypes: Readonly<Record<string, string>>;
  /** Every step a plan of this kind may have, whatever its facts: what a status effect may complete. */
  steps: readonly number[];
  /** A ticket of this kind reaching this status completes that step. */
  statusEffects: readonly { ticketKind: string; status: string; completesStage: number }[];
  /** What some project settings mean for a plan of this kind, one sentence each, as the settings page explains them. */
  notes?: SettingsNotes;
}

/** A kind's sentence on what a project setting does to its plans. */
export interface SettingsNotes {
  /** Which steps wait for tickets in a resolved status. */
  resolvedStatuses?: string;
  /** Which steps close a ticket, and so use the closing resolution. */
  closingResolution?: string;
  /** What the release list changes in a plan. */
  releases?: string;
  /** Where a plan names the vendor. */
  vendorName?: string;
}

/** What a kind declares; the rest has the engine's defaults (every step owed by every ticket, no registry effect, …). */
export type KindData<P extends SomePlan> = Pick<PlanKindDefinition<P>, 'kind' | 'ticketLabels' | 'playbookOf' | 'titleOf' | 'versionOf' | 'ticketsOf' | 'workTicketOf'> &
  Partial<Pick<PlanKindDefinition<P>, 'stagesOwedBy' | 'dueDates' | 'slotOf' | 'summary' | 'registryEffects' | 'environmentRules' | 'factsView' | 'defaultDecisionMakers' | 'commands' | 'ticketStatus' | 'intake' | 'projectDefaults' | 'calendarRules'>> & {
    /** Forms beyond those the playbook declares (a decision step's options, a step's produced documents). */
    forms?: Readonly<Record<number, StepForm>>;
    guidance?(plan: P, step: number): string | null;
    required?(plan: P, step: number): boolean;
    /** The releases whose notes a step links, when it links any. */
    releaseNotes?(plan: P, step: number): readonly string[] | null;
    parts?(plan: P, step: number): readonly StepPart[] | null;
  };

/** The form a step's definition implies: its decision, or the documents it produces. */
function declaredForm<F>(playbook: PlaybookDefinition<F>, number: number): StepForm | null {
  const step = stepDefinition(playbook, number);
  if (step.decision) return { type: 'decision', options: step.decision.options };
  if (step.producesDocuments?.length) return { type: 'document', documents: step.producesDocuments };
  return null;
}

/** A step panel's release notes, only for a step that links some. */
const withReleaseNotes = (versions: readonly string[] | null | undefined): Pick<StepPanel, 'releaseNotes'> => (versions && versions.length > 0 ? { releaseNotes: versions } : {});

/** A kind of plan, from what it declares and the engine's defaults. */
export function defineKind<P extends SomePlan>(data: KindData<P>): PlanKindDefinition<P> {
  const { forms, guidance, required, releaseNotes, parts, ...declared } = data;
  const definition: PlanKindDefinition<P> = {
    stagesOwedBy: (plan) => data.playbookOf(plan).steps.map((s) => s.number),
    slotOf: () => null,
    dueDates: (plan, calendar) => dueDates(data.playbookOf(plan), plan, calendar, definition.slotOf(plan)?.start ?? null),
    summary: (plan, calendar, now) => ({
      ...summarizePlan(data.playbookOf(plan), plan, overdueSteps(plan, definition.dueDates(plan, calendar), now)),
      title: data.titleOf(plan),
      targetVersion: data.versionOf(plan),
      decision: 'pending',
      slot: null,
    }),
    registryEffects: (registry) => ({ registry, entries: [] }),
    environmentRules: () => [],
    factsView: () => ({}),
    defaultDecisionMakers: (plan) => [plan.reporterAccountId],
    commands: {},
    projectDefaults: { requestTypes: {}, steps: [], statusEffects: [] },
    // A kind that declares no intake is started by no ticket: one plan per ticket, refused.
    intake: {
      target: (request) => ({ planId: planIdFor(request.organizationId, `${data.kind}-${request.key}`) }),
      start: () => refuse('planKind', `no request starts a plan of kind ${data.kind} yet`, { field: 'issue' }),
      join: (plan) => refuse('ticketOnce', `this ticket's plan already lives on ${data.workTicketOf(plan) ?? 'another ticket'}.`, { field: 'issue' }),
    },
    ...declared,
    ticketKinds: Object.keys(data.ticketLabels),
    schedule: (plan, calendar) => phaseSchedule(data.playbookOf(plan), plan, calendar, definition.slotOf(plan)?.start ?? null),
    actOnStep: (plan, action, actor, now, calendar) => applyStepAction(data.playbookOf(plan), plan, action, actor, now, calendar && data.calendarRules ? data.calendarRules(calendar) : []),
    stepPanel: (plan, step) => {
      const stepParts = parts?.(plan, step);
      return {
        guidance: guidance?.(plan, step) ?? null,
        required: required?.(plan, step) ?? true,
        form: forms?.[step] ?? declaredForm(data.playbookOf(plan), step),
        ...withReleaseNotes(releaseNotes?.(plan, step)),
        ...(stepParts && stepParts.length > 0 ? { parts: stepParts } : {}),
      };
    },
  };
  return definition;
}
