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

export const LIFECYCLE_KIND = 'implementation-lifecycle';
export type LifecyclePlan = Plan<LifecycleFacts, typeof LIFECYCLE_KIND>;
export type LifecyclePlaybook = PlaybookDefinition<LifecycleFacts, typeof LIFECYCLE_KIND>;

function lifecyclePlaybook(scenario: Scenario): LifecyclePlaybook {
  return definePlaybook<LifecycleFacts, typeof LIFECYCLE_KIND>({
    kind: LIFECYCLE_KIND,
    title: 'Implementation lifecycle',
    phases: lifecyclePhases(scenario),
    steps: lifecycleSteps(scenario),
    ticketOf: (plan) => plan.facts.ticketKey,
  });
}

/** The implementation lifecycle (seed 000) as data, one declaration per scenario. */
export const LIFECYCLE_PLAYBOOKS: Readonly<Record<Scenario, LifecyclePlaybook>> = {
  A: lifecyclePlaybook('A'),
  B: lifecyclePlaybook('B'),
};

export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value);
}

export function lifecyclePlaybookOf(plan: LifecyclePlan): LifecyclePlaybook {
  return LIFECYCLE_PLAYBOOKS[plan.facts.scenario];
}
