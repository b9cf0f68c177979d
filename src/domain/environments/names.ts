import { refuse } from '../errors';
import { ENVIRONMENT_KIND_NAMES, instanceSlotsOf, type EnvironmentKind, type InstanceSlot } from './kinds';

/** What a name such as "PROD MAIN", "VAL" or "Migration" designates in a customer's registry. */
export interface NamedInstances {
  kind: EnvironmentKind;
  slots: readonly InstanceSlot[];
}

export const COMMUNITY_DEV_SHARED =
  'Community Dev is one shared instance for all customers, at the latest release; it is never requested or upgraded per customer.';

/** Refuses, naming the field, what no customer registry holds: unknown kinds, Community Dev, a TEST instance of a single-instance kind. */
export function resolveInstances(name: unknown, field: string, options: { wholePair: boolean }): NamedInstances {
  if (typeof name !== 'string' || name.trim().length === 0) refuse('knownInstance', `${field} is missing`, { field });
  const text = name.trim();
  const kind = [...ENVIRONMENT_KIND_NAMES].sort((a, b) => b.length - a.length).find((k) => text === k || text.startsWith(`${k} `));
  if (!kind) refuse('knownEnvironmentKind', `"${text}" is not an environment; the kinds are ${ENVIRONMENT_KIND_NAMES.join(', ')}`, { field });
  if (kind === 'Community Dev') refuse('communityDevShared', COMMUNITY_DEV_SHARED, { field });
  const slots = instanceSlotsOf(kind);
  if (text === kind) {
    if (slots.length > 1 && !options.wholePair) refuse('instanceOfPair', `${kind} is a pair: name ${kind} MAIN or ${kind} TEST`, { field });
    return { kind, slots };
  }
  const slot = text.slice(kind.length + 1);
  if (slot === 'TEST' && !slots.includes('TEST')) refuse('noTestInstance', `${kind} is a single instance: only the main instance is provided, there is no ${kind} TEST`, { field });
  if (slot !== 'MAIN' && slot !== 'TEST') refuse('knownInstance', `"${text}" is not an instance; name ${slots.map((s) => (slots.length > 1 ? `${kind} ${s}` : kind)).join(' or ')}`, { field });
  return { kind, slots: [slot] };
}
