import { handleIssueEvent } from '../../src/forge/triggers';
import { ForgeAppHarness, PEOPLE } from '../support/forgeApp';
import { PLAN_ENTITY } from '../../src/forge/planStore';
import { kvs } from '@forge/kvs';

describe('triggers: Forge issue events, validated at the edge', () => {
  let app: ForgeAppHarness;
  beforeEach(async () => {
    app = new ForgeAppHarness();
    await app.saveSettings();
  });
  afterEach(() => app.close());

  test('malformed events are ignored with the field named, and change nothing', async () => {
    for (const event of [null, {}, { eventType: 'avi:jira:deleted:issue' }, { eventType: 'avi:jira:created:issue', issue: { id: 'x', key: 'FHSD-1' } }, { eventType: 'avi:jira:updated:issue', issue: { id: '1', key: 'not a key' } }]) {
      const outcome = await handleIssueEvent(event, app.ports);
      expect(outcome).toMatchObject({ outcome: 'ignored', why: expect.stringMatching(/^malformed event: \S+/) });
    }
    expect(app.host.counters.jira.total).toBe(0);
  });

  test('an update without a status change costs no Jira call', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' });
    app.host.resetCounters();
    const outcome = await handleIssueEvent({ eventType: 'avi:jira:updated:issue', atlassianId: 'acc-pm', issue: { id: '10001', key, fields: { project: { key: 'FHSD' } } }, changelog: { id: '999', items: [{ field: 'summary', fromString: 'a', toString: 'b' }] } }, app.ports);
    expect(outcome).toMatchObject({ outcome: 'ignored', why: 'no status change' });
    expect(app.host.counters.jira.total).toBe(0);
  });

  test('events of another project are ignored', async () => {
    const outcome = await handleIssueEvent({ eventType: 'avi:jira:created:issue', atlassianId: 'acc-pm', issue: { id: '1', key: 'OTHER-1', fields: { project: { key: 'OTHER' } } } }, app.ports);
    expect(outcome).toMatchObject({ outcome: 'ignored' });
  });

  test('a plan record stays far below the 240 KiB value limit however many attempts it records', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' });
    for (let i = 0; i < 40; i += 1) {
      const stage = 1;
      await app.invoke(i % 2 === 0 ? 'completeStage' : 'reopenStage', i % 2 === 0 ? { stage } : { stage, reason: `try ${i}` }, { accountId: 'acc-acme', ticketKey: key, surface: 'jiraServiceManagement:portalRequestDetailPanel' });
    }
    const view = await app.invoke<{ planId: string }>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key });
    const entity = await kvs.entity(PLAN_ENTITY).get(view.ok ? view.data.planId : '');
    // The audit trail lives in its own keys, so 40 changes leave the plan record the size of the plan.
    expect(Buffer.byteLength(JSON.stringify(entity))).toBeLessThan(40 * 1024);
    const history = await app.invoke<unknown[]>('getHistory', {}, { accountId: 'acc-pm', ticketKey: key });
    expect(history.ok && history.data.length).toBe(41);
  });
});
