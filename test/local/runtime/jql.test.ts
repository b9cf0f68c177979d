/**
 * JQL on the running site: the queues' own queries, and the plan summary searched through the values the app's
 * jira:entityProperty module has Jira index (by alias and by issue.property path), against the demo data.
 */
import { join } from 'node:path';
import type { Runtime } from '../../../src/local/runtime';
import { readManifest } from '../../../src/local/runtime/manifest';
import { QUEUES } from '../../../src/local/runtime/ui/agent-pages';
import { call, PEOPLE, runtimeForFile } from './support';

jest.setTimeout(120_000);

let runtime: Runtime;
runtimeForFile((started) => (runtime = started));

interface Summary {
  phase?: string;
  overdue?: number;
  nextOwnerRole?: string;
}
interface Found {
  key: string;
  properties?: { 'clinspark-plan'?: Summary };
}

async function search(jql: string, as = PEOPLE.pm.emailAddress): Promise<{ status: number; issues: Found[]; errors: string[] }> {
  const answer = await call(runtime.url, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&properties=clinspark-plan&maxResults=100`, { as });
  return { status: answer.status, issues: answer.body.issues ?? [], errors: answer.body.errorMessages ?? [] };
}

const keys = (issues: readonly Found[]) => issues.map((issue) => issue.key);

it('indexes what the manifest declares', () => {
  expect(readManifest(join(__dirname, '..', '..', '..')).indexedProperties).toEqual(
    expect.arrayContaining([
      { propertyKey: 'clinspark-plan', path: 'overdue', type: 'number', searchAlias: 'upgradeOverdueStages' },
      { propertyKey: 'clinspark-plan', path: 'phase', type: 'string', searchAlias: 'upgradePhase' },
    ]),
  );
});

it.each(Object.entries(QUEUES))('the %s queue query is valid JQL to Jira', async (_view, queue) => {
  const found = await search(queue.jql);
  expect(found.errors).toEqual([]);
  expect(found.status).toBe(200);
});

it('finds the plans with overdue stages by the alias, as their summary property says', async () => {
  // The demo's plans are all on time: one summary is made to say two stages are late (as the app would write it).
  const before = await search('key = FHSD-4');
  const summary = before.issues[0]!.properties!['clinspark-plan']!;
  const put = await call(runtime.url, 'PUT', '/rest/api/3/issue/FHSD-4/properties/clinspark-plan', { as: PEOPLE.pm.emailAddress, json: { ...summary, overdue: 2 } });
  expect(put.status).toBe(200);
  const all = await search('project = FHSD ORDER BY key ASC');
  const overdue = all.issues.filter((issue) => (issue.properties?.['clinspark-plan']?.overdue ?? 0) > 0);
  expect(keys(overdue)).toEqual(['FHSD-4']);
  const found = await search('upgradeOverdueStages > 0 ORDER BY key ASC');
  expect(keys(found.issues)).toEqual(keys(overdue));
  const byPath = await search('issue.property[clinspark-plan].overdue > 0 ORDER BY key ASC');
  expect(keys(byPath.issues)).toEqual(keys(overdue));
  const none = await search('upgradeOverdueStages = 0 ORDER BY key ASC');
  expect(none.issues.length).toBeGreaterThan(0);
  expect(keys(none.issues)).toEqual(keys(all.issues.filter((issue) => issue.properties?.['clinspark-plan']?.overdue === 0)));
  expect(keys((await search(QUEUES.overdue!.jql)).issues)).toEqual(['FHSD-4']);
});

it('finds plans by phase through the alias and the property path alike', async () => {
  const all = await search('project = FHSD ORDER BY key ASC');
  const phases = [...new Set(all.issues.map((issue) => issue.properties?.['clinspark-plan']?.phase).filter((phase): phase is string => !!phase))];
  expect(phases.length).toBeGreaterThan(0);
  for (const phase of phases) {
    const expected = keys(all.issues.filter((issue) => issue.properties?.['clinspark-plan']?.phase === phase));
    expect(keys((await search(`upgradePhase = "${phase}" ORDER BY key ASC`)).issues)).toEqual(expected);
    expect(keys((await search(`issue.property[clinspark-plan].phase = "${phase}" ORDER BY key ASC`)).issues)).toEqual(expected);
  }
});

it('lets a customer search the aliases only within what they may see', async () => {
  const carla = await search('upgradeOverdueStages >= 0 ORDER BY key ASC', PEOPLE.carla.emailAddress);
  const pm = await search('upgradeOverdueStages >= 0 ORDER BY key ASC');
  expect(carla.issues.length).toBeLessThan(pm.issues.length);
  expect(keys(carla.issues).every((key) => keys(pm.issues).includes(key))).toBe(true);
});

it.each([
  ['a path the app did not index', 'issue.property[clinspark-plan].stages = 1', /^Field 'issue\.property\[clinspark-plan\]\.stages' does not exist/],
  ['a number alias compared with a word', 'upgradeOverdueStages > many', /is not a valid number/],
  ['an unquoted reserved word', 'upgradeDecision = go', /^Error in the JQL Query: 'go' is a reserved JQL word\. You must surround it in quotation marks/],
  ['an unquoted reserved character', 'upgradeTargetVersion = 25.1/25.2', /The character '\/' is a reserved JQL character/],
  ['a clause cut short', 'upgradePhase =', /^Error in the JQL Query: Expecting either a value, list or function but got EOF\. \(line 1, character 15\)$/],
])('refuses %s with 400, as Jira does', async (_what, jql, message) => {
  const found = await search(jql);
  expect(found.status).toBe(400);
  expect(found.errors[0]).toMatch(message);
});
