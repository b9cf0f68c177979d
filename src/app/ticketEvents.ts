import { PlanRefusal, refuse } from '../domain/errors';
import type { PlanKindDefinition, RequestForm, TicketRequest } from '../domain/kind';
import { kindOf, PLAN_KINDS, type AnyPlan } from '../domain/kinds';
import type { Actor } from '../domain/playbook';
import { rolesHeldBy } from '../domain/roles';
import { COMPLETE_PHASE } from '../domain/summary';
import { changePlan, deliverAndRecord, projectOf, storeNewPlan } from './planChanges';
import { ConcurrentChangeError, type AppPorts, type StoredPlan, type Ticket } from './ports';
import { fieldIdsOf, type AppSettings } from './settings';

export { planIdFor } from '../domain/kind';

export interface TicketCreated {
  ticket: Ticket;
  actorAccountId: string;
}

export interface TicketStatusChanged {
  ticket: Ticket;
  actorAccountId: string;
  /** The changelog id: grows with every change of the ticket, so an older event is recognised. */
  changelogId: number;
  from: string;
  to: string;
}

/** What a handler already read of a ticket's plan and project settings, so it is not read again. */
export type TicketLoad = Awaited<ReturnType<AppPorts['plans']['loadForTicket']>>;

export type TicketEventOutcome =
  | { outcome: 'ignored'; why: string }
  | { outcome: 'refused'; why: string }
  | { outcome: 'created' | 'attached' | 'updated' | 'duplicate'; planId: string };

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (value && typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value.trim() || undefined;
  return undefined;
}

function list(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(text).filter((v): v is string => !!v);
  const single = text(value);
  return single ? single.split(/[,\n]/).map((v) => v.trim()).filter(Boolean) : undefined;
}

/** The request form's answers, read through the project's field mapping. */
export function requestFormOf(ticket: Ticket, settings: AppSettings): RequestForm {
  const f = fieldIdsOf(settings);
  const keep = list(ticket.fields[f.keepConfigurations]);
  const details: { -readonly [K in keyof RequestForm]: RequestForm[K] } = {};
  const current = text(ticket.fields[f.currentVersion]);
  const target = text(ticket.fields[f.targetVersion]);
  const instances = list(ticket.fields[f.instances]);
  const slots = list(ticket.fields[f.preferredSlots]);
  if (current) details.currentVersion = current;
  if (target) details.targetVersion = target;
  if (instances) details.instances = instances;
  if (slots) details.preferredSlots = slots;
  // Configurations listed to keep are the customer's decision; an empty list decides nothing (the seed: "The customer must decide").
  if (keep && keep.length > 0) details.configuration = { mode: 'keep-listed', keep };
  const scenario = text(ticket.fields[f.scenario]);
  if (scenario) details.scenario = scenario;
  return details;
}

/** The kind of plan a ticket's request type starts or joins, and the kind of ticket it is there. */
function intakeOf(ticket: Ticket, settings: AppSettings): { kind: PlanKindDefinition<AnyPlan>; ticketKind: string } | undefined {
  const ticketKind = ticket.requestTypeName ? settings.requestTypes[ticket.requestTypeName] : undefined;
  const kind = ticketKind && PLAN_KINDS.list.find((k) => k.ticketKinds.includes(ticketKind));
  return kind ? { kind, ticketKind } : undefined;
}

/** The one comment a new ticket gets: what happens next, and what its request still lacks. */
export function whatHappensNext(plan: AnyPlan, ticketKey: string, settings: AppSettings, now: Date): string {
  const kind = kindOf(plan);
  const summary = kind.summary(plan, settings.calendar, now);
  const next = summary.next.map((s) => `stage ${s.number} (${s.roles.join(' / ')}): ${s.activity}`).join('\n');
  const blocked = plan.steps.filter((s) => s.status === 'blocked' && s.reason).map((s) => `Stage ${s.number} is blocked. ${s.reason}`);
  const plansName = kind.intake.nameOf?.(plan) ?? `the plan "${summary.title}"`;
  return [`${ticketKey} is part of ${plansName} (${summary.phase}, ${summary.done + summary.skipped}/${summary.total} stages finished).`, `What happens next:\n${next}`, ...blocked, ...(kind.intake.welcomeNotes?.(plan) ?? [])].join('\n\n');
}

/** The delivery id of the one comment saying a ticket cannot start or join a plan: proof the app looked at it. */
export const refusalDeliveryId = (ticketKey: string): string => `refusal:${ticketKey}`;

async function refuseOnTicket(ports: AppPorts, ticket: Ticket, why: string): Promise<TicketEventOutcome> {
  const deliveryId = refusalDeliveryId(ticket.key);
  // A redelivered event finds its refusal already posted.
  if (!(await ports.jira.hasDeliveredComment(ticket.key, deliveryId))) {
    await ports.jira.addComment(ticket.key, `This request cannot start or join a ClinSpark plan: ${why}`, 'customer', deliveryId);
  }
  return { outcome: 'refused', why };
}

/** Flushes what an already-seen event's plan still owes Jira: a redelivered event is how a crashed delivery is retried. */
async function redelivered(ports: AppPorts, settings: AppSettings, stored: StoredPlan, actorAccountId: string): Promise<TicketEventOutcome> {
  if (stored.outbox.length > 0) await deliverAndRecord(ports, settings, stored, new Set(stored.outbox.map((i) => i.id)), actorAccountId);
  return { outcome: 'duplicate', planId: stored.plan.id };
}

/**
 * A status change processed before the created event found no plan and was dropped: once the ticket is in its plan, apply
 * the status it has now, with the newest changelog id read back with it (GET issue, expand=changelog), so that an older
 * event still to come is recognised. A ticket whose changelog is empty has had no change to miss.
 */
async function withCurrentStatus(ports: AppPorts, event: TicketCreated, outcome: TicketEventOutcome): Promise<TicketEventOutcome> {
  const { ticket } = event;
  if ((outcome.outcome === 'created' || outcome.outcome === 'attached') && (ticket.changelogId ?? 0) > 0) {
    await ticketStatusChanged(ports, { ticket, actorAccountId: ticket.statusMovedBy ?? 'unknown', changelogId: ticket.changelogId!, from: '', to: ticket.status });
  }
  return outcome;
}

/**
 * The organization a new ticket's plan belongs to: the one organization the ticket is shared with, and only if its
 * reporter belongs to it (read from Jira as the app). The Organizations field alone is anyone's to fill in.
 */
async function organizationOf(ports: AppPorts, ticket: Ticket): Promise<string> {
  const [organizationId, ...others] = ticket.organizationIds;
  if (!organizationId) refuse('organization', 'the ticket names no customer organization.', { field: 'organization' });
  if (others.length > 0) refuse('organization', 'the ticket is shared with several organizations; an upgrade plan belongs to one: share it with your own organization only.', { field: 'organization' });
  const reporter = ticket.reporterAccountId;
  if (!reporter || !(await ports.jira.organizationsOf(reporter)).has(organizationId)) {
    refuse('organization', 'its reporter does not belong to the customer organization it names: a request joins the plans of its reporter\'s own organization only.', { field: 'organization' });
  }
  return organizationId;
}

/** A service desk ticket was created: start the plan its request type starts, or join the plan it belongs to. */
export async function ticketCreated(ports: AppPorts, event: TicketCreated, loaded?: TicketLoad): Promise<TicketEventOutcome> {
  const { ticket } = event;
  const { stored: existing, settings } = loaded ?? (await ports.plans.loadForTicket(ticket.key, ticket.projectKey));
  if (existing) return redelivered(ports, settings, existing, event.actorAccountId);
  const intake = intakeOf(ticket, settings);
  if (!intake) return { outcome: 'ignored', why: `request type ${ticket.requestTypeName ?? '(none)'} starts no plan` };
  const { kind, ticketKind } = intake;
  const now = ports.clock.now();
  // A kind that reads its tickets' statuses applies the status a ticket already has when it joins.
  const withStatus = (outcome: TicketEventOutcome) => (kind.ticketStatus ? withCurrentStatus(ports, event, outcome) : outcome);

  try {
    // Who may take part is settled before any plan is read: a refusal cannot say anything of one.
    const organizationId = await organizationOf(ports, ticket);
    const request: TicketRequest = { key: ticket.key, ticketKind, organizationId, reporterAccountId: ticket.reporterAccountId, actorAccountId: event.actorAccountId, form: requestFormOf(ticket, settings) };
    const target = kind.intake.target(request);
    const found = 'planId' in target ? await ports.plans.load(target.planId) : await chooseOpenPlan(ports, kind, organizationId, ticket.projectKey, target.choose);
    // A plan lives in one service desk project: its settings, roles and admins decide; a ticket of another project stays out.
    if (found && projectOf(found) !== ticket.projectKey) {
      refuse('planProject', `this organization's upgrade to that version is not planned in ${ticket.projectKey}; ask your IQVIA project manager where to raise it.`, { field: 'project' });
    }
    if (found) {
      const { stored } = await changePlan(ports, settings, found, (plan) => {
        const accepted = kindOf(plan).intake.join(plan, request, now);
        const joined = accepted.plan as AnyPlan;
        const text = kindOf(joined).intake.joinedText?.(joined, request) ?? whatHappensNext(joined, ticket.key, settings, now);
        return { ...accepted, notices: [{ type: 'comment', ticketKey: ticket.key, visibility: 'customer', text }] };
      });
      return await withStatus({ outcome: 'attached', planId: stored.plan.id });
    }
    const registry = kind.intake.readsRegistry ? await ports.plans.loadRegistry(organizationId) : undefined;
    const accepted = kind.intake.start(request, { releases: settings.releases, roles: settings.roles, ...(registry ? { registry } : {}), ...(settings.vendorName ? { vendorName: settings.vendorName } : {}) }, now);
    const welcome = { type: 'comment' as const, ticketKey: ticket.key, visibility: 'customer' as const, text: whatHappensNext(accepted.plan as AnyPlan, ticket.key, settings, now) };
    const stored = await storeNewPlan(ports, settings, ticket.projectKey, { ...accepted, plan: accepted.plan as AnyPlan, notices: [welcome] }).catch((error: unknown) => {
      if (error instanceof ConcurrentChangeError) return undefined;
      throw error;
    });
    // Another delivery or request created the plan first: this ticket joins it, or finds itself in it.
    if (!stored) return await ticketCreated(ports, event);
    return await withStatus({ outcome: 'created', planId: stored.plan.id });
  } catch (error) {
    if (error instanceof PlanRefusal) return refuseOnTicket(ports, ticket, error.message);
    throw error;
  }
}

/** The organization's open plan of this kind in this project that the kind chooses for a ticket naming none (refused unless it can choose). */
async function chooseOpenPlan(ports: AppPorts, kind: PlanKindDefinition<AnyPlan>, organizationId: string, projectKey: string, choose: (plans: readonly AnyPlan[]) => AnyPlan): Promise<StoredPlan> {
  const open = (await ports.plans.listByOrganization(organizationId)).filter((e) => e.phase !== COMPLETE_PHASE);
  const loaded = (await Promise.all(open.map((e) => ports.plans.load(e.planId)))).filter((p): p is StoredPlan => !!p && p.plan.kind === kind.kind && projectOf(p) === projectKey);
  const chosen = choose(loaded.map((p) => p.plan));
  return loaded.find((p) => p.plan === chosen)!;
}

/** A ticket of a plan changed status: record whether it is resolved and the stage its status completes, as one write. */
export async function ticketStatusChanged(ports: AppPorts, event: TicketStatusChanged): Promise<TicketEventOutcome> {
  const { ticket } = event;
  const { stored, settings } = await ports.plans.loadForTicket(ticket.key, ticket.projectKey);
  if (!stored) return { outcome: 'ignored', why: `${ticket.key} belongs to no plan` };
  const kind = kindOf(stored.plan);
  if (!kind.ticketStatus) return { outcome: 'ignored', why: `${stored.plan.kind} plans take no status effects` };
  if ((stored.lastEventIds[ticket.key] ?? -1) >= event.changelogId) return redelivered(ports, settings, stored, event.actorAccountId);

  const linked = kind.ticketsOf(stored.plan).find((t) => t.key === ticket.key)!;
  const effect = settings.statusEffects.find((e) => e.ticketKind === linked.kind && e.status === event.to && e.completesStage !== undefined);
  const status = { key: ticket.key, resolved: settings.resolvedStatuses.includes(event.to), to: event.to, changelogId: event.changelogId, ...(effect ? { completesStage: effect.completesStage! } : {}) };
  // Who moved the ticket, with the roles they hold on this plan (its own project's settings): a status completes a stage only for its owner.
  const person: Actor = { accountId: event.actorAccountId, roles: rolesHeldBy(settings.roles, stored.plan.organizationId, event.actorAccountId, stored.plan.reporterAccountId) };
  let seen = false;
  await changePlan(ports, settings, stored, (plan) => kindOf(plan).ticketStatus!(plan, status, person, ports.clock.now()), { ticketKey: ticket.key, eventId: event.changelogId }).catch(async (error: unknown) => {
    if (!(error instanceof PlanRefusal)) throw error;
    // The plan already holds this status or a newer one: a repeated or late event.
    seen = ALREADY_SEEN.has(error.rule);
    await ports.plans.markEventSeen(stored.plan.id, ticket.key, event.changelogId);
  });
  if (seen) return redelivered(ports, settings, stored, event.actorAccountId);
  return { outcome: 'updated', planId: stored.plan.id };
}

/** The refusals of a ticket status the plan already knows: Jira's newest truth is in it. */
const ALREADY_SEEN: ReadonlySet<string> = new Set(['unchanged', 'staleTicketStatus']);
