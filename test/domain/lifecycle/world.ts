import { signedFor } from '../../support/signing';
import type { Notice, StepAction, Actor } from '../../../src/domain/playbook';
import type { DocumentRecord } from '../../../src/domain/playbooks/documents';
import { actOnLifecycleStep, createLifecyclePlan, recordLifecycleDocument } from '../../../src/domain/lifecycle/plan';
import type { LifecyclePlan } from '../../../src/domain/lifecycle/playbook';
import type { Scenario } from '../../../src/domain/lifecycle/phases';
import type { AuditEntry } from '../../../src/domain/audit';

export const NOW = new Date('2026-11-23T09:00:00Z');
export const ROLES = { projectDefault: { 'IQVIA PM': ['pm'], 'IQVIA Engineer': ['eng'], 'IQVIA Support': ['sup'] }, organizations: {} };
export const PEOPLE: Record<string, Actor> = {
  // The customer acts in the portal, a member of the plan's organization: phase 3's confirmation is theirs to send.
  cust: { accountId: 'cust', roles: ['Customer'], name: 'Cara Customer', portalCustomer: { organizationIds: ['org-acme'] } },
  pm: { accountId: 'pm', roles: ['IQVIA PM'] },
  eng: { accountId: 'eng', roles: ['IQVIA Engineer'] },
  sup: { accountId: 'sup', roles: ['IQVIA Support'] },
};

/** A lifecycle plan driven step by step by the people owning each step, keeping notices and audit entries. */
export class Onboarding {
  plan: LifecyclePlan;
  readonly notices: Notice[] = [];
  readonly entries: AuditEntry[] = [];
  constructor(scenario: Scenario = 'A') {
    const created = createLifecyclePlan({ planId: 'life-1', organizationId: 'org-acme', reporterAccountId: 'cust', ticketKey: 'FHSD-100', scenario, vendorName: 'IQVIA' }, ROLES, { accountId: 'pm', role: 'IQVIA PM' }, NOW);
    this.plan = created.plan;
    this.entries.push(created.entry);
  }
  ownerOf(step: number): Actor {
    return PEOPLE[this.plan.steps.find((s) => s.number === step)!.owner!]!;
  }
  act(step: number, action: Partial<StepAction> = {}, actor: Actor = this.ownerOf(step)): void {
    const accepted = actOnLifecycleStep(this.plan, signedFor(this.plan, { type: 'complete', step, ...action } as StepAction, actor), actor, NOW);
    this.plan = accepted.plan;
    this.notices.push(...accepted.notices);
    this.entries.push(accepted.entry);
  }
  record(phase: string, document: string, by: string, extra: Partial<DocumentRecord> = { reference: `DOC-${document}` }): void {
    const accepted = recordLifecycleDocument(this.plan, { phase, document, ...extra }, PEOPLE[by]!, NOW);
    this.plan = accepted.plan;
    this.entries.push(accepted.entry);
  }
  sendCredentials(document = 'iam-permissions'): void {
    this.record('readiness', document, 'cust', { sentOverSecureChannel: true });
  }
  /** Phases 1 and 2 with their documents. */
  specifiedAndContracted(): void {
    this.record('definition', 'deployment-specifications', 'pm');
    this.record('definition', 'support-service-definition', 'pm');
    this.record('definition', 'uat-definition', 'cust');
    this.act(1);
    this.record('contractualization', 'contract', 'pm');
    this.act(2);
  }
  /** Phases 3 and 4 of the current iteration. */
  readyAndDeployed(credentials = 'iam-permissions'): void {
    this.sendCredentials(credentials);
    this.act(3);
    this.record('deployment', 'installation-log', 'eng');
    this.act(4);
  }
}
