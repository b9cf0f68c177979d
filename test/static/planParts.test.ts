import { buildPlanView, type PlanView, type Surface } from '../../src/app/planView';
import { defaultSettings } from '../../src/app/settings';
import { createGoLivePlan } from '../../src/domain/golive/plan';
import type { GoLivePlan } from '../../src/domain/golive/playbook';
import { actOnLifecycleStep, createLifecyclePlan } from '../../src/domain/lifecycle/plan';
import type { LifecyclePlan } from '../../src/domain/lifecycle/playbook';
import type { Actor } from '../../src/domain/playbook';
import { recordDocument } from '../../src/domain/playbooks/documents';
import { LIFECYCLE_PLAYBOOKS } from '../../src/domain/lifecycle/playbook';
import { decisionCall, decisionName, decisionOptions, decisionStage, decisionSuccess, documentCall, documentCounts, documentPhases, documentsOf, isNegativeOutcome, movesVersion, phaseProgress, planTitle, recordAvailability } from '../../static/shared/planParts';
import { namesOf } from '../../static/shared/people';
import { actionFlow, actionLabel, findStage, statusLabel } from '../../static/shared/plan';
import { customerDocuments, customerStatus } from '../../static/portal-panel/src/portalModel';
import { newPlan, NOW, ROLES_MAPPING, viewOf } from './planFixture';

const PM: Actor = { accountId: 'acc-pm', roles: ['IQVIA PM'] };
const CUSTOMER: Actor = { accountId: 'acc-customer', roles: ['Customer'] };
const SETTINGS = { ...defaultSettings(), roles: ROLES_MAPPING, people: { 'acc-customer': 'Dana Whitfield', 'acc-pm': 'Priya Menon' } };

function lifecycle(): LifecyclePlan {
  return createLifecyclePlan({ planId: 'implementation-1', organizationId: 'org-acme', reporterAccountId: 'acc-customer', ticketKey: 'FHSD-1', scenario: 'A', vendorName: 'IQVIA' }, ROLES_MAPPING, undefined, NOW).plan;
}
function goLive(): GoLivePlan {
  return createGoLivePlan({ planId: 'golive-1', organizationId: 'org-acme', reporterAccountId: 'acc-customer', ticketKey: 'FHSD-1', version: '25.1' }, ROLES_MAPPING, undefined, NOW).plan;
}
function viewOfAny(plan: LifecyclePlan | GoLivePlan, accountId: string, surface: Surface = 'agent'): PlanView {
  return buildPlanView(plan, { accountId, accountType: surface === 'portal' ? 'customer' : 'licensed', ticketKey: 'FHSD-1', projectKey: 'FHSD', surface }, SETTINGS, NOW);
}
const record = (plan: LifecyclePlan, phase: string, document: string, actor: Actor, input: { reference?: string; sentOverSecureChannel?: true }) =>
  recordDocument(LIFECYCLE_PLAYBOOKS[plan.facts.scenario], plan, { phase, document, ...input }, actor, NOW).plan;
const act = (plan: LifecyclePlan, action: Parameters<typeof actOnLifecycleStep>[1], actor: Actor) => actOnLifecycleStep(plan, action, actor, NOW).plan;

/** Definition & Specification closed with its documents, the contract recorded and step 2 done: Readiness & Access under way. */
function inReadiness(): LifecyclePlan {
  let plan = lifecycle();
  plan = record(plan, 'definition', 'deployment-specifications', PM, { reference: 'DSD-1' });
  plan = record(plan, 'definition', 'support-service-definition', PM, { reference: 'SSD-1' });
  plan = record(plan, 'definition', 'uat-definition', CUSTOMER, { reference: 'UAT-1' });
  plan = act(plan, { type: 'complete', step: 1 }, PM);
  plan = record(plan, 'contractualization', 'contract', PM, { reference: 'CTR-1' });
  return act(plan, { type: 'complete', step: 2 }, PM);
}

describe('the parts of a plan, from its view', () => {
  it('shows versions for the plan that moves one, and heads each plan with its title', () => {
    const upgrade = viewOf(newPlan(), 'acc-pm');
    expect([movesVersion(upgrade), planTitle(upgrade)]).toEqual([true, 'ClinSpark 24.1 → 25.2']);
    const go = viewOfAny(goLive(), 'acc-engineer');
    expect([movesVersion(go), planTitle(go)]).toEqual([false, 'PROD go-live at ClinSpark 25.1']);
    const life = viewOfAny(lifecycle(), 'acc-pm');
    expect([movesVersion(life), planTitle(life)]).toEqual([false, 'Implementation lifecycle, Scenario A (Customer IS)']);
    // A view from an older server (no title) is headed by its versions.
    expect(planTitle({ title: '', currentVersion: '24.1', targetVersion: '25.2' })).toBe('ClinSpark 24.1 → 25.2');
  });

  it('proposes a slot on the step whose form is the slot (the upgrade\'s stage 16), which is never ticked; the others complete directly', () => {
    const complete = { type: 'complete' as const, needsReason: false };
    const slotStep = findStage(viewOf(newPlan(), 'acc-pm'), 16)!;
    expect(slotStep.actions.map((a) => a.type)).not.toContain('complete');
    expect(actionFlow(slotStep, { type: 'propose', needsReason: false })).toBe('slot');
    expect(viewOfAny(lifecycle(), 'acc-pm').phases.flatMap((p) => p.stages).map((s) => actionFlow(s, complete))).not.toContain('slot');
    expect(actionFlow({ form: null }, complete)).toBe('direct');
    expect(actionFlow({ form: null }, { type: 'reassign', needsReason: true })).toBe('reassign');
  });
});

describe('actionLabel', () => {
  it('names reopening a blocked stage "Unblock", and a finished one "Reopen"', () => {
    expect(actionLabel('reopen', { form: null, status: 'blocked' })).toBe('Unblock');
    expect(actionLabel('reopen', { form: null, status: 'done' })).toBe('Reopen');
    expect(actionLabel('reopen')).toBe('Reopen');
  });
});

describe('decision steps', () => {
  it('take the upgrade\'s Go / No-Go and the UAT alike through decideStage, from the step\'s own options', () => {
    const upgrade = viewOf(newPlan(), 'acc-customer', 'portal');
    const stage24 = decisionStage(upgrade)!;
    expect([stage24.number, decisionName(stage24), actionLabel('decide', stage24)]).toEqual([24, 'Go / No-Go', 'Decide Go / No-Go']);
    expect(decisionCall(stage24, 'No-Go', 'export fails')).toEqual({ resolver: 'decideStage', payload: { stage: 24, outcome: 'No-Go', reason: 'export fails' } });
    expect(decisionSuccess(stage24, 'Go')).toBe('Go recorded: stages 25–28 are open');
    expect(decisionSuccess(stage24, 'No-Go')).toBe('No-Go recorded: the IQVIA engineer now restores PROD MAIN from the stage 20 backup');

    const life = viewOfAny(lifecycle(), 'acc-customer', 'portal');
    const uat = decisionStage(life)!;
    expect([uat.number, decisionName(uat), actionLabel('decide', uat)]).toEqual([5, 'Pass / Fail', 'Decide Pass / Fail']);
    expect(decisionOptions(uat).map((o) => [o.id, o.reasonRequired])).toEqual([
      ['Pass', false],
      ['Fail', true],
    ]);
    expect(decisionCall(uat, 'Pass')).toEqual({ resolver: 'decideStage', payload: { stage: 5, outcome: 'Pass' } });
    expect(decisionCall(uat, 'Fail', 'SSO fails')).toEqual({ resolver: 'decideStage', payload: { stage: 5, outcome: 'Fail', reason: 'SSO fails' } });
    expect(decisionSuccess(uat, 'Fail')).toBe('Conformity = Fail recorded on stage 5');
    expect(decisionStage(viewOfAny(goLive(), 'acc-engineer'))).toBeUndefined();
  });

  it('shows a failed UAT in red, as a No-Go: an outcome that sends work back', () => {
    const uat = decisionStage(viewOfAny(lifecycle(), 'acc-customer', 'portal'))!;
    expect(statusLabel({ ...uat, status: 'done', outcome: 'Fail' }).appearance).toBe('removed');
    expect(statusLabel({ ...uat, status: 'done', outcome: 'Pass' }).appearance).toBe('success');
    const stage24 = decisionStage(viewOf(newPlan(), 'acc-pm'))!;
    expect([isNegativeOutcome(stage24, 'No-Go'), isNegativeOutcome(stage24, 'Go'), isNegativeOutcome(undefined, 'No-Go')]).toEqual([true, false, false]);
    expect(customerStatus({ ...findStage(viewOfAny(lifecycle(), 'acc-customer', 'portal'), 5)!, status: 'done', outcome: 'Fail', completedAt: NOW.toISOString() })).toMatchObject({ text: 'Fail', appearance: 'removed' });
  });
});

describe('documents', () => {
  it('lists each phase\'s documents in phase order, with what is recorded and whether the phase is under way', () => {
    let plan = lifecycle();
    plan = record(plan, 'definition', 'uat-definition', CUSTOMER, { reference: 'https://docs.example/uat.pdf' });
    const view = viewOfAny(plan, 'acc-pm');
    const phases = documentPhases(view);
    expect(phases.map((p) => [p.id, p.progress, p.recorded, p.documents.length])).toEqual([
      ['definition', 'under way', 1, 3],
      ['contractualization', 'not started', 0, 1],
      ['readiness', 'not started', 0, 1],
      ['deployment', 'not started', 0, 1],
      ['validation', 'not started', 0, 1],
      ['operations', 'not started', 0, 2],
      ['decommissioning', 'not started', 0, 1],
    ]);
    expect(documentCounts(view)).toEqual({ recorded: 1, total: 10 });
    expect(phases[0]!.documents.find((d) => d.document === 'uat-definition')!.recorded).toMatchObject({ by: 'acc-customer', reference: 'https://docs.example/uat.pdf' });
    // Who recorded a document is named through the view's names (the reporter, owners, who finished a stage).
    expect(namesOf(view).get('acc-customer')).toBe('Dana Whitfield');
    expect(namesOf({ phases: [], names: { 'acc-x': 'Xavier Ng', 'acc-blank': '  ' } })).toEqual(new Map([['acc-x', 'Xavier Ng']]));
    expect(documentPhases(viewOf(newPlan(), 'acc-pm'))).toEqual([]);
  });

  it('offers Record to the roles that record a document, disabled with a reason until its phase is under way, not once it closed', () => {
    const view = viewOfAny(lifecycle(), 'acc-pm');
    const doc = (id: string) => view.documents.find((d) => d.document === id)!;
    expect(recordAvailability(view, doc('support-service-definition'))).toEqual({ offered: true });
    expect(recordAvailability(view, doc('contract'))).toEqual({ offered: true, disabledReason: 'recorded once Contractualization is under way' });
    // The credentials are the customer's to send: the PM has no button.
    expect(recordAvailability(view, doc('iam-permissions'))).toEqual({ offered: false });

    const later = viewOfAny(inReadiness(), 'acc-customer', 'portal');
    expect(phaseProgress(later, 'definition')).toBe('closed');
    expect(recordAvailability(later, later.documents.find((d) => d.document === 'uat-definition')!)).toEqual({ offered: false });
    expect(recordAvailability(later, later.documents.find((d) => d.document === 'iam-permissions')!)).toEqual({ offered: true });
  });

  it('records credentials only as sent over a secure channel, never with a reference; the go-live\'s IQ documentation as any document', () => {
    const view = viewOfAny(inReadiness(), 'acc-customer', 'portal');
    const credentials = view.documents.find((d) => d.document === 'iam-permissions')!;
    expect(credentials.secureChannelOnly).toBe(true);
    expect(documentCall(credentials, { sentOverSecureChannel: true })).toEqual({ resolver: 'recordDocument', payload: { phase: 'readiness', document: 'iam-permissions', sentOverSecureChannel: true } });
    expect(() => documentCall(credentials, { reference: 'password=hunter2' })).toThrow(/secure channel/);
    // What the panel sends is what the server accepts.
    const accepted = recordDocument(LIFECYCLE_PLAYBOOKS.A, inReadiness(), documentCall(credentials, { sentOverSecureChannel: true }).payload as never, CUSTOMER, NOW);
    expect(accepted.plan.documents!.at(-1)).toMatchObject({ document: 'iam-permissions', reference: null, sentOverSecureChannel: true });

    const contract = view.documents.find((d) => d.document === 'contract')!;
    expect(documentCall(contract, { reference: 'CTR-2' })).toEqual({ resolver: 'recordDocument', payload: { phase: 'contractualization', document: 'contract', reference: 'CTR-2' } });
    const go = viewOfAny(goLive(), 'acc-engineer');
    const iq = go.documents[0]!;
    expect([iq.document, iq.mayRecord, iq.secureChannelOnly]).toEqual(['iq-documentation', true, false]);
    expect(documentCall(iq, { reference: 'IQ-PROD-251' })).toEqual({ resolver: 'recordDocument', payload: { phase: 'go-live', document: 'iq-documentation', reference: 'IQ-PROD-251' } });
    // It is the document the go-live's IQ step produces: that step's form lists it.
    expect(documentsOf(go, findStage(go, 5)!).map((d) => d.document)).toEqual(['iq-documentation']);
  });

  it('gives the customer their own documents to record and IQVIA\'s as a list', () => {
    const view = viewOfAny(lifecycle(), 'acc-customer', 'portal');
    const { yours, theirs } = customerDocuments(view);
    expect(yours.map((d) => d.document)).toEqual(['uat-definition', 'iam-permissions', 'dac']);
    expect(theirs.map((d) => d.document)).toEqual(['deployment-specifications', 'support-service-definition', 'contract', 'installation-log', 'incident-report', 'maintenance-log', 'decommissioning-report']);
  });
});
