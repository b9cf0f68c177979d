import { refuse } from '../errors';
import { defineKind, planIdFor, type PlanKindDefinition } from '../kind';
import { dueDates, overdueSteps } from '../schedule';
import { SCENARIO_NAMES } from './phases';
import { createLifecyclePlan, summarizeLifecyclePlan } from './plan';
import { isScenario, LIFECYCLE_KIND, LIFECYCLE_PLAYBOOKS, lifecyclePlaybookOf, type LifecyclePlan } from './playbook';

export const LIFECYCLE_TICKET_KIND = 'implementation';

/**
 * The implementation lifecycle: seven phases on one ticket, under scenario A or B. It deploys the customer's system;
 * it does not move ClinSpark environments, so it has no registry effects.
 */
export const LIFECYCLE: PlanKindDefinition<LifecyclePlan> = defineKind<LifecyclePlan>({
  kind: LIFECYCLE_KIND,
  ticketLabels: { [LIFECYCLE_TICKET_KIND]: 'Implementation request' },
  playbookOf: lifecyclePlaybookOf,
  titleOf: (plan) => `Implementation lifecycle, ${SCENARIO_NAMES[plan.facts.scenario]}`,
  versionOf: () => '',
  ticketsOf: (plan) => [{ key: plan.facts.ticketKey, kind: LIFECYCLE_TICKET_KIND, resolved: false }],
  workTicketOf: (plan) => plan.facts.ticketKey,
  summary: (plan, calendar, now) => {
    const overdue = overdueSteps(plan, dueDates(lifecyclePlaybookOf(plan), plan, calendar, null), now);
    const uat = plan.attempts.at(-1)?.outcome;
    return { ...summarizeLifecyclePlan(plan, overdue), title: LIFECYCLE.titleOf(plan), targetVersion: '', decision: uat ?? 'pending', slot: null };
  },
  projectDefaults: { steps: [...new Set(Object.values(LIFECYCLE_PLAYBOOKS).flatMap((p) => p.steps.map((s) => s.number)))], requestTypes: { Implementation: LIFECYCLE_TICKET_KIND }, statusEffects: [] },
  // One lifecycle per implementation ticket.
  intake: {
    target: (request) => ({ planId: planIdFor(request.organizationId, `implementation-${request.key}`) }),
    start: (request, context, now) => {
      const reporterAccountId = request.reporterAccountId ?? request.actorAccountId;
      // A select field answers "Scenario B", a text field "B": the scenario is the last letter either way, A when absent.
      const scenario = (request.form.scenario ?? 'A').toUpperCase().slice(-1);
      const planId = planIdFor(request.organizationId, `implementation-${request.key}`);
      return createLifecyclePlan({ planId, organizationId: request.organizationId, reporterAccountId, ticketKey: request.key, scenario: isScenario(scenario) ? scenario : 'A' }, context.roles, { accountId: reporterAccountId, role: 'Customer' }, now);
    },
    join: (plan) => refuse('ticketOnce', `this organization's implementation plan already lives on ${plan.facts.ticketKey}.`, { field: 'issue' }),
  },
});
