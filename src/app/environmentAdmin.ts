import { ADMIN_OVERRIDE_ROLE, type AuditEntry } from '../domain/audit';
import { editEnvironment, recordOnboardingFacts, registerEnvironment, terminateEnvironment, type EnvironmentEdit, type ExistingEnvironment, type OnboardingChange } from '../domain/environments/existing';
import type { OnboardingFacts } from '../domain/environments/onboarding';
import { onboardingOf, type EnvironmentRegistry, type RegistryActor, type RegistryChange } from '../domain/environments/registry';
import { refuse } from '../domain/errors';
import { environmentsView, peopleOfEnvironments, type InstanceView } from './environmentsView';
import { namesInDirectory, namesOfPeople } from './people';
import { MAX_CONCURRENT_RETRIES } from './planChanges';
import { ConcurrentChangeError, type AppPorts } from './ports';
import { chainedRegistryCommit } from './auditTrail';
import { viewerRoles, type Viewer } from './viewer';

/** The role that keeps the registry in the issue view; project admins do it from anywhere. */
export const ENVIRONMENT_ENGINEER_ROLE = 'IQVIA Engineer';
/** The role an audit entry records for a project admin who keeps the registry (their right, not an override). */
export const PROJECT_ADMIN_ROLE = 'Project admin';

export interface Organization {
  id: string;
  name: string;
}

/** Who keeps which organization's registry, decided on the server: never from the payload. */
export interface EnvironmentAuthority {
  organizationId: string;
  actor: RegistryActor;
}

/** One organization's registry as the keepers see it: its onboarding facts and live environments. */
export interface OrganizationEnvironments {
  organizationId: string;
  onboarding: OnboardingFacts;
  environments: InstanceView[];
  /** Whether this person may add, edit and terminate here (an IQVIA engineer of the plan, or a project admin). */
  mayManage: boolean;
  /** Display names of everyone the environments name (who recorded, backed up, changed them), and their avatars when Jira gave one. */
  names: Readonly<Record<string, string>>;
  avatars: Readonly<Record<string, string>>;
}

/** The answer of the settings page's Environments section: every JSM organization, and the chosen one's registry. */
export interface EnvironmentsAdminAnswer {
  organizations: readonly Organization[];
  selected: OrganizationEnvironments | null;
}

function refuseCustomers(viewer: Viewer): void {
  if (viewer.accountType !== 'licensed' || viewer.surface === 'portal') {
    refuse('environmentKeeper', 'a customer sees their environments; IQVIA engineers and project admins keep the registry', { field: 'account' });
  }
}

/** The organization a settings page names, checked against Service Management's list (read as the app). */
export async function knownOrganization(ports: AppPorts, organizationId: unknown): Promise<Organization> {
  if (typeof organizationId !== 'string' || !organizationId.trim()) refuse('knownOrganization', 'organizationId: choose the customer organization', { field: 'organizationId' });
  const found = (await ports.jira.listOrganizations()).find((o) => o.id === organizationId.trim());
  if (!found) refuse('knownOrganization', `organizationId: "${organizationId}" is not an organization of this service desk`, { field: 'organizationId' });
  return found;
}

async function requireProjectAdmin(ports: AppPorts, viewer: Viewer): Promise<void> {
  const permissions = await ports.jira.projectPermissionsOf(viewer.accountId, viewer.projectKey);
  if (!permissions.has('ADMINISTER_PROJECTS')) refuse('projectAdmin', `only an administrator of project ${viewer.projectKey} keeps every organization's environments`, { field: 'account' });
}

/**
 * Who may change which registry. In the issue view: the organization of the ticket's plan, for a person who holds the
 * IQVIA Engineer role on it or administers the project (asked as them). On the settings page: any organization of the
 * service desk, for a project admin. A customer never.
 */
export async function environmentAuthority(ports: AppPorts, viewer: Viewer, organizationId: string | undefined, need: 'read' | 'manage'): Promise<EnvironmentAuthority & { mayManage: boolean }> {
  refuseCustomers(viewer);
  if (viewer.surface === 'admin') {
    await requireProjectAdmin(ports, viewer);
    const organization = await knownOrganization(ports, organizationId);
    return { organizationId: organization.id, actor: { accountId: viewer.accountId, role: PROJECT_ADMIN_ROLE }, mayManage: true };
  }
  if (organizationId !== undefined) refuse('ticketOrganization', 'organizationId: the Environments tab keeps the environments of its ticket\'s organization; other organizations are kept from the settings page', { field: 'organizationId' });
  if (!viewer.ticketKey) refuse('forgeContext', 'open the Environments tab from a ticket', { field: 'issue' });
  const { stored, settings } = await ports.plans.loadForTicket(viewer.ticketKey, viewer.projectKey);
  if (!stored) refuse('planExists', `${viewer.ticketKey} belongs to no plan, so no customer organization`, { field: 'issue' });
  const plan = stored.plan;
  const engineer = viewerRoles(viewer, plan, settings).includes(ENVIRONMENT_ENGINEER_ROLE);
  const permissions = await ports.jira.permissionsOf(viewer.accountId, viewer.ticketKey);
  if (!permissions.has('BROWSE_PROJECTS')) refuse('jiraPermission', `you cannot see ${viewer.ticketKey} in Jira`, { field: 'issue' });
  const admin = permissions.has('ADMINISTER_PROJECTS');
  const mayManage = engineer || admin;
  if (need === 'manage' && !mayManage) refuse('environmentKeeper', `only an IQVIA Engineer of this plan or a project admin keeps the environments of ${plan.organizationId}`, { field: 'account' });
  return { organizationId: plan.organizationId, actor: { accountId: viewer.accountId, role: engineer ? ENVIRONMENT_ENGINEER_ROLE : admin ? PROJECT_ADMIN_ROLE : ADMIN_OVERRIDE_ROLE }, mayManage };
}

/**
 * The registry as its keepers see it, with the names of who recorded what: from the people directory, the rest asked of
 * Jira once (batched) and remembered, so the issue panel's next load names them too without a Jira call.
 */
async function answerOf(ports: AppPorts, viewer: Viewer, organizationId: string, registry: EnvironmentRegistry, mayManage: boolean): Promise<OrganizationEnvironments> {
  // The admin transcribes existing IQ documents (signed outside the app, with their own day): nothing is signed here.
  const environments = environmentsView(registry, 'admin', { signsIq: false });
  const people = peopleOfEnvironments(environments);
  const settings = await ports.plans.loadSettings(viewer.projectKey);
  const names = Object.fromEntries([...(await namesOfPeople(ports, settings, people))].filter(([id, name]) => name !== id));
  return { organizationId, onboarding: onboardingOf(registry), environments, mayManage, names, avatars: namesInDirectory(settings, people).avatars };
}

/** Applies changes to the stored registry and commits them with their audit entries, recomputed if someone wrote first. */
export async function changeRegistry(ports: AppPorts, organizationId: string, change: (registry: EnvironmentRegistry, now: Date) => readonly (RegistryChange | null)[] | RegistryChange): Promise<EnvironmentRegistry> {
  for (let attempt = 0; attempt < MAX_CONCURRENT_RETRIES; attempt += 1) {
    const registry = await ports.plans.loadRegistry(organizationId);
    const now = ports.clock.now();
    const result = change(registry, now);
    const changes = (Array.isArray(result) ? result : [result]).filter((c): c is RegistryChange => c !== null);
    if (changes.length === 0) return registry;
    const after = changes.at(-1)!.registry;
    const audit: AuditEntry[] = changes.map((c) => c.entry);
    try {
      await ports.plans.commitRegistry(chainedRegistryCommit(registry, after, audit));
      return after;
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
    }
  }
  throw new ConcurrentChangeError(organizationId);
}

/** The Environments tab (the ticket's organization) or the settings page (the organization chosen, or none yet). */
export async function getOrganizationEnvironments(ports: AppPorts, viewer: Viewer, input: { organizationId?: string }): Promise<EnvironmentsAdminAnswer> {
  refuseCustomers(viewer);
  if (viewer.surface === 'admin') {
    await requireProjectAdmin(ports, viewer);
    const organizations = await ports.jira.listOrganizations();
    if (input.organizationId === undefined) return { organizations, selected: null };
    const organization = organizations.find((o) => o.id === input.organizationId) ?? refuse('knownOrganization', `organizationId: "${input.organizationId}" is not an organization of this service desk`, { field: 'organizationId' });
    return { organizations, selected: await answerOf(ports, viewer, organization.id, await ports.plans.loadRegistry(organization.id), true) };
  }
  const authority = await environmentAuthority(ports, viewer, input.organizationId, 'read');
  return { organizations: [], selected: await answerOf(ports, viewer, authority.organizationId, await ports.plans.loadRegistry(authority.organizationId), authority.mayManage) };
}

/** Puts an environment the customer already has into the registry; the onboarding facts given with it are recorded first, in the same write. */
export async function registerExistingEnvironment(ports: AppPorts, viewer: Viewer, input: { organizationId?: string; environment: ExistingEnvironment; onboarding?: OnboardingChange }): Promise<OrganizationEnvironments> {
  const { organizationId, actor } = await environmentAuthority(ports, viewer, input.organizationId, 'manage');
  const registry = await changeRegistry(ports, organizationId, (current, now) => {
    const facts = input.onboarding ? recordOnboardingFacts(current, input.onboarding, actor, now) : null;
    return [facts, registerEnvironment(facts?.registry ?? current, input.environment, actor, now)];
  });
  return answerOf(ports, viewer, organizationId, registry, true);
}

export async function editExistingEnvironment(ports: AppPorts, viewer: Viewer, input: { organizationId?: string; edit: EnvironmentEdit }): Promise<OrganizationEnvironments> {
  const { organizationId, actor } = await environmentAuthority(ports, viewer, input.organizationId, 'manage');
  const registry = await changeRegistry(ports, organizationId, (current, now) => editEnvironment(current, input.edit, actor, now));
  return answerOf(ports, viewer, organizationId, registry, true);
}

export async function terminateExistingEnvironment(ports: AppPorts, viewer: Viewer, input: { organizationId?: string; instance: string; reason: string }): Promise<OrganizationEnvironments> {
  const { organizationId, actor } = await environmentAuthority(ports, viewer, input.organizationId, 'manage');
  const registry = await changeRegistry(ports, organizationId, (current, now) => terminateEnvironment(current, { instance: input.instance, reason: input.reason }, actor, now));
  return answerOf(ports, viewer, organizationId, registry, true);
}

/** The organization's contract signing and source migration; a correction of a recorded fact needs a reason. */
export async function recordOrganizationOnboarding(ports: AppPorts, viewer: Viewer, input: { organizationId?: string } & OnboardingChange): Promise<OrganizationEnvironments> {
  const { organizationId, actor } = await environmentAuthority(ports, viewer, input.organizationId, 'manage');
  const { organizationId: _, ...change } = input;
  const registry = await changeRegistry(ports, organizationId, (current, now) => [recordOnboardingFacts(current, change, actor, now)]);
  return answerOf(ports, viewer, organizationId, registry, true);
}
