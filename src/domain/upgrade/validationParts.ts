/**
 * Stage 11's parts (its note: "The responsible party is dependent on the issues arising"): one per linked validation
 * ticket (rule 5). IQVIA Support handles a ticket unless the PM hands it to an IQVIA Engineer or a Solution Specialist;
 * its handler records it addressed. Stage 11 completes once every part is addressed and every ticket resolved.
 */
import { ADMIN_OVERRIDE_ROLE } from '../audit';
import { acceptChange, actingRole, andThen, applyStepAction, isFinished, REASON_MAX_LENGTH, stepDefinition, stepState, type Accepted } from '../engine';
import { PlanRefusal, refuse } from '../errors';
import type { StepPart } from '../kind';
import type { Actor, Plan } from '../playbook';
import type { Role } from '../roles';
import type { LinkedTicket, UpgradeFacts } from './facts';
import { UPGRADE_KIND, UPGRADE_PLAYBOOK } from './playbook';
import { unaddressedTickets, unresolvedTickets } from './rules';

type UpgradePlan = Plan<UpgradeFacts, typeof UPGRADE_KIND>;
type UpgradeAccepted = Accepted<UpgradeFacts, typeof UPGRADE_KIND>;

/** The stage whose parts are the validation tickets. */
export const VALIDATION_STAGE = 11;
const NOTE_MAX_LENGTH = REASON_MAX_LENGTH;

const stage11 = () => stepDefinition(UPGRADE_PLAYBOOK, VALIDATION_STAGE);

function requirePart(plan: UpgradePlan, step: number, part: string): LinkedTicket {
  if (step !== VALIDATION_STAGE) refuse('knownPart', `stage ${step} has no parts: only stage ${VALIDATION_STAGE}'s validation tickets are handled one by one`, { field: 'stage', stage: step });
  const ticket = plan.facts.tickets.find((t) => t.key === part && t.kind === 'validationIssue');
  if (!ticket) refuse('knownPart', `${String(part)} is not a validation ticket of this plan`, { field: 'part', stage: VALIDATION_STAGE });
  if (isFinished(stepState(plan, VALIDATION_STAGE))) refuse('stageStatus', `stage ${VALIDATION_STAGE} is ${stepState(plan, VALIDATION_STAGE).status}: reopen it to change its parts`, { field: 'step', stage: VALIDATION_STAGE });
  return ticket;
}

function requireText(value: string | undefined, field: string, what: string, required: boolean): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text && required) refuse('reasonRequired', `stage ${VALIDATION_STAGE}: a reason is required to ${what}`, { field, stage: VALIDATION_STAGE });
  if (text.length > NOTE_MAX_LENGTH) refuse('reasonRequired', `stage ${VALIDATION_STAGE}: the ${field} is longer than ${NOTE_MAX_LENGTH} characters`, { field, stage: VALIDATION_STAGE });
  return text || null;
}

const withTicket = (plan: UpgradePlan, ticket: LinkedTicket): UpgradeFacts => ({ ...plan.facts, tickets: plan.facts.tickets.map((t) => (t.key === ticket.key ? ticket : t)) });

/** Who may hand a validation ticket: the roles that reassign stages (the PM), or an app admin with a reason. */
function handingRole(actor: Actor, reason: string | null): string {
  const held = (UPGRADE_PLAYBOOK.reassignedBy ?? []).find((r) => actor.roles.includes(r));
  if (held && !actor.app) return held;
  if (actor.admin && !actor.app && reason) return ADMIN_OVERRIDE_ROLE;
  return refuse('stageOwnership', `stage ${VALIDATION_STAGE}: only ${(UPGRADE_PLAYBOOK.reassignedBy ?? []).join(' / ')} may hand a validation ticket to someone`, { field: actor.admin ? 'reason' : 'actor', stage: VALIDATION_STAGE });
}

/** The PM hands a validation ticket to an IQVIA Support, Engineer or Solution Specialist of the organization, saying why. */
export function handValidationTicket(plan: UpgradePlan, input: { step: number; part: string; owner: string; ownerRoles: readonly Role[]; reason: string }, actor: Actor, now: Date): UpgradeAccepted {
  const reason = requireText(input.reason, 'reason', 'hand a validation ticket to someone', true)!;
  const role = handingRole(actor, reason);
  const ticket = requirePart(plan, input.step, input.part);
  if (ticket.addressed) refuse('partAddressed', `${ticket.key} is already addressed by ${ticket.addressed.by}`, { field: 'part', stage: VALIDATION_STAGE });
  const owner = typeof input.owner === 'string' ? input.owner.trim() : '';
  const eligible = [...stage11().roles, ...(stage11().delegableTo ?? [])];
  const ownerRole = eligible.find((r) => (input.ownerRoles ?? []).includes(r));
  if (!owner || !ownerRole) refuse('ownerRole', `a validation ticket is handed to someone holding ${eligible.join(' / ')} for this organization: ${owner || 'no one'} holds none of them`, { field: 'owner', stage: VALIDATION_STAGE });
  if (ticket.handler?.accountId === owner) refuse('unchanged', `${ticket.key} is already handled by ${owner}`, { field: 'owner', stage: VALIDATION_STAGE });
  const handled: LinkedTicket = { ...ticket, handler: { accountId: owner, role: ownerRole, by: actor.accountId, at: now.toISOString(), reason } };
  return acceptChange(
    plan,
    {
      role,
      action: 'hand validation ticket',
      step: VALIDATION_STAGE,
      before: { ticket: ticket.key, handler: ticket.handler?.accountId ?? null },
      after: { ticket: ticket.key, handler: owner, role: ownerRole },
      reason,
      facts: withTicket(plan, handled),
      notices: [{ type: 'comment', ticketKey: ticket.key, visibility: 'internal', sender: 'IQVIA PM', text: `${ticket.key} is handed to ${owner} (${ownerRole}) for stage ${VALIDATION_STAGE}: ${reason}` }],
    },
    actor.accountId,
    now,
  );
}

/** Who may record a validation ticket addressed: its handler, else stage 11's own people (Support, or its reassigned owner). */
function addressingRole(plan: UpgradePlan, ticket: LinkedTicket, actor: Actor, note: string | null): string {
  if (actor.app) refuse('stageOwnership', `stage ${VALIDATION_STAGE}: a person records a validation ticket addressed`, { field: 'actor', stage: VALIDATION_STAGE });
  if (ticket.handler) {
    if (ticket.handler.accountId === actor.accountId) return ticket.handler.role;
    if (actor.admin && note) return ADMIN_OVERRIDE_ROLE;
    return refuse('stageOwnership', `${ticket.key} is handled by ${ticket.handler.accountId}: only they record it addressed`, { field: actor.admin ? 'note' : 'actor', stage: VALIDATION_STAGE });
  }
  const role = actingRole(stage11(), actor, note ?? undefined, stepState(plan, VALIDATION_STAGE));
  return role ?? refuse('stageOwnership', `stage ${VALIDATION_STAGE}: ${ticket.key} is handled by ${stage11().roles.join(' / ')} until the PM hands it to someone`, { field: actor.admin ? 'note' : 'actor', stage: VALIDATION_STAGE });
}

/**
 * The handler of a validation ticket records it addressed (an admin outside it, with a note as reason). When it was the
 * last part and every validation ticket is resolved, stage 11 completes with it, as the app.
 */
export function addressValidationTicket(plan: UpgradePlan, input: { step: number; part: string; note?: string }, actor: Actor, now: Date): UpgradeAccepted {
  const note = requireText(input.note, 'note', 'record it addressed', false);
  const ticket = requirePart(plan, input.step, input.part);
  const role = addressingRole(plan, ticket, actor, note);
  if (ticket.addressed) refuse('unchanged', `${ticket.key} is already addressed`, { field: 'part', stage: VALIDATION_STAGE });
  const addressed: LinkedTicket = { ...ticket, addressed: { by: actor.accountId, at: now.toISOString(), note } };
  const recorded = acceptChange(
    plan,
    { role, action: 'address validation ticket', step: VALIDATION_STAGE, before: { ticket: ticket.key, addressed: false }, after: { ticket: ticket.key, addressed: true, ...(note ? { note } : {}) }, reason: role === ADMIN_OVERRIDE_ROLE ? note : null, facts: withTicket(plan, addressed) },
    actor.accountId,
    now,
  );
  const facts = recorded.plan.facts;
  if (unaddressedTickets(facts).length > 0 || unresolvedTickets(facts, 'validationIssue').length > 0) return recorded;
  try {
    const complete = (current: UpgradePlan) => applyStepAction(UPGRADE_PLAYBOOK, current, { type: 'complete', step: VALIDATION_STAGE, reason: 'every validation ticket is addressed and resolved' }, { accountId: actor.accountId, roles: [], app: true }, now);
    complete(recorded.plan);
    return andThen(recorded, complete);
  } catch (error) {
    // Stage 11 waits for what else it needs (stage 7): its owner completes it then.
    if (error instanceof PlanRefusal) return recorded;
    throw error;
  }
}

/** Stage 11's parts as a panel lists them: each validation ticket, its handler, whether it is addressed and resolved. */
export function validationParts(plan: UpgradePlan, step: number): StepPart[] | null {
  if (step !== VALIDATION_STAGE) return null;
  return plan.facts.tickets
    .filter((t) => t.kind === 'validationIssue')
    .map((t) => ({
      key: t.key,
      handler: t.handler?.accountId ?? null,
      handlerRole: t.handler?.role ?? null,
      handedBy: t.handler?.by ?? null,
      reason: t.handler?.reason ?? null,
      defaultRoles: stage11().roles,
      addressed: t.addressed ?? null,
      resolved: t.resolved,
    }));
}
