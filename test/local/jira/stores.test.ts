/** Both JiraStore implementations, and the durability of the SQLite one. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  adfParagraph,
  asApp,
  asUser,
  DEMO_ORGANIZATIONS,
  DEMO_USERS,
  type IssueRecord,
  type JiraStore,
  JiraStandIn,
  MemoryJiraStore,
  SqliteJiraStore,
} from '../../../src/local/jira';
import { AGENT } from './support';

let directory: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'jira-stand-in-'));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const sampleIssue = (id: string, key: string): IssueRecord => ({
  id,
  key,
  projectKey: 'FHSD',
  issueTypeId: '10003',
  summary: `Issue ${key}`,
  description: adfParagraph('text'),
  statusId: '10001',
  statusCategoryChangeDate: '2025-01-01T00:00:00.000Z',
  resolutionId: null,
  resolutionDate: null,
  reporterId: null,
  creatorId: 'someone',
  assigneeId: null,
  labels: [],
  dueDate: null,
  requestTypeId: null,
  organizationIds: [],
  customFields: { customfield_10050: { nested: [1, 2] } },
  created: '2025-01-01T00:00:00.000Z',
  updated: '2025-01-01T00:00:00.000Z',
});

describe.each([
  ['memory', () => new MemoryJiraStore()],
  ['sqlite', () => new SqliteJiraStore(join(directory, `contract-${Date.now()}-${Math.random()}.db`))],
] as const)('%s store', (_name, makeStore: () => JiraStore) => {
  let store: JiraStore;

  beforeEach(() => {
    store = makeStore();
  });

  afterEach(() => {
    store.close();
  });

  it('saves and finds issues by id and case-insensitive key', () => {
    store.saveIssue(sampleIssue('10000', 'FHSD-1'));
    expect(store.findIssueById('10000')?.customFields).toEqual({ customfield_10050: { nested: [1, 2] } });
    expect(store.findIssueByKey('fhsd-1')?.id).toBe('10000');
    expect(store.findIssueById('nope')).toBeUndefined();
  });

  it('returns copies that do not change the store', () => {
    store.saveIssue(sampleIssue('10000', 'FHSD-1'));
    const copy = store.findIssueById('10000') as IssueRecord;
    copy.summary = 'changed';
    expect(store.findIssueById('10000')?.summary).toBe('Issue FHSD-1');
  });

  it('counts sequences from their start', () => {
    expect([store.nextValue('issueId', 10000), store.nextValue('issueId', 10000), store.nextValue('issueNumber:FHSD', 1)]).toEqual([10000, 10001, 1]);
  });

  it('rolls a failed transaction back entirely', () => {
    store.saveIssue(sampleIssue('10000', 'FHSD-1'));
    expect(() =>
      store.transaction(() => {
        store.saveIssue(sampleIssue('10001', 'FHSD-2'));
        store.setIssueProperty('10000', 'half', true);
        store.nextValue('issueId', 10000);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.listIssues().map((issue) => issue.key)).toEqual(['FHSD-1']);
    expect(store.getIssueProperty('10000', 'half')).toBeUndefined();
    expect(store.nextValue('issueId', 10000)).toBe(10000);
  });

  it('reports whether a property was created, and deletes issues with everything attached', () => {
    store.saveIssue(sampleIssue('10000', 'FHSD-1'));
    expect(store.setIssueProperty('10000', 'p', { a: 1 })).toBe(true);
    expect(store.setIssueProperty('10000', 'p', { a: 2 })).toBe(false);
    expect(store.listIssueProperties('10000')).toEqual([{ key: 'p', value: { a: 2 } }]);
    store.saveComment({ id: '10000', issueId: '10000', authorId: 'a', updateAuthorId: 'a', body: adfParagraph('hi'), properties: [], created: 'c', updated: 'u' });
    store.appendChangelog({ id: '10000', issueId: '10000', authorId: 'a', created: 'c', items: [] });
    store.deleteIssue('10000');
    expect([store.listIssues(), store.listComments('10000'), store.listIssueProperties('10000'), store.listChangelog('10000')]).toEqual([[], [], [], []]);
  });

  it('finds users by e-mail regardless of case', () => {
    store.saveUser({ accountId: 'a1', displayName: 'A', emailAddress: 'Someone@Example.com', accountType: 'atlassian', active: true, isAdmin: false, organizationIds: [], timeZone: 'UTC' });
    expect(store.findUserByEmail('someone@example.COM')?.accountId).toBe('a1');
    expect(store.findUserByEmail('')).toBeUndefined();
  });
});

describe('SQLite durability', () => {
  it('keeps issues, comments and properties across close and re-open', async () => {
    const file = join(directory, 'reopen.db');
    const first = new JiraStandIn({ store: new SqliteJiraStore(file), users: DEMO_USERS, organizations: DEMO_ORGANIZATIONS });
    const agent = asUser(AGENT.accountId);
    const create = (summary: string) =>
      first.handle({ method: 'POST', path: '/rest/api/3/issue', body: JSON.stringify({ fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary } }) }, agent);
    expect((await create('Persisted request')).status).toBe(201);
    await first.handle({ method: 'POST', path: '/rest/api/3/issue/FHSD-1/comment', body: JSON.stringify({ body: adfParagraph('Kept') }) }, agent);
    await first.handle({ method: 'PUT', path: '/rest/api/3/issue/FHSD-1/properties/plan', body: JSON.stringify({ id: 'p1' }) }, agent);
    await first.handle({ method: 'POST', path: '/rest/api/3/issue/FHSD-1/transitions', body: JSON.stringify({ transition: { id: '31' } }) }, agent);
    first.close();

    const second = new JiraStandIn({ store: new SqliteJiraStore(file) });
    const issue = await second.handle({ method: 'GET', path: '/rest/api/3/issue/FHSD-1?fields=summary,status,comment&properties=plan' }, asApp());
    expect(issue.body).toMatchObject({
      key: 'FHSD-1',
      fields: { summary: 'Persisted request', status: { name: 'In progress' }, comment: { total: 1, comments: [{ body: adfParagraph('Kept') }] } },
      properties: { plan: { id: 'p1' } },
    });
    const me = await second.handle({ method: 'GET', path: '/rest/api/3/myself' }, agent);
    expect(me.status).toBe(200);
    const next = await second.handle(
      { method: 'POST', path: '/rest/api/3/issue', body: JSON.stringify({ fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: 'After restart' } }) },
      agent,
    );
    expect(next.body).toMatchObject({ id: '10001', key: 'FHSD-2' });
    second.close();

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('is consistent after the writing process is killed mid-stream', async () => {
    const file = join(directory, 'killed.db');
    const writer = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'fixtures/sqlite-writer.ts'), file], {
      cwd: join(__dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    writer.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      writer.stdout.on('data', (chunk: Buffer) => {
        if (/\b100\b/.test(chunk.toString())) resolve();
      });
      writer.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${errors}`)));
    });
    writer.kill('SIGKILL');
    await new Promise((resolve) => writer.once('close', resolve));

    const store = new SqliteJiraStore(file);
    const issues = store.listIssues();
    expect(issues.length).toBeGreaterThanOrEqual(100);
    for (const issue of issues) {
      expect(store.getIssueProperty(issue.id, 'marker')).toMatchObject({ index: Number(issue.key.split('-')[1]) });
      expect(issue.labels).toHaveLength(20);
    }
    const numbers = issues.map((issue) => Number(issue.key.split('-')[1]));
    expect(numbers).toEqual(numbers.map((_, index) => index + 1));
    expect(store.nextValue('issueNumber:FHSD', 1)).toBe(issues.length + 1);
    store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  }, 15_000);
});
