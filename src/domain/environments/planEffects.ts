import type { AuditEntry } from '../audit';
import { stepState } from '../engine';
import type { Plan, StepStatus } from '../playbook';
import type { PlanOrigin } from './instance';
import { liveInstance, transitionInstance, type EnvironmentRegistry, type RegistryActor, type RegistryChange } from './registry';

/**
 * What any kind of plan needs to move the registry with its changes; each kind's own effects live in its folder
 * (`upgrade/registryEffects.ts`, `golive/registryEffects.ts`).
 */

/** One accepted plan change, as the application layer has it: the plan before and after, and who made it. */
export interface AcceptedPlanChange<F> {
  before: Plan<F>;
  after: Plan<F>;
  actor: RegistryActor;
}

export interface RegistryEffects {
  registry: EnvironmentRegistry;
  /** One per registry change, in order; empty when the plan change does not touch the registry. */
  entries: readonly AuditEntry[];
}

/** Applies registry changes in order; the first refusal throws, so the caller keeps neither plan nor registry. */
export class RegistryEffectsRun {
  readonly entries: AuditEntry[] = [];
  constructor(public registry: EnvironmentRegistry) {}
  run(change: (registry: EnvironmentRegistry) => RegistryChange): void {
    const result = change(this.registry);
    this.registry = result.registry;
    this.entries.push(result.entry);
  }
  result(): RegistryEffects {
    return { registry: this.registry, entries: this.entries };
  }
}

export const UNDER_WAY: readonly StepStatus[] = ['in progress', 'done'];

/** The change took the step into one of the statuses (it was in none of them before). */
export const entered = <F>(change: AcceptedPlanChange<F>, step: number, statuses: readonly StepStatus[]): boolean =>
  statuses.includes(stepState(change.after, step).status) && !statuses.includes(stepState(change.before, step).status);

/** Instances still provisioning become active (their IQ documentation is checked by the registry). */
export function readyIfProvisioning(effects: RegistryEffectsRun, names: readonly string[], actor: RegistryActor, via: PlanOrigin, now: Date): void {
  for (const name of names) {
    if (liveInstance(effects.registry, name)?.state === 'provisioning') effects.run((r) => transitionInstance(r, { instance: name, to: 'active' }, actor, now, via));
  }
}
