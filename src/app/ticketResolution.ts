import { isFinished, stepState } from '../domain/engine';
import { kindOf } from '../domain/kinds';
import type { AppPorts } from './ports';
import { DEFAULT_PROJECT_KEY, fieldIdsOf } from './settings';
import { refusalDeliveryId } from './ticketEvents';

export interface ResolutionCheck {
  result: boolean;
  errorMessage?: string;
}

/** The status a transition leads to, as Jira names and categorises it (`new`, `indeterminate`, `done`). */
export interface TransitionTarget {
  name: string;
  categoryKey: string;
}

/**
 * The workflow validator: a ticket is not resolved or closed while stages it answers for are open, whoever tries (panel,
 * REST or bulk edit). Any status of the done category resolves, whatever its name; a ticket whose request type starts a
 * plan is held until the app has created that plan or said why it will not.
 */
export async function checkTicketResolution(ports: AppPorts, ticketKey: string, projectKey: string, target: TransitionTarget, requestTypeOf: (requestTypeField: string) => Promise<string | null>): Promise<ResolutionCheck> {
  if (target.categoryKey !== 'done') return { result: true };
  const { stored, settings, configured } = await ports.plans.loadForTicket(ticketKey, projectKey);
  if (!stored) {
    // The trigger ignores projects nobody configured (the default project aside): no plan will come for their tickets.
    if (!configured && projectKey !== DEFAULT_PROJECT_KEY) return { result: true };
    // Fields not found yet: the first ticket event finds them, or the admin must fix a field name. Unsure, so closed.
    if (!settings.fields) return { result: false, errorMessage: `${ticketKey} cannot move to ${target.name} yet: the ClinSpark app has not found its Jira fields in ${projectKey}. Ask a Jira admin to open and save the ClinSpark settings page.` };
    const requestType = await requestTypeOf(fieldIdsOf(settings).requestType);
    if (!requestType || !settings.requestTypes[requestType]) return { result: true };
    if (await ports.jira.hasDeliveredComment(ticketKey, refusalDeliveryId(ticketKey))) return { result: true };
    return { result: false, errorMessage: `${ticketKey} cannot move to ${target.name} yet: the app is still setting up the ClinSpark plan of this ${requestType}. Try again in a moment.` };
  }
  const kind = kindOf(stored.plan);
  const open = kind.stagesOwedBy(stored.plan, ticketKey).filter((n) => !isFinished(stepState(stored.plan, n)));
  if (open.length === 0) return { result: true };
  return { result: false, errorMessage: `${ticketKey} cannot move to ${target.name}: stage${open.length > 1 ? 's' : ''} ${open.join(', ')} of its plan “${kind.titleOf(stored.plan)}” ${open.length > 1 ? 'are' : 'is'} still open.` };
}
