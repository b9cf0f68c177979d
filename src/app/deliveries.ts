import type { AppPorts, Delivery, OutboxItem, PlanSearchProperty, StoredPlan } from './ports';
import { DEFAULT_CLOSING_RESOLUTION, type AppSettings } from './settings';
import type { KindSummary } from '../domain/kind';
import { textWithNames } from './namedRefusals';

export function searchProperty(planId: string, summary: KindSummary): PlanSearchProperty {
  return {
    planId,
    phase: summary.phase,
    nextOwnerRole: summary.nextOwnerRole,
    overdue: summary.overdue,
    decision: summary.decision,
    targetVersion: summary.targetVersion,
    done: summary.done + summary.skipped,
    total: summary.total,
  };
}

/** Deliveries a newer one of the same ticket makes pointless: only the latest assignee and plan summary matter. */
function supersedes(newer: Delivery, older: Delivery): boolean {
  return (newer.type === 'assignTicket' || newer.type === 'setSearchProperty') && older.type === newer.type && older.ticketKey === newer.ticketKey;
}

/** Adds deliveries to the outbox, each with an id unique to the plan revision; an assignee or plan summary still owed gives way to the newer one. */
export function enqueue(outbox: readonly OutboxItem[], deliveries: readonly Delivery[], planId: string, revision: number): OutboxItem[] {
  const kept = outbox.filter((item) => !deliveries.some((delivery) => supersedes(delivery, item.delivery)));
  return [...kept, ...deliveries.map((delivery, i) => ({ id: `${planId}:${revision}:${i}`, delivery }))];
}

/**
 * Whether Jira refused a request for good (a 4xx other than 429 or 409): sending it again would be refused again. The
 * Jira adapter marks its errors so; anything else (rate limited, 5xx, no answer, storage) is worth another try.
 */
export function isRefusedForGood(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { refusedForGood?: unknown }).refusedForGood === true;
}

/** What one delivery pass did: the tickets the app closed (the status reached), and how many items are still owed. */
export interface DeliveryReport {
  delivered: number;
  /** Jira refused these for good: dropped from the outbox, logged, and the PM told on the ticket. */
  refused: number;
  /** Still in the outbox after a transient failure: the next event or change of this plan sends them again. */
  owed: number;
  closed: { ticketKey: string; status: string }[];
  /** The outbox once what went through (or was refused for good) is cleared. */
  remaining: readonly OutboxItem[];
}

/**
 * Sends what the outbox owes Jira, then clears what went through. Items left from an earlier invocation may have reached
 * Jira before a crash, so their comments are looked for before being posted again: each comment is posted exactly once.
 * A delivery Jira refuses for good is not retried forever, nor does it hold back the others.
 */
export async function deliver(ports: AppPorts, settings: AppSettings, stored: StoredPlan, carriedOver: ReadonlySet<string>): Promise<DeliveryReport> {
  const done: string[] = [];
  const refused: { item: OutboxItem; error: unknown }[] = [];
  const closed: DeliveryReport['closed'] = [];
  let owed = 0;
  for (const item of stored.outbox) {
    try {
      const status = await send(ports, settings, item, carriedOver.has(item.id));
      if (status) closed.push({ ticketKey: item.delivery.ticketKey, status });
      done.push(item.id);
    } catch (error) {
      if (isRefusedForGood(error)) {
        done.push(item.id);
        refused.push({ item, error });
      } else {
        owed += 1; // kept in the outbox; a retried event or the next change of this plan sends it again
      }
    }
  }
  if (done.length > 0) await ports.plans.clearDelivered(stored.plan.id, stored.plan.revision, done);
  for (const { item, error } of refused) await reportRefusal(ports, item, error);
  return { delivered: done.length - refused.length, refused: refused.length, owed, closed, remaining: stored.outbox.filter((item) => !done.includes(item.id)) };
}

const WHAT: Record<Delivery['type'], string> = {
  comment: 'post a comment on',
  closeTicket: 'close',
  assignTicket: 'assign',
  setSearchProperty: 'update the plan summary of',
  updateTicket: 'update',
};

/** A refusal is logged, and the PM reads on the ticket (internal comment) what the app could not do; best effort. */
async function reportRefusal(ports: AppPorts, item: OutboxItem, error: unknown): Promise<void> {
  const { delivery } = item;
  const why = error instanceof Error ? error.message : String(error);
  console.warn(`delivery ${item.id} dropped: Jira refused to ${WHAT[delivery.type]} ${delivery.ticketKey}: ${why}`);
  if (delivery.type === 'comment') return;
  const who = delivery.type === 'assignTicket' ? ` to ${delivery.accountId}` : '';
  const text = `The ClinSpark upgrade planner could not ${WHAT[delivery.type]} ${delivery.ticketKey}${who}: Jira refused it (${why.slice(0, 300)}). Please do it by hand.`;
  await ports.jira.addComment(delivery.ticketKey, text, 'internal', `${item.id}:refused`).catch(() => undefined);
}

/** Sends one delivery; answers the status reached when it closed a ticket. */
async function send(ports: AppPorts, settings: AppSettings, item: OutboxItem, mayBeThere: boolean): Promise<string | undefined> {
  const { delivery } = item;
  switch (delivery.type) {
    case 'comment':
      if (mayBeThere && (await ports.jira.hasDeliveredComment(delivery.ticketKey, item.id))) return undefined;
      await ports.jira.addComment(delivery.ticketKey, textWithNames(settings, delivery.text), delivery.visibility, item.id);
      return undefined;
    case 'closeTicket':
      return ports.jira.transitionTo(delivery.ticketKey, settings.resolvedStatuses, settings.closingResolution ?? DEFAULT_CLOSING_RESOLUTION);
    case 'assignTicket':
      await ports.jira.assign(delivery.ticketKey, delivery.accountId);
      return undefined;
    case 'setSearchProperty':
      await ports.jira.setSearchProperty(delivery.ticketKey, delivery.property);
      return undefined;
    case 'updateTicket':
      // Stored by an older release as one issue edit: now the two calls, the property first (it is never refused for who it names).
      if (delivery.searchProperty) await ports.jira.setSearchProperty(delivery.ticketKey, delivery.searchProperty);
      if (delivery.assignee) await ports.jira.assign(delivery.ticketKey, delivery.assignee);
      return undefined;
  }
}
