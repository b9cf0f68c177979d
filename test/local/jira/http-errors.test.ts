/** Jira's error shapes and status codes, seen through raw HTTP. */
import { AGENT, CUSTOMER, expectSchema, type JiraFixture, startFixture } from './support';

let fixture: JiraFixture;

beforeAll(async () => {
  fixture = await startFixture();
  const created = await fixture.request('POST', '/rest/api/3/issue', {
    as: AGENT.emailAddress,
    body: JSON.stringify({ fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: 'Error fixture' } }),
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await fixture.close();
});

const errorBody = (errorMessages: string[], errors: Record<string, string> = {}) => ({ errorMessages, errors });

it('answers malformed JSON with 400', async () => {
  const response = await fixture.request('POST', '/rest/api/3/issue', { as: AGENT.emailAddress, body: '{"fields": {' });
  expect(response).toEqual({ status: 400, body: errorBody(['Invalid request payload. Refer to the REST API documentation and try again.']) });
  expectSchema('ErrorCollection', response.body);
});

it('answers a non-JSON content type with 415', async () => {
  const response = await fixture.request('POST', '/rest/api/3/issue', { as: AGENT.emailAddress, body: 'summary=x', contentType: 'application/x-www-form-urlencoded' });
  expect(response.status).toBe(415);
});

it('answers an unknown path with 404 and a known path with the wrong method with 405', async () => {
  const unknown = await fixture.request('GET', '/rest/api/3/nothing-here?x=1', { as: AGENT.emailAddress });
  expect(unknown).toEqual({ status: 404, body: errorBody([`null for uri: ${fixture.server.url}/rest/api/3/nothing-here?x=1`]) });
  const wrongMethod = await fixture.request('PATCH', '/rest/api/3/issue/FHSD-1', { as: AGENT.emailAddress, body: '{}' });
  expect(wrongMethod.status).toBe(405);
});

it('names unknown and invalid fields in errors', async () => {
  const response = await fixture.request('POST', '/rest/api/3/issue', {
    as: AGENT.emailAddress,
    body: JSON.stringify({ fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: '', colour: 'red', description: 'plain text', labels: ['two words'] } }),
  });
  expect(response).toEqual({
    status: 400,
    body: errorBody([], {
      summary: 'You must specify a summary of the issue.',
      colour: "Field 'colour' cannot be set. It is not on the appropriate screen, or unknown.",
      description: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
      labels: "The label 'two words' contains spaces which is invalid.",
    }),
  });
});

it('requires project, issue type and summary on create', async () => {
  const response = await fixture.request('POST', '/rest/api/3/issue', { as: AGENT.emailAddress, body: JSON.stringify({ fields: {} }) });
  expect(response.status).toBe(400);
  expect(Object.keys((response.body as { errors: object }).errors).sort()).toEqual(['issuetype', 'project', 'summary']);
});

it('refuses unknown status values in fields and JQL', async () => {
  const edit = await fixture.request('PUT', '/rest/api/3/issue/FHSD-1', { as: AGENT.emailAddress, body: JSON.stringify({ fields: { status: { name: 'Closed' } } }) });
  expect(edit.status).toBe(400);
  const search = await fixture.request('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('status = Nonsense')}`, { as: AGENT.emailAddress });
  expect(search).toEqual({ status: 400, body: errorBody(["The value 'Nonsense' does not exist for the field 'status'."]) });
});

it('reports JQL syntax errors with their position', async () => {
  const response = await fixture.request('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('project = FHSD AND status')}`, { as: AGENT.emailAddress });
  expect(response.status).toBe(400);
  expect((response.body as { errorMessages: string[] }).errorMessages[0]).toMatch(/^Error in the JQL Query: Expecting operator but got EOF\..*\(line 1, character 26\)$/);
});

it('refuses unbounded queries on search/jql', async () => {
  const response = await fixture.request('POST', '/rest/api/3/search/jql', { as: AGENT.emailAddress, body: JSON.stringify({ jql: 'ORDER BY created DESC' }) });
  expect(response).toEqual({ status: 400, body: errorBody(['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']) });
});

it('answers wrong or missing credentials with 401', async () => {
  const wrong = await fixture.request('GET', '/rest/api/3/myself', { as: 'stranger@nowhere.example' });
  expect(wrong).toEqual({ status: 401, body: errorBody(['Client must be authenticated to access this resource.']) });
  const missing = await fixture.request('GET', '/rest/api/3/issue/FHSD-1');
  expect(missing.status).toBe(401);
  const garbage = await fetch(`${fixture.server.url}/rest/api/3/myself`, { headers: { authorization: 'Bearer abc' } });
  expect(garbage.status).toBe(401);
  const anonymousServerInfo = await fixture.request('GET', '/rest/api/3/serverInfo');
  expect(anonymousServerInfo.status).toBe(200);
});

it('answers 404 for a missing issue and for one the caller may not see', async () => {
  const missing = await fixture.request('GET', '/rest/api/3/issue/FHSD-999', { as: AGENT.emailAddress });
  expect(missing).toEqual({ status: 404, body: errorBody(['Issue does not exist or you do not have permission to see it.']) });
  const hidden = await fixture.request('GET', '/rest/api/3/issue/FHSD-1', { as: CUSTOMER.emailAddress });
  expect(hidden.status).toBe(404);
});

it('answers a missing transition id with 400', async () => {
  const response = await fixture.request('POST', '/rest/api/3/issue/FHSD-1/transitions', { as: AGENT.emailAddress, body: JSON.stringify({}) });
  expect(response).toEqual({ status: 400, body: errorBody(["Missing 'transition' identifier"]) });
});

it('refuses unknown properties in search bodies', async () => {
  const response = await fixture.request('POST', '/rest/api/3/search/jql', { as: AGENT.emailAddress, body: JSON.stringify({ jql: 'project = FHSD', startAt: 5 }) });
  expect(response.status).toBe(400);
});

it('keeps the issue unchanged when any field of an edit is invalid', async () => {
  const response = await fixture.request('PUT', '/rest/api/3/issue/FHSD-1', {
    as: AGENT.emailAddress,
    body: JSON.stringify({ fields: { summary: 'Changed', duedate: 'tomorrow' } }),
  });
  expect(response.status).toBe(400);
  const issue = await fixture.request('GET', '/rest/api/3/issue/FHSD-1?fields=summary,duedate', { as: AGENT.emailAddress });
  expect((issue.body as { fields: object }).fields).toEqual({ summary: 'Error fixture', duedate: null });
});
