/**
 * The stand-in over HTTP, driven by the unmodified jira.js client, with every
 * response checked against Atlassian's OpenAPI description.
 */
import type { Version3Client } from 'jira.js';
import { PUBLIC_COMMENT_PROPERTY } from '../../../src/local/jira';
import { ADMIN, adf, AGENT, CUSTOMER, CUSTOMER_COLLEAGUE, ENGINEER, expectSchema, failureOf, type JiraFixture, OTHER_ORG_CUSTOMER, startFixture } from './support';

/** jira.js 5.4 types omit `isLast`, which the OpenAPI description and Jira return. */
const isLast = (page: object): unknown => (page as { isLast?: boolean }).isLast;

type PermissionMap = Record<string, { havePermission?: boolean }>;

let fixture: JiraFixture;
let agent: Version3Client;
let customer: Version3Client;
let issueKey: string;

beforeAll(async () => {
  // The entity property values an installed app had Jira index: only those can be searched with JQL.
  fixture = await startFixture({
    indexedProperties: [
      { propertyKey: 'upgrade-plan', path: 'planId', type: 'string' },
      { propertyKey: 'upgrade-plan', path: 'stage.status', type: 'string' },
    ],
  });
  agent = fixture.clientFor(AGENT.emailAddress);
  customer = fixture.clientFor(CUSTOMER.emailAddress);
  const created = await agent.issues.createIssue({
    fields: {
      project: { key: 'FHSD' },
      issuetype: { id: '10003' },
      summary: 'Upgrade ClinSpark to 5.2',
      description: 'Please upgrade our VAL environment.',
      reporter: { accountId: CUSTOMER.accountId },
      labels: ['upgrade'],
      customfield_10010: '10',
      customfield_10002: [1],
      customfield_10050: '5.2.0',
    },
  });
  expectSchema('CreatedIssue', created);
  issueKey = created.key;
});

afterAll(async () => {
  await fixture.close();
});

describe('issues', () => {
  it('creates issues with sequential FHSD keys', () => {
    expect(issueKey).toBe('FHSD-1');
  });

  it('returns the issue with JSM-shaped fields', async () => {
    const issue = await agent.issues.getIssue({ issueIdOrKey: issueKey });
    expectSchema('IssueBean', issue);
    const fields = issue.fields as unknown as Record<string, unknown>;
    expect(issue.key).toBe(issueKey);
    expect(fields.summary).toBe('Upgrade ClinSpark to 5.2');
    expect(fields.description).toEqual(adf('Please upgrade our VAL environment.'));
    expect(fields.status).toMatchObject({ name: 'Waiting for support', statusCategory: { key: 'new' } });
    expect(fields.reporter).toMatchObject({ accountId: CUSTOMER.accountId, accountType: 'customer' });
    expect(fields.creator).toMatchObject({ accountId: AGENT.accountId });
    expect(fields.assignee).toBeNull();
    expect(fields.labels).toEqual(['upgrade']);
    expect(fields.customfield_10010).toMatchObject({ requestType: { id: '10', name: 'Upgrade request' }, currentStatus: { status: 'Waiting for support' } });
    expect(fields.customfield_10002).toEqual([expect.objectContaining({ id: '1', name: 'Acme Clinical Research' })]);
    expect(fields.customfield_10050).toBe('5.2.0');
    expect(fields.project).toMatchObject({ key: 'FHSD', projectTypeKey: 'service_desk' });
    expect(fields.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  });

  it('honours the fields parameter', async () => {
    const issue = await agent.issues.getIssue({ issueIdOrKey: issueKey, fields: ['summary', 'status'] });
    expect(Object.keys(issue.fields).sort()).toEqual(['status', 'summary']);
  });

  it('edits fields and labels', async () => {
    await agent.issues.editIssue({
      issueIdOrKey: issueKey,
      fields: { summary: 'Upgrade ClinSpark to 5.3', customfield_10050: '5.3.0' },
      update: { labels: [{ add: 'val' }] },
    });
    const issue = await agent.issues.getIssue({ issueIdOrKey: issueKey, fields: ['summary', 'labels', 'customfield_10050'] });
    const fields = issue.fields as unknown as Record<string, unknown>;
    expect(fields).toEqual({ summary: 'Upgrade ClinSpark to 5.3', labels: ['upgrade', 'val'], customfield_10050: '5.3.0' });
  });

  it('refuses edits by customers', async () => {
    const failure = await failureOf(customer.issues.editIssue({ issueIdOrKey: issueKey, fields: { summary: 'Mine now' } }));
    expect(failure.status).toBe(400);
    expectSchema('ErrorCollection', failure.data);
  });
});

describe('search', () => {
  it('finds issues with enhanced JQL search (GET and POST)', async () => {
    const jql = `project = FHSD AND reporter = "${CUSTOMER.accountId}" AND status = "Waiting for support" ORDER BY created DESC`;
    const viaGet = await agent.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql, fields: ['summary', 'status'] });
    expectSchema('SearchAndReconcileResults', viaGet);
    expect(viaGet.issues?.map((issue) => issue.key)).toEqual([issueKey]);
    expect(isLast(viaGet)).toBe(true);

    const viaPost = await agent.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({ jql, fields: ['summary'] });
    expectSchema('SearchAndReconcileResults', viaPost);
    expect(viaPost.issues?.[0]?.fields).toEqual({ summary: 'Upgrade ClinSpark to 5.3' });
  });

  it('returns only ids by default, like search/jql', async () => {
    const result = await agent.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: `key = ${issueKey}` });
    expect(result.issues).toEqual([{ id: '10000' }]);
  });

  it('pages with nextPageToken', async () => {
    for (const summary of ['Second request', 'Third request']) {
      await agent.issues.createIssue({ fields: { project: { key: 'FHSD' }, issuetype: { name: 'Service Request' }, summary } });
    }
    const first = await agent.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'project = FHSD ORDER BY key ASC', maxResults: 2, fields: ['summary'] });
    expect(first.issues?.map((issue) => issue.key)).toEqual(['FHSD-1', 'FHSD-2']);
    expect(isLast(first)).toBe(false);
    const second = await agent.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql: 'project = FHSD ORDER BY key ASC',
      maxResults: 2,
      fields: ['summary'],
      nextPageToken: first.nextPageToken,
    });
    expect(second.issues?.map((issue) => issue.key)).toEqual(['FHSD-3']);
    expect(isLast(second)).toBe(true);
  });

  it('answers the older /search with offsets and totals', async () => {
    const result = await agent.issueSearch.searchForIssuesUsingJql({ jql: 'project = FHSD ORDER BY created ASC', maxResults: 1 });
    expectSchema('SearchResults', result);
    expect(result).toMatchObject({ startAt: 0, maxResults: 1, total: 3 });
    expect(result.issues?.[0]?.key).toBe('FHSD-1');
  });

  it('shows customers only the requests shared with them', async () => {
    const jql = 'project = FHSD ORDER BY key ASC';
    const mine = await customer.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql, fields: ['summary'] });
    expect(mine.issues?.map((issue) => issue.key)).toEqual([issueKey]);
    const colleague = await fixture.clientFor(CUSTOMER_COLLEAGUE.emailAddress).issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql, fields: ['summary'] });
    expect(colleague.issues?.map((issue) => issue.key)).toEqual([issueKey]);
    const stranger = await fixture.clientFor(OTHER_ORG_CUSTOMER.emailAddress).issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql, fields: ['summary'] });
    expect(stranger.issues).toEqual([]);
  });

  it('reports JQL errors as 400 with errorMessages', async () => {
    const failure = await failureOf(agent.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'project = FHSD AND sprint = 3' }));
    expect(failure.status).toBe(400);
    expect(failure.data).toEqual({ errorMessages: ["Field 'sprint' does not exist or you do not have permission to view it."], errors: {} });
  });
});

describe('workflow transitions', () => {
  it('lists the transitions available from the current status', async () => {
    const result = await agent.issues.getTransitions({ issueIdOrKey: issueKey });
    expectSchema('Transitions', result);
    expect(result.transitions?.map((transition) => [transition.id, transition.name, transition.to?.name])).toEqual([
      ['11', 'Respond to customer', 'Waiting for customer'],
      ['31', 'Start work', 'In progress'],
      ['41', 'Pending', 'Pending'],
      ['51', 'Resolve this issue', 'Resolved'],
      ['71', 'Cancel request', 'Closed'],
    ]);
  });

  it('moves the issue and finds it by its new status', async () => {
    await agent.issues.doTransition({ issueIdOrKey: issueKey, transition: { id: '31' } });
    const issue = await agent.issues.getIssue({ issueIdOrKey: issueKey, fields: ['status'] });
    expect(issue.fields.status).toMatchObject({ name: 'In progress', statusCategory: { key: 'indeterminate' } });
    const found = await agent.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'status IN ("In progress", Pending) AND statusCategory = indeterminate' });
    expect(found.issues).toEqual([{ id: issue.id }]);
  });

  it('resolves with a resolution when entering a done status', async () => {
    const second = 'FHSD-2';
    await agent.issues.doTransition({ issueIdOrKey: second, transition: { id: '51' }, fields: { resolution: { name: "Won't Do" } } });
    const issue = await agent.issues.getIssue({ issueIdOrKey: second, fields: ['status', 'resolution', 'resolutiondate'] });
    expect(issue.fields.status?.name).toBe('Resolved');
    expect(issue.fields.resolution).toMatchObject({ name: "Won't Do" });
    expect(issue.fields.resolutiondate).toEqual(expect.any(String));
  });

  it('refuses a transition that is not available, and customers cannot transition', async () => {
    const unavailable = await failureOf(agent.issues.doTransition({ issueIdOrKey: issueKey, transition: { id: '61' } }));
    expect(unavailable).toEqual({ status: 400, data: { errorMessages: ["Transition id '61' is not valid for this issue."], errors: {} } });
    expect((await customer.issues.getTransitions({ issueIdOrKey: issueKey })).transitions).toEqual([]);
    expect((await failureOf(customer.issues.doTransition({ issueIdOrKey: issueKey, transition: { id: '11' } }))).status).toBe(400);
  });
});

describe('comments', () => {
  it('keeps customer-visible replies and internal notes apart', async () => {
    const reply = await agent.issueComments.addComment({
      issueIdOrKey: issueKey,
      comment: adf('We will upgrade VAL on Monday.'),
      properties: [{ key: PUBLIC_COMMENT_PROPERTY, value: { internal: false } }],
    });
    expectSchema('Comment', reply);
    expect(reply.jsdPublic).toBe(true);
    const note = await agent.issueComments.addComment({
      issueIdOrKey: issueKey,
      comment: adf('Check the backup first.'),
      properties: [{ key: PUBLIC_COMMENT_PROPERTY, value: { internal: true } }],
    });
    expect(note.jsdPublic).toBe(false);

    const asAgent = await agent.issueComments.getComments({ issueIdOrKey: issueKey, expand: 'properties' });
    expectSchema('PageOfComments', asAgent);
    expect(asAgent.comments?.map((comment) => [comment.jsdPublic, comment.properties])).toEqual([
      [true, [{ key: PUBLIC_COMMENT_PROPERTY, value: { internal: false } }]],
      [false, [{ key: PUBLIC_COMMENT_PROPERTY, value: { internal: true } }]],
    ]);
    const asCustomer = await customer.issueComments.getComments({ issueIdOrKey: issueKey });
    expect(asCustomer.comments?.map((comment) => comment.id)).toEqual([reply.id]);
    expect((await failureOf(customer.issueComments.getComment({ issueIdOrKey: issueKey, id: note.id as string }))).status).toBe(404);
  });

  it('lets customers reply publicly but not write internal notes', async () => {
    const reply = await customer.issueComments.addComment({ issueIdOrKey: issueKey, comment: adf('Monday works for us.') });
    expect(reply.author?.accountId).toBe(CUSTOMER.accountId);
    expect(reply.jsdPublic).toBe(true);
    const failure = await failureOf(
      customer.issueComments.addComment({ issueIdOrKey: issueKey, comment: adf('secret'), properties: [{ key: PUBLIC_COMMENT_PROPERTY, value: { internal: true } }] }),
    );
    expect(failure.status).toBe(400);
  });

  it('updates and deletes a comment', async () => {
    const comment = await agent.issueComments.addComment({ issueIdOrKey: issueKey, comment: adf('Typo here') });
    const updated = await agent.issueComments.updateComment({ issueIdOrKey: issueKey, id: comment.id as string, body: adf('Fixed') });
    expect(updated.body).toEqual(adf('Fixed'));
    await agent.issueComments.deleteComment({ issueIdOrKey: issueKey, id: comment.id as string });
    expect((await failureOf(agent.issueComments.getComment({ issueIdOrKey: issueKey, id: comment.id as string }))).status).toBe(404);
  });
});

describe('assignee', () => {
  it('assigns to an agent and finds the issue with currentUser()', async () => {
    await agent.issues.assignIssue({ issueIdOrKey: issueKey, accountId: ENGINEER.accountId });
    const issue = await agent.issues.getIssue({ issueIdOrKey: issueKey, fields: ['assignee'] });
    expect(issue.fields.assignee?.accountId).toBe(ENGINEER.accountId);
    const engineer = fixture.clientFor(ENGINEER.emailAddress);
    const mine = await engineer.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'assignee = currentUser()', fields: ['assignee'] });
    expect(mine.issues?.map((found) => found.key)).toEqual([issueKey]);
    const unassigned = await agent.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'project = FHSD AND assignee IS EMPTY ORDER BY key ASC', fields: ['summary'] });
    expect(unassigned.issues?.map((found) => found.key)).toEqual(['FHSD-2', 'FHSD-3']);
  });

  it('refuses customers as assignees', async () => {
    const failure = await failureOf(agent.issues.assignIssue({ issueIdOrKey: issueKey, accountId: CUSTOMER.accountId }));
    expect(failure).toEqual({ status: 400, data: { errorMessages: [], errors: { assignee: `User '${CUSTOMER.accountId}' cannot be assigned issues.` } } });
  });
});

describe('issue entity properties', () => {
  it('sets, reads, lists, searches and deletes a property', async () => {
    const value = { planId: 'plan-42', stage: { number: 5, status: 'blocked' } };
    await agent.issueProperties.setIssueProperty({ issueIdOrKey: issueKey, propertyKey: 'upgrade-plan', propertyValue: value });
    const property = await agent.issueProperties.getIssueProperty({ issueIdOrKey: issueKey, propertyKey: 'upgrade-plan' });
    expectSchema('EntityProperty', property);
    expect(property).toEqual({ key: 'upgrade-plan', value });
    const keys = await agent.issueProperties.getIssuePropertyKeys({ issueIdOrKey: issueKey });
    expectSchema('PropertyKeys', keys);
    expect(keys.keys?.map((key) => key.key)).toEqual(['upgrade-plan']);

    const found = await agent.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql: 'issue.property[upgrade-plan].planId = "plan-42" AND issue.property[upgrade-plan].stage.status = blocked',
      fields: ['summary'],
      properties: ['upgrade-plan'],
    });
    expect(found.issues?.map((issue) => [issue.key, issue.properties])).toEqual([[issueKey, { 'upgrade-plan': value }]]);

    await agent.issueProperties.deleteIssueProperty({ issueIdOrKey: issueKey, propertyKey: 'upgrade-plan' });
    const missing = await failureOf(agent.issueProperties.getIssueProperty({ issueIdOrKey: issueKey, propertyKey: 'upgrade-plan' }));
    expect(missing.status).toBe(404);
  });

  it('answers 201 when a property is created and 200 when it is replaced', async () => {
    const first = await fixture.request('PUT', `/rest/api/3/issue/${issueKey}/properties/counter`, { as: AGENT.emailAddress, body: '1' });
    const second = await fixture.request('PUT', `/rest/api/3/issue/${issueKey}/properties/counter`, { as: AGENT.emailAddress, body: '2' });
    expect([first.status, second.status]).toEqual([201, 200]);
  });

  it('does not let customers write properties', async () => {
    const failure = await failureOf(customer.issueProperties.setIssueProperty({ issueIdOrKey: issueKey, propertyKey: 'x', propertyValue: { mine: true } }));
    expect(failure.status).toBe(403);
  });
});

describe('mypermissions', () => {
  const keys = ['BROWSE_PROJECTS', 'EDIT_ISSUES', 'ADD_COMMENTS', 'TRANSITION_ISSUES', 'ASSIGN_ISSUES', 'ADMINISTER_PROJECTS'];
  const held = async (client: Version3Client, issue = issueKey): Promise<string[]> => {
    const result = await client.permissions.getMyPermissions({ issueKey: issue, permissions: keys.join(',') });
    expectSchema('Permissions', result);
    return Object.entries((result.permissions ?? {}) as PermissionMap)
      .filter(([, permission]) => permission.havePermission)
      .map(([key]) => key)
      .sort();
  };

  it('gives agents the agent permissions, and admins project administration', async () => {
    expect(await held(agent)).toEqual(['ADD_COMMENTS', 'ASSIGN_ISSUES', 'BROWSE_PROJECTS', 'EDIT_ISSUES', 'TRANSITION_ISSUES']);
    expect(await held(fixture.clientFor(ADMIN.emailAddress))).toEqual([...keys].sort());
  });

  it('gives customers browse and comment on their organization’s requests only', async () => {
    expect(await held(customer)).toEqual(['ADD_COMMENTS', 'BROWSE_PROJECTS']);
    expect(await held(fixture.clientFor(CUSTOMER_COLLEAGUE.emailAddress))).toEqual(['ADD_COMMENTS', 'BROWSE_PROJECTS']);
    const stranger = await failureOf(held(fixture.clientFor(OTHER_ORG_CUSTOMER.emailAddress)));
    expect(stranger.status).toBe(404);
    const projectWide = await fixture.clientFor(OTHER_ORG_CUSTOMER.emailAddress).permissions.getMyPermissions({ projectKey: 'FHSD', permissions: 'EDIT_ISSUES,CREATE_ISSUES' });
    const projectPermissions = projectWide.permissions as PermissionMap;
    expect(projectPermissions.EDIT_ISSUES?.havePermission).toBe(false);
    expect(projectPermissions.CREATE_ISSUES?.havePermission).toBe(true);
  });

  it('requires the permissions parameter', async () => {
    const failure = await failureOf(agent.permissions.getMyPermissions({ issueKey }));
    expect(failure.status).toBe(400);
  });
});

describe('users and server', () => {
  it('answers myself, user and user search', async () => {
    const me = await customer.myself.getCurrentUser();
    expectSchema('User', me);
    expect(me).toMatchObject({ accountId: CUSTOMER.accountId, accountType: 'customer', emailAddress: CUSTOMER.emailAddress });
    const user = await agent.users.getUser({ accountId: ENGINEER.accountId });
    expectSchema('User', user);
    expect(user.displayName).toBe(ENGINEER.displayName);
    const found = await agent.userSearch.findUsers({ query: 'acme' });
    expect(found.map((person) => person.accountId).sort()).toEqual([CUSTOMER.accountId, CUSTOMER_COLLEAGUE.accountId].sort());
    expect((await failureOf(agent.users.getUser({ accountId: 'nobody' }))).status).toBe(404);
  });

  it('answers serverInfo', async () => {
    const info = await agent.serverInfo.getServerInfo();
    expectSchema('ServerInformation', info);
    expect(info).toMatchObject({ baseUrl: fixture.server.url, deploymentType: 'Cloud' });
  });
});

describe('fields', () => {
  it('lists system and custom fields, each custom field with its type key, as Jira\'s field list does', async () => {
    const fields = await agent.issueFields.getFields();
    for (const f of fields) expectSchema('FieldDetails', f);
    const byId = new Map(fields.map((f) => [f.id, f]));
    expect(byId.get('summary')).toMatchObject({ name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } });
    expect(byId.get('customfield_10010')).toMatchObject({ name: 'Request Type', custom: true, schema: { custom: 'com.atlassian.servicedesk:vp-origin', customId: 10010 } });
    expect(byId.get('customfield_10002')).toMatchObject({ name: 'Organizations', schema: { type: 'array', items: 'sd-customerorganization', custom: 'com.atlassian.servicedesk:sd-customer-organizations' } });
    expect(byId.get('customfield_10003')).toMatchObject({ name: 'Request participants', schema: { type: 'array', items: 'user', custom: 'com.atlassian.servicedesk:sd-request-participants' } });
    expect(byId.get('customfield_10003')?.clauseNames).toEqual(['cf[10003]', 'Request participants']);
  });

  it('answers anonymous callers too, without the custom fields of a project they cannot browse', async () => {
    const anonymousList = await fixture.request('GET', '/rest/api/3/field');
    expect(anonymousList.status).toBe(200);
    const ids = (anonymousList.body as { id: string; custom: boolean }[]).map((f) => f.id);
    expect(ids).toContain('summary');
    expect(ids.filter((id) => id.startsWith('customfield_'))).toEqual([]);
  });
});
