import type { AuditEntry } from '../audit';
import { refuse } from '../errors';
import type { Plan, PlaybookDefinition, StepState } from '../playbook';
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

function requireIdentifier(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) refuse('requestComplete', `${field} is missing`, { field });
  if (value.length > IDENTIFIER_MAX_LENGTH) refuse('requestComplete', `${field} is longer than ${IDENTIFIER_MAX_LENGTH} characters`, { field });
  return value.trim();
}

/** A new plan of any playbook: every step `todo`, owned by the first person holding one of its roles. */
export function createPlan<F>(playbook: PlaybookDefinition<F>, input: NewPlan<F>, now: Date): { plan: Plan<F>; entry: AuditEntry } {
  const id = requireIdentifier(input.id, 'id');
  const organizationId = requireIdentifier(input.organizationId, 'organizationId');
  const reporter = requireIdentifier(input.reporterAccountId, 'reporterAccountId');
  const at = now.toISOString();
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
  const plan: Plan<F> = { id, kind: playbook.kind, organizationId, reporterAccountId: reporter, createdAt: at, revision: 1, attempt: 1, steps, attempts: [], facts: input.facts, documents: [] };
  const entry: AuditEntry = {
    planId: id,
    seq: 1,
    at,
    actor: input.createdBy ?? { accountId: reporter, role: 'Customer' },
    action: 'create plan',
    step: null,
    attempt: 1,
    before: null,
    after: { kind: playbook.kind, ...(input.facts as object) },
    reason: null,
  };
  return { plan, entry };
}
