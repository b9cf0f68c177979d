import { applyStepAction, type Accepted } from '../engine';
import { refuse } from '../errors';
import type { Actor, StepAction } from '../playbook';
import { createPlan } from '../playbooks/create';
import { recordDocument } from '../playbooks/documents';
import type { RoleMapping } from '../roles';
import { summarizePlan, type PlanSummary } from '../summary';
import { isVersion } from '../version';
import { GO_LIVE_KIND, GO_LIVE_PLAYBOOK, IQ_DOCUMENTATION, type GoLiveFacts, type GoLivePlan } from './playbook';

export interface NewGoLivePlan {
  planId: string;
  organizationId: string;
  reporterAccountId: string;
  ticketKey: string;
  version: string;
}

/** Opens the PROD go-live of one customer, at the ClinSpark version PROD goes live at. */
export function createGoLivePlan(input: NewGoLivePlan, roles: RoleMapping, createdBy: { accountId: string; role: string } | undefined, now: Date): Accepted<GoLiveFacts, typeof GO_LIVE_KIND> {
  const ticketKey = typeof input?.ticketKey === 'string' ? input.ticketKey.trim() : '';
  if (!ticketKey || ticketKey.length > 255) refuse('requestComplete', 'ticketKey is missing', { field: 'ticketKey' });
  if (!isVersion(input.version)) refuse('versionFormat', `version "${String(input.version)}" is not a ClinSpark version such as 24.3 or 25.1.2`, { field: 'version' });
  const facts: GoLiveFacts = { ticketKey, version: input.version };
  return createPlan(GO_LIVE_PLAYBOOK, { id: input.planId, organizationId: input.organizationId, reporterAccountId: input.reporterAccountId, facts, roles, ...(createdBy ? { createdBy } : {}) }, now);
}

export function actOnGoLiveStep(plan: GoLivePlan, action: StepAction, actor: Actor, now: Date): Accepted<GoLiveFacts, typeof GO_LIVE_KIND> {
  return applyStepAction(GO_LIVE_PLAYBOOK, plan, action, actor, now);
}

/** Step 5: the engineer records the formal IQ documentation (its document reference); who and when are the actor and now. */
export function recordGoLiveIqDocumentation(plan: GoLivePlan, reference: string, actor: Actor, now: Date, reason?: string): Accepted<GoLiveFacts, typeof GO_LIVE_KIND> {
  return recordDocument(GO_LIVE_PLAYBOOK, plan, { phase: 'go-live', document: IQ_DOCUMENTATION, reference, ...(reason ? { reason } : {}) }, actor, now);
}

export function summarizeGoLivePlan(plan: GoLivePlan, overdue: readonly number[] = []): PlanSummary & { version: string } {
  return { ...summarizePlan(GO_LIVE_PLAYBOOK, plan, overdue), version: plan.facts.version };
}
