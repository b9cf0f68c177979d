import type { AuditEntry } from '../domain/audit';
import { refuse } from '../domain/errors';
import type { StepAction } from '../domain/playbook';
import { provideDetails, recordBackup } from '../domain/upgrade/plan';
import type { RequestDetails } from '../domain/upgrade/request';
import type { ProdInstance } from '../domain/upgrade/rules';
import type { Accepted } from '../domain/engine';
import { recordDocument, type DocumentRecord } from '../domain/playbooks/documents';
import { recordGoLiveIqDocumentation } from '../domain/golive/plan';
import { GO_LIVE_KIND, type GoLivePlan } from '../domain/golive/playbook';
import { planKindOf, requireUpgradePlan, type AnyPlan } from './planKinds';
import { changePlan, MAX_CONCURRENT_RETRIES } from './planChanges';
import { environmentsView, IQ_DOCUMENTATION_ROLES, recordIq, type InstanceView } from './environmentsView';
import type { EnvironmentRegistry } from '../domain/environments/registry';
import { ConcurrentChangeError } from './ports';
import { actorFor, buildPlanView, viewerRoles, type PlanView, type Viewer } from './planView';
import type { AppPorts, StoredPlan } from './ports';
import { fieldIdsOf, type AppSettings } from './settings';
import type { Actor } from '../domain/playbook';

async function planOfTicket(ports: AppPorts, viewer: Viewer): Promise<{ stored: StoredPlan; settings: AppSettings; registry: EnvironmentRegistry }> {
  const { stored, settings, registry } = await ports.plans.loadForTicket(viewer.ticketKey, viewer.projectKey);
  if (!stored) refuse('planExists', `${viewer.ticketKey} belongs to no plan`, { field: 'issue' });
  // In the portal a person sees the plans of their own organization only (no Jira call: a panel load stays two KVS reads).
  if (viewer.surface === 'portal' && viewer.accountId !== stored.plan.reporterAccountId && viewerRoles(viewer, stored.plan, settings).length === 0) {
    refuse('jiraPermission', `${viewer.ticketKey} is not a request of your organization`, { field: 'issue' });
  }
  return { stored, settings, registry: registry ?? (await ports.plans.loadRegistry(stored.plan.organizationId)) };
}

/** Everything a panel renders, in one call: two storage reads, no Jira call. */
export async function getPlanView(ports: AppPorts, viewer: Viewer): Promise<PlanView> {
  const { stored, settings, registry } = await planOfTicket(ports, viewer);
  return viewOf(ports, viewer, stored, settings, registry);
}

/** The panel's view of a plan and its organization's environments as they stand. */
function viewOf(ports: AppPorts, viewer: Viewer, stored: StoredPlan, settings: AppSettings, registry: EnvironmentRegistry): PlanView {
  return { ...buildPlanView(stored.plan, viewer, settings, ports.clock.now()), environments: environmentsView(registry, viewer.surface) };
}

/** The environments of the organization whose ticket this is: a customer sees no other organization's. */
export async function getEnvironments(ports: AppPorts, viewer: Viewer): Promise<InstanceView[]> {
  const { registry } = await planOfTicket(ports, viewer);
  return environmentsView(registry, viewer.surface);
}

/** An IQVIA engineer or PM records the IQ documentation of a VAL or PROD instance (needed before it is called ready). */
export async function recordPlanIqDocumentation(ports: AppPorts, viewer: Viewer, record: { instance: string; reference: string; reason?: string }): Promise<PlanView> {
  const { stored, settings } = await planOfTicket(ports, viewer);
  // The go-live's IQ documentation is its step 5's document; the plan change moves the registry's PROD pair with it.
  if (stored.plan.kind === GO_LIVE_KIND) {
    return changeAsViewer(ports, viewer, (plan, actor, now) => recordGoLiveIqDocumentation(plan as GoLivePlan, record.reference, actor, now, record.reason) as Accepted<unknown>);
  }
  await requireJiraAccess(ports, viewer, settings);
  for (let attempt = 0; attempt < MAX_CONCURRENT_RETRIES; attempt += 1) {
    const registry = await ports.plans.loadRegistry(stored.plan.organizationId);
    const roles = viewerRoles(viewer, stored.plan, settings);
    const role = IQ_DOCUMENTATION_ROLES.find((r) => roles.includes(r));
    const { registry: after, entry } = recordIq(registry, record, { accountId: viewer.accountId, role }, ports.clock.now());
    try {
      await ports.plans.commitRegistry({ registry: after, expectedRevision: registry.revision, audit: [entry] });
      return viewOf(ports, viewer, stored, settings, after);
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
    }
  }
  throw new ConcurrentChangeError(stored.plan.organizationId);
}

/**
 * Whether the person may see the ticket in Jira, and may override as a project admin. An agent's permissions are asked as
 * them; a portal customer cannot make asUser calls, so the app reads as itself whether they reported the request, take part
 * in it, or share its organization.
 */
async function requireJiraAccess(ports: AppPorts, viewer: Viewer, settings: AppSettings): Promise<{ admin: boolean }> {
  if (viewer.accountType === 'customer') {
    if (!settings.fields) refuse('fieldsFound', `the app has not found the Jira fields of project ${settings.projectKey} yet: ask a Jira admin to save the ClinSpark settings page`, { field: 'fields' });
    const access = await ports.jira.customerAccessTo(viewer.accountId, viewer.ticketKey, fieldIdsOf(settings).organizations);
    if (!access) refuse('jiraPermission', `you cannot see ${viewer.ticketKey} in the portal: you did not raise it, take part in it, or share its organization`, { field: 'issue' });
    return { admin: false };
  }
  const permissions = await ports.jira.permissionsOf(viewer.accountId, viewer.ticketKey);
  if (!permissions.has('BROWSE_PROJECTS')) refuse('jiraPermission', `you cannot see ${viewer.ticketKey} in Jira`, { field: 'issue' });
  return { admin: viewer.surface !== 'portal' && permissions.has('ADMINISTER_PROJECTS') };
}

/**
 * Runs a person's change on the plan of the ticket they are looking at. Their access to that ticket in Jira is checked first,
 * because what follows writes to Jira as the app; a project admin may act outside their roles with a reason.
 */
async function changeAsViewer(ports: AppPorts, viewer: Viewer, change: (plan: AnyPlan, actor: Actor, now: Date) => Accepted<unknown>): Promise<PlanView> {
  const { stored, settings, registry } = await planOfTicket(ports, viewer);
  const { admin } = await requireJiraAccess(ports, viewer, settings);
  const now = ports.clock.now();
  // The answer is built from what was just written: no second read.
  const after = await changePlan(ports, settings, stored, (plan) => change(plan, actorFor(viewer, plan, settings, admin), now), undefined, registry);
  return viewOf(ports, viewer, after.stored, settings, after.registry);
}

export function actOnPlanStage(ports: AppPorts, viewer: Viewer, action: StepAction): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now) => planKindOf(plan).actOnStep(plan, action, actor, now));
}

/** A phase's document (the lifecycle's specifications, contract, DAC …): its reference, or only that credentials went over a secure channel. */
export function recordPlanDocument(ports: AppPorts, viewer: Viewer, record: DocumentRecord): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now) => recordDocument(planKindOf(plan).playbookOf(plan), plan, record, actor, now));
}

export function recordPlanBackup(ports: AppPorts, viewer: Viewer, backup: { instance: ProdInstance; version: string; reference: string; reason?: string }): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now) => recordBackup(requireUpgradePlan(plan, 'PROD backups'), backup, actor, now) as Accepted<unknown>);
}

export function providePlanDetails(ports: AppPorts, viewer: Viewer, kind: 'valRequest' | 'prodRequest', details: RequestDetails): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now) => provideDetails(requireUpgradePlan(plan, 'request details'), kind, details, actor, now) as Accepted<unknown>);
}

/** The plan's audit trail, oldest first. */
export async function getPlanHistory(ports: AppPorts, viewer: Viewer): Promise<AuditEntry[]> {
  const { stored } = await planOfTicket(ports, viewer);
  const entries = await ports.plans.history(stored.plan.id);
  // Backup locations are internal to IQVIA's infrastructure.
  return viewer.surface === 'portal'
    ? entries.map((e) => (e.action === 'record backup' ? { ...e, before: e.before ? { ...e.before, reference: undefined } : null, after: { ...e.after, reference: undefined } } : e))
    : entries;
}
