import { STANDARD_CALENDAR } from '../../src/domain/calendar';
import { GO_LIVE } from '../../src/domain/golive/kind';
import { createGoLivePlan, recordGoLiveIqDocumentation } from '../../src/domain/golive/plan';
import { LIFECYCLE } from '../../src/domain/lifecycle/kind';
import { createLifecyclePlan } from '../../src/domain/lifecycle/plan';
import { availableActions, kindOf, PLAN_KINDS, planKinds, requireKind, stepPanels, type AnyPlan } from '../../src/domain/kinds';
import { createPlan } from '../../src/domain/playbooks/create';
import { UPGRADE } from '../../src/domain/upgrade/kind';
import { DESCALING } from './descaling/kind';
import { DESCALING_PLAYBOOK } from './descaling/playbook';
import { refusal } from './environments/helpers';
import { context, CUSTOMER, ENGINEER, PlanRun, request, ROLE_MAPPING, T0 } from './upgrade/fixtures';

const goLive = () => createGoLivePlan({ planId: 'golive-1', organizationId: 'org-acme', reporterAccountId: CUSTOMER.accountId, ticketKey: 'FHSD-9', version: '25.1' }, ROLE_MAPPING, undefined, T0).plan;
const lifecycle = () => createLifecyclePlan({ planId: 'impl-1', organizationId: 'org-acme', reporterAccountId: CUSTOMER.accountId, ticketKey: 'FHSD-8', scenario: 'B', vendorName: 'IQVIA' }, ROLE_MAPPING, undefined, T0).plan;

describe('kinds: one list of the kinds of plan', () => {
  test('the list holds the upgrade, the PROD go-live and the implementation lifecycle, each found by its plan\'s kind', () => {
    expect(PLAN_KINDS.list.map((k) => k.kind)).toEqual(['upgrade', 'prod-go-live', 'implementation-lifecycle']);
    const plans: AnyPlan[] = [new PlanRun().plan, goLive(), lifecycle()];
    expect(plans.map((p) => kindOf(p))).toEqual([UPGRADE, GO_LIVE, LIFECYCLE]);
    expect(plans.map((p) => kindOf(p).titleOf(p))).toEqual(['ClinSpark 24.1 → 25.2', 'PROD go-live at ClinSpark 25.1', 'Implementation lifecycle, Scenario B (IQVIA IS)']);
    expect(plans.map((p) => kindOf(p).workTicketOf(p))).toEqual(['FHSD-1', 'FHSD-9', 'FHSD-8']);
    expect(plans.map((p) => kindOf(p).ticketsOf(p).map((t) => t.kind))).toEqual([['valRequest'], ['goLive'], ['implementation']]);
    expect(plans.map((p) => kindOf(p).ticketKinds)).toEqual([['intent', 'valRequest', 'validationIssue', 'prodRequest'], ['goLive'], ['implementation']]);
  });

  test('a plan of any kind is told apart by its kind, with no cast', () => {
    const whatItIsAbout = (plan: AnyPlan): string => (plan.kind === 'upgrade' ? plan.facts.targetVersion : plan.kind === 'prod-go-live' ? plan.facts.version : plan.facts.scenario);
    expect([new PlanRun().plan, goLive(), lifecycle()].map(whatItIsAbout)).toEqual(['25.2', '25.1', 'B']);
    const plan: AnyPlan = [new PlanRun().plan, goLive()][0]!;
    expect(requireKind(plan, 'upgrade', 'backups').facts.currentVersion).toBe('24.1');
  });

  test('requireKind refuses a plan of another kind, naming what only that kind has', () => {
    const error = refusal(() => requireKind(goLive(), 'upgrade', 'PROD backups'));
    expect([error.rule, error.field, error.message]).toEqual(['planKind', 'issue', 'PROD go-live at ClinSpark 25.1 has no PROD backups: only a plan of kind upgrade has']);
  });

  test('a stored plan of a kind this code does not know is an error, not a refusal', () => {
    const stray = { ...goLive(), kind: 'retired' } as unknown as AnyPlan;
    expect(() => kindOf(stray)).toThrow('plan golive-1 is of an unknown kind "retired"');
  });

  test('stagesOwedBy: an upgrade ticket answers for its own stages; a plan on one ticket for all of them', () => {
    const run = new PlanRun(request({ ticket: { key: 'FHSD-1', kind: 'intent' } }));
    expect(kindOf(run.plan).stagesOwedBy(run.plan, 'FHSD-1')).toEqual([2, 3, 4]);
    expect(kindOf(run.plan).stagesOwedBy(run.plan, 'FHSD-404')).toEqual([]);
    expect(GO_LIVE.stagesOwedBy(goLive(), 'FHSD-9')).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('registry effects live with their kind: the go-live\'s IQ documentation moves the PROD pair; the lifecycle moves nothing', () => {
    const plan = goLive();
    const registry = { id: 'registry:org-acme', organizationId: 'org-acme', revision: 0, instances: [] };
    expect(LIFECYCLE.registryEffects(registry, { before: lifecycle(), after: lifecycle(), actor: { accountId: 'x', role: 'App' } }, T0)).toEqual({ registry, entries: [] });
    expect(GO_LIVE.registryEffects(registry, { before: plan, after: plan, actor: { accountId: 'x', role: 'App' } }, T0).entries).toEqual([]);
    expect(() => recordGoLiveIqDocumentation(plan, 'IQ-1', ENGINEER, T0)).toThrow(/not under way|recorded once stage 4/);
  });
});

describe('stepPanels: what a panel shows of each step, declared by its kind', () => {
  test('the upgrade: the request details at 5 and 13, the slot at 16, the backups at 20, the Go / No-Go at 24', () => {
    const panels = stepPanels(new PlanRun().plan);
    const forms = Object.fromEntries([...panels].filter(([, p]) => p.form).map(([n, p]) => [n, p.form!.type]));
    expect(forms).toEqual({ 5: 'details', 13: 'details', 16: 'slot', 20: 'backup', 24: 'decision' });
    expect(panels.get(5)!.form).toEqual({ type: 'details', ticketKind: 'valRequest', label: 'VAL request', instances: ['VAL MAIN', 'VAL TEST'], preferredSlots: false });
    expect(panels.get(13)!.form).toEqual({ type: 'details', ticketKind: 'prodRequest', label: 'PROD upgrade request', instances: ['PROD MAIN', 'PROD TEST'], preferredSlots: true });
    expect(panels.get(20)!.form).toEqual({ type: 'backup', instances: ['PROD MAIN', 'PROD TEST'] });
    expect(panels.get(24)!.form).toMatchObject({ type: 'decision', options: [{ id: 'Go' }, { id: 'No-Go', reasonRequired: true }] });
  });

  test('the upgrade\'s guidance comes from its facts (rules 2 and 3), and stage 18 is optional for a single release only', () => {
    const across = stepPanels(new PlanRun().plan);
    expect(across.get(1)!.guidance).toBe('Release notes to review: 24.2, 25.1, 25.2.');
    expect(across.get(4)!.guidance).toBe('Terminate the prior VAL and provide a new one at the target version 25.2.');
    expect(across.get(6)!.guidance).toBe(across.get(4)!.guidance);
    expect(across.get(18)).toEqual({ guidance: 'Required: the upgrade crosses 3 releases.', required: true, form: null });
    const single = stepPanels(new PlanRun(request({ currentVersion: '25.1' }), context({ valPairExists: false })).plan);
    expect(single.get(18)).toEqual({ guidance: 'Optional: the upgrade crosses a single release.', required: false, form: null });
    expect(single.get(4)!.guidance).toBe('Create the VAL at the target version 25.2.');
    expect([...single.values()].filter((p) => !p.required)).toHaveLength(1);
  });

  test('the go-live and the lifecycle: forms from their playbooks (the IQ documentation, the UAT, the DAC), no guidance', () => {
    const go = stepPanels(goLive());
    expect(go.get(5)).toEqual({ guidance: null, required: true, form: { type: 'document', documents: ['iq-documentation'] } });
    expect([...go.values()].filter((p) => p.form)).toHaveLength(1);
    const life = stepPanels(lifecycle());
    expect(life.get(5)!.form).toMatchObject({ type: 'decision', options: [{ id: 'Pass' }, { id: 'Fail' }] });
    expect(life.get(6)!.form).toEqual({ type: 'document', documents: ['dac'] });
  });
});

describe('a fourth kind of plan: one folder plus one line in the list', () => {
  const KINDS = planKinds([UPGRADE, GO_LIVE, LIFECYCLE, DESCALING]);
  const roles = { projectDefault: { 'IQVIA Support': ['sup'] }, organizations: {} };
  const plan = createPlan(DESCALING_PLAYBOOK, { id: 'd-1', organizationId: 'org', reporterAccountId: 'cust', facts: { ticketKey: 'FHSD-7' }, roles }, T0).plan;

  test('it is found, summarised, offered and shown like the others', () => {
    const kind = KINDS.kindOf(plan);
    expect(kind).toBe(DESCALING);
    expect(kind.summary(plan, STANDARD_CALENDAR, T0)).toMatchObject({ kind: 'descaling', title: 'Coffee machine descaling', total: 3, next: [{ number: 1 }], targetVersion: '', decision: 'pending', slot: null });
    expect(kind.dueDates(plan, STANDARD_CALENDAR).get(1)).toBe('2026-11-24');
    expect(KINDS.stepPanels(plan).get(2)).toEqual({ guidance: 'Use the citric acid, not the vinegar.', required: true, form: null });
    expect(KINDS.stepPanels(plan).get(3)!.form?.type).toBe('decision');
    const support = { accountId: 'sup', roles: ['IQVIA Support' as const] };
    expect(KINDS.availableActions(plan, support, T0)[0]!.actions.find((a) => a.type === 'complete')!.refusal?.rule).toBe('phaseDocumentsBeforeClose');
    expect(kind.actOnStep(plan, { type: 'start', step: 1 }, support, T0).entries).toHaveLength(1);
    expect(KINDS.list.map((k) => k.kind)).toEqual(['upgrade', 'prod-go-live', 'implementation-lifecycle', 'descaling']);
  });

  test('the list without it does not run it, and a kind listed twice is refused', () => {
    expect(() => (availableActions as (p: unknown, a: unknown, n: Date) => unknown)(plan, CUSTOMER, T0)).toThrow('unknown kind "descaling"');
    expect(() => planKinds([UPGRADE, DESCALING, UPGRADE])).toThrow('plan kinds repeat');
  });
});
