import { defineKind, type PlanKindDefinition } from '../kind';
import { PROD_INSTANCES } from './facts';
import { summarizeUpgradePlan, upgradeDueDates, type UpgradePlan } from './plan';
import { UPGRADE_KIND, UPGRADE_PLAYBOOK, valInstruction } from './playbook';
import { applyUpgradeChangeToRegistry } from './registryEffects';
import { TICKET_KINDS } from './request';
import { STAGES_OWED_BY_TICKET, ticketFor } from './tickets';

/** Stage 18, data updates: required only when the upgrade crosses several releases (rule 2). */
const DATA_UPDATES_STAGE = 18;

/** Rule 2 and 3: the releases to read at stage 1, the VAL instruction at 4 and 6, whether stage 18 is required. */
function upgradeGuidance(plan: UpgradePlan, step: number): string | null {
  const facts = plan.facts;
  if (step === 1 && facts.releasesCrossed.length > 0) return `Release notes to review: ${facts.releasesCrossed.join(', ')}.`;
  if (step === 4 || step === 6) return valInstruction(facts);
  if (step === DATA_UPDATES_STAGE) return facts.dataUpdatesRequired ? `Required: the upgrade crosses ${facts.releasesCrossed.length} releases.` : 'Optional: the upgrade crosses a single release.';
  return null;
}

/** The ClinSpark upgrade: 28 stages over several tickets (intent, VAL request, validation issues, PROD request). */
export const UPGRADE: PlanKindDefinition<UpgradePlan> = defineKind<UpgradePlan>({
  kind: UPGRADE_KIND,
  ticketKinds: TICKET_KINDS,
  playbookOf: () => UPGRADE_PLAYBOOK,
  titleOf: (plan) => `ClinSpark ${plan.facts.currentVersion} → ${plan.facts.targetVersion}`,
  versionOf: (plan) => plan.facts.targetVersion,
  ticketsOf: (plan) => plan.facts.tickets,
  workTicketOf: (plan) => ticketFor(plan.facts, ['prodRequest', 'valRequest', 'intent']),
  stagesOwedBy: (plan, ticketKey) => {
    const ticket = plan.facts.tickets.find((t) => t.key === ticketKey);
    return ticket ? STAGES_OWED_BY_TICKET[ticket.kind] : [];
  },
  dueDates: upgradeDueDates,
  summary: (plan, calendar, now) => ({ ...summarizeUpgradePlan(plan, calendar, now), title: UPGRADE.titleOf(plan) }),
  registryEffects: applyUpgradeChangeToRegistry,
  forms: {
    5: { type: 'details', ticketKind: 'valRequest' },
    13: { type: 'details', ticketKind: 'prodRequest' },
    16: { type: 'slot' },
    20: { type: 'backup', instances: PROD_INSTANCES },
  },
  guidance: upgradeGuidance,
  required: (plan, step) => !(step === DATA_UPDATES_STAGE && !plan.facts.dataUpdatesRequired),
});
