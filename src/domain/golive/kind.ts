import { refuse } from '../errors';
import { defineKind, planIdFor, type PlanKindDefinition } from '../kind';
import { dueDates, overdueSteps } from '../schedule';
import { createGoLivePlan, recordGoLiveIqDocumentation, summarizeGoLivePlan } from './plan';
import { GO_LIVE_KIND, GO_LIVE_PLAYBOOK, type GoLivePlan } from './playbook';
import { applyGoLiveChangeToRegistry } from './registryEffects';

export const GO_LIVE_TICKET_KIND = 'goLive';

/** The PROD go-live: six steps on one ticket, which answers for all of them. */
export const GO_LIVE: PlanKindDefinition<GoLivePlan> = defineKind<GoLivePlan>({
  kind: GO_LIVE_KIND,
  ticketLabels: { [GO_LIVE_TICKET_KIND]: 'PROD go-live request' },
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
  projectDefaults: { steps: GO_LIVE_PLAYBOOK.steps.map((s) => s.number), requestTypes: { 'PROD go-live': GO_LIVE_TICKET_KIND }, statusEffects: [] },
  // One go-live per organization and version, on the ticket that opened it.
  intake: {
    target: (request) => {
      if (!request.form.targetVersion) refuse('requestComplete', 'targetVersion is missing: say which ClinSpark version PROD goes live at.', { field: 'targetVersion' });
      return { planId: planIdFor(request.organizationId, `golive-${request.form.targetVersion}`) };
    },
    start: (request, context, now) => {
      const reporterAccountId = request.reporterAccountId ?? request.actorAccountId;
      const version = request.form.targetVersion ?? '';
      return createGoLivePlan({ planId: planIdFor(request.organizationId, `golive-${version}`), organizationId: request.organizationId, reporterAccountId, ticketKey: request.key, version }, context.roles, { accountId: reporterAccountId, role: 'Customer' }, now);
    },
    join: (plan) => refuse('ticketOnce', `this organization's PROD go-live plan already lives on ${plan.facts.ticketKey}.`, { field: 'issue' }),
  },
  // The go-live's IQ documentation is its step 5's document; the plan change moves the registry's PROD pair with it.
  commands: { recordIqDocumentation: (plan, record, actor, now) => recordGoLiveIqDocumentation(plan, record.reference, actor, now, record.reason) },
});
