import { acceptChange, type Accepted } from '../engine';
import { refuse } from '../errors';
import type { Notice, Plan, PlaybookDefinition, StepDefinition, StepState } from '../playbook';
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
    owner: ownerByMapping(s, input.roles, organizationId, reporter),
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

/** The first person holding one of a step's roles for the organization, as the role mapping says now. */
export function ownerByMapping(step: StepDefinition, roles: RoleMapping, organizationId: string, reporterAccountId: string): string | null {
  return step.roles.map((role) => peopleInRole(roles, organizationId, role, reporterAccountId)[0]).find((p) => p !== undefined) ?? null;
}

/**
 * The plan with the owners of its steps as the role mapping says now: a step not yet started and not handed to someone
 * follows the mapping (an admin's change reaches the open plans); a started or reassigned step keeps its owner.
 * The same plan object when nothing changes.
 */
export function withCurrentOwners<F, K extends string>(playbook: PlaybookDefinition<F, K>, plan: Plan<F, K>, roles: RoleMapping): Plan<F, K> {
  let changed = false;
  const steps = plan.steps.map((state) => {
    if (state.startedAt !== null || state.completedAt !== null || state.reassigned) return state;
    const definition = playbook.steps.find((s) => s.number === state.number);
    const owner = definition ? ownerByMapping(definition, roles, plan.organizationId, plan.reporterAccountId) : state.owner;
    if (owner === state.owner) return state;
    changed = true;
    return { ...state, owner };
  });
  return changed ? { ...plan, steps } : plan;
}
