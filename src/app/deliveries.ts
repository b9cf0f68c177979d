import type { AppPorts, Delivery, OutboxItem, PlanSearchProperty, StoredPlan } from './ports';
import type { AppSettings } from './settings';
import type { KindSummary } from './planKinds';

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

/** Adds deliveries to the outbox, each with an id unique to the plan revision; a ticket update still owed is merged into the newer one. */
export function enqueue(outbox: readonly OutboxItem[], deliveries: readonly Delivery[], planId: string, revision: number): OutboxItem[] {
  const kept = [...outbox];
  const fresh: OutboxItem[] = [];
  deliveries.forEach((delivery, i) => {
    if (delivery.type === 'updateTicket') {
      const owed = kept.findIndex((item) => item.delivery.type === 'updateTicket' && item.delivery.ticketKey === delivery.ticketKey);
      if (owed >= 0) {
        const merged: Delivery = { ...kept[owed]!.delivery, ...delivery };
        kept.splice(owed, 1);
        fresh.push({ id: `${planId}:${revision}:${i}`, delivery: merged });
        return;
      }
    }
    fresh.push({ id: `${planId}:${revision}:${i}`, delivery });
  });
  return [...kept, ...fresh];
}

/**
 * Sends what the outbox owes Jira, then clears what went through. Items left from an earlier invocation may have reached
 * Jira before a crash, so their comments are looked for before being posted again: each comment is posted exactly once.
 */
export async function deliver(ports: AppPorts, settings: AppSettings, stored: StoredPlan, carriedOver: ReadonlySet<string>): Promise<{ delivered: number; failed: number }> {
  const done: string[] = [];
  let failed = 0;
  for (const item of stored.outbox) {
    try {
      await send(ports, settings, item, carriedOver.has(item.id));
      done.push(item.id);
    } catch {
      failed += 1; // kept in the outbox; the next change or event of this plan sends it again
    }
  }
  if (done.length > 0) await ports.plans.clearDelivered(stored.plan.id, stored.plan.revision, done);
  return { delivered: done.length, failed };
}

async function send(ports: AppPorts, settings: AppSettings, item: OutboxItem, mayBeThere: boolean): Promise<void> {
  const { delivery } = item;
  switch (delivery.type) {
    case 'comment':
      if (mayBeThere && (await ports.jira.hasDeliveredComment(delivery.ticketKey, item.id))) return;
      await ports.jira.addComment(delivery.ticketKey, delivery.text, delivery.visibility, item.id);
      return;
    case 'closeTicket':
      await ports.jira.transitionTo(delivery.ticketKey, settings.resolvedStatuses);
      return;
    case 'updateTicket': {
      const { type: _type, ticketKey, ...update } = delivery;
      await ports.jira.updateTicket(ticketKey, update);
      return;
    }
  }
}
