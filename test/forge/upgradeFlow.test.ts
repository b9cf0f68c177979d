import { ForgeAppHarness, PEOPLE, testSettings } from '../support/forgeApp';
import type { PlanView } from '../../src/app/planView';

const VAL_FORM = { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' };

describe('Forge back end: triggers, resolvers, storage and Jira calls', () => {
  let app: ForgeAppHarness;
  beforeEach(async () => {
    app = new ForgeAppHarness();
    await app.saveSettings();
  });
  afterEach(() => app.close());

  test("a VAL request creates the plan, posts one customer comment, assigns the next IQVIA owner and indexes the summary, in at most 5 Jira calls", async () => {
    app.host.resetCounters();
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    expect(app.eventOutcomes.at(-1)).toMatchObject({ outcome: 'created' });
    // Read the form, the reporter's organizations (issue #12: the Organizations field alone does not decide), the comment,
    // the summary property, the assignee: the last two are separate calls, so that Jira refusing the assignee cannot keep
    // the summary off the ticket.
    expect(app.host.counters.jira.asApp).toBeLessThanOrEqual(5);
    const comments = await app.comments(key);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.internal).toBe(false);
    expect(comments[0]!.text).toContain('What happens next');
    const issue = await app.issue(key);
    expect((issue.fields.assignee as { accountId: string }).accountId).toBe('acc-pm');
    const view = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key });
    expect(view.ok && view.data.summary.targetVersion).toBe('25.2');
    // No configuration decision on the form: nothing is decided for the customer (seed stage 5), the stage waits for them.
    expect(view.ok && view.data.phases[0]!.stages[4]).toMatchObject({ status: 'blocked', reason: expect.stringContaining('your configuration decision') });
    await app.decideConfiguration(key, 'valRequest');
    const decided = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key });
    expect(decided.ok && decided.data.phases[0]!.stages[4]!.status).toBe('done');
    expect(decided.ok && decided.data.configuration).toEqual({ mode: 'synchronise-latest' });
  });

  test('a panel load is one invocation with two storage reads and no Jira call', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    app.host.resetCounters();
    const view = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key });
    expect(view.ok).toBe(true);
    expect(app.host.counters.kvs.requests).toBe(2);
    expect(app.host.counters.kvs.writes).toBe(0);
    expect(app.host.counters.jira.total).toBe(0);
  });

  test('rule 1 at the edge: a Sandbox upgrade request gets a customer-visible refusal and nothing is created', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, { ...VAL_FORM, instances: 'Sandbox MAIN' });
    expect(app.eventOutcomes.at(-1)).toMatchObject({ outcome: 'refused' });
    const [comment] = await app.comments(key);
    expect(comment!.text).toContain('out of the scope of standard upgrade cycles');
    const view = await app.invoke('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key });
    expect(view).toMatchObject({ ok: false, error: { rule: 'planExists', field: 'issue' } });
  });

  test('rule 4 at the edge: a request without its details is accepted, the stage stays blocked and the comment says exactly what is missing', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, { targetVersion: '25.2', currentVersion: '24.1' });
    const [comment] = await app.comments(key);
    expect(comment!.text).toContain('which instances (VAL)');
    const view = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-acme', ticketKey: key, surface: 'jiraServiceManagement:portalRequestDetailPanel' });
    expect(view.ok && view.data.phases[0]!.stages[4]).toMatchObject({ status: 'blocked' });
  });

  test('rule 4: keeping configurations at their old version brings the seed\'s forward-compatibility warning', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, { ...VAL_FORM, keepConfigurations: 'Visit report, SAS export' });
    const [comment] = await app.comments(key);
    expect(comment!.text).toContain('We cannot guarantee that older dashboards and reports / exports remain forward compatible with newer versions of ClinSpark.');
    const view = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-acme', ticketKey: key, surface: 'jiraServiceManagement:portalRequestDetailPanel' });
    expect(view.ok && view.data.configuration).toEqual({ mode: 'keep-listed', keep: ['Visit report', 'SAS export'] });
    expect(view.ok && view.data.configurationWarning).toContain('forward compatible');
  });

  test('the same created event delivered twice makes one plan and one comment', async () => {
    app.autoDeliver = false;
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const [created] = app.takePending();
    expect(await app.deliver(created)).toMatchObject({ outcome: 'created' });
    expect(await app.deliver(created)).toMatchObject({ outcome: 'duplicate' });
    expect(await app.comments(key)).toHaveLength(1);
  });

  test('a later ticket of the same organization and target version joins the same plan', async () => {
    const val = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const issueKey = await app.raise('Validation issue', PEOPLE.acmeCustomer!, { targetVersion: '25.2' });
    expect(app.eventOutcomes.at(-1)).toMatchObject({ outcome: 'attached' });
    const [a, b] = await Promise.all([
      app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: val }),
      app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: issueKey }),
    ]);
    expect(a.ok && b.ok && a.data.planId === b.data.planId).toBe(true);
  });

  test('a stage action goes through the resolver: the PM completes stage 3 and the customer is told about configuration testing', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const done = await app.invoke<PlanView>('completeStage', { stage: 3 }, { accountId: 'acc-pm', ticketKey: key });
    expect(done.ok && done.data.phases[0]!.stages[2]!.status).toBe('done');
    const comments = await app.comments(key);
    expect(comments.some((c) => c.text.includes('NOT part of the regular ClinSpark release testing process') && !c.internal)).toBe(true);
    const history = await app.invoke<{ action: string; actor: { role: string } }[]>('getHistory', {}, { accountId: 'acc-pm', ticketKey: key });
    expect(history.ok && history.data.map((e) => e.action)).toEqual(['create plan', 'complete']);
    expect(history.ok && history.data[1]!.actor.role).toBe('IQVIA PM');
  });

  test('the workflow validator refuses to resolve a VAL request while stage 6 is open, then stage 7 is completed by resolving it', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    await app.decideConfiguration(key, 'valRequest');
    const refused = await app.transition(key, 'Resolved', PEOPLE.pm!);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('stage 6');
    await app.provideVal(key);
    const resolved = await app.transition(key, 'Resolved', PEOPLE.pm!);
    expect(resolved.status).toBe(204);
    const view = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key });
    expect(view.ok && view.data.phases[0]!.stages[6]).toMatchObject({ status: 'done' });
    // Stage 6 moved the registry: the VAL pair is at the target version, ready, with its IQ documentation.
    expect(view.ok && view.data.environments?.filter((e) => e.kind === 'VAL').map((e) => [e.name, e.version, e.state, e.iqDocumentation.length])).toEqual([
      ['VAL MAIN', '25.2', 'active', 1],
      ['VAL TEST', '25.2', 'active', 1],
    ]);
  });

  test('stage 6 cannot be completed before the VAL has its IQ documentation', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    await app.decideConfiguration(key, 'valRequest');
    await app.invoke('startStage', { stage: 6 }, { accountId: 'acc-eng', ticketKey: key });
    const refused = await app.invoke('completeStage', { stage: 6 }, { accountId: 'acc-eng', ticketKey: key });
    expect(refused).toMatchObject({ ok: false, error: { rule: 'iqDocumentationBeforeReady' } });
    const customer = await app.invoke('recordIqDocumentation', { instance: 'VAL', reference: 'x' }, { accountId: 'acc-acme', ticketKey: key, surface: 'jiraServiceManagement:portalRequestDetailPanel' });
    expect(customer).toMatchObject({ ok: false, error: { rule: 'stageOwnership' } });
  });

  test('an older status event arriving after a newer one changes nothing', async () => {
    const val = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const issue = await app.raise('Validation issue', PEOPLE.acmeCustomer!, { targetVersion: '25.2' });
    app.autoDeliver = false;
    await app.transition(issue, 'Resolved', PEOPLE.support!);
    await app.transition(issue, 'Waiting for support', PEOPLE.support!);
    const [resolved, reopened] = app.takePending();
    expect(await app.deliver(reopened)).toMatchObject({ outcome: 'updated' });
    const before = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: val });
    expect(await app.deliver(resolved)).toMatchObject({ outcome: 'duplicate' });
    const after = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: val });
    expect(after.ok && before.ok && after.data.revision).toBe(before.ok && before.data.revision);
    expect(after.ok && after.data.tickets.find((t) => t.key === issue)?.resolved).toBe(false);
  });

  test('bad payloads are refused naming the field, and change nothing', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const before = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key });
    for (const [name, payload, field] of [
      ['completeStage', { stage: 1000 }, 'stage'],
      ['completeStage', { stage: '3' }, 'stage'],
      ['completeStage', { stage: 3, issueKey: 'FHSD-9' }, '(payload)'],
      ['skipStage', { stage: 3 }, 'reason'],
      ['skipStage', { stage: 3, reason: 'x'.repeat(5000) }, 'reason'],
    ] as const) {
      const answer = await app.invoke(name, payload, { accountId: 'acc-pm', ticketKey: key });
      expect(answer).toMatchObject({ ok: false, error: { rule: 'payloadValid', field } });
    }
    // The edge knows no kind of plan: a step or an outcome the plan lacks is refused by the engine, naming the field.
    for (const [name, payload, rule, field] of [
      ['completeStage', { stage: 99 }, 'knownStage', 'step'],
      ['decideStage', { stage: 24, outcome: 'Maybe' }, 'decisionOutcome', 'outcome'],
    ] as const) {
      const answer = await app.invoke(name, payload, { accountId: 'acc-acme', ticketKey: key, surface: 'jiraServiceManagement:portalRequestDetailPanel' });
      expect(answer).toMatchObject({ ok: false, error: { rule, field } });
    }
    const after = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key });
    expect(after.ok && before.ok && after.data.revision).toBe(before.ok && before.data.revision);
  });

  test('a customer of another organization is refused on every resolver of this ticket', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const portal = 'jiraServiceManagement:portalRequestDetailPanel' as const;
    const calls: [string, unknown][] = [
      ['completeStage', { stage: 1 }],
      ['startStage', { stage: 8 }],
      ['skipStage', { stage: 1, reason: 'not needed' }],
      ['blockStage', { stage: 1, reason: 'waiting' }],
      ['reopenStage', { stage: 2, reason: 'again' }],
      ['decideStage', { stage: 24, outcome: 'Go' }],
      ['recordBackup', { instance: 'PROD MAIN', version: '24.1', reference: 'b1' }],
      ['provideDetails', { kind: 'valRequest', details: { instances: ['VAL'] } }],
      ['getSettings', {}],
      ['saveSettings', { settings: testSettings() }],
    ];
    for (const [name, payload] of calls) {
      const answer = await app.invoke(name, payload, { accountId: 'acc-beta', ticketKey: key, surface: portal });
      expect(answer.ok).toBe(false);
    }
  });

  test('two people completing stages at once lose nothing', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const [a, b] = await Promise.all([
      app.invoke('completeStage', { stage: 3 }, { accountId: 'acc-pm', ticketKey: key }),
      app.invoke('completeStage', { stage: 1 }, { accountId: 'acc-acme', ticketKey: key, surface: 'jiraServiceManagement:portalRequestDetailPanel' }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    const history = await app.invoke<{ action: string; step: number }[]>('getHistory', {}, { accountId: 'acc-pm', ticketKey: key });
    expect(history.ok && history.data.filter((e) => e.action === 'complete').map((e) => e.step).sort()).toEqual([1, 3]);
  });
});
