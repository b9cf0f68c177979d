import type { LozengeAppearance } from './plan';
import type { InstanceView } from './types';
import { sameVersion } from './forms';

export type Audience = 'agent' | 'customer';

export interface EnvironmentGroup {
  kind: string;
  /** MAIN first, then TEST. */
  instances: InstanceView[];
  receivesIqDocumentation: boolean;
  /** The names recordIqDocumentation accepts for this environment: the pair ("VAL") when both are live, then each instance. */
  iqTargets: IqTarget[];
}

/** The instance names the recordIqDocumentation resolver accepts. */
export const IQ_TARGETS = ['VAL', 'VAL MAIN', 'VAL TEST', 'PROD', 'PROD MAIN', 'PROD TEST'] as const;
export type IqTarget = (typeof IQ_TARGETS)[number];
const isIqTarget = (name: string): name is IqTarget => (IQ_TARGETS as readonly string[]).includes(name);

/** PROD and VAL first (what an upgrade moves), then the onboarding environments. */
const KIND_ORDER = ['PROD', 'VAL', 'Migration', 'Sandbox', 'Demo', 'Community Dev'];

/** "PROD MAIN" → "MAIN"; a single-instance environment ("Migration") → "MAIN". */
export function slotOf(instance: Pick<InstanceView, 'name' | 'kind'>): 'MAIN' | 'TEST' {
  return instance.name === `${instance.kind} TEST` ? 'TEST' : 'MAIN';
}

/** The organization's environments, one group per kind, in the order that matters for an upgrade. */
export function groupEnvironments(instances: readonly InstanceView[]): EnvironmentGroup[] {
  const kinds = [...new Set(instances.map((i) => i.kind))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return kinds.map((kind) => {
    const members = instances.filter((i) => i.kind === kind).sort((a, b) => (slotOf(a) === slotOf(b) ? a.name.localeCompare(b.name) : slotOf(a) === 'MAIN' ? -1 : 1));
    const receives = members.some((m) => m.receivesIqDocumentation);
    const names = members.map((m) => m.name);
    const pair = members.length > 1 && isIqTarget(kind) ? [kind as IqTarget] : [];
    return { kind, instances: members, receivesIqDocumentation: receives, iqTargets: receives ? [...pair, ...names.filter(isIqTarget)] : [] };
  });
}

const rank = (kind: string): number => {
  const i = KIND_ORDER.indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
};

const AGENT_STATES: Record<string, { text: string; appearance: LozengeAppearance }> = {
  requested: { text: 'Requested', appearance: 'new' },
  provisioning: { text: 'Provisioning', appearance: 'inprogress' },
  active: { text: 'Active', appearance: 'success' },
  upgrading: { text: 'Upgrading', appearance: 'inprogress' },
  'rolled back': { text: 'Rolled back', appearance: 'moved' },
  terminated: { text: 'Terminated', appearance: 'default' },
};
const CUSTOMER_STATES: Record<string, { text: string; appearance: LozengeAppearance }> = {
  requested: { text: 'Requested', appearance: 'new' },
  provisioning: { text: 'Being set up', appearance: 'inprogress' },
  active: { text: 'Ready', appearance: 'success' },
  upgrading: { text: 'Being upgraded', appearance: 'inprogress' },
  'rolled back': { text: 'Restored from backup', appearance: 'moved' },
  terminated: { text: 'Closed', appearance: 'default' },
};

/** In service after an upgrade, without the IQ documentation of the version it runs: not called ready (domain.md); what it waits for is said beside the lozenge, where it can wrap. */
const IQ_PENDING = { text: 'Upgraded', appearance: 'moved' as const };

/**
 * An instance's state as a lozenge: IQVIA's words for agents, plain words for the customer. An active VAL or PROD is
 * "ready" only with the IQ documentation of the version it runs (the server's `readiness`).
 */
export function instanceState(instance: Pick<InstanceView, 'state' | 'targetVersion'> & Partial<Pick<InstanceView, 'readiness'>>, audience: Audience): { text: string; appearance: LozengeAppearance; detail: string | null } {
  const table = audience === 'agent' ? AGENT_STATES : CUSTOMER_STATES;
  const iqPending = instance.state === 'active' && instance.readiness === 'iq-pending';
  const known = iqPending ? IQ_PENDING : (table[instance.state] ?? { text: instance.state, appearance: 'default' as const });
  const detail = instance.state === 'upgrading' && instance.targetVersion ? `to ${instance.targetVersion}` : iqPending ? 'IQ documentation pending' : null;
  return { ...known, detail };
}

const newest = <T extends { at: string }>(items: readonly T[]): T | null => items.reduce<T | null>((best, item) => (!best || item.at > best.at ? item : best), null);

/**
 * The IQ documentation of the version an instance runs now (its newest), else its most recent one, not current: an
 * instance restored to an earlier version is covered again by that version's record.
 */
export function latestIq(instance: Pick<InstanceView, 'iqDocumentation' | 'version'>): { record: InstanceView['iqDocumentation'][number]; current: boolean } | null {
  const current = newest(instance.iqDocumentation.filter((r) => sameVersion(r.version, instance.version)));
  if (current) return { record: current, current: true };
  const record = newest(instance.iqDocumentation);
  return record ? { record, current: false } : null;
}

export function latestBackup(instance: Pick<InstanceView, 'backups'>): InstanceView['backups'][number] | null {
  return newest(instance.backups);
}
