import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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
const ROOT = join(__dirname, '../../..');

/** Every TypeScript file under a folder of the project. */
function sourcesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/**
 * What names a kind of plan or one of its steps in code (comments left out, prose in messages allowed): an import from a
 * kind's folder, a kind's constant or id, a stage number, a kind's ticket kinds or decision words.
 */
const NAMES_A_KIND =
  /from '[^']*domain\/(upgrade|golive|lifecycle)\/|\b(UPGRADE|GO_LIVE|LIFECYCLE)(_[A-Z]+)*\b|\b(is|require)(Upgrade|GoLive|Lifecycle)\w*|'(upgrade|prod-go-live|implementation-lifecycle)'|\b[Ss](tage|tep)s?[ :=]{1,4}\d+|completesStage:\s*\d+|\b(number|step|stage)\s*[!=]==?\s*\d+|'(intent|valRequest|validationIssue|prodRequest|goLive|implementation)'|'(Go|No-Go|Pass|Fail)'/g;

const withoutComments = (source: string): string => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

function kindNamesIn(folders: readonly string[]): { file: string; named: string[] }[] {
  return folders
    .flatMap(sourcesUnder)
    .map((file) => ({ file, named: [...new Set(withoutComments(readFileSync(join(ROOT, file), 'utf8')).match(NAMES_A_KIND) ?? [])] }))
    .filter((found) => found.named.length > 0);
}

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

  test('the application layer and the Forge adapters name no kind of plan and no stage number, in any of their files', () => {
    expect(sourcesUnder('src/app').length + sourcesUnder('src/forge').length).toBeGreaterThan(15);
    expect(kindNamesIn(['src/app', 'src/forge'])).toEqual([]);
  });

  test('the panels name no kind of plan and no stage number, in any of their files', () => {
    const panels = readdirSync(join(ROOT, 'static'), { withFileTypes: true }).filter((e) => e.isDirectory() && readdirSync(join(ROOT, 'static', e.name)).includes('src')).map((e) => `static/${e.name}/src`);
    expect(panels.length).toBeGreaterThan(2);
    expect(kindNamesIn([...panels, 'static/shared'])).toEqual([]);
  });
});
