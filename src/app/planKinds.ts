/**
 * Transitional: the kinds of plan now live in the domain (`src/domain/kinds.ts`, one folder per kind). This adapter
 * keeps the application layer's old names until it is switched over; then it goes.
 */
import { kindOf, PLAN_KINDS as KINDS, requireKind, type AnyPlan } from '../domain/kinds';
import type { KindSummary, PlanKindDefinition } from '../domain/kind';
import { UPGRADE_KIND } from '../domain/upgrade/playbook';
import type { LinkedTicket } from '../domain/upgrade/facts';
import type { UpgradePlan } from '../domain/upgrade/plan';

export type { AnyPlan, KindSummary };

/** What the application layer needs to know of one kind of plan; the engine runs them all alike. */
export type PlanKind = Omit<PlanKindDefinition<AnyPlan>, 'ticketsOf'> & { ticketsOf(plan: AnyPlan): readonly LinkedTicket[] };

// The views still type every plan's tickets as the upgrade's; the domain's PlanTicket names each kind's own.
const adapt = (kind: PlanKindDefinition<AnyPlan>): PlanKind => ({ ...kind, ticketsOf: (plan) => kind.ticketsOf(plan) as readonly LinkedTicket[] });
const ADAPTED = new Map(KINDS.list.map((kind) => [kind.kind, adapt(kind)]));

export const PLAN_KINDS: readonly PlanKind[] = [...ADAPTED.values()];

export function planKindOf(plan: AnyPlan): PlanKind {
  return ADAPTED.get(kindOf(plan).kind)!;
}

export function isUpgradePlan(plan: AnyPlan): plan is UpgradePlan {
  return plan.kind === UPGRADE_KIND;
}

/** The upgrade plan itself, for what only an upgrade has (tickets joining it, backups, request details). */
export function requireUpgradePlan(plan: AnyPlan, what: string): UpgradePlan {
  return requireKind(plan, UPGRADE_KIND, what);
}
