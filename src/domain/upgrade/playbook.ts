import { stepState } from '../engine';
import type { AcceptedStepChange, Notice, PlaybookDefinition } from '../playbook';
import type { UpgradeFacts } from './facts';
import { isNoGo, noGoFacts, noGoNotices } from './noGo';
import { preferredSlotsOf, UPGRADE_RULES } from './rules';
import { GO, SLOT_STAGE, UPGRADE_PHASES, UPGRADE_STAGES } from './stages';
import { ticketFor } from './tickets';
import { UPGRADE_SIGNATURES } from './signatures';

export { ticketFor };
export const UPGRADE_KIND = 'upgrade';

type Change = AcceptedStepChange<UpgradeFacts>;

/** Rule 3: what stages 4 and 6 ask for, decided by the environment registry. */
export function valInstruction(facts: UpgradeFacts): string {
  return facts.valAction === 'replace'
    ? `Terminate the prior VAL and provide a new one at the target version ${facts.targetVersion}.`
    : `Create the VAL at the target version ${facts.targetVersion}.`;
}

export function formatSlot(start: string): string {
  return `${start.slice(0, 10)} ${start.slice(11, 16)} UTC`;
}

function comment(key: string | undefined, text: string): Notice[] {
  return key ? [{ type: 'comment', ticketKey: key, visibility: 'customer', text }] : [];
}

export { SLOT_STAGE };

/** Rule 6 and 8: what the PM's proposal, and the customer's answer to it, tell the customer on the PROD request. */
function slotAnnouncements(change: Change): Notice[] {
  const { after, action } = change;
  const prod = ticketFor(after.facts, ['prodRequest']);
  const proposal = stepState(after, SLOT_STAGE).proposal;
  if (!proposal) return [];
  const slot = formatSlot(new Date(proposal.value).toISOString());
  if (action.type === 'propose') {
    const why = preferredSlotsOf(after.facts).includes(new Date(proposal.value).toISOString()) ? 'one of your preferred slots' : `none of your preferred slots fits: ${proposal.reason ?? ''}`;
    return comment(prod, `IQVIA proposes the upgrade slot ${slot} (${why}). Please agree to it, or decline it with a reason, on this request in the portal.`);
  }
  if (action.type === 'decline') return comment(prod, `The proposed upgrade slot ${slot} is declined: ${proposal.declined?.reason ?? ''}. The IQVIA PM will propose another.`);
  if (action.type === 'agree') {
    const agreed = comment(prod, `The upgrade slot is confirmed: ${slot}, as you agreed.`);
    // The seed's second half of stage 16: the slot goes in the engineer's agenda.
    return prod ? [...agreed, { type: 'comment', ticketKey: prod, visibility: 'internal', sender: 'IQVIA PM', text: `The customer agreed to the slot ${slot}: schedule it in the IQVIA engineer's agenda (and the wider implementation team's if needed).` }] : agreed;
  }
  return [];
}

/** Rule 8: what stages 3, 4, 7, 16, 22, 24, 26 and 28 say to the customer or do to tickets when accepted. */
export function upgradeAnnouncements(change: Change): Notice[] {
  const { after, action } = change;
  const facts = after.facts;
  const early = ticketFor(facts, ['valRequest', 'intent']);
  const prod = ticketFor(facts, ['prodRequest']);
  if (isNoGo(change)) return noGoNotices(change);
  if (action.type === 'decide' && action.outcome === GO) {
    return comment(prod, `Go: the IQVIA engineer now upgrades PROD TEST to ${facts.targetVersion}.`);
  }
  if (action.step === SLOT_STAGE && (action.type === 'propose' || action.type === 'decline' || action.type === 'agree')) return slotAnnouncements(change);
  if (action.type !== 'complete') return [];
  switch (action.step) {
    case 3:
      return comment(early, `Reports/Dashboards and all other configuration items and integrations are NOT part of the regular ClinSpark release testing process: they need your special attention during testing / validation of ${facts.targetVersion}.`);
    case 4:
      return comment(early, `Please formalise your request for the VAL instance in a Service Desk ticket. ${valInstruction(facts)}`);
    case 7: {
      const val = facts.tickets.find((t) => t.kind === 'valRequest');
      const notices = comment(early, 'Your VAL environment is ready. Please raise separate Service Desk tickets for any issues or questions arising during validation.');
      // A VAL request Jira already has resolved is not closed again: a person may have reopened it since.
      return val && !val.resolved ? [...notices, { type: 'closeTicket', ticketKey: val.key }] : notices;
    }
    case 22:
      return comment(prod, `PROD MAIN is upgraded to ${facts.targetVersion}.`);
    case 26:
      return comment(prod, `PROD TEST is upgraded to ${facts.targetVersion}.`);
    case 28:
      return facts.tickets.some((t) => t.kind === 'prodRequest') && prod ? [{ type: 'closeTicket', ticketKey: prod }] : [];
    default:
      return [];
  }
}

/** Facts a stage action changes: the customer's agreement at stage 16 confirms the slot; a No-Go opens the engineer's restore. */
export function upgradeFactsAfter(change: Change): UpgradeFacts {
  const { after, action, actor, now } = change;
  const facts = after.facts;
  const proposal = stepState(after, SLOT_STAGE).proposal;
  if (action.type === 'agree' && action.step === SLOT_STAGE && proposal) {
    return { ...facts, slot: { start: new Date(proposal.value).toISOString(), confirmedBy: actor.accountId, confirmedAt: now.toISOString(), proposedBy: proposal.proposedBy, ...(proposal.hours !== undefined ? { hours: proposal.hours } : {}) } };
  }
  if (action.type === 'reopen' && action.step === SLOT_STAGE) return { ...facts, slot: null };
  if (isNoGo(change)) return noGoFacts(change);
  return facts;
}

/** The ClinSpark upgrade step plan: its phases, 28 stages and rules, as the engine runs it. */
export const UPGRADE_PLAYBOOK: PlaybookDefinition<UpgradeFacts, typeof UPGRADE_KIND> = {
  kind: UPGRADE_KIND,
  title: 'ClinSpark upgrade plan',
  phases: UPGRADE_PHASES,
  steps: UPGRADE_STAGES,
  rules: UPGRADE_RULES,
  // The PM hands a stage to another holder of its roles (stage 11: to an engineer or a solution specialist).
  reassignedBy: ['IQVIA PM'],
  signatures: UPGRADE_SIGNATURES,
  announcements: upgradeAnnouncements,
  onAccepted: upgradeFactsAfter,
};
