import type { AcceptedStepChange, Notice, PlaybookDefinition } from '../playbook';
import type { UpgradeFacts } from './facts';
import { isNoGo, noGoFacts, noGoNotices } from './noGo';
import { UPGRADE_RULES } from './rules';
import { GO, UPGRADE_PHASES, UPGRADE_STAGES } from './stages';
import { ticketFor } from './tickets';

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
    case 16:
      return facts.slot ? comment(prod, `The upgrade slot is confirmed: ${formatSlot(facts.slot.start)}.`) : [];
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

/** Facts a stage action changes: stage 16 confirms the slot; a No-Go opens the engineer's restore. */
export function upgradeFactsAfter(change: Change): UpgradeFacts {
  const { after, action, actor, now } = change;
  const facts = after.facts;
  if (action.type === 'complete' && action.step === 16 && action.slot) {
    return { ...facts, slot: { start: new Date(action.slot).toISOString(), confirmedBy: actor.accountId, confirmedAt: now.toISOString() } };
  }
  if (action.type === 'reopen' && action.step === 16) return { ...facts, slot: null };
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
  announcements: upgradeAnnouncements,
  onAccepted: upgradeFactsAfter,
};
