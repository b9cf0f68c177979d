import type { UpgradeFacts } from './facts';
import type { TicketKind } from './request';

/**
 * The stages each ticket of a plan answers for: the ticket cannot be resolved while one of them is open.
 * Stage 7 closes the VAL request and stage 28 the PROD request, so neither counts its closing stage.
 */
export const STAGES_OWED_BY_TICKET: Readonly<Record<TicketKind, readonly number[]>> = {
  intent: [2, 3, 4],
  valRequest: [5, 6],
  validationIssue: [],
  prodRequest: [13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27],
};

/** The ticket a notice about the plan goes to: the first of the preferred kinds the plan has, else its first ticket. */
export function ticketFor(facts: UpgradeFacts, preferred: readonly TicketKind[]): string | undefined {
  for (const kind of preferred) {
    const ticket = facts.tickets.find((t) => t.kind === kind);
    if (ticket) return ticket.key;
  }
  return facts.tickets[0]?.key;
}
