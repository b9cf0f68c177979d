import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { refusal } from '../environments/helpers';
import { applyStepAction } from '../../../src/domain/engine';
import { GO_LIVE_PLAYBOOK } from '../../../src/domain/golive/playbook';
import { LIFECYCLE_PLAYBOOKS } from '../../../src/domain/lifecycle/playbook';
import type { Actor, Plan, StepAction } from '../../../src/domain/playbook';
import { createPlan } from '../../../src/domain/playbooks/create';
import { definePlaybook, playbookProblems } from '../../../src/domain/playbooks/define';
import { recordDocument } from '../../../src/domain/playbooks/documents';
import { UPGRADE_PLAYBOOK } from '../../../src/domain/upgrade/playbook';
import { DESCALING_PLAYBOOK as DESCALING, type DescalingFacts } from '../descaling/playbook';

const NOW = new Date('2026-11-23T09:00:00Z');

const support: Actor = { accountId: 'sup', roles: ['IQVIA Support'] };
const customer: Actor = { accountId: 'cust', roles: ['Customer'] };

describe('one engine for every playbook', () => {
  test('a made-up fourth playbook runs on the same engine, with documents, a decision loop and a message, and no engine change', () => {
    let plan: Plan<DescalingFacts> = createPlan(DESCALING, { id: 'd-1', organizationId: 'org', reporterAccountId: 'cust', facts: { ticketKey: 'FHSD-7' }, roles: { projectDefault: { 'IQVIA Support': ['sup'] }, organizations: {} } }, NOW).plan;
    const act = (action: StepAction, actor: Actor) => {
      const accepted = applyStepAction(DESCALING, plan, action, actor, NOW);
      plan = accepted.plan;
      return accepted;
    };
    expect(refusal(() => act({ type: 'complete', step: 1 }, support))).toMatchObject({ rule: 'phaseDocumentsBeforeClose' });
    plan = recordDocument(DESCALING, plan, { phase: 'prepare', document: 'checklist', reference: 'CHK-1' }, support, NOW).plan;
    act({ type: 'complete', step: 1 }, support);
    act({ type: 'complete', step: 2 }, support);
    act({ type: 'decide', step: 3, outcome: 'Bad', reason: 'Still tastes of lime' }, customer);
    expect(plan.attempt).toBe(2);
    act({ type: 'complete', step: 2 }, support);
    const last = act({ type: 'decide', step: 3, outcome: 'Good' }, customer);
    expect(last.notices).toEqual([{ type: 'comment', ticketKey: 'FHSD-7', visibility: 'customer', text: 'Coffee is back.', sender: 'IQVIA Support' }]);
    expect(plan.steps.map((s) => s.status)).toEqual(['done', 'done', 'done']);
  });

  test('every playbook declared as data is sound', () => {
    expect({
      upgrade: playbookProblems(UPGRADE_PLAYBOOK),
      goLive: playbookProblems(GO_LIVE_PLAYBOOK),
      lifecycleA: playbookProblems(LIFECYCLE_PLAYBOOKS.A),
      lifecycleB: playbookProblems(LIFECYCLE_PLAYBOOKS.B),
      descaling: playbookProblems(DESCALING),
    }).toEqual({ upgrade: [], goLive: [], lifecycleA: [], lifecycleB: [], descaling: [] });
  });

  test('unsound playbook data is refused when declared', () => {
    expect(() => definePlaybook<DescalingFacts>({ kind: 'broken', title: 'Broken', phases: [], steps: [{ number: 1, phase: 'nowhere', roles: ['Customer'], activity: '', notes: '', requires: [2] }], ticketOf: () => undefined })).toThrow(/unknown phase nowhere.*requires 2/);
  });

  test('the engine has no branch that names a particular playbook', () => {
    const generic = ['engine.ts', 'playbooks/phases.ts', 'playbooks/documents.ts', 'playbooks/define.ts', 'playbooks/create.ts'];
    for (const file of generic) {
      const source = readFileSync(join(__dirname, '../../../src/domain', file), 'utf8');
      expect({ file, named: source.match(/\b(upgrade|lifecycle|go-?live|descaling|VAL|PROD|UAT|DAC|Sandbox|scenario)\b|from '\.\.?\/(upgrade|lifecycle|golive|environments)/gi) }).toEqual({ file, named: null });
    }
  });
});
