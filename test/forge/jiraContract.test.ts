import { ForgeAppHarness, PEOPLE } from '../support/forgeApp';
import { JiraContract, type SentRequest } from '../support/openapi';

/** Every request the app sends to Jira in a whole plan, from request to close, checked against Atlassian's description. */
describe('contract: every Jira request the app sends matches the OpenAPI description', () => {
  test('path, method, query parameters and body schema of each request', async () => {
    const app = new ForgeAppHarness();
    const sent: SentRequest[] = [];
    const original = app.jira.handle.bind(app.jira);
    app.jira.handle = async (request, caller) => {
      if (caller.type === 'app' || app.host.currentAccountId()) sent.push({ method: request.method, path: request.path, ...(request.body ? { body: request.body } : {}) });
      return original(request, caller);
    };
    try {
      await app.saveSettings();
      const val = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' });
      await app.decideConfiguration(val, 'valRequest');
      await app.invoke('completeStage', { stage: 3 }, { accountId: 'acc-pm', ticketKey: val });
      await app.provideVal(val);
      await app.invoke('completeStage', { stage: 7 }, { accountId: 'acc-pm', ticketKey: val });
      await app.raise('Validation issue', PEOPLE.acmeCustomer!, { targetVersion: '25.2' });
      await app.invoke('getSettings', {}, { accountId: 'acc-admin', surface: 'jira:projectSettingsPage' });
      await app.raise('VAL environment request', PEOPLE.betaCustomer!, { targetVersion: '25.2', currentVersion: '24.1', instances: 'Sandbox' });
    } finally {
      app.close();
    }
    const contract = new JiraContract();
    const kinds = new Set(sent.map((r) => `${r.method} ${contract.templateOf(new URL(r.path, 'https://x.invalid').pathname)}`));
    // The app's whole vocabulary with Jira: reading a ticket, comments (post and look up), the assignee and the plan summary
    // property through their own endpoints (never one issue edit), transitions with their screen's fields, permissions.
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'GET /rest/api/3/issue/{issueIdOrKey}',
        'POST /rest/api/3/issue/{issueIdOrKey}/comment',
        'PUT /rest/api/3/issue/{issueIdOrKey}/assignee',
        'PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
        'GET /rest/api/3/issue/{issueIdOrKey}/transitions',
        'POST /rest/api/3/issue/{issueIdOrKey}/transitions',
        'GET /rest/api/3/mypermissions',
      ]),
    );
    expect([...kinds]).not.toContain('PUT /rest/api/3/issue/{issueIdOrKey}');
    expect(sent.filter((r) => r.method === 'GET' && r.path.includes('/transitions')).every((r) => r.path.endsWith('?expand=transitions.fields'))).toBe(true);
    // The description is Jira platform's (../shared/jira); JSM's own API (/rest/servicedeskapi: a reporter's organizations) is not in it.
    expect(sent.filter((request) => !request.path.startsWith('/rest/servicedeskapi/')).flatMap((request) => contract.problemsWith(request))).toEqual([]);
    expect(sent.filter((request) => request.path.startsWith('/rest/servicedeskapi/')).map((request) => `${request.method} ${request.path.split('?')[0]}`)).toEqual(expect.arrayContaining(['GET /rest/servicedeskapi/organization']));
  });

  test('the checker itself refuses what Jira would refuse', () => {
    const contract = new JiraContract();
    expect(contract.problemsWith({ method: 'PATCH', path: '/rest/api/3/issue/FHSD-1' })).toHaveLength(1);
    expect(contract.problemsWith({ method: 'GET', path: '/rest/api/3/issue/FHSD-1/nonsense' })).toHaveLength(1);
    expect(contract.problemsWith({ method: 'POST', path: '/rest/api/3/issue/FHSD-1/comment', body: JSON.stringify({ properties: 'not a list' }) })).toHaveLength(1);
    expect(contract.problemsWith({ method: 'GET', path: '/rest/api/3/mypermissions?issueKey=FHSD-1&bogus=1' })).toHaveLength(1);
  });
});
