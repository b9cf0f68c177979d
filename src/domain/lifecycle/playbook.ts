import type { Plan, PlaybookDefinition } from '../playbook';
import { definePlaybook } from '../playbooks/define';
import { lifecyclePhases, SCENARIOS, type Scenario } from './phases';
import { lifecycleSteps } from './steps';

/** What the implementation lifecycle plan knows besides its steps. */
export interface LifecycleFacts {
  /** The service desk ticket the plan lives on; phase messages are posted there. */
  ticketKey: string;
  /** Chosen at creation; it changes what phase 3 asks for. */
  scenario: Scenario;
}

export type LifecyclePlan = Plan<LifecycleFacts>;
export const LIFECYCLE_KIND = 'implementation-lifecycle';

function lifecyclePlaybook(scenario: Scenario): PlaybookDefinition<LifecycleFacts> {
  return definePlaybook<LifecycleFacts>({
    kind: LIFECYCLE_KIND,
    title: 'Implementation lifecycle',
    phases: lifecyclePhases(scenario),
    steps: lifecycleSteps(scenario),
    ticketOf: (plan) => plan.facts.ticketKey,
  });
}

/** The implementation lifecycle (seed 000) as data, one declaration per scenario. */
export const LIFECYCLE_PLAYBOOKS: Readonly<Record<Scenario, PlaybookDefinition<LifecycleFacts>>> = {
  A: lifecyclePlaybook('A'),
  B: lifecyclePlaybook('B'),
};

export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value);
}

export function lifecyclePlaybookOf(plan: LifecyclePlan): PlaybookDefinition<LifecycleFacts> {
  return LIFECYCLE_PLAYBOOKS[plan.facts.scenario];
}
