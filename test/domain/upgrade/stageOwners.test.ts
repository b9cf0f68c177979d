import { stepState } from '../../../src/domain/engine';
import { withCurrentOwners } from '../../../src/domain/playbooks/create';
import type { Actor } from '../../../src/domain/playbook';
import type { RoleMapping } from '../../../src/domain/roles';
import { UPGRADE_PLAYBOOK } from '../../../src/domain/upgrade/playbook';
import { ADMIN, CUSTOMER, ENGINEER, PlanRun, PM, refusal, ROLE_MAPPING, SPECIALIST, SUPPORT, T0, throughFinalTest, throughSlot, throughValidation } from './fixtures';

const OTHER_ENGINEER: Actor = { accountId: 'acc-engineer-2', roles: ['IQVIA Engineer'] };
const mappingWith = (engineers: string[]): RoleMapping => ({ ...ROLE_MAPPING, projectDefault: { ...ROLE_MAPPING.projectDefault, 'IQVIA Engineer': engineers } });

describe('withCurrentOwners: stages not yet started follow the role mapping as it is now', () => {
  test('an admin names another engineer: every engineer stage not started follows; a started one keeps its owner', () => {
    const run = new PlanRun();
    run.completeAll([1, 3, 4]);
    run.act({ type: 'start', step: 6 }, ENGINEER);
    const followed = withCurrentOwners(UPGRADE_PLAYBOOK, run.plan, mappingWith([OTHER_ENGINEER.accountId]));
    expect(stepState(followed, 6).owner).toBe(ENGINEER.accountId);
    for (const n of [15, 20, 21, 22, 25, 26]) expect([n, stepState(followed, n).owner]).toEqual([n, OTHER_ENGINEER.accountId]);
    // Finished stages keep who owned them, and the other roles' stages are untouched.
    expect(stepState(followed, 3).owner).toBe(PM.accountId);
    expect(stepState(followed, 11).owner).toBe(SUPPORT.accountId);
  });

  test('the same plan object when the mapping changes nothing; no one holding the role leaves the stage unowned', () => {
    const run = new PlanRun();
    expect(withCurrentOwners(UPGRADE_PLAYBOOK, run.plan, ROLE_MAPPING)).toBe(run.plan);
    expect(stepState(withCurrentOwners(UPGRADE_PLAYBOOK, run.plan, mappingWith([])), 6).owner).toBeNull();
  });

  test('a stage the PM reassigned keeps its owner whatever the mapping says', () => {
    const run = new PlanRun();
    run.act({ type: 'reassign', step: 15, owner: OTHER_ENGINEER.accountId, ownerRoles: OTHER_ENGINEER.roles, reason: 'Erik knows their network' }, PM);
    const followed = withCurrentOwners(UPGRADE_PLAYBOOK, run.plan, mappingWith(['acc-engineer-3']));
    expect(stepState(followed, 15).owner).toBe(OTHER_ENGINEER.accountId);
    expect(stepState(followed, 20).owner).toBe('acc-engineer-3');
  });
});

describe('reassign: the PM hands a stage to someone holding one of its roles, with a reason', () => {
  test('audited before → after with the reason; the new owner acts on it; the stage records who handed it and why', () => {
    const run = new PlanRun();
    const accepted = run.act({ type: 'reassign', step: 15, owner: OTHER_ENGINEER.accountId, ownerRoles: OTHER_ENGINEER.roles, reason: 'Erik is on leave' }, PM);
    expect(accepted.entry).toMatchObject({ action: 'reassign', step: 15, actor: { accountId: PM.accountId, role: 'IQVIA PM' }, before: { status: 'todo', owner: ENGINEER.accountId }, after: { status: 'todo', owner: OTHER_ENGINEER.accountId }, reason: 'Erik is on leave' });
    expect(stepState(run.plan, 15)).toMatchObject({ owner: OTHER_ENGINEER.accountId, reassigned: { by: PM.accountId, at: T0.toISOString(), reason: 'Erik is on leave', role: 'IQVIA Engineer' } });
  });

  test('refused: a customer, an engineer, without a reason, to someone holding none of its roles, to its owner, a finished stage', () => {
    const run = throughValidation();
    const to = { owner: OTHER_ENGINEER.accountId, ownerRoles: OTHER_ENGINEER.roles };
    expect(refusal(() => run.act({ type: 'reassign', step: 15, ...to, reason: 'r' }, CUSTOMER)).rule).toBe('stageOwnership');
    expect(refusal(() => run.act({ type: 'reassign', step: 15, ...to, reason: 'r' }, ENGINEER)).rule).toBe('stageOwnership');
    expect(refusal(() => run.act({ type: 'reassign', step: 15, ...to, reason: ' ' }, PM)).rule).toBe('reasonRequired');
    const wrongRole = refusal(() => run.act({ type: 'reassign', step: 15, owner: CUSTOMER.accountId, ownerRoles: CUSTOMER.roles, reason: 'r' }, PM));
    expect([wrongRole.rule, wrongRole.field, wrongRole.message]).toEqual(['ownerRole', 'owner', 'stage 15 is handed to someone holding IQVIA Engineer for this organization: acc-customer holds none of them']);
    expect(refusal(() => run.act({ type: 'reassign', step: 15, owner: ENGINEER.accountId, ownerRoles: ENGINEER.roles, reason: 'r' }, PM)).rule).toBe('unchanged');
    expect(refusal(() => run.act({ type: 'reassign', step: 3, owner: 'acc-pm-2', ownerRoles: ['IQVIA PM'], reason: 'r' }, PM)).rule).toBe('stageStatus');
    // An app admin outside the PM role may, with the reason every reassignment needs.
    run.act({ type: 'reassign', step: 15, ...to, reason: 'the PM is away' }, ADMIN);
  });

  test('stage 11 may go to an Engineer or a Solution Specialist (its note), who then completes it under the role they were given', () => {
    const run = throughValidation(new PlanRun());
    run.act({ type: 'reopen', step: 12, reason: 'redo' }, CUSTOMER);
    run.act({ type: 'reopen', step: 11, reason: 'one more configuration issue' }, SUPPORT);
    expect(refusal(() => run.complete(11, {}, SPECIALIST)).rule).toBe('stageOwnership');
    run.act({ type: 'reassign', step: 11, owner: SPECIALIST.accountId, ownerRoles: SPECIALIST.roles, reason: 'label configuration' }, PM);
    const done = run.complete(11, {}, SPECIALIST);
    expect(done.entry.actor).toEqual({ accountId: SPECIALIST.accountId, role: 'Solution Specialist' });
    // Other stages are not handed outside their roles.
    expect(refusal(() => run.act({ type: 'reassign', step: 15, owner: SPECIALIST.accountId, ownerRoles: SPECIALIST.roles, reason: 'r' }, PM)).rule).toBe('ownerRole');
  });

  test('a reassignment outlives a No-Go restart: the restarted stage is the same person\'s again', () => {
    const run = new PlanRun();
    run.act({ type: 'reassign', step: 20, owner: OTHER_ENGINEER.accountId, ownerRoles: OTHER_ENGINEER.roles, reason: 'night shift' }, PM);
    throughFinalTest(throughSlot(throughValidation(run)));
    run.decide('No-Go', 'QC failed');
    run.restore();
    expect(stepState(run.plan, 20)).toMatchObject({ status: 'todo', owner: OTHER_ENGINEER.accountId, reassigned: { reason: 'night shift' } });
    expect(stepState(withCurrentOwners(UPGRADE_PLAYBOOK, run.plan, mappingWith(['acc-engineer-3'])), 20).owner).toBe(OTHER_ENGINEER.accountId);
  });
});
