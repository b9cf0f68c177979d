import { buildResolver } from '../../src/forge/resolvers';
import { forgePorts, SYSTEM_CLOCK } from '../../src/forge/runtime';
import type { PlanView } from '../../src/app/planView';
import { ForgeAppHarness, PEOPLE } from '../support/forgeApp';
import { VAL_FORM } from '../reliability/support';

describe('forgePorts: the clock is handed in, not read from the global Date', () => {
  let app: ForgeAppHarness;
  beforeEach(async () => {
    app = new ForgeAppHarness();
    await app.saveSettings();
  });
  afterEach(() => app.close());

  test('a resolver built on ports with a given clock stamps its changes with that clock', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const instant = new Date('2027-01-04T10:30:00.000Z');
    const resolver = buildResolver(() => forgePorts({ clock: { now: () => instant } })).getDefinitions();
    const context = { accountType: 'licensed', extension: { type: 'jira:issuePanel', issue: { key, id: '1', type: 'Service Request', typeId: '10003' }, project: { key: 'FHSD', id: '10000', type: 'service_desk' } } };
    const answer = (await app.host.runAs('acc-pm', () => resolver({ call: { functionKey: 'completeStage', payload: { stage: 3 } }, context }, { principal: { accountId: 'acc-pm' } }))) as { ok: boolean; data: PlanView };
    expect(answer.ok).toBe(true);
    expect(answer.data.phases.flatMap((p) => p.stages).find((s) => s.number === 3)).toMatchObject({ status: 'done', completedAt: instant.toISOString() });
  });

  test('without a clock the ports read the system clock', () => {
    const ports = forgePorts();
    expect(ports.clock).toBe(SYSTEM_CLOCK);
    expect(Math.abs(ports.clock.now().getTime() - Date.now())).toBeLessThan(1000);
  });
});
