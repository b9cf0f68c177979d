import { PlanRefusal } from '../errors';
import type { PlanRule, RuleInput } from '../playbook';
import { missingDetails, requireFutureSlot, type TicketKind } from './request';
import type { UpgradeFacts } from './facts';

type UpgradeRule = PlanRule<UpgradeFacts>;

const touches = (input: RuleInput<UpgradeFacts>, stage: number, types: readonly string[]): boolean =>
  input.step.number === stage && types.includes(input.action.type);

/** The PROD instances stage 20 backs up before anything is upgraded. */
export const PROD_INSTANCES = ['PROD MAIN', 'PROD TEST'] as const;
export type ProdInstance = (typeof PROD_INSTANCES)[number];

export function backupsMissing(facts: UpgradeFacts, attempt: number): ProdInstance[] {
  return PROD_INSTANCES.filter((instance) => !facts.backups.some((b) => b.instance === instance && b.attempt === attempt));
}

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

/** Rule 5: stage 11 cannot be done while a linked validation ticket is unresolved. */
export const validationIssuesResolvedBeforeStage11: UpgradeRule = {
  name: 'validationIssuesResolvedBeforeStage11',
  check(input) {
    if (!touches(input, 11, ['complete', 'skip'])) return undefined;
    const open = unresolvedTickets(input.plan.facts, 'validationIssue');
    return open.length > 0 ? new PlanRefusal(this.name, `stage 11 needs every validation ticket resolved: ${open.join(', ')} still open`, { stage: 11, field: 'step' }) : undefined;
  },
};

/** Rule 6: stage 16 confirms the slot; no Day of Upgrade stage starts before it (declared in the stages' order). */
export const slotConfirmedAtStage16: UpgradeRule = {
  name: 'slotConfirmedAtStage16',
  check(input) {
    if (!touches(input, 16, ['complete']) || input.action.type !== 'complete') return undefined;
    if (!input.action.slot) return new PlanRefusal(this.name, 'stage 16 needs the confirmed time slot', { stage: 16, field: 'slot' });
    try {
      requireFutureSlot(input.action.slot, 'slot', input.now);
      return undefined;
    } catch (refusal) {
      if (refusal instanceof PlanRefusal) return refusal;
      throw refusal;
    }
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

/** Rule 7: a No-Go restores PROD MAIN from this attempt's stage 20 backup, so that backup must exist. */
export const noGoRestoresBackup: UpgradeRule = {
  name: 'noGoRestoresBackup',
  check(input) {
    if (input.action.type !== 'decide' || input.action.outcome !== 'No-Go') return undefined;
    return backupsMissing(input.plan.facts, input.plan.attempt).includes('PROD MAIN')
      ? new PlanRefusal(this.name, 'No-Go needs the stage 20 backup of PROD MAIN to restore', { stage: 24, field: 'backups' })
      : undefined;
  },
};

export const UPGRADE_RULES: readonly UpgradeRule[] = [
  dataUpdatesRequiredAcrossVersions,
  requestDetailsComplete,
  validationIssuesResolvedBeforeStage11,
  slotConfirmedAtStage16,
  backupBeforeProdUpgrade,
  noGoRestoresBackup,
];
