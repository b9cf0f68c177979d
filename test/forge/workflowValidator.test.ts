/**
 * The workflow validator (jira-workflow-validator: a function gets `{ issue: { key }, transition: { from: { id }, to: { id } } }`
 * and answers `{ result, errorMessage }`). It decides from the target status's category, read as the app, and fails closed:
 * a status it cannot read, an answer it cannot parse, or a ticket whose plan the app has not created yet is refused.
 */
import { validateResolution } from '../../src/forge/workflowValidator';
import { ForgeAppHarness, PEOPLE, testSettings } from '../support/forgeApp';

const VAL_FORM = { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' };
const RESOLVED_ID = '5';

async function harness(options: { autoDeliver?: boolean; resolvedStatuses?: string[] } = {}): Promise<ForgeAppHarness> {
  const app = new ForgeAppHarness();
  app.autoDeliver = options.autoDeliver ?? true;
  await app.saveSettings({ ...testSettings(), ...(options.resolvedStatuses ? { resolvedStatuses: options.resolvedStatuses } : {}) });
  return app;
}

const messageOf = (answer: { body: unknown }): string => JSON.stringify(answer.body);

describe('the workflow validator', () => {
  let app: ForgeAppHarness;
  afterEach(() => app.close());

  test('a done-category status the settings do not list still counts as resolving', async () => {
    app = await harness({ resolvedStatuses: ['Closed'] });
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const answer = await app.transition(key, 'Resolved', PEOPLE.support!);
    expect(answer.status).toBe(400);
    expect(messageOf(answer)).toMatch(new RegExp(`${key} cannot move to Resolved: stages? [\\d, ]+ of its plan “ClinSpark 24.1 → 25.2”`));
  });

  test('a status of another category passes', async () => {
    app = await harness();
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    expect((await app.transition(key, 'In progress', PEOPLE.support!)).status).toBe(204);
  });

  test('a ticket whose request type starts a plan is held until the app has created it, then judged by its stages', async () => {
    app = await harness({ autoDeliver: false });
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const early = await app.transition(key, 'Resolved', PEOPLE.support!);
    expect(early.status).toBe(400);
    expect(messageOf(early)).toContain(`${key} cannot move to Resolved yet: the app is still setting up the ClinSpark plan of this VAL environment request`);
    for (const event of app.takePending()) await app.deliver(event);
    expect(messageOf(await app.transition(key, 'Resolved', PEOPLE.support!))).toMatch(/of its plan “ClinSpark 24\.1 → 25\.2” (is|are) still open/);
  });

  test('a request the app refused to plan is not held: the refusal on the ticket shows the app has looked', async () => {
    app = await harness({ autoDeliver: false });
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, { ...VAL_FORM, instances: 'Sandbox MAIN' });
    expect((await app.transition(key, 'Resolved', PEOPLE.support!)).status).toBe(400);
    const [created] = app.takePending();
    expect(await app.deliver(created)).toMatchObject({ outcome: 'refused' });
    expect((await app.transition(key, 'Resolved', PEOPLE.support!)).status).toBe(204);
  });

  test('a request type that starts no plan resolves freely', async () => {
    app = await harness({ autoDeliver: false });
    const key = await app.raise('Get help', PEOPLE.acmeCustomer!);
    expect((await app.transition(key, 'Resolved', PEOPLE.support!)).status).toBe(204);
  });

  test('a status Jira does not know, a status read that fails, or arguments without a status id: refused with a clear message', async () => {
    app = await harness();
    const key = await app.raise('Get help', PEOPLE.acmeCustomer!);
    const unknown = await app.host.runAs(undefined, () => validateResolution({ issue: { key }, transition: { to: { id: '99999' } } }, app.ports));
    expect(unknown).toEqual({ result: false, errorMessage: expect.stringContaining(`could not check whether ${key} may move`) });
    const failing = await validateResolution({ issue: { key }, transition: { to: { id: RESOLVED_ID } } }, app.ports, {
      statusOf: async () => {
        throw new Error('Jira answered 503');
      },
      requestTypeOf: async () => null,
    });
    expect(failing.result).toBe(false);
    expect(await validateResolution({ issue: { key }, transition: { to: { name: 'Resolved' } } }, app.ports)).toEqual({ result: false, errorMessage: expect.stringContaining('could not read this transition') });
    expect(await app.host.runAs(undefined, () => validateResolution({ issue: { key }, transition: { to: { id: RESOLVED_ID } } }, app.ports))).toEqual({ result: true });
  });
});
