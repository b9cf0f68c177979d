import { signedFor } from '../../support/signing';
import { iqSignerFor } from '../environments/helpers';
import { recordIqDocumentation, liveInstance, upgradeContextOf, type EnvironmentRegistry } from '../../../src/domain/environments/registry';
import type { Actor, Notice, StepAction } from '../../../src/domain/playbook';
import {
  actOnStage,
  applyTicketStatus,
  attachTicket,
  createUpgradePlan,
  provideDetails,
  recordBackup,
  type UpgradeAccepted,
  type UpgradePlan,
} from '../../../src/domain/upgrade/plan';
import type { RequestDetails } from '../../../src/domain/upgrade/request';
import { applyUpgradeChangeToRegistry } from '../../../src/domain/upgrade/registryEffects';
import { recordRestore } from '../../../src/domain/upgrade/noGo';
import { UPGRADE_PLAYBOOK } from '../../../src/domain/upgrade/playbook';
import type { ProdInstance } from '../../../src/domain/upgrade/rules';
import { addressValidationTicket, handValidationTicket } from '../../../src/domain/upgrade/validationParts';
import { customerRegistry, withLivePair } from '../environments/helpers';
import { context, CUSTOMER, ENGINEER, request, T0 } from './fixtures';

/** The organization's named decision makers in these worlds: the reporter of the requests. */
export const DECISION_MAKERS = [CUSTOMER.accountId];
export const withDecisionMakers = (actor: Actor): Actor => ({ ...actor, decisionMakers: DECISION_MAKERS });

/** What a world is made of: plain data, so that it can be copied to try a path from the same state. */
export interface WorldState {
  plan: UpgradePlan;
  registry: EnvironmentRegistry;
  now: Date;
  /** Jira's changelog ids so far: every move in Jira takes the next one. */
  changelog: number;
}

/**
 * An upgrade plan and the customer's environment registry, moved together as the application layer does: a plan
 * change is kept with what it does to the registry, both or neither.
 */
export class UpgradeWorld {
  state: WorldState;
  readonly notices: Notice[] = [];

  constructor(state?: WorldState, options: { valPairExists?: boolean } = {}) {
    if (state) {
      this.state = state;
      return;
    }
    let registry = withLivePair(customerRegistry(), 'PROD', '24.1');
    if (options.valPairExists) registry = withLivePair(registry, 'VAL', '24.1');
    const plan = createUpgradePlan(request({ ticket: { key: 'FHSD-1', kind: 'valRequest' } }), context({ valPairExists: upgradeContextOf(registry).valPairExists }), T0).plan;
    this.state = { plan, registry, now: T0, changelog: 0 };
  }

  get plan(): UpgradePlan {
    return this.state.plan;
  }

  get registry(): EnvironmentRegistry {
    return this.state.registry;
  }

  copy(): UpgradeWorld {
    return new UpgradeWorld(structuredClone(this.state));
  }

  /** Keeps an accepted plan change and its registry effects; a refusal from either keeps neither. */
  keep(accepted: UpgradeAccepted): UpgradeAccepted {
    const { entry } = accepted;
    const effects = applyUpgradeChangeToRegistry(this.state.registry, { before: this.state.plan, after: accepted.plan, actor: { accountId: entry.actor.accountId, role: entry.actor.role } }, this.state.now);
    this.state = { ...this.state, plan: accepted.plan, registry: effects.registry };
    this.notices.push(...accepted.notices);
    return accepted;
  }

  act(action: StepAction, actor: Actor): UpgradeAccepted {
    return this.keep(actOnStage(this.state.plan, signedFor(this.state.plan, action, withDecisionMakers(actor)), withDecisionMakers(actor), this.state.now));
  }

  /** Stage 20: a backup of a PROD instance at the version the registry says it runs. */
  backup(instance: ProdInstance, actor: Actor = ENGINEER, reference = `bk-${instance.replace(' ', '-')}-${this.state.plan.revision}`): UpgradeAccepted {
    const version = liveInstance(this.state.registry, instance)?.version ?? '0.0';
    return this.keep(recordBackup(this.state.plan, { instance, version, reference, ...(actor.admin ? { reason: 'for the engineer' } : {}) }, actor, this.state.now));
  }

  /** The engineer confirms the restore a No-Go opened: started after now, `minutes` long, at the backup's version (or `version`). */
  restore(actor: Actor = ENGINEER, minutes = 40, version?: string): UpgradeAccepted {
    const startedAt = new Date(this.state.now.getTime() + 5 * 60_000);
    const endedAt = new Date(startedAt.getTime() + minutes * 60_000);
    this.tick(5 + minutes + 1);
    const restored = version ?? this.state.plan.facts.restore?.backupVersion ?? this.state.plan.facts.currentVersion;
    return this.keep(recordRestore(UPGRADE_PLAYBOOK, this.state.plan, { startedAt: startedAt.toISOString(), endedAt: endedAt.toISOString(), version: restored, ...(actor.admin ? { reason: 'for the engineer' } : {}) }, actor, this.state.now));
  }

  /** The engineer records the IQ documentation of a pair at the version it runs. */
  iqDocumentation(kind: 'VAL' | 'PROD'): void {
    const reference = `IQ-${kind}-${this.state.registry.revision}`;
    this.state = { ...this.state, registry: recordIqDocumentation(this.state.registry, { instance: kind, reference }, { accountId: ENGINEER.accountId, role: 'IQVIA Engineer' }, this.state.now, undefined, iqSignerFor(ENGINEER, this.state.registry)).registry };
  }

  /** A person moves a ticket in Jira; the app hears it with the next changelog id (or the one given). */
  ticket(key: string, to: string, resolved: boolean, person: Actor, completesStage?: number, changelogId?: number): UpgradeAccepted {
    const id = changelogId ?? this.state.changelog + 1;
    this.state = { ...this.state, changelog: Math.max(this.state.changelog, id) };
    return this.keep(applyTicketStatus(this.state.plan, { key, to, resolved, changelogId: id, ...(completesStage === undefined ? {} : { completesStage }) }, person, this.state.now));
  }

  attach(key: string, kind: 'valRequest' | 'prodRequest' | 'validationIssue', details?: RequestDetails): UpgradeAccepted {
    return this.keep(attachTicket(this.state.plan, { key, kind, ...(details ? { details } : {}) }, { accountId: CUSTOMER.accountId }, this.state.now));
  }

  provide(kind: 'valRequest' | 'prodRequest', details: RequestDetails): UpgradeAccepted {
    return this.keep(provideDetails(this.state.plan, kind, details, CUSTOMER, this.state.now));
  }

  /** Stage 11: the PM (or `by`) hands a validation ticket to `owner`, who holds the roles given. */
  hand(key: string, owner: Actor, by: Actor): UpgradeAccepted {
    return this.keep(handValidationTicket(this.state.plan, { step: 11, part: key, owner: owner.accountId, ownerRoles: owner.roles, reason: 'needs their input' }, by, this.state.now));
  }

  /** Stage 11: a person records a validation ticket addressed (an admin with a note). */
  address(key: string, actor: Actor): UpgradeAccepted {
    return this.keep(addressValidationTicket(this.state.plan, { step: 11, part: key, ...(actor.admin ? { note: 'for the handler' } : {}) }, actor, this.state.now));
  }

  tick(minutes: number): void {
    this.state = { ...this.state, now: new Date(this.state.now.getTime() + minutes * 60_000) };
  }
}
