import { availableActions as availableStepActions, type StepAvailability } from './engine';
import { PlanRefusal, refusalOf, refuse } from './errors';
import type { EnvironmentRegistry } from './environments/registry';
import { GO_LIVE } from './golive/kind';
import type { PlanKindDefinition, SomePlan, StepPanel } from './kind';
import { LIFECYCLE } from './lifecycle/kind';
import type { Actor } from './playbook';
import { ROLES } from './roles';
import { UPGRADE, type upgradeFactsView } from './upgrade/kind';

/** Whether the person may hand a part to someone, or record it addressed, and if not the refusal; a note is asked of an admin outside its handler. */
export interface PartAvailability {
  hand: { refusal?: { rule: string; message: string } };
  address: { refusal?: { rule: string; message: string }; needsNote: boolean };
}

// Stand in for the person the part is handed to and what they type, so that the guards after those are run too.
const PROBE = 'probe';


const answerOf = (refusal: PlanRefusal | undefined) => (refusal ? { refusal: { rule: refusal.rule, message: refusal.message } } : {});

/** The plan type a kind definition runs. */
export type PlanOfKind<D> = D extends PlanKindDefinition<infer P> ? P : never;

/** One list of kinds, and what is asked of any plan through it. */
export interface PlanKinds<P extends SomePlan> {
  readonly list: readonly PlanKindDefinition<P>[];
  /** The kind of a plan; an unknown kind is a stored plan this code cannot run, never a person's mistake. */
  kindOf<Q extends P>(plan: Q): PlanKindDefinition<Q>;
  /** What this person may do on each step now, as the engine's own guards answer (with the refusal when not); with the registry, its rules too. */
  availableActions(plan: P, actor: Actor, now: Date, registry?: EnvironmentRegistry): StepAvailability[];
  /** What a panel shows of each step besides the seed's text: guidance, required or optional, and its form. */
  stepPanels(plan: P): ReadonlyMap<number, StepPanel>;
  /** What this person may do on each part of each step now (hand it to someone, record it addressed), as the kind's commands answer. */
  partActions(plan: P, actor: Actor, now: Date): ReadonlyMap<number, ReadonlyMap<string, PartAvailability>>;
  /** The plan, if it is of that kind; else refused, naming what only that kind has. */
  requireKind<K extends P['kind']>(plan: P, kind: K, what: string): Extract<P, { kind: K }>;
}

// A definition is read through its own plan type only; the list holds several, so its element type is left open.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKindDefinition = PlanKindDefinition<any>;

/** A list of kinds: adding a kind of plan is its folder plus one entry here. */
export function planKinds<const L extends readonly AnyKindDefinition[]>(list: L): PlanKinds<PlanOfKind<L[number]>> {
  type P = PlanOfKind<L[number]>;
  const kinds = new Map<string, AnyKindDefinition>(list.map((k) => [k.kind, k]));
  if (kinds.size !== list.length) throw new Error(`plan kinds repeat: ${list.map((k) => k.kind).join(', ')}`);
  const kindOf = <Q extends P>(plan: Q): PlanKindDefinition<Q> => {
    const kind = kinds.get(plan.kind);
    if (!kind) throw new Error(`plan ${plan.id} is of an unknown kind "${plan.kind}"`);
    return kind;
  };
  return {
    list: list as readonly PlanKindDefinition<P>[],
    kindOf,
    availableActions: (plan, actor, now, registry) => {
      const kind = kindOf(plan);
      return availableStepActions(kind.playbookOf(plan), plan, actor, now, registry ? kind.environmentRules(registry) : []);
    },
    stepPanels: (plan) => {
      const kind = kindOf(plan);
      return new Map(kind.playbookOf(plan).steps.map((s) => [s.number, kind.stepPanel(plan, s.number)]));
    },
    partActions: (plan, actor, now) => {
      const kind = kindOf(plan);
      const { handPart, addressPart } = kind.commands;
      const byStep = new Map<number, ReadonlyMap<string, PartAvailability>>();
      for (const step of kind.playbookOf(plan).steps) {
        const parts = kind.stepPanel(plan, step.number).parts;
        if (!parts || parts.length === 0) continue;
        byStep.set(step.number, new Map(parts.map((part) => {
          // The person chosen is probed as holding every role: whom they may hand it to is the dialog's choice.
          const hand = handPart ? refusalOf(() => handPart(plan, { step: step.number, part: part.key, owner: PROBE, ownerRoles: ROLES, reason: PROBE }, actor, now)) : undefined;
          let address = addressPart ? refusalOf(() => addressPart(plan, { step: step.number, part: part.key }, actor, now)) : undefined;
          const needsNote = address?.rule === 'stageOwnership' && address.field === 'note';
          if (needsNote && addressPart) address = refusalOf(() => addressPart(plan, { step: step.number, part: part.key, note: PROBE }, actor, now));
          const blocking = (r: PlanRefusal | undefined) => (r && r.field !== 'owner' ? r : undefined);
          return [part.key, { hand: answerOf(handPart ? blocking(hand) : new PlanRefusal('planKind', 'parts are not handed')), address: { ...answerOf(addressPart ? address : new PlanRefusal('planKind', 'parts are not addressed')), needsNote } }];
        })));
      }
      return byStep;
    },
    requireKind: <K extends P['kind']>(plan: P, kind: K, what: string): Extract<P, { kind: K }> => {
      if (plan.kind !== kind) refuse('planKind', `${kindOf(plan).titleOf(plan)} has no ${what}: only a plan of kind ${kind} has`, { field: 'issue' });
      return plan as Extract<P, { kind: K }>;
    },
  };
}

/** Every kind of plan a ticket can start: the ClinSpark upgrade, the PROD go-live and the implementation lifecycle. */
export const PLAN_KINDS = planKinds([UPGRADE, GO_LIVE, LIFECYCLE]);

/** A plan of any of the kinds above, told apart by `kind`. */
export type AnyPlan = PlanOfKind<(typeof PLAN_KINDS.list)[number]>;

export const { kindOf, availableActions, stepPanels, partActions, requireKind } = PLAN_KINDS;

type UpgradeFactsView = ReturnType<typeof upgradeFactsView>;

/**
 * What panels show of a plan's facts besides its steps, in the upgrade's words (the richest kind). A fact a plan's kind
 * does not have is null (a version, the VAL decision) or an empty list, never a made-up value: a panel tests presence.
 */
export type PlanFactsView = Omit<UpgradeFactsView, 'currentVersion' | 'targetVersion' | 'valAction'> & {
  currentVersion: string | null;
  /** The ClinSpark version the plan takes the customer to; null when the plan is not about a version. */
  targetVersion: string | null;
  valAction: UpgradeFactsView['valAction'] | null;
  /** The vendor the plan's texts name, for a kind that names one (the implementation lifecycle); null otherwise. */
  vendorName: string | null;
};

const NEUTRAL_FACTS: PlanFactsView = { currentVersion: null, targetVersion: null, releasesCrossed: [], valAction: null, slot: null, slotHours: null, preferredSlots: [], configuration: null, configurationWarning: null, backups: [], rollbacks: [], restore: null, vendorName: null };

/** A plan's facts as a panel shows them to this audience: what its kind has, the rest absent (the version being the kind's own). */
export function factsView(plan: AnyPlan, customer: boolean): PlanFactsView {
  const kind = kindOf(plan);
  return { ...NEUTRAL_FACTS, targetVersion: kind.versionOf(plan) || null, ...(kind.factsView(plan, { customer }) as Partial<PlanFactsView>) };
}
