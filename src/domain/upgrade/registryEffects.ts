import { entered, readyIfProvisioning, RegistryEffectsRun, UNDER_WAY, type AcceptedPlanChange, type RegistryEffects } from '../environments/planEffects';
import type { EnvironmentInstance, PlanOrigin } from '../environments/instance';
import { liveInstance, recordInstanceBackup, requestEnvironment, transitionInstance, type EnvironmentRegistry } from '../environments/registry';
import { compareVersions } from '../version';
import type { UpgradeFacts } from './facts';
import { noGoRegistryEffects } from './noGo';
import { closingRefusal, CLOSING_STAGE } from './rules';

type Change = AcceptedPlanChange<UpgradeFacts>;

/** Stage 6: the new VAL pair at the target version, provided by this plan (the prior VAL terminated first). */
function provideVal(effects: RegistryEffectsRun, change: Change, via: PlanOrigin, now: Date): void {
  const target = change.after.facts.targetVersion;
  const val = ['VAL MAIN', 'VAL TEST'].map((name) => liveInstance(effects.registry, name));
  if (val.every((i) => i?.history[0]?.planId === change.after.id && compareVersions(i.version, target) === 0)) return;
  for (const prior of val) {
    if (prior) effects.run((r) => transitionInstance(r, { instance: prior.name, to: 'terminated', reason: `Stage 6: terminate the prior VAL and provide a new one at ${target}.` }, change.actor, now, via));
  }
  effects.run((r) => requestEnvironment(r, { kind: 'VAL', version: target, reason: `Stage 6: VAL at the target version ${target}.` }, change.actor, now, via));
  for (const name of ['VAL MAIN', 'VAL TEST']) effects.run((r) => transitionInstance(r, { instance: name, to: 'provisioning' }, change.actor, now, via));
}

/**
 * Stages 21 and 25: the PROD instance goes through `upgrading` (started) to the target version (done), once: a redo of
 * the stage (reopened after the instance reached the target) is accepted and moves nothing again.
 */
function upgradeProd(effects: RegistryEffectsRun, change: Change, step: number, name: string, now: Date): void {
  const via = { planId: change.after.id, step, attempt: change.before.attempt };
  const target = change.after.facts.targetVersion;
  const reached = (i: EnvironmentInstance) => i.state !== 'upgrading' && compareVersions(i.version, target) >= 0;
  if (entered(change, step, UNDER_WAY)) {
    const instance = liveInstance(effects.registry, name);
    const underWay = instance?.state === 'upgrading' && instance.targetVersion === target;
    if (!underWay && !(instance && reached(instance))) {
      effects.run((r) => transitionInstance(r, { instance: name, to: 'upgrading', version: target }, change.actor, now, via));
    }
  }
  const instance = liveInstance(effects.registry, name);
  // Done: an upgrade under way ends; an instance restored to a backup already at the target is in service again.
  if (entered(change, step, ['done']) && (instance?.state === 'upgrading' || (instance?.state === 'rolled back' && reached(instance)))) {
    effects.run((r) => transitionInstance(r, { instance: name, to: 'active' }, change.actor, now, via));
  }
}

/**
 * What an accepted change of an upgrade plan does to the customer's registry: stage 6 puts VAL at the target
 * (started: the prior VAL terminated and a new one provisioned; done: ready, which needs its IQ documentation);
 * stage 20's backups are recorded per PROD instance; 21 and 25 take PROD MAIN and TEST through upgrading to the
 * target; the engineer's confirmed restore after a No-Go rolls PROD MAIN back to the backed-up version; stage 28 closes
 * the plan only on a PROD documented at the target (rule 10). Throws PlanRefusal, changing nothing, when the
 * registry cannot follow: call it before keeping the plan change, and keep both or neither.
 */
export function applyUpgradeChangeToRegistry(registry: EnvironmentRegistry, change: Change, now: Date): RegistryEffects {
  const effects = new RegistryEffectsRun(registry);
  const { before, after } = change;
  const via = (step: number): PlanOrigin => ({ planId: after.id, step, attempt: before.attempt });

  const known = new Set(before.facts.backups.map((b) => `${b.instance}|${b.attempt}|${b.reference}|${b.at}`));
  for (const backup of after.facts.backups.filter((b) => !known.has(`${b.instance}|${b.attempt}|${b.reference}|${b.at}`))) {
    effects.run((r) => recordInstanceBackup(r, { instance: backup.instance, version: backup.version, reference: backup.reference }, { accountId: backup.by, role: change.actor.role }, now, via(20)));
  }
  if (entered(change, 6, UNDER_WAY)) provideVal(effects, change, via(6), now);
  if (entered(change, 6, ['done'])) readyIfProvisioning(effects, ['VAL MAIN', 'VAL TEST'], change.actor, via(6), now);
  upgradeProd(effects, change, 21, 'PROD MAIN', now);
  upgradeProd(effects, change, 25, 'PROD TEST', now);
  noGoRegistryEffects(effects, change, now);
  // Rule 10: the plan closes only on a PROD documented at the target (the registry as this change leaves it).
  if (entered(change, CLOSING_STAGE, ['done', 'skipped'])) {
    const refusal = closingRefusal(effects.registry, after.facts);
    if (refusal) throw refusal;
  }
  return effects.result();
}
