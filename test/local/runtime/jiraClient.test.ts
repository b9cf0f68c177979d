/**
 * An unmodified third-party Jira client (jira.js) against the runtime's HTTP server: the app's trigger, workflow
 * validator and comments answer it as they would on a Jira site.
 */
import { Version3Client } from 'jira.js';
import type { Runtime } from '../../../src/local/runtime';
import { contextToken, eventually, invoke, MODULES, PEOPLE, runtimeForFile } from './support';

jest.setTimeout(30_000);

const client = (runtime: Runtime, email: string) => new Version3Client({ host: runtime.url, authentication: { basic: { email, apiToken: 'any-api-token' } } });
const text = (body: unknown) => JSON.stringify(body);

let runtime: Runtime;
runtimeForFile((started) => (runtime = started));

test('jira.js creates an upgrade request, the app comments on it, refuses to resolve it early, and follows its transitions', async () => {
  const customer = client(runtime, PEOPLE.carla.emailAddress);
  const agent = client(runtime, PEOPLE.pm.emailAddress);

  const created = await customer.issues.createIssue({
    fields: {
      project: { key: 'FHSD' },
      issuetype: { id: '10003' },
      summary: 'VAL at 25.2 please',
      customfield_10010: '11',
      customfield_10002: [1],
      customfield_10101: { value: '25.2' },
      customfield_10100: { value: '24.2' },
      customfield_10102: [{ value: 'VAL' }],
    } as never,
  });
  expect(created.key).toMatch(/^FHSD-\d+$/);

  // The trigger runs after the answer, as on Forge: the app's welcome comment arrives shortly after.
  const welcome = await eventually(async () => {
    const { comments = [] } = await customer.issueComments.getComments({ issueIdOrKey: created.key });
    return comments.find((c) => text(c.body).includes('What happens next'));
  });
  expect(welcome.author?.displayName).toBe('ClinSpark upgrade planner');
  expect(text(welcome.body)).toContain('upgrade plan to ClinSpark 25.2');

  const issue = await agent.issues.getIssue({ issueIdOrKey: created.key, properties: ['clinspark-plan'] });
  expect((issue.fields.assignee as { accountId?: string } | null)?.accountId).toBe(PEOPLE.pm.accountId);
  expect((issue.properties as Record<string, { targetVersion?: string }>)['clinspark-plan']?.targetVersion).toBe('25.2');

  // The workflow validator: the VAL request cannot be resolved while stage 6 is open.
  const { transitions = [] } = await agent.issues.getTransitions({ issueIdOrKey: created.key });
  const resolve = transitions.find((t) => t.to?.name === 'Resolved')!;
  const refused = await agent.issues.doTransition({ issueIdOrKey: created.key, transition: { id: resolve.id! }, fields: { resolution: { name: 'Done' } } }).then(
    () => undefined,
    (error: { status?: number; response?: { data?: unknown } }) => error,
  );
  expect(refused?.status).toBe(400);
  expect(text(refused?.response?.data)).toContain('stage');

  const start = transitions.find((t) => t.to?.name === 'In progress')!;
  await agent.issues.doTransition({ issueIdOrKey: created.key, transition: { id: start.id! } });
  expect((await agent.issues.getIssue({ issueIdOrKey: created.key, fields: ['status'] })).fields.status?.name).toBe('In progress');

  // The plan the trigger made is the one a panel reads.
  await runtime.settle();
  const token = await contextToken(runtime.url, PEOPLE.carla.emailAddress, MODULES.portal, created.key);
  const view = await invoke(runtime.url, token, 'getPlanView');
  expect(view.status).toBe(200);
  expect(view.body).toMatchObject({ ok: true, data: { summary: { targetVersion: '25.2' } } });
});

test('a customer of another organization cannot see the request through the API', async () => {
  const acme = client(runtime, PEOPLE.carla.emailAddress);
  const globex = client(runtime, PEOPLE.gina.emailAddress);
  const { issues = [] } = await acme.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'project = FHSD ORDER BY key ASC', fields: ['summary'] });
  expect(issues.length).toBeGreaterThan(0);
  const hidden = await globex.issues.getIssue({ issueIdOrKey: issues[0]!.key! }).then(
    () => 200,
    (error: { status?: number }) => error.status,
  );
  expect(hidden).toBe(404);
});
