import { buildPlanView, type PlanView, type Surface } from '../../src/app/planView';
import { defaultSettings } from '../../src/app/settings';
import type { RoleMapping } from '../../src/domain/roles';
import { actOnStage, createUpgradePlan, type UpgradePlan } from '../../src/domain/upgrade/plan';

/** The panels' input, made by the real back-end code so the helpers are tested against PlanView as it is. */
export const ROLES_MAPPING: RoleMapping = {
  projectDefault: { 'IQVIA PM': ['acc-pm'], 'IQVIA Engineer': ['acc-engineer'], 'IQVIA Support': ['acc-support'], 'Solution Specialist': ['acc-specialist'] },
  organizations: { 'org-acme': { Customer: ['acc-customer'] } },
};
export const NOW = new Date('2026-11-23T09:00:00.000Z');

export function newPlan(): UpgradePlan {
  return createUpgradePlan(
    {
      organizationId: 'org-acme',
      reporterAccountId: 'acc-customer',
      ticket: { key: 'FHSD-1', kind: 'valRequest' },
      currentVersion: '24.1',
      targetVersion: '25.2',
      instances: ['VAL'],
      configuration: { mode: 'synchronise-latest' },
    },
    { planId: 'plan-1', releases: ['24.1', '24.2', '25.1', '25.2'], valPairExists: true, roles: ROLES_MAPPING },
    NOW,
  ).plan;
}

export function complete(plan: UpgradePlan, stage: number, accountId: string, roles: string[]): UpgradePlan {
  return actOnStage(plan, { type: 'complete', step: stage }, { accountId, roles: roles as never }, NOW).plan;
}

export function viewOf(plan: UpgradePlan, accountId: string, surface: Surface = 'agent', now: Date = NOW): PlanView {
  return buildPlanView(plan, { accountId, accountType: surface === 'portal' ? 'customer' : 'licensed', ticketKey: 'FHSD-1', projectKey: 'FHSD', surface }, { ...defaultSettings(), roles: ROLES_MAPPING }, now);
}
