import { displayNameOf } from './people';
import { kindOf, type AnyPlan } from '../domain/kinds';
import type { Actor } from '../domain/playbook';
import { rolesHeldBy, type Role } from '../domain/roles';
import type { AppSettings } from './settings';

/** Where a person looks at the plan from: the agent's issue panel, the customer portal, or the settings page. */
export type Surface = 'agent' | 'portal' | 'admin';

/** Forge's account types the app serves: licensed users (agents) and portal customers (manifest `unlicensedAccess`). */
export type ViewerAccountType = 'licensed' | 'customer';

/** Who is asking, as the Forge context says: never taken from a payload. */
export interface Viewer {
  accountId: string;
  /** A customer cannot make asUser calls: what they may see is read as the app. */
  accountType: ViewerAccountType;
  ticketKey: string;
  projectKey: string;
  surface: Surface;
}

/** The roles a person holds on this plan; in the customer portal a person acts as a customer only. */
export function viewerRoles(viewer: Viewer, plan: AnyPlan, settings: AppSettings): Role[] {
  const held = rolesHeldBy(settings.roles, plan.organizationId, viewer.accountId, plan.reporterAccountId);
  return viewer.surface === 'portal' ? held.filter((r) => r === 'Customer') : held;
}

/** Who takes the plan's decisions: the people the settings name for its organization, else its kind's default. */
export function decisionMakersOf(plan: AnyPlan, settings: AppSettings): readonly string[] {
  const named = settings.decisionMakers?.[plan.organizationId];
  return named && named.length > 0 ? named : kindOf(plan).defaultDecisionMakers(plan);
}

/**
 * The person as the engine sees them: their roles on this plan, the plan's decision makers, whether Jira makes them a
 * project admin, their name as the app knows it, and, for a portal customer (the Forge context's account type), the
 * organizations Jira lists them in when the caller read them (null: not read).
 */
export function actorFor(viewer: Viewer, plan: AnyPlan, settings: AppSettings, admin = false, organizationIds: readonly string[] | null = null): Actor {
  const name = displayNameOf(settings, viewer.accountId);
  return {
    accountId: viewer.accountId,
    roles: viewerRoles(viewer, plan, settings),
    admin,
    decisionMakers: decisionMakersOf(plan, settings),
    ...(name ? { name } : {}),
    ...(viewer.accountType === 'customer' && viewer.surface === 'portal' ? { portalCustomer: { organizationIds } } : {}),
  };
}
