/** JQL through Atlassian's parser: the tree the evaluator gets, every supported field and operator, indexed entity properties, ordering and errors. */
import { adfParagraph, asApp, asUser, DEMO_ORGANIZATIONS, DEMO_USERS, JiraStandIn } from '../../../src/local/jira';
import { parseJql } from '../../../src/local/jira/jql/parser';
import { AGENT, CUSTOMER, ENGINEER, OTHER_ORG_CUSTOMER } from './support';

let now = new Date('2025-03-10T12:00:00.000Z');
let jira: JiraStandIn;

async function create(fields: Record<string, unknown>, at: string): Promise<void> {
  now = new Date(at);
  const response = await jira.handle(
    { method: 'POST', path: '/rest/api/3/issue', body: JSON.stringify({ fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, ...fields } }) },
    asUser(AGENT.accountId),
  );
  if (response.status !== 201) throw new Error(JSON.stringify(response.body));
}

beforeAll(async () => {
  jira = new JiraStandIn({
    users: DEMO_USERS,
    organizations: DEMO_ORGANIZATIONS,
    clock: () => now,
    // What an app's jira:entityProperty module asks Jira to index; only these values are searchable.
    indexedProperties: [
      { propertyKey: 'plan', path: 'planId', type: 'string', searchAlias: 'planId' },
      { propertyKey: 'plan', path: 'stages', type: 'number' },
      { propertyKey: 'plan', path: 'overdue', type: 'number', searchAlias: 'overdueStages' },
      { propertyKey: 'plan', path: 'note', type: 'text', searchAlias: 'planNote' },
      { propertyKey: 'plan', path: 'owner', type: 'user', searchAlias: 'planOwner' },
      { propertyKey: 'plan', path: 'due', type: 'date', searchAlias: 'planDue' },
    ],
  });
  await create({ summary: 'Upgrade VAL to 5.2', reporter: { accountId: CUSTOMER.accountId }, customfield_10010: '10', customfield_10002: [1], labels: ['upgrade', 'val'], duedate: '2025-04-01', customfield_10050: '5.2.0' }, '2025-03-01T09:00:00.000Z');
  await create({ summary: 'Login fails after upgrade', reporter: { accountId: CUSTOMER.accountId }, customfield_10010: '12', issuetype: { id: '10004' }, customfield_10002: [1], assignee: { accountId: ENGINEER.accountId }, description: adfParagraph('The SSO page loops') }, '2025-03-05T09:00:00.000Z');
  await create({ summary: 'Globex PROD upgrade', reporter: { accountId: OTHER_ORG_CUSTOMER.accountId }, customfield_10010: '13', customfield_10002: [2], labels: ['prod'] }, '2025-03-09T09:00:00.000Z');
  now = new Date('2025-03-10T12:00:00.000Z');
  await jira.handle({ method: 'POST', path: '/rest/api/3/issue/FHSD-3/transitions', body: JSON.stringify({ transition: { id: '51' }, fields: { resolution: { name: 'Done' } } }) }, asApp());
  await jira.handle(
    {
      method: 'PUT',
      path: '/rest/api/3/issue/FHSD-2/properties/plan',
      body: JSON.stringify({ planId: 'p-1', stages: [10, 11], overdue: 2, note: 'Waiting for the validation sign-off', owner: ENGINEER.accountId, due: '2025-03-20', hidden: 'x' }),
    },
    asApp(),
  );
  await jira.handle({ method: 'PUT', path: '/rest/api/3/issue/FHSD-3/properties/plan', body: JSON.stringify({ planId: 'P-3', overdue: 0, due: '2025-04-02T10:00:00Z' }) }, asApp());
  await jira.handle({ method: 'POST', path: '/rest/api/3/issue/FHSD-1/comment', body: JSON.stringify({ body: adfParagraph('Backup verified') }) }, asApp());
  await jira.handle(
    {
      method: 'POST',
      path: '/rest/api/3/issue/FHSD-1/comment',
      body: JSON.stringify({ body: adfParagraph('Internal: rollback plan ready'), properties: [{ key: 'sd.public.comment', value: { internal: true } }] }),
    },
    asApp(),
  );
});

async function keys(jql: string, caller = asApp()): Promise<string[]> {
  const response = await jira.handle({ method: 'POST', path: '/rest/api/3/search/jql', body: JSON.stringify({ jql, fields: ['key'], maxResults: 100 }) }, caller);
  if (response.status !== 200) throw new Error(JSON.stringify(response.body));
  return (response.body as { issues: { key: string }[] }).issues.map((issue) => issue.key);
}

async function error(jql: string): Promise<string> {
  const response = await jira.handle({ method: 'POST', path: '/rest/api/3/search/jql', body: JSON.stringify({ jql }) }, asApp());
  expect(response.status).toBe(400);
  return (response.body as { errorMessages: string[] }).errorMessages[0] ?? '';
}

describe('parser', () => {
  it('builds AND/OR/NOT trees with parentheses and ORDER BY', () => {
    expect(parseJql('project = FHSD AND (status = A OR NOT labels in (x, "y z")) ORDER BY created DESC, key')).toEqual({
      where: {
        kind: 'and',
        clauses: [
          { kind: 'condition', field: { kind: 'field', name: 'project' }, operator: '=', operand: { kind: 'value', value: 'FHSD', position: 10 }, position: 0 },
          {
            kind: 'or',
            clauses: [
              { kind: 'condition', field: { kind: 'field', name: 'status' }, operator: '=', operand: { kind: 'value', value: 'A', position: 29 }, position: 20 },
              {
                kind: 'not',
                clause: {
                  kind: 'condition',
                  field: { kind: 'field', name: 'labels' },
                  operator: 'in',
                  operand: {
                    kind: 'list',
                    position: 48,
                    items: [
                      { kind: 'value', value: 'x', position: 49 },
                      { kind: 'value', value: 'y z', position: 52 },
                    ],
                  },
                  position: 38,
                },
              },
            ],
          },
        ],
      },
      orderBy: [
        { field: { kind: 'field', name: 'created' }, direction: 'desc', position: 69 },
        { field: { kind: 'field', name: 'key' }, direction: 'default', position: 83 },
      ],
    });
  });

  it('reads entity property and custom field references', () => {
    const query = parseJql('issue.property[upgrade.plan].stage.status != done AND cf[10050] is not EMPTY');
    expect(query.where).toMatchObject({
      clauses: [
        { field: { kind: 'property', key: 'upgrade.plan', path: ['stage', 'status'] }, operator: '!=' },
        { field: { kind: 'customField', id: '10050' }, operator: 'is not', operand: { kind: 'empty' } },
      ],
    });
  });
});

describe('evaluation', () => {
  it.each([
    ['project = FHSD', ['FHSD-3', 'FHSD-2', 'FHSD-1']],
    ['key = FHSD-2', ['FHSD-2']],
    ['issuekey IN (FHSD-1, 10002)', ['FHSD-3', 'FHSD-1']],
    ['status = Resolved', ['FHSD-3']],
    ['status != Resolved', ['FHSD-2', 'FHSD-1']],
    ['statusCategory = Done', ['FHSD-3']],
    ['resolution = Unresolved', ['FHSD-2', 'FHSD-1']],
    ['resolution = Done', ['FHSD-3']],
    [`reporter = ${CUSTOMER.accountId} AND assignee IS EMPTY`, ['FHSD-1']],
    [`assignee != ${AGENT.accountId}`, ['FHSD-2']],
    [`assignee NOT IN (${ENGINEER.accountId})`, []],
    ['labels = val OR labels = prod', ['FHSD-3', 'FHSD-1']],
    ['labels NOT IN (prod)', ['FHSD-1']],
    ['issuetype = Incident', ['FHSD-2']],
    ['"Request Type" = "Upgrade request"', ['FHSD-1']],
    ['"Customer Request Type" IN ("fhsd/prod-upgrade", 12)', ['FHSD-3', 'FHSD-2']],
    ['Organizations = "Acme Clinical Research"', ['FHSD-2', 'FHSD-1']],
    ['cf[10002] = 2', ['FHSD-3']],
    ['cf[10050] = "5.2.0"', ['FHSD-1']],
    ['summary ~ upgrade', ['FHSD-3', 'FHSD-2', 'FHSD-1']],
    ['summary ~ "prod upgrade"', ['FHSD-3']],
    ['text ~ "sso"', ['FHSD-2']],
    ['comment ~ backup', ['FHSD-1']],
    ['created >= "2025-03-05"', ['FHSD-3', 'FHSD-2']],
    ['created < "2025/03/05 09:00"', ['FHSD-1']],
    ['created > -3d', ['FHSD-3']],
    ['duedate <= 2025-04-01', ['FHSD-1']],
    ['resolutiondate IS NOT EMPTY', ['FHSD-3']],
    ['issue.property[plan].planId = p-1', ['FHSD-2']],
    ['issue.property[plan].stages = 11', ['FHSD-2']],
    ['planId = p-1', ['FHSD-2']],
    ['planId = P-1', []],
    ['overdueStages > 0', ['FHSD-2']],
    ['OVERDUESTAGES >= 0 ORDER BY overdueStages DESC', ['FHSD-2', 'FHSD-3']],
    ['issue.property[plan].overdue IN (0, 5)', ['FHSD-3']],
    ['overdueStages != 2', ['FHSD-3']],
    ['overdueStages IS EMPTY', ['FHSD-1']],
    ['planNote ~ "validation"', ['FHSD-2']],
    [`planOwner = ${ENGINEER.accountId}`, ['FHSD-2']],
    ['planDue < "2025-04-01"', ['FHSD-2']],
    ['planDue >= "2025-04-01" ORDER BY planDue', ['FHSD-3']],
    ['project = FHSD ORDER BY issue.property[plan].planId', ['FHSD-3', 'FHSD-2', 'FHSD-1']],
    ['NOT project = FHSD', []],
    ['project = FHSD ORDER BY key ASC', ['FHSD-1', 'FHSD-2', 'FHSD-3']],
    ['project = FHSD ORDER BY status ASC, created ASC', ['FHSD-1', 'FHSD-2', 'FHSD-3']],
    ['project = FHSD ORDER BY summary', ['FHSD-3', 'FHSD-2', 'FHSD-1']],
  ])('%s', async (jql, expected) => {
    expect(await keys(jql)).toEqual(expected);
  });

  it('resolves currentUser() for the caller', async () => {
    expect(await keys('assignee = currentUser()', asUser(ENGINEER.accountId))).toEqual(['FHSD-2']);
    expect(await keys('reporter = currentUser()', asUser(CUSTOMER.accountId))).toEqual(['FHSD-2', 'FHSD-1']);
    expect(await keys('assignee = currentUser()')).toEqual([]);
  });

  it('does not let customers search the text of internal notes', async () => {
    expect(await keys('comment ~ rollback')).toEqual(['FHSD-1']);
    expect(await keys('comment ~ rollback', asUser(CUSTOMER.accountId))).toEqual([]);
    expect(await keys('comment ~ backup', asUser(CUSTOMER.accountId))).toEqual(['FHSD-1']);
  });
});

describe('errors', () => {
  it.each([
    ['foo = bar', "Field 'foo' does not exist or you do not have permission to view it."],
    ['status = Nowhere', "The value 'Nowhere' does not exist for the field 'status'."],
    ['project = NOPE', "The value 'NOPE' does not exist for the field 'project'."],
    ['key = FHSD-99', "An issue with key 'FHSD-99' does not exist for field 'key'."],
    ['assignee = nobody', "The value 'nobody' does not exist for the field 'assignee'."],
    ['summary = x', "The operator '=' is not supported by the 'summary' field."],
    ['status = membersOf(x)', "Unable to find JQL function 'membersOf()'."],
    ['created > yesterday', expect.stringContaining("Date value 'yesterday' for field 'created' is invalid.")],
    ['project = FHSD ORDER BY rank', "Not able to sort using field 'rank'."],
    ['project = FHSD status = x', "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'status'. (line 1, character 16)"],
    ['summary ~ "unfinished', expect.stringContaining('has not been completed')],
    ['project ! FHSD', expect.stringMatching(/^Error in the JQL Query: Expecting operator but got '!'\. The valid operators are .* \(line 1, character 9\)$/)],
    ['project = FHSD{', "Error in the JQL Query: The character '{' is a reserved JQL character. You must enclose it in a string or use the escape '\\u007b' instead. (line 1, character 15)"],
    ['"Request Type" = fhsd/prod-upgrade', expect.stringContaining("The character '/' is a reserved JQL character.")],
    ['project = ', 'Error in the JQL Query: Expecting either a value, list or function but got EOF. (line 1, character 11)'],
    ['status = order', expect.stringContaining("Expecting either a value, list or function but got 'order'. You must surround 'order' in quotation marks to use it as a value.")],
    ['status = Open AND', 'Error in the JQL Query: Expecting a field name but got EOF. (line 1, character 18)'],
    ['project in (FHSD, X', "Error in the JQL Query: Expecting ')' but got EOF. (line 1, character 20)"],
    ['project = FHSD ORDER created', "Error in the JQL Query: Expecting 'by' but got 'created'. (line 1, character 22)"],
    ['status WAS Open', "The operator 'WAS' is not supported by the 'status' field."],
    ['issue.property[plan].hidden = x', "Field 'issue.property[plan].hidden' does not exist or you do not have permission to view it."],
    ['issue.property[other].planId = p-1', "Field 'issue.property[other].planId' does not exist or you do not have permission to view it."],
    ['overdueStages > many', "The value 'many' for field 'overdueStages' is not a valid number."],
    ['overdueStages ~ 2', "The operator '~' is not supported by the 'overdueStages' field."],
    ['planId > a', "The operator '>' is not supported by the 'planId' field."],
  ])('%s', async (jql, message) => {
    expect(await error(jql)).toEqual(message);
  });
});
