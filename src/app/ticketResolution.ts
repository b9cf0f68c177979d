import { isFinished, stepState } from '../domain/engine';
import { planKindOf } from './planKinds';
import type { AppPorts } from './ports';

export interface ResolutionCheck {
  result: boolean;
  errorMessage?: string;
}

/** The workflow validator: a ticket is not resolved or closed while stages it answers for are open, whoever tries (panel, REST or bulk edit). */
export async function checkTicketResolution(ports: AppPorts, ticketKey: string, projectKey: string, targetStatus: string): Promise<ResolutionCheck> {
  const { stored, settings } = await ports.plans.loadForTicket(ticketKey, projectKey);
  if (!stored || !settings.resolvedStatuses.includes(targetStatus)) return { result: true };
  const open = planKindOf(stored.plan).stagesOwedBy(stored.plan, ticketKey).filter((n) => !isFinished(stepState(stored.plan, n)));
  if (open.length === 0) return { result: true };
  return { result: false, errorMessage: `${ticketKey} cannot move to ${targetStatus}: stage${open.length > 1 ? 's' : ''} ${open.join(', ')} of its upgrade plan ${open.length > 1 ? 'are' : 'is'} still open.` };
}
