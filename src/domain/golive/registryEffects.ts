import { entered, readyIfProvisioning, RegistryEffectsRun, type AcceptedPlanChange, type RegistryEffects } from '../environments/planEffects';
import type { PlanOrigin } from '../environments/instance';
import { liveInstance, recordIqDocumentation, requestEnvironment, transitionInstance, type EnvironmentRegistry } from '../environments/registry';
import { FINAL_QC_STEP, IQ_DOCUMENTATION, type GoLiveFacts } from './playbook';

/**
 * What an accepted change of the PROD go-live plan does to the registry: step 3 (the migration program produces the
 * new instance) provisions the PROD pair at the go-live version; recorded IQ documentation goes on both PROD
 * instances; the customer's final QC (step 6) marks them ready.
 */
export function applyGoLiveChangeToRegistry(registry: EnvironmentRegistry, change: AcceptedPlanChange<GoLiveFacts>, now: Date): RegistryEffects {
  const effects = new RegistryEffectsRun(registry);
  const { before, after, actor } = change;
  const via = (step: number | null): PlanOrigin => ({ planId: after.id, step, attempt: before.attempt });
  if (entered(change, 3, ['done']) && !liveInstance(effects.registry, 'PROD MAIN')) {
    effects.run((r) => requestEnvironment(r, { kind: 'PROD', version: after.facts.version, reason: 'PROD go-live: the migration program produced the new instance.' }, actor, now, via(3)));
    for (const name of ['PROD MAIN', 'PROD TEST']) effects.run((r) => transitionInstance(r, { instance: name, to: 'provisioning' }, actor, now, via(3)));
  }
  const known = new Set((before.documents ?? []).map((d) => `${d.document}|${d.reference}|${d.recordedBy}|${d.at}`));
  const recorded = (after.documents ?? []).filter((d) => !known.has(`${d.document}|${d.reference}|${d.recordedBy}|${d.at}`));
  for (const document of recorded.filter((d) => d.document === IQ_DOCUMENTATION && d.reference)) {
    effects.run((r) => recordIqDocumentation(r, { instance: 'PROD', reference: document.reference! }, { accountId: document.recordedBy, role: actor.role }, now, via(null)));
  }
  if (entered(change, FINAL_QC_STEP, ['done'])) readyIfProvisioning(effects, ['PROD MAIN', 'PROD TEST'], actor, via(FINAL_QC_STEP), now);
  return effects.result();
}
