import type { AuditEntry } from '../audit';
import { stepState } from '../engine';
import type { Plan, StepStatus } from '../playbook';
import type { GoLiveFacts } from '../golive/playbook';
import { FINAL_QC_STEP, IQ_DOCUMENTATION } from '../golive/playbook';
import type { UpgradeFacts } from '../upgrade/facts';
import { compareVersions } from '../version';
import type { PlanOrigin } from './instance';
import {
  liveInstance,
  recordInstanceBackup,
  recordIqDocumentation,
  requestEnvironment,
  transitionInstance,
  type EnvironmentRegistry,
  type RegistryActor,
  type RegistryChange,
} from './registry';

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
class Effects {
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

const UNDER_WAY: readonly StepStatus[] = ['in progress', 'done'];
const entered = <F>(change: AcceptedPlanChange<F>, step: number, statuses: readonly StepStatus[]): boolean =>
  statuses.includes(stepState(change.after, step).status) && !statuses.includes(stepState(change.before, step).status);

/** Stage 6: the new VAL pair at the target version, provided by this plan (the prior VAL terminated first). */
function provideVal(effects: Effects, change: AcceptedPlanChange<UpgradeFacts>, via: PlanOrigin, now: Date): void {
  const target = change.after.facts.targetVersion;
  const val = ['VAL MAIN', 'VAL TEST'].map((name) => liveInstance(effects.registry, name));
  if (val.every((i) => i?.history[0]?.planId === change.after.id && compareVersions(i.version, target) === 0)) return;
  for (const prior of val) {
    if (prior) effects.run((r) => transitionInstance(r, { instance: prior.name, to: 'terminated', reason: `Stage 6: terminate the prior VAL and provide a new one at ${target}.` }, change.actor, now, via));
  }
  effects.run((r) => requestEnvironment(r, { kind: 'VAL', version: target, reason: `Stage 6: VAL at the target version ${target}.` }, change.actor, now, via));
  for (const name of ['VAL MAIN', 'VAL TEST']) effects.run((r) => transitionInstance(r, { instance: name, to: 'provisioning' }, change.actor, now, via));
}

function readyIfProvisioning(effects: Effects, names: readonly string[], actor: RegistryActor, via: PlanOrigin, now: Date): void {
  for (const name of names) {
    if (liveInstance(effects.registry, name)?.state === 'provisioning') effects.run((r) => transitionInstance(r, { instance: name, to: 'active' }, actor, now, via));
  }
}

/** Stages 21 and 25: the PROD instance goes through `upgrading` (started) to the target version (done). */
function upgradeProd(effects: Effects, change: AcceptedPlanChange<UpgradeFacts>, step: number, name: string, now: Date): void {
  const via = { planId: change.after.id, step, attempt: change.before.attempt };
  const target = change.after.facts.targetVersion;
  if (entered(change, step, UNDER_WAY)) {
    const instance = liveInstance(effects.registry, name);
    if (!(instance?.state === 'upgrading' && instance.targetVersion === target)) {
      effects.run((r) => transitionInstance(r, { instance: name, to: 'upgrading', version: target }, change.actor, now, via));
    }
  }
  if (entered(change, step, ['done']) && liveInstance(effects.registry, name)?.state === 'upgrading') {
    effects.run((r) => transitionInstance(r, { instance: name, to: 'active' }, change.actor, now, via));
  }
}

/**
 * What an accepted change of an upgrade plan does to the customer's registry: stage 6 puts VAL at the target
 * (started: the prior VAL terminated and a new one provisioned; done: ready, which needs its IQ documentation);
 * stage 20's backups are recorded per PROD instance; 21 and 25 take PROD MAIN and TEST through upgrading to the
 * target; a No-Go rolls PROD MAIN back to the backed-up version. Throws PlanRefusal, changing nothing, when the
 * registry cannot follow: call it before keeping the plan change, and keep both or neither.
 */
export function applyUpgradeChangeToRegistry(registry: EnvironmentRegistry, change: AcceptedPlanChange<UpgradeFacts>, now: Date): RegistryEffects {
  const effects = new Effects(registry);
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
  for (const rollback of after.facts.rollbacks.slice(before.facts.rollbacks.length)) {
    effects.run((r) =>
      transitionInstance(r, { instance: rollback.instance, to: 'rolled back', backupReference: rollback.backupReference, reason: rollback.reason || 'No-Go' }, change.actor, now, via(24)),
    );
  }
  return effects.result();
}

/**
 * What an accepted change of the PROD go-live plan does to the registry: step 3 (the migration program produces the
 * new instance) provisions the PROD pair at the go-live version; recorded IQ documentation goes on both PROD
 * instances; the customer's final QC (step 6) marks them ready.
 */
export function applyGoLiveChangeToRegistry(registry: EnvironmentRegistry, change: AcceptedPlanChange<GoLiveFacts>, now: Date): RegistryEffects {
  const effects = new Effects(registry);
  const { before, after, actor } = change;
  const via = (step: number | null): PlanOrigin => ({ planId: after.id, step, attempt: before.attempt });
  if (entered(change, 3, ['done']) && !liveInstance(effects.registry, 'PROD MAIN')) {
    effects.run((r) => requestEnvironment(r, { kind: 'PROD', version: after.facts.version, reason: 'PROD go-live: the migration program produced the new instance.' }, actor, now, via(3)));
    for (const name of ['PROD MAIN', 'PROD TEST']) effects.run((r) => transitionInstance(r, { instance: name, to: 'provisioning' }, actor, now, via(3)));
  }
  for (const document of (after.documents ?? []).slice((before.documents ?? []).length).filter((d) => d.document === IQ_DOCUMENTATION && d.reference)) {
    effects.run((r) => recordIqDocumentation(r, { instance: 'PROD', reference: document.reference! }, { accountId: document.recordedBy, role: actor.role }, now, via(null)));
  }
  if (entered(change, FINAL_QC_STEP, ['done'])) readyIfProvisioning(effects, ['PROD MAIN', 'PROD TEST'], actor, via(FINAL_QC_STEP), now);
  return effects.result();
}
