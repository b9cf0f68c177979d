import { refuse } from '../errors';
import { defineKind, planIdFor, type PlanKindDefinition } from '../kind';
import { dueDates, overdueSteps } from '../schedule';
import { DEFAULT_VENDOR_NAME } from '../vendor';
import { scenarioName } from './phases';
import { createLifecyclePlan, summarizeLifecyclePlan } from './plan';
import { isScenario, LIFECYCLE_KIND, LIFECYCLE_PLAYBOOKS, lifecyclePlaybookOf, vendorOf, type LifecyclePlan } from './playbook';

export const LIFECYCLE_TICKET_KIND = 'implementation';

/**
 * The implementation lifecycle: seven phases on one ticket, under scenario A or B. It deploys the customer's system;
 * it does not move ClinSpark environments, so it has no registry effects.
 */
export const LIFECYCLE: PlanKindDefinition<LifecyclePlan> = defineKind<LifecyclePlan>({
  kind: LIFECYCLE_KIND,
  ticketLabels: { [LIFECYCLE_TICKET_KIND]: 'Implementation request' },
  playbookOf: lifecyclePlaybookOf,
  titleOf: (plan) => `Implementation lifecycle, ${scenarioName(plan.facts.scenario, vendorOf(plan))}`,
  versionOf: () => '',
  ticketsOf: (plan) => [{ key: plan.facts.ticketKey, kind: LIFECYCLE_TICKET_KIND, resolved: false }],
  workTicketOf: (plan) => plan.facts.ticketKey,
  summary: (plan, calendar, now) => {
    const overdue = overdueSteps(plan, dueDates(lifecyclePlaybookOf(plan), plan, calendar, null), now);
    const uat = plan.attempts.at(-1)?.outcome;
    return { ...summarizeLifecyclePlan(plan, overdue), title: LIFECYCLE.titleOf(plan), targetVersion: '', decision: uat ?? 'pending', slot: null };
  },
  // The panels speak of the vendor by the name the plan keeps (the portal's "What IQVIA is doing now").
  factsView: (plan) => ({ vendorName: vendorOf(plan) }),
  projectDefaults: {
    steps: [...new Set(Object.values(LIFECYCLE_PLAYBOOKS).flatMap((p) => p.steps.map((s) => s.number)))],
    requestTypes: { Implementation: LIFECYCLE_TICKET_KIND },
    statusEffects: [],
    notes: { vendorName: 'An implementation lifecycle names the vendor in its activities, scenario B and the messages the vendor sends; each plan keeps the name it was opened under.' },
  },
  // One lifecycle per implementation ticket.
  intake: {
    target: (request) => ({ planId: planIdFor(request.organizationId, `implementation-${request.key}`) }),
    start: (request, context, now) => {
      const reporterAccountId = request.reporterAccountId ?? request.actorAccountId;
      // A select field answers "Scenario B", a text field "B": the scenario is the last letter either way, A when absent.
      const scenario = (request.form.scenario ?? 'A').toUpperCase().slice(-1);
      const planId = planIdFor(request.organizationId, `implementation-${request.key}`);
      const vendorName = context.vendorName ?? DEFAULT_VENDOR_NAME;
      return createLifecyclePlan({ planId, organizationId: request.organizationId, reporterAccountId, ticketKey: request.key, scenario: isScenario(scenario) ? scenario : 'A', vendorName }, context.roles, { accountId: reporterAccountId, role: 'Customer' }, now);
    },
    join: (plan) => refuse('ticketOnce', `this organization's implementation plan already lives on ${plan.facts.ticketKey}.`, { field: 'issue' }),
  },
});
