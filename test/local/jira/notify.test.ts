/** POST /rest/api/3/issue/{issueIdOrKey}/notify as the OpenAPI description has it: 204 and a queued e-mail, or Jira's 400/404. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asApp, DEMO_USERS, JiraStandIn, SqliteJiraStore } from '../../../src/local/jira';
import { toHtml } from '../../../src/forge/jiraClient';
import { AGENT, CUSTOMER, ENGINEER, expectSchema, OTHER_ORG_CUSTOMER, type JiraFixture, startFixture } from './support';

let fixture: JiraFixture;
let key: string;

beforeAll(async () => {
  fixture = await startFixture();
  const created = await fixture.request('POST', '/rest/api/3/issue', {
    as: CUSTOMER.emailAddress,
    body: JSON.stringify({ fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: 'Upgrade to 25.2', customfield_10002: [1] } }),
  });
  expect(created.status).toBe(201);
  key = (created.body as { key: string }).key;
});

afterAll(async () => {
  await fixture.close();
});

const notify = (body: unknown, as = AGENT.emailAddress, issue = key) => fixture.request('POST', `/rest/api/3/issue/${issue}/notify`, { as, body: JSON.stringify(body) });

describe('the notify API of the stand-in', () => {
  it('queues an e-mail to the users named, with the subject and bodies given, and answers 204 with no body', async () => {
    const body = { subject: 'Stages due', textBody: 'Stage 5 is due', htmlBody: toHtml('Stage 5 is due'), to: { users: [{ accountId: ENGINEER.accountId }], reporter: false, assignee: false, watchers: false, voters: false } };
    expectSchema('Notification', body);
    const before = fixture.standIn.store.listMail().length;
    expect(await notify(body)).toEqual({ status: 204, body: undefined });
    const mail = fixture.standIn.store.listMail().slice(before);
    expect(mail).toEqual([expect.objectContaining({ issueKey: key, senderId: AGENT.accountId, to: [ENGINEER.accountId], subject: 'Stages due', textBody: 'Stage 5 is due', htmlBody: '<p>Stage 5 is due</p>' })]);
  });

  it('gives the issue key and summary as the subject when none is given, and sends to the reporter when asked', async () => {
    const before = fixture.standIn.store.listMail().length;
    expect((await notify({ textBody: 'Hello', to: { reporter: true } })).status).toBe(204);
    expect(fixture.standIn.store.listMail().slice(before)).toEqual([expect.objectContaining({ to: [CUSTOMER.accountId], subject: `${key}: Upgrade to 25.2` })]);
  });

  it.each([
    ['the caller as recipient', { to: { users: [{ accountId: AGENT.accountId }] } }, 'You cannot send a notification to yourself.'],
    ['the assignee of an unassigned issue', { to: { assignee: true } }, 'The issue has no assignee to notify.'],
    ['an unknown account', { to: { users: [{ accountId: 'nobody' }] } }, "The user with account ID 'nobody' does not exist."],
    ['a group the site does not have', { to: { groups: [{ name: 'notification-group' }] } }, "Group 'notification-group' does not exist."],
    ['nobody at all', { to: {} }, 'The notification has no recipients.'],
  ])('refuses %s with 400 and queues nothing', async (_what, body, message) => {
    const before = fixture.standIn.store.listMail().length;
    expect(await notify(body)).toEqual({ status: 400, body: { errorMessages: [message], errors: {} } });
    expect(fixture.standIn.store.listMail()).toHaveLength(before);
  });

  it('refuses a user entry with a field UserDetails does not have (additionalProperties: false)', async () => {
    const answer = await notify({ to: { users: [{ accountId: ENGINEER.accountId, role: 'x' }] } });
    expect(answer).toEqual({ status: 400, body: { errorMessages: [], errors: { 'to.users': 'Unrecognized field "role".' } } });
  });

  it('answers 404 for an issue the caller cannot browse, and drops recipients a restriction leaves out', async () => {
    expect((await notify({ to: { users: [{ accountId: ENGINEER.accountId }] } }, OTHER_ORG_CUSTOMER.emailAddress)).status).toBe(404);
    expect((await notify({ to: { users: [{ accountId: ENGINEER.accountId }] } }, AGENT.emailAddress, 'FHSD-999')).status).toBe(404);
    const restricted = await notify({ to: { users: [{ accountId: OTHER_ORG_CUSTOMER.accountId }] }, restrict: { permissions: [{ key: 'BROWSE' }] } });
    expect(restricted).toEqual({ status: 400, body: { errorMessages: ['The notification has no recipients.'], errors: {} } });
  });

  it('changes nothing on the issue: no event, no changelog, the issue untouched', async () => {
    const events: unknown[] = [];
    const stop = fixture.standIn.onEvent(async (event) => void events.push(event));
    const before = await fixture.request('GET', `/rest/api/3/issue/${key}?expand=changelog`, { as: AGENT.emailAddress });
    expect((await notify({ to: { users: [{ accountId: ENGINEER.accountId }] } })).status).toBe(204);
    await fixture.standIn.whenEventsDelivered();
    stop();
    expect(events).toEqual([]);
    expect(await fixture.request('GET', `/rest/api/3/issue/${key}?expand=changelog`, { as: AGENT.emailAddress })).toEqual(before);
  });
});

it('keeps the mail queue in its SQLite file across a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'notify-'));
  try {
    const first = new JiraStandIn({ store: new SqliteJiraStore(join(dir, 'jira.db')), users: DEMO_USERS });
    const created = await first.handle({ method: 'POST', path: '/rest/api/3/issue', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: 's' } }) }, asApp());
    const issueKey = (created.body as { key: string }).key;
    const sent = await first.handle({ method: 'POST', path: `/rest/api/3/issue/${issueKey}/notify`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ textBody: 't', to: { users: [{ accountId: ENGINEER.accountId }] } }) }, asApp());
    expect(sent.status).toBe(204);
    await first.whenEventsDelivered();
    first.close();
    const second = new JiraStandIn({ store: new SqliteJiraStore(join(dir, 'jira.db')), users: DEMO_USERS });
    expect(second.store.listMail()).toEqual([expect.objectContaining({ id: '1', issueKey, to: [ENGINEER.accountId], textBody: 't' })]);
    second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
