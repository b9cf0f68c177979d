import { PlanRefusal } from '../domain/errors';
import { isFinished, stepState } from '../domain/engine';
import type { Actor } from '../domain/playbook';
import { ROLES } from '../domain/roles';
import { actOnStage, attachTicket, createUpgradePlan, setTicketResolved } from '../domain/upgrade/plan';
import { FORWARD_COMPATIBILITY_WARNING, type RequestDetails, type UpgradeRequest } from '../domain/upgrade/request';
import { upgradeContextOf } from '../domain/environments/registry';
import { changePlan, deliverAndRecord, storeNewPlan } from './planChanges';
import { isUpgradePlan, planKindOf, requireUpgradePlan, type AnyPlan } from './planKinds';
import { createGoLivePlan } from '../domain/golive/plan';
import { createLifecyclePlan } from '../domain/lifecycle/plan';
import { isScenario } from '../domain/lifecycle/playbook';
import type { AuditEntry } from '../domain/audit';
import { ConcurrentChangeError, type AppPorts, type StoredPlan, type Ticket } from './ports';
import { fieldIdsOf, type AppSettings, type PlanTicketKind } from './settings';

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

/** A stable plan id per organization and target version, so that two deliveries of one event cannot create two plans. */
export function planIdFor(organizationId: string, targetVersion: string): string {
  return `upgrade-${organizationId}-${targetVersion}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

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
export function requestDetailsOf(ticket: Ticket, settings: AppSettings): RequestDetails & { currentVersion?: string } {
  const f = fieldIdsOf(settings);
  const keep = list(ticket.fields[f.keepConfigurations]);
  const details: RequestDetails & { currentVersion?: string } = {};
  const current = text(ticket.fields[f.currentVersion]);
  const target = text(ticket.fields[f.targetVersion]);
  const instances = list(ticket.fields[f.instances]);
  const slots = list(ticket.fields[f.preferredSlots]);
  if (current) details.currentVersion = current;
  if (target) details.targetVersion = target;
  if (instances) details.instances = instances;
  if (slots) details.preferredSlots = slots;
  // The form offers "synchronise to latest" as the default; listing configurations to keep is the exception.
  if (instances) details.configuration = keep && keep.length > 0 ? { mode: 'keep-listed', keep } : { mode: 'synchronise-latest' };
  return details;
}

function kindOf(ticket: Ticket, settings: AppSettings): PlanTicketKind | undefined {
  return ticket.requestTypeName ? settings.requestTypes[ticket.requestTypeName] : undefined;
}

/** The one comment a new ticket gets: what happens next, and what its request still lacks. */
export function whatHappensNext(plan: AnyPlan, ticketKey: string, settings: AppSettings, now: Date): string {
  const summary = planKindOf(plan).summary(plan, settings.calendar, now);
  const next = summary.next.map((s) => `stage ${s.number} (${s.roles.join(' / ')}): ${s.activity}`).join('\n');
  const blocked = plan.steps.filter((s) => s.status === 'blocked' && s.reason).map((s) => `Stage ${s.number} is blocked. ${s.reason}`);
  const kept = isUpgradePlan(plan) ? [plan.facts.details.valRequest, plan.facts.details.prodRequest].map((d) => d?.configuration).find((c) => c?.mode === 'keep-listed') : undefined;
  const warning = kept?.mode === 'keep-listed' ? [`You asked to keep these configurations at their current version: ${kept.keep.join(', ')}. ${FORWARD_COMPATIBILITY_WARNING}`] : [];
  const plansName = isUpgradePlan(plan) ? `the upgrade plan to ClinSpark ${plan.facts.targetVersion}` : `the plan "${summary.title}"`;
  return [`${ticketKey} is part of ${plansName} (${summary.phase}, ${summary.done + summary.skipped}/${summary.total} stages finished).`, `What happens next:\n${next}`, ...blocked, ...warning].join('\n\n');
}

/** A PROD go-live or implementation ticket opens that plan for the organization; it lives on this one ticket. */
async function startOwnPlan(ports: AppPorts, settings: AppSettings, event: TicketCreated, kind: 'goLive' | 'implementation', organizationId: string, version: string | undefined): Promise<TicketEventOutcome> {
  const { ticket } = event;
  const now = ports.clock.now();
  const reporterAccountId = ticket.reporterAccountId ?? event.actorAccountId;
  const createdBy = { accountId: reporterAccountId, role: 'Customer' };
  let created: { plan: AnyPlan; entry: AuditEntry };
  if (kind === 'goLive') {
    if (!version) return refuseOnTicket(ports, ticket, 'targetVersion is missing: say which ClinSpark version PROD goes live at.');
    created = createGoLivePlan({ planId: planIdFor(organizationId, `golive-${version}`), organizationId, reporterAccountId, ticketKey: ticket.key, version }, settings.roles, createdBy, now);
  } else {
    // A select field answers { value: 'Scenario B' }, a text field 'B': the scenario is the last letter either way.
    const scenario = (text(ticket.fields[fieldIdsOf(settings).scenario]) ?? 'A').toUpperCase().slice(-1);
    created = createLifecyclePlan({ planId: planIdFor(organizationId, `implementation-${ticket.key}`), organizationId, reporterAccountId, ticketKey: ticket.key, scenario: isScenario(scenario) ? scenario : 'A' }, settings.roles, createdBy, now);
  }
  const existing = await ports.plans.load(created.plan.id);
  if (existing) return refuseOnTicket(ports, ticket, `this organization's ${kind === 'goLive' ? 'PROD go-live' : 'implementation'} plan already lives on ${planKindOf(existing.plan).workTicketOf(existing.plan)}.`);
  const welcome = { type: 'comment' as const, ticketKey: ticket.key, visibility: 'customer' as const, text: whatHappensNext(created.plan, ticket.key, settings, now) };
  const stored = await storeNewPlan(ports, settings, { ...created, notices: [welcome] });
  return { outcome: 'created', planId: stored.plan.id };
}

/** The delivery id of the one comment saying a ticket cannot start or join a plan: proof the app looked at it. */
export const refusalDeliveryId = (ticketKey: string): string => `refusal:${ticketKey}`;

async function refuseOnTicket(ports: AppPorts, ticket: Ticket, why: string): Promise<TicketEventOutcome> {
  const deliveryId = refusalDeliveryId(ticket.key);
  // A redelivered event finds its refusal already posted.
  if (!(await ports.jira.hasDeliveredComment(ticket.key, deliveryId))) {
    await ports.jira.addComment(ticket.key, `This request cannot start an upgrade plan: ${why}`, 'customer', deliveryId);
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
 * the status it has now (GET issue read it with the form). Changelog id 0 is older than any real change of the ticket.
 */
async function withCurrentStatus(ports: AppPorts, settings: AppSettings, event: TicketCreated, outcome: TicketEventOutcome): Promise<TicketEventOutcome> {
  if ((outcome.outcome === 'created' || outcome.outcome === 'attached') && settings.resolvedStatuses.includes(event.ticket.status)) {
    await ticketStatusChanged(ports, { ticket: event.ticket, actorAccountId: event.actorAccountId, changelogId: 0, from: '', to: event.ticket.status });
  }
  return outcome;
}

/** A service desk ticket was created: start the customer's plan, or join the plan for the same organization and target version. */
export async function ticketCreated(ports: AppPorts, event: TicketCreated, loaded?: TicketLoad): Promise<TicketEventOutcome> {
  const { ticket } = event;
  const { stored: existing, settings } = loaded ?? (await ports.plans.loadForTicket(ticket.key, ticket.projectKey));
  if (existing) return redelivered(ports, settings, existing, event.actorAccountId);
  const kind = kindOf(ticket, settings);
  if (!kind) return { outcome: 'ignored', why: `request type ${ticket.requestTypeName ?? '(none)'} starts no plan` };
  const organizationId = ticket.organizationIds[0];
  if (!organizationId) return refuseOnTicket(ports, ticket, 'the ticket names no customer organization.');
  const details = requestDetailsOf(ticket, settings);
  const now = ports.clock.now();

  try {
    if (kind === 'goLive' || kind === 'implementation') return await startOwnPlan(ports, settings, event, kind, organizationId, details.targetVersion);
    if (kind === 'validationIssue') return await withCurrentStatus(ports, settings, event, await attachValidationIssue(ports, settings, ticket, organizationId, details.targetVersion));
    if (!details.targetVersion) return await refuseOnTicket(ports, ticket, 'targetVersion is missing: say which ClinSpark version to upgrade to.');
    const planId = planIdFor(organizationId, details.targetVersion);
    const joined = await ports.plans.load(planId);
    if (joined) {
      const { stored } = await changePlan(ports, settings, joined, (plan) => {
        const accepted = attachTicket(requireUpgradePlan(plan, 'request tickets'), { key: ticket.key, kind, details }, { accountId: event.actorAccountId }, now);
        return { ...accepted, notices: [{ type: 'comment', ticketKey: ticket.key, visibility: 'customer', text: whatHappensNext(accepted.plan, ticket.key, settings, now) }] };
      });
      return await withCurrentStatus(ports, settings, event, { outcome: 'attached', planId: stored.plan.id });
    }
    // Rule 3 and the current version come from the customer's environment registry, not from the form, when it knows them.
    const environments = upgradeContextOf(await ports.plans.loadRegistry(organizationId));
    const request: UpgradeRequest = {
      ...details,
      organizationId,
      reporterAccountId: ticket.reporterAccountId ?? event.actorAccountId,
      ticket: { key: ticket.key, kind },
      currentVersion: environments.prodVersion ?? details.currentVersion ?? '',
      targetVersion: details.targetVersion,
    };
    const accepted = createUpgradePlan(request, { planId, releases: settings.releases, valPairExists: environments.valPairExists, roles: settings.roles }, now);
    const welcome = { type: 'comment' as const, ticketKey: ticket.key, visibility: 'customer' as const, text: whatHappensNext(accepted.plan, ticket.key, settings, now) };
    const stored = await storeNewPlan(ports, settings, { ...accepted, notices: [welcome] }).catch((error: unknown) => {
      if (error instanceof ConcurrentChangeError) return undefined;
      throw error;
    });
    // Another request of the same organization and target version created the plan first: this ticket joins it.
    if (!stored) return await ticketCreated(ports, event);
    return await withCurrentStatus(ports, settings, event, { outcome: 'created', planId: stored.plan.id });
  } catch (error) {
    if (error instanceof PlanRefusal) return refuseOnTicket(ports, ticket, error.message);
    throw error;
  }
}

async function attachValidationIssue(ports: AppPorts, settings: AppSettings, ticket: Ticket, organizationId: string, targetVersion: string | undefined): Promise<TicketEventOutcome> {
  const candidates = targetVersion
    ? [await ports.plans.load(planIdFor(organizationId, targetVersion))].filter((p): p is StoredPlan => !!p)
    : await Promise.all((await ports.plans.listByOrganization(organizationId)).filter((e) => e.phase !== 'Complete').map((e) => ports.plans.load(e.planId))).then((all) => all.filter((p): p is StoredPlan => !!p && isUpgradePlan(p.plan)));
  if (candidates.length !== 1) {
    return refuseOnTicket(ports, ticket, candidates.length === 0 ? 'no upgrade plan of your organization matches it; name the target version.' : 'several upgrade plans of your organization are open; name the target version.');
  }
  const now = ports.clock.now();
  const { stored } = await changePlan(ports, settings, candidates[0]!, (plan) => {
    const upgrade = requireUpgradePlan(plan, 'validation issues');
    const accepted = attachTicket(upgrade, { key: ticket.key, kind: 'validationIssue' }, { accountId: ticket.reporterAccountId ?? 'unknown' }, now);
    return { ...accepted, notices: [{ type: 'comment', ticketKey: ticket.key, visibility: 'customer', text: `${ticket.key} is linked to the upgrade plan to ClinSpark ${upgrade.facts.targetVersion} as a validation issue (stage 10). Stage 11 waits until it is resolved.` }] };
  });
  return { outcome: 'attached', planId: stored.plan.id };
}

/** A ticket of a plan changed status: record whether it is resolved and apply the project's status effects. */
export async function ticketStatusChanged(ports: AppPorts, event: TicketStatusChanged): Promise<TicketEventOutcome> {
  const { ticket } = event;
  const { stored, settings } = await ports.plans.loadForTicket(ticket.key, ticket.projectKey);
  if (!stored) return { outcome: 'ignored', why: `${ticket.key} belongs to no plan` };
  // Only the upgrade plan reads its tickets' statuses (stage 7, validation issues); the other plans live on their own ticket.
  if (!isUpgradePlan(stored.plan)) return { outcome: 'ignored', why: `${stored.plan.kind} plans take no status effects` };
  const upgrade = stored.plan;
  if ((stored.lastEventIds[ticket.key] ?? -1) >= event.changelogId) return redelivered(ports, settings, stored, event.actorAccountId);

  const linked = upgrade.facts.tickets.find((t) => t.key === ticket.key)!;
  const resolved = settings.resolvedStatuses.includes(event.to);
  const effect = settings.statusEffects.find((e) => e.ticketKind === linked.kind && e.status === event.to && e.completesStage !== undefined);
  const now = ports.clock.now();
  const app: Actor = { accountId: event.actorAccountId, roles: ROLES, app: true };
  const mark = { ticketKey: ticket.key, eventId: event.changelogId };
  // The event is remembered with its last change only: if the process dies between the two, the redelivered event finishes it.
  const effectFollows = !!effect && linked.resolved !== resolved && !isFinished(stepState(upgrade, effect.completesStage!));

  const { stored: after } = await changePlan(
    ports,
    settings,
    stored,
    (plan) => {
      if (linked.resolved !== resolved) return setTicketResolved(requireUpgradePlan(plan, 'tickets'), ticket.key, resolved, { accountId: event.actorAccountId }, now);
      if (effect && !isFinished(stepState(plan, effect.completesStage!))) {
        return actOnStage(requireUpgradePlan(plan, 'stages'), { type: 'complete', step: effect.completesStage!, reason: `${ticket.key} moved to ${event.to}` }, app, now);
      }
      throw new PlanRefusal('unchanged', `${ticket.key} moving to ${event.to} changes nothing in the plan`);
    },
    effectFollows ? undefined : mark,
  ).catch(async (error: unknown) => {
    if (!(error instanceof PlanRefusal)) throw error;
    await ports.plans.markEventSeen(stored.plan.id, ticket.key, event.changelogId);
    return { stored };
  });
  // A status effect that follows the resolution is a second change, recorded on its own.
  if (effect && after !== stored && !isFinished(stepState(after.plan, effect.completesStage!))) {
    await changePlan(ports, settings, after, (plan) => actOnStage(requireUpgradePlan(plan, 'stages'), { type: 'complete', step: effect.completesStage!, reason: `${ticket.key} moved to ${event.to}` }, app, now), mark).catch(async (error: unknown) => {
      if (!(error instanceof PlanRefusal)) throw error;
      await ports.plans.markEventSeen(stored.plan.id, ticket.key, event.changelogId);
    });
  } else if (effectFollows && after !== stored) {
    await ports.plans.markEventSeen(stored.plan.id, ticket.key, event.changelogId);
  }
  return { outcome: 'updated', planId: stored.plan.id };
}
