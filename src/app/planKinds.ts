import type { WorkingCalendar } from '../domain/calendar';
import { refuse } from '../domain/errors';
import type { Accepted } from '../domain/engine';
import { applyGoLiveChangeToRegistry, applyUpgradeChangeToRegistry, type RegistryEffects } from '../domain/environments/planEffects';
import type { EnvironmentRegistry, RegistryActor } from '../domain/environments/registry';
import { actOnGoLiveStep, summarizeGoLivePlan } from '../domain/golive/plan';
import { GO_LIVE_KIND, GO_LIVE_PLAYBOOK, type GoLivePlan } from '../domain/golive/playbook';
import { actOnLifecycleStep, summarizeLifecyclePlan } from '../domain/lifecycle/plan';
import { LIFECYCLE_KIND, lifecyclePlaybookOf, type LifecyclePlan } from '../domain/lifecycle/playbook';
import { SCENARIO_NAMES } from '../domain/lifecycle/phases';
import type { Actor, PlaybookDefinition, StepAction } from '../domain/playbook';
import { dueDates, overdueSteps } from '../domain/schedule';
import type { PlanSummary } from '../domain/summary';
import type { LinkedTicket } from '../domain/upgrade/facts';
import { actOnStage, summarizeUpgradePlan, upgradeDueDates, type UpgradePlan } from '../domain/upgrade/plan';
import { ticketFor, UPGRADE_PLAYBOOK } from '../domain/upgrade/playbook';
import { STAGES_OWED_BY_TICKET } from '../domain/upgrade/tickets';

/** Every kind of plan a ticket can start: the ClinSpark upgrade, the PROD go-live and the implementation lifecycle. */
export type AnyPlan = UpgradePlan | GoLivePlan | LifecyclePlan;

/** What panels and JQL need of any plan at a glance. */
export interface KindSummary extends PlanSummary {
  title: string;
  /** The ClinSpark version the plan takes the customer to; empty when the plan is not about a version. */
  targetVersion: string;
  /** The latest decision of the plan's decision step (Go/No-Go, UAT Pass/Fail), or "pending". */
  decision: string;
  slot: string | null;
}

/** What the application layer needs to know of one kind of plan; the engine runs them all alike. */
export interface PlanKind {
  kind: string;
  playbookOf(plan: AnyPlan): PlaybookDefinition<unknown>;
  titleOf(plan: AnyPlan): string;
  /** The ClinSpark version the plan takes the customer to; empty when the plan is not about a version. */
  versionOf(plan: AnyPlan): string;
  ticketsOf(plan: AnyPlan): readonly LinkedTicket[];
  /** The ticket IQVIA works the plan on: the one that gets the assignee. */
  workTicketOf(plan: AnyPlan): string | undefined;
  dueDates(plan: AnyPlan, calendar: WorkingCalendar): ReadonlyMap<number, string | null>;
  summary(plan: AnyPlan, calendar: WorkingCalendar, now: Date): KindSummary;
  actOnStep(plan: AnyPlan, action: StepAction, actor: Actor, now: Date): Accepted<unknown>;
  registryEffects(registry: EnvironmentRegistry, change: { before: AnyPlan; after: AnyPlan; actor: RegistryActor }, now: Date): RegistryEffects;
  /** The stages a ticket answers for: it is not resolved while one of them is open. */
  stagesOwedBy(plan: AnyPlan, ticketKey: string): readonly number[];
}

const asUpgrade = (plan: AnyPlan): UpgradePlan => plan as UpgradePlan;
const asGoLive = (plan: AnyPlan): GoLivePlan => plan as GoLivePlan;
const asLifecycle = (plan: AnyPlan): LifecyclePlan => plan as LifecyclePlan;

const UPGRADE: PlanKind = {
  kind: UPGRADE_PLAYBOOK.kind,
  playbookOf: () => UPGRADE_PLAYBOOK as PlaybookDefinition<unknown>,
  titleOf: (plan) => `ClinSpark ${asUpgrade(plan).facts.currentVersion} → ${asUpgrade(plan).facts.targetVersion}`,
  versionOf: (plan) => asUpgrade(plan).facts.targetVersion,
  ticketsOf: (plan) => asUpgrade(plan).facts.tickets,
  workTicketOf: (plan) => ticketFor(asUpgrade(plan).facts, ['prodRequest', 'valRequest', 'intent']),
  dueDates: (plan, calendar) => upgradeDueDates(asUpgrade(plan), calendar),
  summary: (plan, calendar, now) => ({ ...summarizeUpgradePlan(asUpgrade(plan), calendar, now), title: UPGRADE.titleOf(plan) }),
  actOnStep: (plan, action, actor, now) => actOnStage(asUpgrade(plan), action, actor, now) as Accepted<unknown>,
  registryEffects: (registry, { before, after, actor }, now) => applyUpgradeChangeToRegistry(registry, { before: asUpgrade(before), after: asUpgrade(after), actor }, now),
  stagesOwedBy: (plan, ticketKey) => {
    const ticket = asUpgrade(plan).facts.tickets.find((t) => t.key === ticketKey);
    return ticket ? STAGES_OWED_BY_TICKET[ticket.kind] : [];
  },
};

/** A plan that lives on one ticket, which answers for all of its steps. */
const singleTicket = (kind: string) => (plan: AnyPlan): readonly LinkedTicket[] => [{ key: (plan as GoLivePlan | LifecyclePlan).facts.ticketKey, kind: kind as LinkedTicket['kind'], resolved: false }];

const GO_LIVE: PlanKind = {
  kind: GO_LIVE_KIND,
  playbookOf: () => GO_LIVE_PLAYBOOK as PlaybookDefinition<unknown>,
  titleOf: (plan) => `PROD go-live at ClinSpark ${asGoLive(plan).facts.version}`,
  versionOf: (plan) => asGoLive(plan).facts.version,
  ticketsOf: singleTicket('goLive'),
  workTicketOf: (plan) => asGoLive(plan).facts.ticketKey,
  dueDates: (plan, calendar) => dueDates(GO_LIVE_PLAYBOOK, asGoLive(plan), calendar, null),
  summary: (plan, calendar, now) => {
    const goLive = asGoLive(plan);
    const overdue = overdueSteps(goLive, dueDates(GO_LIVE_PLAYBOOK, goLive, calendar, null), now);
    return { ...summarizeGoLivePlan(goLive, overdue), title: GO_LIVE.titleOf(plan), targetVersion: goLive.facts.version, decision: 'pending', slot: null };
  },
  actOnStep: (plan, action, actor, now) => actOnGoLiveStep(asGoLive(plan), action, actor, now) as Accepted<unknown>,
  registryEffects: (registry, { before, after, actor }, now) => applyGoLiveChangeToRegistry(registry, { before: asGoLive(before), after: asGoLive(after), actor }, now),
  stagesOwedBy: () => GO_LIVE_PLAYBOOK.steps.map((s) => s.number),
};

const LIFECYCLE: PlanKind = {
  kind: LIFECYCLE_KIND,
  playbookOf: (plan) => lifecyclePlaybookOf(asLifecycle(plan)) as PlaybookDefinition<unknown>,
  titleOf: (plan) => `Implementation lifecycle, ${SCENARIO_NAMES[asLifecycle(plan).facts.scenario]}`,
  versionOf: () => '',
  ticketsOf: singleTicket('implementation'),
  workTicketOf: (plan) => asLifecycle(plan).facts.ticketKey,
  dueDates: (plan, calendar) => dueDates(lifecyclePlaybookOf(asLifecycle(plan)), asLifecycle(plan), calendar, null),
  summary: (plan, calendar, now) => {
    const lifecycle = asLifecycle(plan);
    const overdue = overdueSteps(lifecycle, dueDates(lifecyclePlaybookOf(lifecycle), lifecycle, calendar, null), now);
    const summary = summarizeLifecyclePlan(lifecycle, overdue);
    const uat = lifecycle.attempts.at(-1)?.outcome;
    return { ...summary, title: LIFECYCLE.titleOf(plan), targetVersion: '', decision: uat ?? 'pending', slot: null };
  },
  actOnStep: (plan, action, actor, now) => actOnLifecycleStep(asLifecycle(plan), action, actor, now) as Accepted<unknown>,
  // The implementation lifecycle deploys the customer's system; it does not move ClinSpark environments.
  registryEffects: (registry) => ({ registry, entries: [] }),
  stagesOwedBy: (plan) => lifecyclePlaybookOf(asLifecycle(plan)).steps.map((s) => s.number),
};

export const PLAN_KINDS: readonly PlanKind[] = [UPGRADE, GO_LIVE, LIFECYCLE];

export function planKindOf(plan: AnyPlan): PlanKind {
  const kind = PLAN_KINDS.find((k) => k.kind === plan.kind);
  if (!kind) throw new Error(`plan ${plan.id} is of an unknown kind "${plan.kind}"`);
  return kind;
}

export function isUpgradePlan(plan: AnyPlan): plan is UpgradePlan {
  return plan.kind === UPGRADE_PLAYBOOK.kind;
}

/** The upgrade plan itself, for what only an upgrade has (tickets joining it, backups, request details). */
export function requireUpgradePlan(plan: AnyPlan, what: string): UpgradePlan {
  if (!isUpgradePlan(plan)) refuse('planKind', `${planKindOf(plan).titleOf(plan)} has no ${what}: only an upgrade plan has`, { field: 'issue' });
  return plan;
}
