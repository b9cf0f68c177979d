/** Forge-shaped events after writes, and workflow validators before transitions. */
import { asApp, type JiraEvent, type TransitionValidationRequest } from '../../../src/local/jira';
import { adf, AGENT, CUSTOMER, ENGINEER, failureOf, type JiraFixture, startFixture } from './support';

let fixture: JiraFixture;
let events: JiraEvent[];

beforeEach(async () => {
  fixture = await startFixture();
  events = [];
  fixture.standIn.onEvent((event) => {
    events.push(event);
  });
});

afterEach(async () => {
  await fixture.close();
});

async function createRequest(): Promise<string> {
  const created = await fixture.clientFor(AGENT.emailAddress).issues.createIssue({
    fields: {
      project: { key: 'FHSD' },
      issuetype: { id: '10003' },
      summary: 'Upgrade to 5.2',
      reporter: { accountId: CUSTOMER.accountId },
      customfield_10010: 'fhsd/upgrade-request',
      customfield_10002: [1],
    },
  });
  return created.key;
}

describe('events', () => {
  it('emits avi:jira:created:issue with the actor and the issue fields', async () => {
    const key = await createRequest();
    await fixture.standIn.whenEventsDelivered();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventType: 'avi:jira:created:issue',
      atlassianId: AGENT.accountId,
      associatedUsers: [{ accountId: AGENT.accountId }],
      issue: {
        id: '10000',
        key,
        fields: {
          summary: 'Upgrade to 5.2',
          reporter: { accountId: CUSTOMER.accountId },
          creator: { accountId: AGENT.accountId },
          assignee: null,
          status: { name: 'Waiting for support', statusCategory: { key: 'new' } },
          project: { key: 'FHSD' },
          issuetype: { id: '10003' },
          customfield_10010: { requestType: { id: '10', name: 'Upgrade request' } },
          customfield_10002: [expect.objectContaining({ id: '1' })],
        },
      },
    });
  });

  it('emits avi:jira:updated:issue with a status changelog after a transition', async () => {
    const key = await createRequest();
    await fixture.clientFor(AGENT.emailAddress).issues.doTransition({ issueIdOrKey: key, transition: { id: '11' } });
    await fixture.standIn.whenEventsDelivered();
    const updated = events.filter((event) => event.eventType === 'avi:jira:updated:issue');
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({
      atlassianId: AGENT.accountId,
      issue: { key, fields: { status: { name: 'Waiting for customer' } } },
      changelog: {
        id: expect.any(String),
        items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: '10001', fromString: 'Waiting for support', to: '10002', toString: 'Waiting for customer' }],
      },
      associatedStatuses: [
        { id: '10001', name: 'Waiting for support' },
        { id: '10002', name: 'Waiting for customer' },
      ],
    });
  });

  it('records field edits, assignment and comments', async () => {
    const key = await createRequest();
    const agent = fixture.clientFor(AGENT.emailAddress);
    await agent.issues.editIssue({ issueIdOrKey: key, fields: { summary: 'Upgrade to 5.3', labels: ['val'] } });
    await agent.issues.assignIssue({ issueIdOrKey: key, accountId: ENGINEER.accountId });
    await fixture.clientFor(CUSTOMER.emailAddress).issueComments.addComment({ issueIdOrKey: key, comment: adf('Thanks!') });
    await agent.issues.editIssue({ issueIdOrKey: key, fields: { summary: 'Upgrade to 5.3' } });
    await fixture.standIn.whenEventsDelivered();

    expect(events.map((event) => event.eventType)).toEqual([
      'avi:jira:created:issue',
      'avi:jira:updated:issue',
      'avi:jira:updated:issue',
      'avi:jira:assigned:issue',
      'avi:jira:commented:issue',
    ]);
    const edit = events[1];
    expect(edit?.eventType === 'avi:jira:updated:issue' && edit.changelog.items.map((item) => [item.field, item.fromString, item.toString])).toEqual([
      ['summary', 'Upgrade to 5.2', 'Upgrade to 5.3'],
      ['labels', null, 'val'],
    ]);
    const assignment = events[2];
    expect(assignment?.eventType === 'avi:jira:updated:issue' && assignment.changelog.items).toEqual([
      { field: 'assignee', fieldtype: 'jira', fieldId: 'assignee', from: null, fromString: null, to: ENGINEER.accountId, toString: ENGINEER.displayName },
    ]);
    expect(events[4]).toMatchObject({
      eventType: 'avi:jira:commented:issue',
      atlassianId: CUSTOMER.accountId,
      comment: { author: { accountId: CUSTOMER.accountId }, body: adf('Thanks!'), jsdPublic: true },
    });
    const changelog = await agent.issues.getChangeLogs({ issueIdOrKey: key });
    expect(changelog.values?.map((entry) => entry.items?.map((item) => item.field))).toEqual([['summary', 'labels'], ['assignee']]);
  });

  it('names the app account as the actor of calls made as app', async () => {
    const response = await fixture.standIn.handle(
      { method: 'POST', path: '/rest/api/3/issue', body: JSON.stringify({ fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: 'By the app' } }) },
      asApp(),
    );
    expect(response.status).toBe(201);
    await fixture.standIn.whenEventsDelivered();
    expect(events[0]?.atlassianId).toBe(fixture.standIn.config.appAccountId);
  });

  it('keeps serving when a listener fails', async () => {
    const failures: unknown[] = [];
    await fixture.close();
    fixture = await startFixture({ onListenerError: (error) => failures.push(error) });
    fixture.standIn.onEvent(() => {
      throw new Error('listener broke');
    });
    await createRequest();
    await fixture.standIn.whenEventsDelivered();
    expect(failures).toHaveLength(1);
  });
});

describe('workflow validators', () => {
  it('refuses a transition with the validator’s message and leaves the status unchanged', async () => {
    const key = await createRequest();
    const seen: TransitionValidationRequest[] = [];
    fixture.standIn.addTransitionValidator((request) => {
      seen.push(request);
      return request.transition.to.name === 'Resolved'
        ? { result: false, errorMessage: 'Stage 11 cannot be done while validation tickets are open.' }
        : { result: true };
    });
    const agent = fixture.clientFor(AGENT.emailAddress);
    const failure = await failureOf(agent.issues.doTransition({ issueIdOrKey: key, transition: { id: '51' }, fields: { resolution: { name: 'Done' } } }));
    expect(failure).toEqual({ status: 400, data: { errorMessages: ['Stage 11 cannot be done while validation tickets are open.'], errors: {} } });

    const issue = await agent.issues.getIssue({ issueIdOrKey: key, fields: ['status', 'resolution'] });
    expect(issue.fields.status?.name).toBe('Waiting for support');
    expect(issue.fields.resolution).toBeNull();
    await fixture.standIn.whenEventsDelivered();
    expect(events.map((event) => event.eventType)).toEqual(['avi:jira:created:issue']);
    expect(seen[0]).toMatchObject({
      issue: { key, fields: { status: { name: 'Waiting for support' } } },
      transition: { id: '51', name: 'Resolve this issue', from: { id: '10001' }, to: { id: '5', name: 'Resolved' } },
      accountId: AGENT.accountId,
    });

    await agent.issues.doTransition({ issueIdOrKey: key, transition: { id: '31' } });
    expect((await agent.issues.getIssue({ issueIdOrKey: key, fields: ['status'] })).fields.status?.name).toBe('In progress');
  });

  it('treats a validator that throws as a refusal, and stops asking once removed', async () => {
    const key = await createRequest();
    const remove = fixture.standIn.addTransitionValidator(async () => {
      throw new Error('Validator crashed');
    });
    const agent = fixture.clientFor(AGENT.emailAddress);
    expect((await failureOf(agent.issues.doTransition({ issueIdOrKey: key, transition: { id: '31' } }))).data).toEqual({ errorMessages: ['Validator crashed'], errors: {} });
    remove();
    await agent.issues.doTransition({ issueIdOrKey: key, transition: { id: '31' } });
    expect((await agent.issues.getIssue({ issueIdOrKey: key, fields: ['status'] })).fields.status?.name).toBe('In progress');
  });
});

describe('in-process calls', () => {
  it('answers fetch() with a WHATWG Response, as a Forge runtime adapter needs', async () => {
    const key = await createRequest();
    const response = await fixture.standIn.fetch({ type: 'user', accountId: CUSTOMER.accountId }, `/rest/api/3/issue/${key}?fields=summary`, {
      headers: { Accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ key, fields: { summary: 'Upgrade to 5.2' } });
    const noContent = await fixture.standIn.fetch(asApp(), `/rest/api/3/issue/${key}/transitions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ transition: { id: '31' } }),
    });
    expect(noContent.status).toBe(204);
    expect(await noContent.text()).toBe('');
  });

  it('answers unknown account ids with 401', async () => {
    const response = await fixture.standIn.handle({ method: 'GET', path: '/rest/api/3/myself' }, { type: 'user', accountId: 'ghost' });
    expect(response.status).toBe(401);
    const app = await fixture.standIn.handle({ method: 'GET', path: '/rest/api/3/myself' }, asApp());
    expect(app.body).toMatchObject({ accountType: 'app' });
  });
});
