import type { AuditEntry } from '../domain/audit';
import { refuse } from '../domain/errors';
import type { StepAction } from '../domain/playbook';
import { actOnStage, provideDetails, recordBackup, type UpgradePlan } from '../domain/upgrade/plan';
import type { RequestDetails } from '../domain/upgrade/request';
import type { ProdInstance } from '../domain/upgrade/rules';
import type { Accepted } from '../domain/engine';
import type { UpgradeFacts } from '../domain/upgrade/facts';
import { changePlan } from './planChanges';
import { actorFor, buildPlanView, type PlanView, type Viewer } from './planView';
import type { AppPorts, StoredPlan } from './ports';
import type { AppSettings } from './settings';
import type { Actor } from '../domain/playbook';

async function planOfTicket(ports: AppPorts, viewer: Viewer): Promise<{ stored: StoredPlan; settings: AppSettings }> {
  const { stored, settings } = await ports.plans.loadForTicket(viewer.ticketKey, viewer.projectKey);
  if (!stored) refuse('planExists', `${viewer.ticketKey} belongs to no upgrade plan`, { field: 'issue' });
  return { stored, settings };
}

/** Everything a panel renders, in one call: two storage reads, no Jira call. */
export async function getPlanView(ports: AppPorts, viewer: Viewer): Promise<PlanView> {
  const { stored, settings } = await planOfTicket(ports, viewer);
  return buildPlanView(stored.plan, viewer, settings, ports.clock.now());
}

/**
 * Runs a person's change on the plan of the ticket they are looking at. Their Jira permission on that ticket is checked as them
 * first, because what follows writes to Jira as the app; a project admin may act outside their roles with a reason.
 */
async function changeAsViewer(ports: AppPorts, viewer: Viewer, change: (plan: UpgradePlan, actor: Actor, now: Date) => Accepted<UpgradeFacts>): Promise<PlanView> {
  const { stored, settings } = await planOfTicket(ports, viewer);
  const permissions = await ports.jira.permissionsOf(viewer.accountId, viewer.ticketKey);
  if (!permissions.has('BROWSE_PROJECTS')) refuse('jiraPermission', `you cannot see ${viewer.ticketKey} in Jira`, { field: 'issue' });
  const admin = viewer.surface !== 'portal' && permissions.has('ADMINISTER_PROJECTS');
  const now = ports.clock.now();
  const { stored: after } = await changePlan(ports, settings, stored, (plan) => change(plan, actorFor(viewer, plan, settings, admin), now));
  return buildPlanView(after.plan, viewer, settings, ports.clock.now());
}

export function actOnPlanStage(ports: AppPorts, viewer: Viewer, action: StepAction): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now) => actOnStage(plan, action, actor, now));
}

export function recordPlanBackup(ports: AppPorts, viewer: Viewer, backup: { instance: ProdInstance; version: string; reference: string; reason?: string }): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now) => recordBackup(plan, backup, actor, now));
}

export function providePlanDetails(ports: AppPorts, viewer: Viewer, kind: 'valRequest' | 'prodRequest', details: RequestDetails): Promise<PlanView> {
  return changeAsViewer(ports, viewer, (plan, actor, now) => provideDetails(plan, kind, details, actor, now));
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
