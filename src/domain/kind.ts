import type { WorkingCalendar } from './calendar';
import { applyStepAction, stepDefinition, type Accepted } from './engine';
import type { RegistryEffects } from './environments/planEffects';
import type { EnvironmentRegistry, RegistryActor } from './environments/registry';
import type { Actor, DecisionOption, Plan, PlaybookDefinition, StepAction } from './playbook';
import { dueDates, overdueSteps } from './schedule';
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
  /** The request's details (the upgrade's stage 5 and 13), for the ticket of that kind. */
  | { type: 'details'; ticketKind: string }
  /** A backup per instance (the upgrade's stage 20). */
  | { type: 'backup'; instances: readonly string[] }
  /** A decision taken with one of its options (stage 24's Go / No-Go, the UAT's Pass / Fail). */
  | { type: 'decision'; options: readonly DecisionOption[] }
  /** Documents the step produces (the go-live's IQ documentation, the DAC). */
  | { type: 'document'; documents: readonly string[] }
  /** The confirmed slot, given when the step is completed (the upgrade's stage 16). */
  | { type: 'slot' };

/** What a panel shows of one step besides the seed's text: a line from the plan's facts, whether it may be left out, its form. */
export interface StepPanel {
  guidance: string | null;
  /** False only for a step the plan's facts make optional (stage 18 of a single-release upgrade). */
  required: boolean;
  form: StepForm | null;
}

/** Everything the application layer and the panels need of one kind of plan; the engine runs every kind alike. */
export interface PlanKindDefinition<P extends SomePlan> {
  kind: P['kind'];
  /** The kinds of ticket a plan of this kind lives on. */
  ticketKinds: readonly string[];
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
  summary(plan: P, calendar: WorkingCalendar, now: Date): KindSummary;
  actOnStep(plan: P, action: StepAction, actor: Actor, now: Date): Accepted<P['facts'], P['kind']>;
  /** What an accepted change does to the customer's environments; refused as a whole when the registry cannot follow. */
  registryEffects(registry: EnvironmentRegistry, change: { before: P; after: P; actor: RegistryActor }, now: Date): RegistryEffects;
  stepPanel(plan: P, step: number): StepPanel;
}

/** What a kind declares; the rest has the engine's defaults (every step owed by every ticket, no registry effect, …). */
export type KindData<P extends SomePlan> = Pick<PlanKindDefinition<P>, 'kind' | 'ticketKinds' | 'playbookOf' | 'titleOf' | 'versionOf' | 'ticketsOf' | 'workTicketOf'> &
  Partial<Pick<PlanKindDefinition<P>, 'stagesOwedBy' | 'dueDates' | 'summary' | 'registryEffects'>> & {
    /** Forms beyond those the playbook declares (a decision step's options, a step's produced documents). */
    forms?: Readonly<Record<number, StepForm>>;
    guidance?(plan: P, step: number): string | null;
    required?(plan: P, step: number): boolean;
  };

/** The form a step's definition implies: its decision, or the documents it produces. */
function declaredForm<F>(playbook: PlaybookDefinition<F>, number: number): StepForm | null {
  const step = stepDefinition(playbook, number);
  if (step.decision) return { type: 'decision', options: step.decision.options };
  if (step.producesDocuments?.length) return { type: 'document', documents: step.producesDocuments };
  return null;
}

/** A kind of plan, from what it declares and the engine's defaults. */
export function defineKind<P extends SomePlan>(data: KindData<P>): PlanKindDefinition<P> {
  const { forms, guidance, required, ...declared } = data;
  const due = (plan: P, calendar: WorkingCalendar) => dueDates(data.playbookOf(plan), plan, calendar, null);
  const definition: PlanKindDefinition<P> = {
    stagesOwedBy: (plan) => data.playbookOf(plan).steps.map((s) => s.number),
    dueDates: due,
    summary: (plan, calendar, now) => ({
      ...summarizePlan(data.playbookOf(plan), plan, overdueSteps(plan, definition.dueDates(plan, calendar), now)),
      title: data.titleOf(plan),
      targetVersion: data.versionOf(plan),
      decision: 'pending',
      slot: null,
    }),
    registryEffects: (registry) => ({ registry, entries: [] }),
    ...declared,
    actOnStep: (plan, action, actor, now) => applyStepAction(data.playbookOf(plan), plan, action, actor, now),
    stepPanel: (plan, step) => ({
      guidance: guidance?.(plan, step) ?? null,
      required: required?.(plan, step) ?? true,
      form: forms?.[step] ?? declaredForm(data.playbookOf(plan), step),
    }),
  };
  return definition;
}
