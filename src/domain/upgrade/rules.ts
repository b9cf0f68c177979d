/**
 * The rules of the upgrade plan (`../shared/domain.md`, "Rules the engine enforces") and the code that enforces each,
 * as `file: symbol, symbol` from this folder; the tests of `test/domain/upgrade/rules.test.ts` are named after them.
 *
 * 1. Sandbox out of scope, nothing created — request.ts: sandboxOutOfScope, requireUpgradableInstances
 * 2. Newer target; releases crossed listed at stage 1; stage 18 required across versions — request.ts: requireNewerTarget; ../version.ts: releasesBetween; rules.ts: dataUpdatesRequiredAcrossVersions
 * 3. Replace or create the VAL, decided by the registry — playbook.ts: valInstruction; ../environments/registry.ts: upgradeContextOf
 * 4. Stage 5 and 13 tickets carry their details, else the stage stays blocked — request.ts: validateDetails, missingDetails, FORWARD_COMPATIBILITY_WARNING; rules.ts: requestDetailsComplete; plan.ts: provideDetails, attachTicket
 * 5. Validation issues are linked tickets; 11 waits for them (Jira's newest truth per ticket), each addressed by its handler (Support unless the PM hands it to an Engineer or Solution Specialist); 12 gates 13 — rules.ts: validationIssuesResolvedBeforeStage11; plan.ts: applyTicketStatus; validationParts.ts: handValidationTicket, addressValidationTicket; stages.ts: UPGRADE_STAGES
 * 6. Day of Upgrade in order, after the slot (16) the PM proposes from the customer's preferred ones and the customer agrees to, backups (20) before PROD MAIN — stages.ts: UPGRADE_STAGES; rules.ts: slotProposedFromPreferredSlots, slotAgreedBeforeItStarts, backupBeforeProdUpgrade; plan.ts: recordBackup
 *    The slot lasts 1–24 hours in half hours (4 by default), falls on working days, and an engineer's overlapping slots are shown as conflicts (issue #14) — rules.ts: slotLengthInHalfHours, slotOnWorkingDays; slots.ts: upgradeSlotOf; ../slots.ts: slotConflicts
 * 7. Stage 24 Go / No-Go, by the named decision makers; No-Go opens the engineer's restore, whose confirmation rolls PROD MAIN back and restarts Prep for Upgrade — stages.ts: UPGRADE_STAGES; noGo.ts: NO_GO_OPTION, noGoRestoresBackup, noGoFacts, noGoNotices, recordRestore, noGoRegistryEffects
 * 8. What stages 3, 7, 16, 22, 24, 26 and 28 tell the customer or do to tickets — playbook.ts: upgradeAnnouncements
 * 9. Due dates in working days from the phases and the slot; overdue at a glance — plan.ts: upgradeDueDates
 * 10. Upgraded is not ready (domain.md, environments): "upgraded, IQ documentation pending" until the new version's IQ documentation; stage 28 closes only on a PROD MAIN and TEST documented at the target — rules.ts: prodIqDocumentedBeforeClosing, prodIqDocumentationMissing, closingRefusal; registryEffects.ts: applyUpgradeChangeToRegistry; ../environments/instance.ts: readinessOf, iqDocumentedAt
 */
import { iqDocumentedAt } from '../environments/instance';
import { liveInstance, type EnvironmentRegistry } from '../environments/registry';
import { PlanRefusal, refusalOf } from '../errors';
import { stepState } from '../engine';
import type { PlanRule, RuleInput } from '../playbook';
import { backupsMissing, PROD_INSTANCES, type UpgradeFacts } from './facts';
import { noGoRestoresBackup } from './noGo';
import { missingDetails, requireFutureSlot, type TicketKind } from './request';
import { nonWorkingDaysOf } from '../slots';
import type { WorkingCalendar } from '../calendar';
import { DEFAULT_SLOT_HOURS, isSlotLength, SLOT_HOURS_MAX, SLOT_HOURS_MIN } from './slots';

export { backupsMissing, noGoRestoresBackup };
export { PROD_INSTANCES, type ProdInstance } from './facts';

type UpgradeRule = PlanRule<UpgradeFacts>;

const touches = (input: RuleInput<UpgradeFacts>, stage: number, types: readonly string[]): boolean =>
  input.step.number === stage && types.includes(input.action.type);

export function unresolvedTickets(facts: UpgradeFacts, kind: TicketKind): string[] {
  return facts.tickets.filter((t) => t.kind === kind && !t.resolved).map((t) => t.key);
}

/** Rule 2: a multi-version upgrade needs its data updates (stage 18): required, not optional. */
export const dataUpdatesRequiredAcrossVersions: UpgradeRule = {
  name: 'dataUpdatesRequiredAcrossVersions',
  check(input) {
    if (touches(input, 18, ['skip']) && input.plan.facts.dataUpdatesRequired) {
      return new PlanRefusal(this.name, `stage 18 cannot be skipped: the upgrade crosses ${input.plan.facts.releasesCrossed.join(', ')}, so data updates are required`, { stage: 18, field: 'step' });
    }
    return undefined;
  },
};

/** Rule 4: stage 5 and stage 13 tickets carry the details the seed asks for, or the stage stays blocked. */
export const requestDetailsComplete: UpgradeRule = {
  name: 'requestDetailsComplete',
  check(input) {
    for (const [stage, kind] of [[5, 'valRequest'], [13, 'prodRequest']] as const) {
      if (!touches(input, stage, ['start', 'complete'])) continue;
      if (!input.plan.facts.tickets.some((t) => t.kind === kind)) {
        return new PlanRefusal(this.name, `stage ${stage} needs its service desk ticket: raise the ${stage === 5 ? 'VAL' : 'PROD upgrade'} request first`, { stage, field: 'step' });
      }
      const missing = missingDetails(stage, input.plan.facts.details[kind]);
      if (missing.length > 0) return new PlanRefusal(this.name, `stage ${stage} needs the request's details: missing ${missing.join('; ')}`, { stage, field: 'details' });
    }
    return undefined;
  },
};

/** Rule 5: stage 11 cannot be done while a linked validation ticket is unresolved, or not yet addressed by its handler. */
export const validationIssuesResolvedBeforeStage11: UpgradeRule = {
  name: 'validationIssuesResolvedBeforeStage11',
  check(input) {
    if (!touches(input, 11, ['complete', 'skip'])) return undefined;
    const open = unresolvedTickets(input.plan.facts, 'validationIssue');
    if (open.length > 0) return new PlanRefusal(this.name, `stage 11 needs every validation ticket resolved: ${open.join(', ')} still open`, { stage: 11, field: 'step' });
    const unaddressed = unaddressedTickets(input.plan.facts);
    return unaddressed.length > 0 ? new PlanRefusal(this.name, `stage 11 needs every validation ticket addressed by its handler: ${unaddressed.join(', ')} not yet`, { stage: 11, field: 'step' }) : undefined;
  },
};

/** The validation tickets whose handler has not recorded them addressed. */
export function unaddressedTickets(facts: UpgradeFacts): string[] {
  return facts.tickets.filter((t) => t.kind === 'validationIssue' && !t.addressed).map((t) => t.key);
}

/** The customer's preferred slots (stage 13's request), as instants. */
export function preferredSlotsOf(facts: UpgradeFacts): string[] {
  return (facts.details.prodRequest?.preferredSlots ?? []).map((slot) => new Date(slot).toISOString());
}


/**
 * Rule 6: the PM proposes a slot from the customer's preferred ones (stage 13); another one only with the reason none
 * of them fits, which the customer reads before agreeing.
 */
export const slotProposedFromPreferredSlots: UpgradeRule = {
  name: 'slotProposedFromPreferredSlots',
  check(input) {
    if (!touches(input, 16, ['propose']) || input.action.type !== 'propose') return undefined;
    const invalid = refusalOf(() => requireFutureSlot(input.action.type === 'propose' ? input.action.value : undefined, 'value', input.now));
    if (invalid) return invalid;
    const slot = new Date(input.action.value.trim()).toISOString();
    const preferred = preferredSlotsOf(input.plan.facts);
    if (preferred.includes(slot) || input.action.reason?.trim()) return undefined;
    const asked = preferred.length > 0 ? `the customer asked for ${preferred.join(', ')}` : 'the customer named no preferred slot';
    return new PlanRefusal(this.name, `stage 16: ${slot} is none of the customer's preferred slots (${asked}): say why none of them fits`, { stage: 16, field: 'reason' });
  },
};

/** Issue #14: the slot the PM proposes lasts from one hour to a day, in whole or half hours (four when not said). */
export const slotLengthInHalfHours: UpgradeRule = {
  name: 'slotLengthInHalfHours',
  check(input) {
    if (!touches(input, 16, ['propose']) || input.action.type !== 'propose' || input.action.hours === undefined) return undefined;
    if (isSlotLength(input.action.hours)) return undefined;
    return new PlanRefusal(this.name, `stage 16: the slot lasts ${SLOT_HOURS_MIN} to ${SLOT_HOURS_MAX} hours in whole or half hours (${DEFAULT_SLOT_HOURS} when not said), not ${input.action.hours}`, { stage: 16, field: 'hours' });
  },
};

/**
 * Issue #14: a slot falls on the project's working days (settings calendar), every day it touches; the calendar lives
 * in the project's settings, not in the plan, so the kind gives this rule with the calendar (`calendarRules`).
 */
export const slotOnWorkingDays = {
  name: 'slotOnWorkingDays',
  over(calendar: WorkingCalendar): UpgradeRule {
    return {
      name: this.name,
      check: (input) => {
        if (!touches(input, 16, ['propose']) || input.action.type !== 'propose') return undefined;
        const start = new Date(input.action.value.trim());
        if (Number.isNaN(start.getTime())) return undefined;
        const hours = input.action.hours ?? DEFAULT_SLOT_HOURS;
        const closed = nonWorkingDaysOf({ start: start.toISOString(), hours }, calendar);
        return closed.length > 0
          ? new PlanRefusal(this.name, `stage 16: the slot ${start.toISOString()} (${hours} hours) falls on ${closed.join(', ')}, not a working day of the project's calendar: propose a working day`, { stage: 16, field: 'value' })
          : undefined;
      },
    };
  },
};

/** Rule 6: the customer agrees to a slot still ahead; a slot that has passed is declined, and the PM proposes another. */
export const slotAgreedBeforeItStarts: UpgradeRule = {
  name: 'slotAgreedBeforeItStarts',
  check(input) {
    if (!touches(input, 16, ['agree'])) return undefined;
    const proposed = stepState(input.plan, 16).proposal?.value;
    if (proposed && new Date(proposed).getTime() > input.now.getTime()) return undefined;
    return new PlanRefusal(this.name, `stage 16: the proposed slot ${proposed ?? ''} has already started: decline it so that the IQVIA PM proposes another`, { stage: 16, field: 'step' });
  },
};

/** Rule 6: stage 20 records a backup of PROD MAIN and TEST; stage 21 needs both before PROD MAIN is touched. */
export const backupBeforeProdUpgrade: UpgradeRule = {
  name: 'backupBeforeProdUpgrade',
  check(input) {
    const starting21 = touches(input, 21, ['start', 'complete']);
    if (!touches(input, 20, ['complete']) && !starting21) return undefined;
    const missing = backupsMissing(input.plan.facts, input.plan.attempt);
    if (missing.length === 0) return undefined;
    const prefix = starting21 ? 'stage 21 needs stage 20' : 'stage 20 needs its backups';
    return new PlanRefusal(this.name, `${prefix}: no backup recorded for ${missing.join(' and ')}`, { stage: input.step.number, field: 'backups' });
  },
};

/** The stage that closes the plan (and the PROD request). */
export const CLOSING_STAGE = 28;

/** Rule 10: the PROD instances without IQ documentation of the target version, each with what it lacks. */
export function prodIqDocumentationMissing(registry: EnvironmentRegistry, target: string): string[] {
  return PROD_INSTANCES.flatMap((name) => {
    const instance = liveInstance(registry, name);
    if (!instance) return [`${name} (not in the registry)`];
    return iqDocumentedAt(instance, target) ? [] : [`${name} (runs ${instance.version}; no IQ documentation of ${target})`];
  });
}

/** Rule 10: the refusal of closing the plan while PROD lacks the IQ documentation of the target, or none. */
export function closingRefusal(registry: EnvironmentRegistry, facts: Pick<UpgradeFacts, 'targetVersion'>): PlanRefusal | undefined {
  const missing = prodIqDocumentationMissing(registry, facts.targetVersion);
  return missing.length > 0
    ? new PlanRefusal(prodIqDocumentedBeforeClosing.name, `stage ${CLOSING_STAGE} cannot close the plan before the IQ documentation of ${facts.targetVersion} is recorded for PROD MAIN and PROD TEST: missing for ${missing.join(' and ')}. IQVIA records it in the Environments tab.`, { stage: CLOSING_STAGE, field: 'iqDocumentation' })
    : undefined;
}

/**
 * Rule 10, as the panels see it: the customer's registry is not part of the plan, so the kind gives this rule to
 * `availableActions` with the registry it holds; `applyUpgradeChangeToRegistry` enforces it on every change.
 */
export const prodIqDocumentedBeforeClosing = {
  name: 'prodIqDocumentedBeforeClosing',
  over(registry: EnvironmentRegistry): UpgradeRule {
    return { name: this.name, check: (input) => (touches(input, CLOSING_STAGE, ['complete', 'skip']) ? closingRefusal(registry, input.plan.facts) : undefined) };
  },
};

export const UPGRADE_RULES: readonly UpgradeRule[] = [
  dataUpdatesRequiredAcrossVersions,
  requestDetailsComplete,
  validationIssuesResolvedBeforeStage11,
  slotProposedFromPreferredSlots,
  slotLengthInHalfHours,
  slotAgreedBeforeItStarts,
  backupBeforeProdUpgrade,
  noGoRestoresBackup,
];
