import type { AuditEntry } from '../domain/audit';
import type { Accepted } from '../domain/engine';
import type { EnvironmentRegistry } from '../domain/environments/registry';
import { requireRecordSize } from '../domain/engine';
import { PlanRefusal, refuse } from '../domain/errors';
import { kindOf, type AnyPlan } from '../domain/kinds';
import { withCurrentOwners } from '../domain/playbooks/create';
import { deliver, enqueue, searchProperty, type DeliveryReport } from './deliveries';
import { chainEntries } from '../domain/auditChain';
import { chainedRegistryCommit } from './auditTrail';
import { ConcurrentChangeError, type AppPorts, type Delivery, type PlanCommit, type PlanIndex, type RegistryCommit, type StoredPlan } from './ports';
import type { AppSettings } from './settings';

/** How often a change is recomputed on a freshly read plan when someone else changed it first. */
export const MAX_CONCURRENT_RETRIES = 8;

export type PlanChange = (plan: AnyPlan) => Accepted<unknown, string>;

/**
 * The plan with the owners its settings give it now: the stages not yet started and not reassigned follow the current
 * role mapping, so an admin's change reaches the open plans at their next read.
 */
export function withSettingsOwners<P extends AnyPlan>(plan: P, settings: AppSettings): P {
  return withCurrentOwners(kindOf(plan).playbookOf(plan), plan, settings.roles) as P;
}

/** The earliest due date of an unfinished stage: what "find overdue plans" looks up. */
export function nextDueOf(plan: AnyPlan, settings: AppSettings): string | null {
  const due = kindOf(plan).dueDates(plan, settings.calendar);
  const open = plan.steps.filter((s) => s.status !== 'done' && s.status !== 'skipped').map((s) => due.get(s.number)).filter((d): d is string => !!d);
  return open.sort()[0] ?? null;
}

/** The service desk project a stored plan lives in; a record of an older release names none: then its first ticket's project. */
export function projectOf(stored: StoredPlan): string | undefined {
  return stored.projectKey ?? kindOf(stored.plan).ticketsOf(stored.plan)[0]?.key.split('-')[0];
}

/** What the store indexes a plan by: the version it is about, its phase and its earliest open due date. */
export function planIndexOf(plan: AnyPlan, settings: AppSettings, now: Date): PlanIndex {
  const kind = kindOf(plan);
  return { targetVersion: kind.versionOf(plan), phase: kind.summary(plan, settings.calendar, now).phase, nextDue: nextDueOf(plan, settings), slotStart: kind.slotOf(plan)?.start ?? null };
}

/** The IQVIA person who acts next, and the ticket they work it on. */
function nextIqviaAssignment(plan: AnyPlan, settings: AppSettings, now: Date): { ticketKey: string; accountId: string } | undefined {
  const kind = kindOf(plan);
  const next = kind.summary(plan, settings.calendar, now).next.find((s) => !s.roles.includes('Customer') && s.owner);
  const ticketKey = kind.workTicketOf(plan);
  return next?.owner && ticketKey ? { ticketKey, accountId: next.owner } : undefined;
}

/** What Jira is owed after a change: its notices, then each ticket's plan summary when it moved and the assignee when it changes. */
export function deliveriesFor(before: AnyPlan | undefined, after: AnyPlan, notices: readonly Delivery[], settings: AppSettings, now: Date): Delivery[] {
  const kind = kindOf(after);
  const summary = searchProperty(after.id, kind.summary(after, settings.calendar, now));
  const previous = before ? searchProperty(before.id, kind.summary(before, settings.calendar, now)) : undefined;
  const known = new Set(before ? kind.ticketsOf(before).map((t) => t.key) : []);
  const moved = JSON.stringify(previous) !== JSON.stringify(summary);
  const assignment = nextIqviaAssignment(after, settings, now);
  const reassigned = assignment && JSON.stringify(assignment) !== JSON.stringify(before ? nextIqviaAssignment(before, settings, now) : undefined);
  const updates: Delivery[] = [];
  for (const ticket of kind.ticketsOf(after)) {
    // Two deliveries, not one issue edit: Jira refusing the assignee must not keep the plan summary from the ticket.
    if (moved || !known.has(ticket.key)) updates.push({ type: 'setSearchProperty', ticketKey: ticket.key, property: summary });
    if (reassigned && assignment.ticketKey === ticket.key) updates.push({ type: 'assignTicket', ticketKey: ticket.key, accountId: assignment.accountId });
  }
  return [...notices, ...updates];
}

/**
 * Applies one change to a stored plan: computes it on the plan as stored, writes plan, audit and outbox in one conditional write,
 * recomputes on a fresh read if someone else wrote first, then delivers what Jira is owed. A refusal (PlanRefusal) changes nothing.
 */
export async function changePlan(
  ports: AppPorts,
  settings: AppSettings,
  first: StoredPlan,
  change: PlanChange,
  event?: { ticketKey: string; eventId: number },
  firstRegistry?: EnvironmentRegistry,
): Promise<{ stored: StoredPlan; accepted: Accepted<unknown, string>; registry: EnvironmentRegistry }> {
  let current: StoredPlan | undefined = first;
  let registry: EnvironmentRegistry | undefined = firstRegistry;
  for (let attempt = 0; attempt < MAX_CONCURRENT_RETRIES && current; attempt += 1) {
    const accepted = change(withSettingsOwners(current.plan, settings)) as Accepted<unknown, string> & { plan: AnyPlan };
    const now = ports.clock.now();
    registry ??= await ports.plans.loadRegistry(current.plan.organizationId);
    const moved = registryCommitFor(registry, current.plan, accepted, now);
    const deliveries = deliveriesFor(current.plan, accepted.plan, accepted.notices, settings, now);
    // Linked to the head the plan record was read with: the revision condition keeps the chain a single line.
    const chain = chainEntries(current.auditHead ?? null, accepted.entries);
    const stored: StoredPlan = {
      ...(current.projectKey ? { projectKey: current.projectKey } : {}),
      plan: accepted.plan,
      outbox: enqueue(current.outbox, deliveries, accepted.plan.id, accepted.plan.revision),
      lastEventIds: event ? { ...current.lastEventIds, [event.ticketKey]: event.eventId } : current.lastEventIds,
      ...(chain.head !== null ? { auditHead: chain.head } : {}),
    };
    const kind = kindOf(current.plan);
    const known = new Set(kind.ticketsOf(current.plan).map((t) => t.key));
    const commit: PlanCommit = {
      expectedRevision: current.plan.revision,
      stored,
      // Every entry of the change, in order: a ticket resolved and the stage it completes are one write.
      audit: chain.entries,
      newTicketKeys: kind.ticketsOf(accepted.plan).map((t) => t.key).filter((k) => !known.has(k)),
      index: planIndexOf(accepted.plan, settings, now),
      ...(moved ? { registry: moved } : {}),
    };
    requireCommitFits(commit);
    try {
      await ports.plans.commit(commit);
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
      current = await ports.plans.load(first.plan.id);
      registry = undefined;
      continue;
    }
    await deliverAndRecord(ports, settings, stored, new Set(current.outbox.map((item) => item.id)), accepted.entry.actor.accountId);
    return { stored, accepted, registry: moved?.registry ?? registry };
  }
  throw new ConcurrentChangeError(first.plan.id);
}

/** What a plan change does to the customer's environments, as its kind says; refused as a whole when the registry cannot follow. */
function registryCommitFor(registry: EnvironmentRegistry, before: AnyPlan, accepted: Accepted<unknown, string> & { plan: AnyPlan }, now: Date): RegistryCommit | undefined {
  const effects = kindOf(before).registryEffects(registry, { before, after: accepted.plan, actor: accepted.entry.actor }, now);
  return effects.entries.length > 0 ? chainedRegistryCommit(registry, effects.registry, effects.entries) : undefined;
}

/**
 * The most a stored plan (the plan with its outbox and events seen) may take: Forge's KVS keeps a value up to 240 KiB
 * (limits-kvs-ce, "Value size"), and the plan entity adds its index attributes to it.
 */
export const STORED_PLAN_MAX_BYTES = 236 * 1024;
/** Forge's KVS runs at most 25 operations in one transaction (limits-kvs-ce, "Transaction limits"). */
export const TRANSACTION_MAX_OPERATIONS = 25;

/**
 * Refuses, saying which platform limit, a change the store could not write: a record over the value size, or more
 * operations than one transaction takes. Nothing is written; the store would fail it without a word the person understands.
 */
export function requireCommitFits(commit: PlanCommit): void {
  requireRecordSize(commit.stored, STORED_PLAN_MAX_BYTES, 'planRecordSize', 'plan');
  const operations = 1 + commit.audit.length + commit.newTicketKeys.length + (commit.registry ? 1 + commit.registry.audit.length : 0);
  if (operations > TRANSACTION_MAX_OPERATIONS) {
    refuse('planRecordSize', `this change would write ${operations} records at once, over the ${TRANSACTION_MAX_OPERATIONS} one storage transaction takes; nothing was changed`);
  }
}

/** Stores a new plan of a service desk project with its first audit entries, then delivers what it owes. */
export async function storeNewPlan(ports: AppPorts, settings: AppSettings, projectKey: string, accepted: { plan: AnyPlan; entries: readonly AuditEntry[]; entry: AuditEntry; notices: readonly Delivery[] }, event?: { ticketKey: string; eventId: number }): Promise<StoredPlan> {
  const now = ports.clock.now();
  const deliveries = deliveriesFor(undefined, accepted.plan, accepted.notices, settings, now);
  const chain = chainEntries(null, accepted.entries);
  const stored: StoredPlan = {
    projectKey,
    plan: accepted.plan,
    outbox: enqueue([], deliveries, accepted.plan.id, accepted.plan.revision),
    lastEventIds: event ? { [event.ticketKey]: event.eventId } : {},
    ...(chain.head !== null ? { auditHead: chain.head } : {}),
  };
  const commit: PlanCommit = { expectedRevision: null, stored, audit: chain.entries, newTicketKeys: kindOf(accepted.plan).ticketsOf(accepted.plan).map((t) => t.key), index: planIndexOf(accepted.plan, settings, now) };
  requireCommitFits(commit);
  await ports.plans.commit(commit);
  await deliverAndRecord(ports, settings, stored, new Set(), accepted.entry.actor.accountId);
  return stored;
}

/**
 * Delivers what the plan owes Jira, then records in the plan each ticket the app itself closed: Forge does not deliver the
 * event of the app's own transition (filter.ignoreSelf), so this invocation is the only one that knows. Recording is a
 * change of its own, made once (a ticket already resolved changes nothing), so a retried delivery does not repeat it.
 */
export async function deliverAndRecord(ports: AppPorts, settings: AppSettings, stored: StoredPlan, carriedOver: ReadonlySet<string>, actorAccountId: string): Promise<DeliveryReport> {
  const report = await deliver(ports, settings, stored, carriedOver);
  let current: StoredPlan = { ...stored, outbox: report.remaining };
  for (const { ticketKey } of report.closed) {
    const kind = kindOf(current.plan);
    if (!kind.ticketStatus || kind.ticketsOf(current.plan).find((t) => t.key === ticketKey)?.resolved !== false) continue;
    // Jira's newest truth, read back: its changelog id orders it against any event of the ticket still to come.
    const reading = await ports.jira.ticketStatusOf(ticketKey);
    const moved = { key: ticketKey, resolved: settings.resolvedStatuses.includes(reading.status), to: reading.status, changelogId: reading.changelogId };
    // The app moved it for the person whose change owed it; that person's roles are not what closed it, so it completes nothing.
    const resolved = await changePlan(ports, settings, current, (plan) => kindOf(plan).ticketStatus!(plan, moved, { accountId: actorAccountId, roles: [] }, ports.clock.now())).catch((error: unknown) => {
      if (error instanceof PlanRefusal) return undefined; // already recorded, or a newer status of its own event came first
      throw error;
    });
    if (resolved) current = resolved.stored;
  }
  return report;
}
