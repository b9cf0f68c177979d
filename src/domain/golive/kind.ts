import { defineKind, type PlanKindDefinition } from '../kind';
import { dueDates, overdueSteps } from '../schedule';
import { summarizeGoLivePlan } from './plan';
import { GO_LIVE_KIND, GO_LIVE_PLAYBOOK, type GoLivePlan } from './playbook';
import { applyGoLiveChangeToRegistry } from './registryEffects';

export const GO_LIVE_TICKET_KIND = 'goLive';

/** The PROD go-live: six steps on one ticket, which answers for all of them. */
export const GO_LIVE: PlanKindDefinition<GoLivePlan> = defineKind<GoLivePlan>({
  kind: GO_LIVE_KIND,
  ticketKinds: [GO_LIVE_TICKET_KIND],
  playbookOf: () => GO_LIVE_PLAYBOOK,
  titleOf: (plan) => `PROD go-live at ClinSpark ${plan.facts.version}`,
  versionOf: (plan) => plan.facts.version,
  ticketsOf: (plan) => [{ key: plan.facts.ticketKey, kind: GO_LIVE_TICKET_KIND, resolved: false }],
  workTicketOf: (plan) => plan.facts.ticketKey,
  summary: (plan, calendar, now) => {
    const overdue = overdueSteps(plan, dueDates(GO_LIVE_PLAYBOOK, plan, calendar, null), now);
    return { ...summarizeGoLivePlan(plan, overdue), title: GO_LIVE.titleOf(plan), targetVersion: plan.facts.version, decision: 'pending', slot: null };
  },
  registryEffects: applyGoLiveChangeToRegistry,
});
