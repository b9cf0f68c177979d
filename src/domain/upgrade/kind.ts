import { refuse } from '../errors';
import { defineKind, type FactsAudience, type PlanKindDefinition } from '../kind';
import { PROD_INSTANCES, type OpenRestore, type ProdInstance } from './facts';
import { UPGRADE_INTAKE } from './intake';
import { applyTicketStatus, provideDetails, recordBackup, summarizeUpgradePlan, upgradeDueDates, type UpgradePlan } from './plan';
import { UPGRADE_KIND, UPGRADE_PLAYBOOK, valInstruction } from './playbook';
import { recordRestore } from './noGo';
import { applyUpgradeChangeToRegistry } from './registryEffects';
import { prodIqDocumentedBeforeClosing, slotOnWorkingDays } from './rules';
import { slotHoursOf, upgradeSlotOf } from './slots';
import { FORWARD_COMPATIBILITY_WARNING, TICKET_KIND_LABELS, type RequestDetails } from './request';
import { STAGES_OWED_BY_TICKET, ticketFor } from './tickets';
import { addressValidationTicket, handValidationTicket, validationParts } from './validationParts';

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

/** The open restore as a panel shows it: for the customer, without the backup it restores. */
function restoreView(restore: OpenRestore | null, audience: FactsAudience): (Omit<OpenRestore, 'backupReference'> & { backupReference?: string }) | null {
  if (!restore) return null;
  const { backupReference, ...rest } = restore;
  return audience.customer ? rest : { ...rest, backupReference };
}

/** What a panel shows of an upgrade besides its stages: versions, VAL decision, slot, request details, backups. */
export function upgradeFactsView(plan: UpgradePlan, audience: FactsAudience) {
  const details = plan.facts.details.prodRequest ?? plan.facts.details.valRequest;
  return {
    currentVersion: plan.facts.currentVersion,
    targetVersion: plan.facts.targetVersion,
    releasesCrossed: plan.facts.releasesCrossed,
    valAction: plan.facts.valAction,
    slot: plan.facts.slot?.start ?? null,
    // How long the agreed slot is booked for: the .ics download and the calendar use it.
    slotHours: plan.facts.slot ? slotHoursOf(plan.facts.slot) : null,
    preferredSlots: plan.facts.details.prodRequest?.preferredSlots ?? [],
    configuration: details?.configuration ?? null,
    // Rule 4: the seed's warning, when the customer keeps configurations at their older version.
    configurationWarning: details?.configuration?.mode === 'keep-listed' ? FORWARD_COMPATIBILITY_WARNING : null,
    // Backup locations are internal to IQVIA's infrastructure.
    backups: audience.customer ? plan.facts.backups.map(({ reference: _reference, ...rest }) => rest) : plan.facts.backups,
    // The engineer's note on a restore is IQVIA's, like the backup it names.
    rollbacks: audience.customer ? plan.facts.rollbacks.map(({ backupReference: _reference, note: _note, ...rest }) => rest) : plan.facts.rollbacks,
    /** The restore a No-Go opened, until the engineer confirms it (rule 7). */
    restore: restoreView(plan.facts.restore ?? null, audience),
  };
}

/** The instances a VAL request may ask for. */
const VAL_INSTANCES = ['VAL MAIN', 'VAL TEST'] as const;

/** The request tickets whose details a customer completes (rule 4). */
const DETAILED_TICKET_KINDS = ['valRequest', 'prodRequest'] as const;

/** The ClinSpark upgrade: 28 stages over several tickets (intent, VAL request, validation issues, PROD request). */
export const UPGRADE: PlanKindDefinition<UpgradePlan> = defineKind<UpgradePlan>({
  kind: UPGRADE_KIND,
  ticketLabels: TICKET_KIND_LABELS,
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
  slotOf: upgradeSlotOf,
  summary: (plan, calendar, now) => ({ ...summarizeUpgradePlan(plan, calendar, now), title: UPGRADE.titleOf(plan) }),
  registryEffects: applyUpgradeChangeToRegistry,
  environmentRules: (registry) => [prodIqDocumentedBeforeClosing.over(registry)],
  calendarRules: (calendar) => [slotOnWorkingDays.over(calendar)],
  forms: {
    5: { type: 'details', ticketKind: 'valRequest', label: TICKET_KIND_LABELS.valRequest, instances: VAL_INSTANCES, preferredSlots: false },
    // Stage 13's request names the customer's preferred slots, which stage 16 confirms one of.
    13: { type: 'details', ticketKind: 'prodRequest', label: TICKET_KIND_LABELS.prodRequest, instances: PROD_INSTANCES, preferredSlots: true },
    16: { type: 'slot' },
    20: { type: 'backup', instances: PROD_INSTANCES },
  },
  guidance: upgradeGuidance,
  // Stage 1: the customer reviews the notes of each release the upgrade crosses (rule 2).
  releaseNotes: (plan, step) => (step === 1 ? plan.facts.releasesCrossed : null),
  factsView: upgradeFactsView,
  // Stage 24's "Customer PM and decision makers": by default the person who raised the PROD upgrade request (the plan's reporter when it started the plan).
  defaultDecisionMakers: (plan) => [plan.facts.tickets.find((t) => t.kind === 'prodRequest')?.reporter ?? plan.reporterAccountId],
  // Only the upgrade reads its tickets' statuses (stage 7, validation issues); the other plans live on their own ticket.
  ticketStatus: applyTicketStatus,
  intake: UPGRADE_INTAKE,
  projectDefaults: {
    steps: UPGRADE_PLAYBOOK.steps.map((s) => s.number),
    requestTypes: { 'Upgrade request': 'intent', 'VAL environment request': 'valRequest', 'Validation issue': 'validationIssue', 'PROD upgrade request': 'prodRequest' },
    // Stage 7 closes the VAL request: its ticket resolved completes it.
    statusEffects: [{ ticketKind: 'valRequest', status: 'Resolved', completesStage: 7 }],
    notes: {
      resolvedStatuses: 'Stage 11 waits for every validation issue to be resolved.',
      closingResolution: 'Stages 7 and 28 close the VAL and PROD requests.',
      releases: 'Stage 1 lists the releases an upgrade crosses, and stage 18 becomes required when it crosses several.',
    },
  },
  commands: {
    recordBackup: (plan, backup, actor, now) => recordBackup(plan, { ...backup, instance: backup.instance as ProdInstance }, actor, now),
    recordRestore: (plan, restore, actor, now) => recordRestore(UPGRADE_PLAYBOOK, plan, restore, actor, now),
    provideDetails: (plan, ticketKind, details, actor, now) => {
      const kind = DETAILED_TICKET_KINDS.find((k) => k === ticketKind);
      if (!kind) refuse('requestDetailsComplete', `details are given for the ${DETAILED_TICKET_KINDS.join(' or ')} ticket, not ${ticketKind}`, { field: 'kind' });
      return provideDetails(plan, kind, details as RequestDetails, actor, now);
    },
    handPart: handValidationTicket,
    addressPart: addressValidationTicket,
  },
  required: (plan, step) => !(step === DATA_UPDATES_STAGE && !plan.facts.dataUpdatesRequired),
  parts: validationParts,
});
