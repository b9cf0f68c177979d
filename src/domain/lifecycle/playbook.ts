import type { Plan, PlaybookDefinition } from '../playbook';
import { definePlaybook } from '../playbooks/define';
import { SEED_VENDOR_NAME } from '../vendor';
import { lifecyclePhases, SCENARIOS, type Scenario } from './phases';
import { lifecycleSteps } from './steps';
import { LIFECYCLE_SIGNATURES } from './signatures';

/** What the implementation lifecycle plan knows besides its steps. */
export interface LifecycleFacts {
  /** The service desk ticket the plan lives on; phase messages are posted there. */
  ticketKey: string;
  /** Chosen at creation; it changes what phase 3 asks for. */
  scenario: Scenario;
  /**
   * The vendor as the project's settings named it when the plan was opened: its texts and messages keep it, so a vendor
   * renamed later does not rewrite what the plan already said. Absent in plans of older releases (then the seed's).
   */
  vendorName?: string;
}

export const LIFECYCLE_KIND = 'implementation-lifecycle';
export type LifecyclePlan = Plan<LifecycleFacts, typeof LIFECYCLE_KIND>;
export type LifecyclePlaybook = PlaybookDefinition<LifecycleFacts, typeof LIFECYCLE_KIND>;

/** The implementation lifecycle (seed 000) as data, for one scenario and one vendor. */
export function lifecyclePlaybook(scenario: Scenario, vendor: string): LifecyclePlaybook {
  const key = `${scenario}\u0000${vendor}`;
  let playbook = DECLARED.get(key);
  if (!playbook) {
    playbook = definePlaybook<LifecycleFacts, typeof LIFECYCLE_KIND>({
      kind: LIFECYCLE_KIND,
      title: 'Implementation lifecycle',
      phases: lifecyclePhases(scenario, vendor),
      steps: lifecycleSteps(scenario, vendor),
      signatures: LIFECYCLE_SIGNATURES,
      ticketOf: (plan) => plan.facts.ticketKey,
    });
    // A project names one vendor, rarely a second: the few declarations are kept rather than rebuilt on every read.
    if (DECLARED.size >= 64) DECLARED.clear();
    DECLARED.set(key, playbook);
  }
  return playbook;
}
const DECLARED = new Map<string, LifecyclePlaybook>();

/** The seed's own words, its vendor included: what plans of older releases were shown. */
export const LIFECYCLE_PLAYBOOKS: Readonly<Record<Scenario, LifecyclePlaybook>> = {
  A: lifecyclePlaybook('A', SEED_VENDOR_NAME),
  B: lifecyclePlaybook('B', SEED_VENDOR_NAME),
};

export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value);
}

/** The vendor a plan names: the one it was opened under, else (a plan of an older release) the seed's, which it was shown. */
export function vendorOf(plan: LifecyclePlan): string {
  return plan.facts.vendorName ?? SEED_VENDOR_NAME;
}

export function lifecyclePlaybookOf(plan: LifecyclePlan): LifecyclePlaybook {
  return lifecyclePlaybook(plan.facts.scenario, vendorOf(plan));
}
