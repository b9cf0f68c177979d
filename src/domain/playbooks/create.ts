import { acceptChange, type Accepted } from '../engine';
import { refuse } from '../errors';
import type { Notice, Plan, PlaybookDefinition, StepState } from '../playbook';
import { peopleInRole, type RoleMapping } from '../roles';

export const IDENTIFIER_MAX_LENGTH = 255;

export interface NewPlan<F> {
  id: string;
  organizationId: string;
  /** The person who asked for the plan: the Customer role's default owner. */
  reporterAccountId: string;
  facts: F;
  roles: RoleMapping;
  /** Who creates it, when not the reporter as Customer (an IQVIA PM opening an onboarding). */
  createdBy?: { accountId: string; role: string };
}

/** What a kind settles when its plan is created: steps the request itself does, what the audit records, what people are told. */
export interface PlanOpening<F, K extends string> {
  steps?: (plan: Plan<F, K>) => readonly StepState[];
  /** What the creation's audit entry records as "after"; by default the kind and the facts. */
  record?: (created: Plan<F, K>, opened: Plan<F, K>) => Record<string, unknown>;
  notices?: (opened: Plan<F, K>) => readonly Notice[];
}

function requireIdentifier(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) refuse('requestComplete', `${field} is missing`, { field });
  if (value.length > IDENTIFIER_MAX_LENGTH) refuse('requestComplete', `${field} is longer than ${IDENTIFIER_MAX_LENGTH} characters`, { field });
  return value.trim();
}

/** A new plan of any playbook: every step `todo`, owned by the first person holding one of its roles; revision 1, with its creation entry. */
export function createPlan<F, K extends string>(playbook: PlaybookDefinition<F, K>, input: NewPlan<F>, now: Date, opening: PlanOpening<F, K> = {}): Accepted<F, K> {
  const id = requireIdentifier(input.id, 'id');
  const organizationId = requireIdentifier(input.organizationId, 'organizationId');
  const reporter = requireIdentifier(input.reporterAccountId, 'reporterAccountId');
  const steps: StepState[] = playbook.steps.map((s) => ({
    number: s.number,
    status: 'todo',
    owner: s.roles.map((role) => peopleInRole(input.roles, organizationId, role, reporter)[0]).find((p) => p !== undefined) ?? null,
    startedBy: null,
    startedAt: null,
    completedBy: null,
    completedAt: null,
    reason: null,
    outcome: null,
  }));
  // Revision 0 is the plan before anything was accepted: creating it is its first change.
  const created: Plan<F, K> = { id, kind: playbook.kind, organizationId, reporterAccountId: reporter, createdAt: now.toISOString(), revision: 0, attempt: 1, steps, attempts: [], facts: input.facts, documents: [] };
  const opened: Plan<F, K> = opening.steps ? { ...created, steps: opening.steps(created) } : created;
  const actor = input.createdBy ?? { accountId: reporter, role: 'Customer' };
  const after = opening.record?.(created, opened) ?? { kind: playbook.kind, ...(input.facts as object) };
  return acceptChange(created, { role: actor.role, action: 'create plan', before: null, after, steps: opened.steps, notices: opening.notices?.(opened) ?? [] }, actor.accountId, now);
}
