import { UPGRADE_STAGES } from '../../src/domain/upgrade/stages';
import type { Role } from '../../src/domain/roles';
import { ForgeAppHarness, PEOPLE, type Surface } from '../support/forgeApp';

const PORTAL: Surface = 'jiraServiceManagement:portalRequestDetailPanel';

/** Who acts, from where, and the roles the settings give them on Acme's plan. */
const ACTORS: { name: string; accountId: string; surface: Surface; roles: readonly Role[]; overridesWithReason?: boolean }[] = [
  { name: 'Acme customer in the portal', accountId: 'acc-acme', surface: PORTAL, roles: ['Customer'] },
  { name: 'IQVIA PM', accountId: 'acc-pm', surface: 'jira:issuePanel', roles: ['IQVIA PM'] },
  { name: 'IQVIA Engineer', accountId: 'acc-eng', surface: 'jira:issuePanel', roles: ['IQVIA Engineer'] },
  { name: 'IQVIA Support', accountId: 'acc-sup', surface: 'jira:issuePanel', roles: ['IQVIA Support'] },
  { name: 'Solution Specialist', accountId: 'acc-ss', surface: 'jira:issuePanel', roles: ['Solution Specialist'] },
  { name: 'IQVIA PM through the portal', accountId: 'acc-pm', surface: PORTAL, roles: [] },
  { name: 'agent holding no role', accountId: 'acc-out', surface: 'jira:issuePanel', roles: [] },
  { name: 'project admin (overrides only with a reason)', accountId: 'acc-admin', surface: 'jira:issuePanel', roles: [], overridesWithReason: true },
  { name: 'Beta customer (another organization)', accountId: 'acc-beta', surface: PORTAL, roles: [] },
];

const ACTIONS = [
  (stage: number) => ['startStage', { stage }] as const,
  (stage: number) => ['completeStage', { stage }] as const,
  (stage: number) => ['skipStage', { stage, reason: 'matrix' }] as const,
  (stage: number) => ['blockStage', { stage, reason: 'matrix' }] as const,
  (stage: number) => ['reopenStage', { stage, reason: 'matrix' }] as const,
];

describe('authorization matrix: every role × every stage × every action', () => {
  let app: ForgeAppHarness;
  let ticketKey: string;
  beforeAll(async () => {
    app = new ForgeAppHarness();
    await app.saveSettings();
    ticketKey = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' });
  });
  afterAll(() => app.close());

  test.each(ACTORS)('$name: denied exactly where the stage is not theirs', async (actor) => {
    const denied: string[] = [];
    const wronglyDenied: string[] = [];
    for (const stage of UPGRADE_STAGES) {
      const owns = stage.roles.some((role) => actor.roles.includes(role));
      const calls = stage.decision ? [['decideStage', { stage: stage.number, outcome: 'No-Go', reason: 'matrix' }] as const] : ACTIONS.map((make) => make(stage.number));
      for (const [name, payload] of calls) {
        const mayOverride = actor.overridesWithReason === true && 'reason' in payload;
        const answer = await app.invoke(name, payload, { accountId: actor.accountId, surface: actor.surface, ticketKey });
        const ownershipRefusal = !answer.ok && ['stageOwnership', 'jiraPermission'].includes(answer.error.rule);
        if (mayOverride) continue;
        if (!owns && !ownershipRefusal) denied.push(`${name} ${stage.number}: ${JSON.stringify(answer.ok ? 'accepted' : answer.error)}`);
        if (owns && ownershipRefusal) wronglyDenied.push(`${name} ${stage.number}`);
      }
    }
    expect(denied).toEqual([]);
    expect(wronglyDenied).toEqual([]);
  });

  test('the plan view offers each person exactly the actions of their own stages', async () => {
    for (const actor of ACTORS.slice(0, 5)) {
      const view = await app.invoke<{ phases: { stages: { number: number; roles: Role[]; actions: { type: string }[] }[] }[] }>('getPlanView', {}, { accountId: actor.accountId, surface: actor.surface, ticketKey });
      if (!view.ok) throw new Error(view.error.message);
      for (const stage of view.data.phases.flatMap((p) => p.stages)) {
        // Handing a stage to another owner is the PM's on every stage (issue #13); every other action is the stage's own people's.
        const own = stage.actions.filter((a) => a.type !== 'reassign');
        expect({ stage: stage.number, actionable: own.length > 0 }).toEqual({ stage: stage.number, actionable: stage.roles.some((r) => actor.roles.includes(r)) });
        if (!actor.roles.includes('IQVIA PM')) expect({ stage: stage.number, reassign: stage.actions.some((a) => a.type === 'reassign') }).toEqual({ stage: stage.number, reassign: false });
      }
    }
  });
});

describe('admin override', () => {
  test('a project admin acting outside their roles with a reason is recorded as an override', async () => {
    const app = new ForgeAppHarness();
    await app.saveSettings();
    const ticketKey = await app.raise('VAL environment request', PEOPLE.betaCustomer!, { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' });
    const answer = await app.invoke('completeStage', { stage: 27, reason: 'no reason given' }, { accountId: 'acc-admin', ticketKey });
    expect(answer).toMatchObject({ ok: false });
    const override = await app.invoke('completeStage', { stage: 4, reason: 'PM on leave; agreed with the customer by phone' }, { accountId: 'acc-admin', ticketKey });
    expect(override.ok).toBe(true);
    const history = await app.invoke<{ step: number; action: string; actor: { role: string }; reason: string }[]>('getHistory', {}, { accountId: 'acc-admin', ticketKey });
    expect(history.ok && history.data.findLast((e) => e.step === 4 && e.action === 'complete')).toMatchObject({ actor: { role: 'App admin (override)' }, reason: expect.stringContaining('PM on leave') });
    app.close();
  });
});
