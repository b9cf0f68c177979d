import { actorFor } from '../../src/app/viewer';
import { buildPlanView, type PlanView } from '../../src/app/planView';
import { defaultSettings } from '../../src/app/settings';
import { kindOf, stepPanels } from '../../src/domain/kinds';
import { PlanRefusal } from '../../src/domain/errors';
import type { StepAction } from '../../src/domain/playbook';
import { createGoLivePlan } from '../../src/domain/golive/plan';
import { createLifecyclePlan } from '../../src/domain/lifecycle/plan';
import { complete, newPlan, NOW, ROLES_MAPPING } from '../static/planFixture';
import { PlanRun, PROD_DETAILS, ROLE_MAPPING, SLOT_1, SLOT_2, throughFinalTest, throughSlot, throughValidation } from '../domain/upgrade/fixtures';

const settings = { ...defaultSettings(), roles: ROLES_MAPPING };
const PEOPLE = ['acc-pm', 'acc-engineer', 'acc-support', 'acc-specialist', 'acc-customer', 'acc-stranger'];
const viewer = (accountId: string) => ({ accountId, accountType: 'licensed' as const, ticketKey: 'FHSD-1', projectKey: 'FHSD', surface: 'agent' as const });

const upgrade = complete(complete(newPlan(), 1, 'acc-customer', ['Customer']), 3, 'acc-pm', ['IQVIA PM']);
const goLive = createGoLivePlan({ planId: 'g-1', organizationId: 'org-acme', reporterAccountId: 'acc-customer', ticketKey: 'FHSD-2', version: '25.1' }, ROLES_MAPPING, undefined, NOW).plan;
const lifecycle = createLifecyclePlan({ planId: 'l-1', organizationId: 'org-acme', reporterAccountId: 'acc-customer', ticketKey: 'FHSD-3', scenario: 'B', vendorName: 'IQVIA' }, ROLES_MAPPING, undefined, NOW).plan;

describe.each([
  ['upgrade', upgrade],
  ['go-live', goLive],
  ['lifecycle', lifecycle],
] as const)('the %s plan as a panel sees it', (_name, plan) => {
  test.each(PEOPLE)('%s: every action the view offers is what the engine does with it, and a refusal is the engine\'s own words', (accountId) => {
    const view = buildPlanView(plan, viewer(accountId), settings, NOW);
    const actor = actorFor(viewer(accountId), plan, settings);
    for (const stage of view.phases.flatMap((p) => p.stages)) {
      const holdsRole = stage.roles.some((r) => actor.roles.includes(r));
      // No buttons without the stage's role.
      // No buttons without the stage's role, but the PM's "hand to someone" on every stage (issue #13).
      if (!holdsRole) expect({ stage: stage.number, actions: stage.actions.filter((a) => a.type !== 'reassign') }).toEqual({ stage: stage.number, actions: [] });
      for (const action of stage.actions) {
        // A reassignment goes to one of the people the view offers for it.
        const to = stage.candidates?.find((c) => c.accountId !== stage.owner);
        if (action.type === 'reassign' && !to) continue; // no one else holds the roles: the dialog has no one to offer
        const step = {
          type: action.type,
          step: stage.number,
          ...(action.outcome ? { outcome: action.outcome } : {}),
          ...(action.needsReason ? { reason: 'a reason' } : {}),
          ...(action.type === 'propose' ? { value: '2027-06-01T08:00:00.000Z', reason: 'a reason' } : {}),
          ...(action.type === 'reassign' ? { owner: to?.accountId ?? 'no one offered', ownerRoles: to?.roles ?? [] } : {}),
        } as StepAction;
        let refusal: string | undefined;
        try {
          kindOf(plan).actOnStep(plan, step, actor, NOW);
        } catch (error) {
          if (!(error instanceof PlanRefusal)) throw error;
          refusal = error.message;
        }
        expect({ stage: stage.number, action: action.type, outcome: action.outcome, refusal }).toEqual({ stage: stage.number, action: action.type, outcome: action.outcome, refusal: action.disabledReason });
      }
    }
  });

  test('each step carries its kind\'s form, guidance and whether it is required; each phase its progress', () => {
    const view = buildPlanView(plan, viewer('acc-pm'), settings, NOW);
    const panels = stepPanels(plan);
    for (const phase of view.phases) {
      for (const stage of phase.stages) expect({ guidance: stage.guidance, required: stage.required, form: stage.form, ...(stage.releaseNotes.length > 0 ? { releaseNotes: stage.releaseNotes.map((n) => n.version) } : {}) }).toEqual(panels.get(stage.number));
      const finished = phase.stages.filter((s) => s.status === 'done' || s.status === 'skipped').length;
      expect(phase.progress).toEqual({ finished, total: phase.stages.length });
    }
    expect(view.phases.reduce((n, p) => n + p.progress.finished, 0)).toBe(view.summary.done + view.summary.skipped);
  });
});

test('a decision step offers one decide action per option, named by the option', () => {
  const view = buildPlanView(upgrade, viewer('acc-customer'), settings, NOW);
  const decision = view.phases.flatMap((p) => p.stages).find((s) => s.form?.type === 'decision')!;
  const options = decision.form?.type === 'decision' ? decision.form.options.map((o) => o.id) : [];
  expect(decision.actions.filter((a) => a.type === 'decide').map((a) => a.outcome)).toEqual(options);
  expect(options.length).toBeGreaterThan(1);
});

test('each ticket carries its kind\'s label, as the kind declares it', () => {
  const tickets = [upgrade, goLive, lifecycle].flatMap((plan) => buildPlanView(plan, viewer('acc-pm'), settings, NOW).tickets.map((t) => [t.kind, t.label]));
  expect(tickets).toEqual([['valRequest', 'VAL request'], ['goLive', 'PROD go-live request'], ['implementation', 'Implementation request']]);
});

test('a fact a plan\'s kind does not have is absent from its view, not a made-up value', () => {
  const facts = (plan: typeof upgrade | typeof goLive | typeof lifecycle) => {
    const { currentVersion, targetVersion, valAction, slot, releasesCrossed, backups } = buildPlanView(plan, viewer('acc-pm'), settings, NOW);
    return { currentVersion, targetVersion, valAction, slot, releasesCrossed, backups };
  };
  expect(facts(upgrade)).toEqual({ currentVersion: '24.1', targetVersion: '25.2', valAction: 'replace', slot: null, releasesCrossed: ['24.2', '25.1', '25.2'], backups: [] });
  expect(facts(goLive)).toEqual({ currentVersion: null, targetVersion: '25.1', valAction: null, slot: null, releasesCrossed: [], backups: [] });
  expect(facts(lifecycle)).toEqual({ currentVersion: null, targetVersion: null, valAction: null, slot: null, releasesCrossed: [], backups: [] });
});

test('stage 1 links the notes of each release the upgrade crosses, from the settings\' catalogue; the other stages link none', () => {
  const catalogue = [
    { version: '24.2', date: '2024-06-03', notesUrl: 'https://docs.clinspark.example/releases/24.2' },
    // Kept from settings saved before releases had dates and links.
    { version: '25.1', date: null, notesUrl: null },
    { version: '25.2', date: '2025-06-09', notesUrl: 'https://docs.clinspark.example/releases/25.2' },
  ];
  for (const surface of ['agent', 'portal'] as const) {
    const view = buildPlanView(upgrade, { ...viewer(surface === 'portal' ? 'acc-customer' : 'acc-pm'), surface }, { ...settings, releases: catalogue }, NOW);
    const stages = view.phases.flatMap((p) => p.stages);
    expect(stages.find((s) => s.number === 1)!.releaseNotes).toEqual(catalogue);
    expect(stages.filter((s) => s.releaseNotes.length > 0).map((s) => s.number)).toEqual([1]);
  }
  // A release the catalogue no longer lists is still named, without a link.
  const removed = buildPlanView(upgrade, viewer('acc-pm'), { ...settings, releases: [catalogue[2]!] }, NOW);
  expect(removed.phases.flatMap((p) => p.stages).find((s) => s.number === 1)!.releaseNotes).toEqual([
    { version: '24.2', date: null, notesUrl: null },
    { version: '25.1', date: null, notesUrl: null },
    catalogue[2],
  ]);
});

describe("the decision a panel's header shows is this attempt's", () => {
  // The domain's own run of a plan (test/domain/upgrade/fixtures), read as the PM's issue panel would.
  const runSettings = { ...defaultSettings(), roles: ROLE_MAPPING };
  const pmView = (run: PlanRun) => buildPlanView(run.plan, viewer('acc-pm'), runSettings, run.now);

  test('none before the decision; the No-Go while its restore is open; none in the new attempt (the summary keeps the latest for JQL); the Go of attempt 2', () => {
    const run = throughFinalTest();
    const decisionStep = pmView(run).phases.flatMap((p) => p.stages).find((s) => s.form?.type === 'decision')!.number;
    expect(pmView(run).decision).toEqual({ stage: decisionStep, attempt: 1, outcome: null });

    run.tick(120).decide('No-Go', 'Dosing dashboard export differs from VAL');
    expect(pmView(run).decision).toEqual({ stage: decisionStep, attempt: 1, outcome: 'No-Go' });

    run.restore();
    const restarted = pmView(run);
    expect(restarted.decision).toEqual({ stage: decisionStep, attempt: 2, outcome: null });
    expect(restarted.summary.decision).toBe('No-Go');
    expect(restarted.attempts.map((a) => [a.attempt, a.outcome])).toEqual([[1, 'No-Go']]);

    // A new slot agreed: still no decision in attempt 2 until it is taken.
    run.tick(60 * 24 * 7).complete(14);
    run.confirmSlot(SLOT_2, 'the second attempt needs a new slot');
    expect(pmView(run).decision).toEqual({ stage: decisionStep, attempt: 2, outcome: null });
    throughFinalTest(run.at(SLOT_2));
    expect(pmView(run).decision).toEqual({ stage: decisionStep, attempt: 2, outcome: null });
    run.tick(60).decide('Go');
    expect(pmView(run).decision).toEqual({ stage: decisionStep, attempt: 2, outcome: 'Go' });
  });

  test('a plan whose playbook has no decision step has none', () => {
    expect(buildPlanView(goLive, viewer('acc-pm'), settings, NOW).decision).toBeNull();
  });
});

describe('buildPlanView earlyWarning (issue #15: an engineer acting before the agreed slot is asked first)', () => {
  const engineer = { accountId: 'acc-engineer', accountType: 'licensed' as const, ticketKey: 'FHSD-1', projectKey: 'FHSD', surface: 'agent' as const };
  const run = throughSlot();
  const slotSettings = { ...defaultSettings(), roles: ROLE_MAPPING };
  const viewAt = (now: Date, plan = run.plan) => buildPlanView(plan, engineer, slotSettings, now);
  const stage = (view: PlanView, n: number) => view.phases.flatMap((p) => p.stages).find((s) => s.number === n)!;

  test('a week before the agreed slot, every open Day of Upgrade stage carries the slot start, and no stage of another phase does', () => {
    const view = viewAt(new Date(new Date(SLOT_1).getTime() - 7 * 86_400_000));
    expect(view.dayOfUpgrade).toEqual({ phase: 'Day of Upgrade', start: SLOT_1, hours: expect.any(Number) });
    const dayOfUpgrade = view.phases.find((p) => p.name === 'Day of Upgrade')!;
    expect(dayOfUpgrade.stages.map((s) => s.earlyWarning)).toEqual(dayOfUpgrade.stages.map(() => ({ slotStart: SLOT_1 })));
    expect(view.phases.filter((p) => p.name !== 'Day of Upgrade').flatMap((p) => p.stages).filter((s) => s.earlyWarning !== null)).toEqual([]);
  });

  test('once the slot has started, nothing is early', () => {
    const view = viewAt(new Date(new Date(SLOT_1).getTime() + 60_000));
    expect(view.phases.flatMap((p) => p.stages).filter((s) => s.earlyWarning !== null)).toEqual([]);
    expect(view.dayOfUpgrade?.start).toBe(SLOT_1);
  });

  test('a finished Day of Upgrade stage is not early, and a slot only proposed makes nothing early', () => {
    const early = new Date(new Date(SLOT_1).getTime() - 86_400_000);
    const after = throughSlot(throughValidation(new PlanRun())).at(new Date(new Date(SLOT_1).getTime() + 60_000)).complete(17);
    expect(stage(viewAt(early, after.plan), 17).earlyWarning).toBeNull();
    expect(stage(viewAt(early, after.plan), 18).earlyWarning).toEqual({ slotStart: SLOT_1 });
    const proposed = throughValidation();
    proposed.attach('FHSD-13', 'prodRequest', PROD_DETAILS);
    proposed.completeAll([14, 15]);
    proposed.proposeSlot(SLOT_1, 'the test picks another slot');
    const view = viewAt(early, proposed.plan);
    expect(view.dayOfUpgrade).toBeNull();
    expect(view.phases.flatMap((p) => p.stages).filter((s) => s.earlyWarning !== null)).toEqual([]);
  });
});
