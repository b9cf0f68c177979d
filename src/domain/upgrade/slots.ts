import { stepState } from '../engine';
import type { StepProposal } from '../playbook';
import type { KindSlot } from '../slots';
import type { UpgradeFacts } from './facts';
import type { UpgradePlan } from './plan';
import { SLOT_STAGE, UPGRADE_PHASES, UPGRADE_STAGES } from './stages';

/** A slot's length when the PM named none (issue #14: "four hours by default"), and in records of older releases. */
export const DEFAULT_SLOT_HOURS = 4;
/** A Day of Upgrade slot lasts from one hour to a whole day, in whole or half hours. */
export const SLOT_HOURS_MIN = 1;
export const SLOT_HOURS_MAX = 24;

export function isSlotLength(hours: number): boolean {
  return Number.isFinite(hours) && hours >= SLOT_HOURS_MIN && hours <= SLOT_HOURS_MAX && Number.isInteger(hours * 2);
}

export function slotHoursOf(slot: Pick<StepProposal, 'hours'> | Pick<NonNullable<UpgradeFacts['slot']>, 'hours'>): number {
  return slot.hours ?? DEFAULT_SLOT_HOURS;
}

const DAY_OF_UPGRADE = UPGRADE_PHASES.find((p) => p.id === 'day-of-upgrade')!;
/** The Day of Upgrade stages the IQVIA engineer owns (backups, PROD MAIN and TEST): their owners work in the slot. */
const ENGINEER_STAGES = UPGRADE_STAGES.filter((s) => s.phase === DAY_OF_UPGRADE.id && s.roles.includes('IQVIA Engineer')).map((s) => s.number);

/** The slot of an upgrade: confirmed once the customer agreed (stage 16), proposed while the PM's proposal waits; else none. */
export function upgradeSlotOf(plan: UpgradePlan): KindSlot | null {
  const engineers = [...new Set(ENGINEER_STAGES.map((n) => stepState(plan, n).owner).filter((o): o is string => !!o))];
  const base = { phase: DAY_OF_UPGRADE.name, engineers };
  if (plan.facts.slot) return { ...base, start: plan.facts.slot.start, hours: slotHoursOf(plan.facts.slot), state: 'confirmed' };
  const proposal = stepState(plan, SLOT_STAGE).proposal;
  if (!proposal || proposal.declined || proposal.agreed) return null;
  const start = new Date(proposal.value);
  return Number.isNaN(start.getTime()) ? null : { ...base, start: start.toISOString(), hours: slotHoursOf(proposal), state: 'proposed' };
}
