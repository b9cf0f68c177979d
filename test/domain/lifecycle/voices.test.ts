import { availableActions } from '../../../src/domain/engine';
import { PlanRefusal } from '../../../src/domain/errors';
import { kindOf } from '../../../src/domain/kinds';
import { LIFECYCLE } from '../../../src/domain/lifecycle/kind';
import { DEPLOYMENT_MESSAGE, READINESS_MESSAGE } from '../../../src/domain/lifecycle/phases';
import { createLifecyclePlan } from '../../../src/domain/lifecycle/plan';
import { lifecyclePlaybook, lifecyclePlaybookOf, vendorOf, type LifecyclePlan } from '../../../src/domain/lifecycle/playbook';
import type { Actor } from '../../../src/domain/playbook';
import { customerMessageText, vendorMessageText } from '../../../src/domain/playbooks/phases';
import { playbookProblems } from '../../../src/domain/playbooks/define';
import { DEFAULT_VENDOR_NAME, SEED_VENDOR_NAME } from '../../../src/domain/vendor';
import { NOW, Onboarding, PEOPLE, ROLES } from './world';

function refusal(run: () => unknown): PlanRefusal {
  try {
    run();
  } catch (error) {
    if (error instanceof PlanRefusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Every text of a plan a person reads: title, phases, steps, decision consequences, documents. */
function textsOf(plan: LifecyclePlan): string {
  const playbook = lifecyclePlaybookOf(plan);
  return [
    LIFECYCLE.titleOf(plan),
    ...playbook.phases.flatMap((p) => [p.name, p.communication ?? '', p.trigger?.message ?? '', ...(p.documents ?? []).flatMap((d) => [d.name, d.description])]),
    ...playbook.steps.flatMap((s) => [s.activity, s.notes, ...(s.decision?.options ?? []).flatMap((o) => [o.label, o.consequence])]),
  ].join('\n');
}

const open = (vendorName: string, scenario: 'A' | 'B' = 'B') =>
  createLifecyclePlan({ planId: 'life-v', organizationId: 'org-acme', reporterAccountId: 'cust', ticketKey: 'FHSD-7', scenario, vendorName }, ROLES, undefined, NOW).plan;

describe('lifecyclePlaybook: the vendor is named where the seed names its own', () => {
  test('every text of a plan opened under "Foundation Health" names it, and none names the seed\'s vendor', () => {
    for (const scenario of ['A', 'B'] as const) {
      const texts = textsOf(open('Foundation Health', scenario));
      expect(texts).not.toContain(SEED_VENDOR_NAME);
      expect(texts).toContain('Foundation Health');
    }
    const plan = open('Foundation Health');
    expect(LIFECYCLE.titleOf(plan)).toBe('Implementation lifecycle, Scenario B (Foundation Health IS)');
    const steps = lifecyclePlaybookOf(plan).steps;
    expect(steps.find((s) => s.number === 4)!.activity).toBe('Foundation Health’s team provisions infrastructure (if applicable) and installs the software suite according to the Deployment Specifications Document.');
    expect(steps.find((s) => s.number === 5)!.decision!.options.find((o) => o.id === 'Fail')!.consequence).toBe('Foundation Health iterates on the configuration. Deployment returns to Phase 3.');
    expect(lifecyclePlaybook('A', 'Foundation Health').steps.find((s) => s.number === 3)!.activity).toBe('Customer provisions cloud capabilities and grants agreed IAM permissions to Foundation Health.');
  });

  test('the playbook of a vendor is declared once and is sound', () => {
    expect(lifecyclePlaybook('A', 'IQVIA')).toBe(lifecyclePlaybook('A', 'IQVIA'));
    expect(playbookProblems(lifecyclePlaybook('B', 'IQVIA'))).toEqual([]);
  });
});

describe('vendorOf: a plan keeps the vendor it was opened under', () => {
  test('the vendor is a fact of the plan: what it said is not rewritten when the settings name another', () => {
    const plan = open('IQVIA');
    expect(plan.facts.vendorName).toBe('IQVIA');
    // The settings now name another vendor: a new plan takes it, the open one keeps its own.
    expect(vendorOf(open('Foundation Health'))).toBe('Foundation Health');
    expect(LIFECYCLE.titleOf(plan)).toBe('Implementation lifecycle, Scenario B (IQVIA IS)');
  });

  test('a plan of an older release without the vendor fact still renders, with the seed\'s vendor it was shown', () => {
    const { vendorName: _dropped, ...facts } = open('IQVIA').facts;
    const old: LifecyclePlan = { ...open('IQVIA'), facts };
    expect(vendorOf(old)).toBe(SEED_VENDOR_NAME);
    expect(kindOf(old).titleOf(old)).toBe('Implementation lifecycle, Scenario B (Owkin IS)');
    expect(kindOf(old).summary(old, { workingWeekdays: [1, 2, 3, 4, 5], holidays: [] }, NOW).title).toBe('Implementation lifecycle, Scenario B (Owkin IS)');
    expect(kindOf(old).factsView(old, { customer: true })).toEqual({ vendorName: SEED_VENDOR_NAME });
  });
});

describe('createLifecyclePlan: the vendor name', () => {
  test('is trimmed, and refused empty or over 80 characters, naming the field', () => {
    expect(open('  IQVIA  ').facts.vendorName).toBe('IQVIA');
    expect(refusal(() => open('   '))).toMatchObject({ rule: 'vendorName', field: 'vendorName' });
    expect(refusal(() => open('x'.repeat(81)))).toMatchObject({ rule: 'vendorName', field: 'vendorName' });
  });

  test('LIFECYCLE intake opens the plan under the project\'s vendor, or the default when the settings name none', () => {
    const request = { key: 'FHSD-3', ticketKind: 'implementation', organizationId: 'org-acme', reporterAccountId: 'cust', actorAccountId: 'cust', form: { scenario: 'B' } };
    expect(LIFECYCLE.intake.start(request, { releases: [], roles: ROLES, vendorName: 'Foundation Health' }, NOW).plan.facts.vendorName).toBe('Foundation Health');
    expect(LIFECYCLE.intake.start(request, { releases: [], roles: ROLES }, NOW).plan.facts.vendorName).toBe(DEFAULT_VENDOR_NAME);
  });
});

describe('requireCustomerInPortal: the readiness confirmation is the customer\'s own act', () => {
  function readyToConfirm(): Onboarding {
    const world = new Onboarding();
    world.specifiedAndContracted();
    world.sendCredentials();
    return world;
  }

  test('an agent holding the Customer role, an admin overriding with a reason, or the app cannot send it; nothing changes', () => {
    const world = readyToConfirm();
    const before = world.plan;
    const agentAsCustomer: Actor = { accountId: 'pm', roles: ['Customer', 'IQVIA PM'] };
    const admin: Actor = { accountId: 'pm', roles: ['IQVIA PM'], admin: true };
    const app: Actor = { accountId: 'pm', roles: [], app: true };
    expect(refusal(() => world.act(3, {}, agentAsCustomer))).toMatchObject({ rule: 'customersOwnAct', field: 'actor', stage: 3 });
    expect(refusal(() => world.act(3, { reason: 'customer said so on the phone' }, admin))).toMatchObject({ rule: 'customersOwnAct', field: 'actor', stage: 3 });
    expect(refusal(() => world.act(3, {}, app)).message).toBe('stage 3 is the customer\'s own act: only a customer of the organization sends it, from the customer portal');
    expect(world.plan).toBe(before);
    expect(world.notices).toEqual([]);
  });

  test('a portal customer Jira does not list in the plan\'s organization cannot send it, even holding the Customer role', () => {
    const world = readyToConfirm();
    const other: Actor = { accountId: 'cust', roles: ['Customer'], portalCustomer: { organizationIds: ['org-globex'] } };
    expect(refusal(() => world.act(3, {}, other))).toMatchObject({ rule: 'customersOwnAct', field: 'actor', stage: 3 });
    expect(refusal(() => world.act(3, {}, other)).message).toContain('Jira does not list you in it');
  });

  test('the customer of the organization sends it from the portal: the audit entry is theirs, with what they said', () => {
    const world = readyToConfirm();
    world.act(3, {}, PEOPLE.cust);
    const entry = world.entries.at(-1)!;
    expect(entry.actor).toEqual({ accountId: 'cust', role: 'Customer' });
    expect(entry.after).toMatchObject({ status: 'done', said: [{ sender: 'Customer', via: 'customer portal', message: expect.stringContaining(READINESS_MESSAGE) }] });
    expect(world.notices).toEqual([expect.objectContaining({ sender: 'Customer', saidBy: { accountId: 'cust', role: 'Customer', at: NOW.toISOString(), via: 'customer portal' } })]);
  });

  test('availableActions offers it to the portal customer, and tells an agent admin why not', () => {
    const world = readyToConfirm();
    const playbook = lifecyclePlaybookOf(world.plan);
    const complete = (actor: Actor) => availableActions(playbook, world.plan, actor, NOW).find((s) => s.step === 3)!.actions.find((a) => a.type === 'complete')!;
    // A panel load reads no organizations: the action is offered, and the act itself checks them.
    expect(complete({ accountId: 'cust', roles: ['Customer'], portalCustomer: { organizationIds: null } }).refusal).toBeUndefined();
    expect(complete({ accountId: 'pm', roles: ['IQVIA PM'], admin: true }).refusal).toMatchObject({ rule: 'customersOwnAct' });
  });
});

describe('customerMessageText and vendorMessageText', () => {
  test('the customer\'s words first, then who sent them, where and when; unnamed, their account', () => {
    expect(customerMessageText(READINESS_MESSAGE, { accountId: 'qm:1', name: 'Gina Park' }, new Date('2026-08-20T14:45:10Z'))).toBe(
      '“Readiness Confirmation: Permissions granted and environment ready.”\n\nSent by Gina Park, the customer, in the customer portal on 2026-08-20 at 14:45 UTC. The app posts it for them: a Jira app can comment only in its own name.',
    );
    expect(customerMessageText(READINESS_MESSAGE, { accountId: 'qm:1' }, NOW)).toContain('Sent by the customer (Atlassian account qm:1) in the customer portal');
  });

  test('the vendor\'s message is signed with the vendor\'s name', () => {
    expect(vendorMessageText({ sender: 'IQVIA Engineer', message: DEPLOYMENT_MESSAGE, signedAs: 'IQVIA' })).toBe(`${DEPLOYMENT_MESSAGE}\n\n— IQVIA`);
    expect(vendorMessageText({ sender: 'IQVIA Engineer', message: DEPLOYMENT_MESSAGE })).toBe(DEPLOYMENT_MESSAGE);
  });
});
