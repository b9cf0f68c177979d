import { applyStepAction, stepState, type Accepted } from '../engine';
import { refuse } from '../errors';
import type { Actor, StepAction } from '../playbook';
import { createPlan } from '../playbooks/create';
import { currentDocuments, recordDocument, type DocumentRecord } from '../playbooks/documents';
import type { RoleMapping } from '../roles';
import { summarizePlan, type PlanSummary } from '../summary';
import { requireVendorName } from '../vendor';
import { SCENARIOS, UAT_STEP, type Scenario } from './phases';
import { isScenario, LIFECYCLE_KIND, lifecyclePlaybook, lifecyclePlaybookOf, type LifecycleFacts, type LifecyclePlan } from './playbook';
import { UAT_FAIL } from './steps';

export interface NewLifecyclePlan {
  planId: string;
  organizationId: string;
  reporterAccountId: string;
  ticketKey: string;
  scenario: Scenario;
  /** The vendor as the project's settings name it now: the plan keeps it. */
  vendorName: string;
}

/** Opens the implementation lifecycle of one customer on one ticket, under scenario A or B, in the vendor's name. */
export function createLifecyclePlan(
  input: NewLifecyclePlan,
  roles: RoleMapping,
  createdBy: { accountId: string; role: string } | undefined,
  now: Date,
): Accepted<LifecycleFacts, typeof LIFECYCLE_KIND> {
  if (!isScenario(input?.scenario)) refuse('knownScenario', `scenario is one of ${SCENARIOS.join(' or ')}`, { field: 'scenario' });
  const ticketKey = typeof input.ticketKey === 'string' ? input.ticketKey.trim() : '';
  if (!ticketKey || ticketKey.length > 255) refuse('requestComplete', 'ticketKey is missing', { field: 'ticketKey' });
  const vendorName = requireVendorName(input.vendorName);
  const facts: LifecycleFacts = { ticketKey, scenario: input.scenario, vendorName };
  return createPlan(lifecyclePlaybook(input.scenario, vendorName), { id: input.planId, organizationId: input.organizationId, reporterAccountId: input.reporterAccountId, facts, roles, ...(createdBy ? { createdBy } : {}) }, now);
}

/** Starts, completes, skips, blocks, reopens or decides (the UAT) a step of the lifecycle. */
export function actOnLifecycleStep(plan: LifecyclePlan, action: StepAction, actor: Actor, now: Date): Accepted<LifecycleFacts, typeof LIFECYCLE_KIND> {
  return applyStepAction(lifecyclePlaybookOf(plan), plan, action, actor, now);
}

/** Records a phase's document; access credentials only as sent over a secure channel, never their content. */
export function recordLifecycleDocument(plan: LifecyclePlan, record: DocumentRecord, actor: Actor, now: Date): Accepted<LifecycleFacts, typeof LIFECYCLE_KIND> {
  return recordDocument(lifecyclePlaybookOf(plan), plan, record, actor, now);
}

export interface UatRun {
  iteration: number;
  outcome: string | null;
  reason: string | null;
  at: string | null;
  by: string | null;
}

/** The UAT runs the plan record keeps, oldest first: the latest failed ones (every one is in the audit), then the current one. */
export function uatHistory(plan: LifecyclePlan): UatRun[] {
  const past = plan.attempts
    .filter((a) => a.outcome === UAT_FAIL)
    .map((a) => ({ iteration: a.attempt, outcome: a.outcome, reason: a.reason, at: a.endedAt, by: a.endedBy }));
  const current = stepState(plan, UAT_STEP);
  return [...past, { iteration: plan.attempt, outcome: current.outcome, reason: current.reason, at: current.completedAt, by: current.completedBy }];
}

export interface LifecycleSummary extends PlanSummary {
  scenario: Scenario;
  /** The UAT run under way or last taken (1 for the first). */
  uatIteration: number;
  uatFailures: number;
  dacSigned: boolean;
}

export function summarizeLifecyclePlan(plan: LifecyclePlan, overdue: readonly number[] = []): LifecycleSummary {
  const playbook = lifecyclePlaybookOf(plan);
  return {
    ...summarizePlan(playbook, plan, overdue),
    scenario: plan.facts.scenario,
    uatIteration: plan.attempt,
    // A failed UAT is the only decision that starts a new attempt; the record keeps only the latest attempts.
    uatFailures: plan.attempt - 1,
    dacSigned: currentDocuments(playbook, plan).some((d) => d.document === 'dac'),
  };
}
