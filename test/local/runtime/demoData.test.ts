/** The demo data: made through the app, dated in the past, in the phases and environments the README promises. */
import type { Runtime } from '../../../src/local/runtime';
import { call, contextToken, invoke, MODULES, PEOPLE, start, tempDataDir } from './support';

jest.setTimeout(30_000);

let runtime: Runtime;
const data = tempDataDir();

beforeAll(async () => {
  runtime = await start(data.dir);
});
afterAll(async () => {
  await runtime.close();
  data.remove();
});

interface Stage {
  number: number;
  status: string;
}
const stagesOf = (view: { phases: { stages: Stage[] }[] }) => view.phases.flatMap((p) => p.stages);

async function asPm(key: string, functionKey: string) {
  const token = await contextToken(runtime.url, PEOPLE.pm.emailAddress, MODULES.issue, key);
  const answer = await invoke(runtime.url, token, functionKey);
  expect(answer.body.ok).toBe(true);
  return answer.body.data;
}

const live = (environments: { name: string; version: string; state: string }[]) => Object.fromEntries(environments.map((e) => [e.name, `${e.version} ${e.state}`]));

test('Acme is on the Day of Upgrade: backups recorded, PROD MAIN being upgraded, a genuine audit trail over ten weeks', async () => {
  const view = await asPm('FHSD-4', 'getPlanView');
  expect(view.summary).toMatchObject({ phase: 'Day of Upgrade', targetVersion: '25.1' });
  expect(stagesOf(view).find((s) => s.number === 21)?.status).toBe('in progress');
  expect(stagesOf(view).filter((s) => s.number <= 20).every((s) => s.status === 'done')).toBe(true);
  expect(view.valAction).toBe('replace');
  expect(live(view.environments)).toMatchObject({ 'PROD MAIN': '24.2 upgrading', 'PROD TEST': '24.2 active', 'VAL MAIN': '25.1 active', 'VAL TEST': '25.1 active' });
  const history: { at: string; actor: { accountId: string; role: string }; action: string }[] = await asPm('FHSD-4', 'getHistory');
  const at = history.map((e) => e.at);
  expect([...at].sort()).toEqual(at);
  expect(Date.parse(at.at(-1)!) - Date.parse(at[0]!)).toBeGreaterThan(60 * 24 * 3600 * 1000);
  expect(Date.parse(at.at(-1)!)).toBeLessThanOrEqual(Date.now());
  const roleOf = (accountId: string) => history.filter((e) => e.actor.accountId === accountId).map((e) => e.actor.role);
  expect(new Set(roleOf(PEOPLE.engineer.accountId))).toEqual(new Set(['IQVIA Engineer']));
  expect(roleOf(PEOPLE.carla.accountId)).toContain('Customer');
  expect(roleOf(PEOPLE.support.accountId)).toContain('IQVIA Support');
});

test('Northwind is mid-migration and in Validation, waiting on an open validation issue', async () => {
  const view = await asPm('FHSD-3', 'getPlanView');
  expect(view.summary.phase).toBe('Validation');
  expect(view.tickets.find((t: { key: string }) => t.key === 'FHSD-5')).toMatchObject({ resolved: false });
  expect(live(view.environments)).toMatchObject({ Migration: '25.1 active', 'PROD MAIN': '25.1 provisioning', 'VAL MAIN': '25.2 active', 'Sandbox MAIN': '25.1 active', Demo: '25.1 active' });
  const refused = await call(runtime.url, 'GET', '/rest/api/3/issue/FHSD-6/comment', { as: PEOPLE.nadia.emailAddress });
  expect(JSON.stringify(refused.body)).toContain('out of the scope of standard upgrade cycles');
});

test('Globex has no VAL pair and is in Preparation, the engineer next', async () => {
  const view = await asPm('FHSD-8', 'getPlanView');
  expect(view.summary).toMatchObject({ phase: 'Preparation', nextOwnerRole: 'IQVIA Engineer' });
  expect(view.valAction).toBe('create');
  expect(view.releasesCrossed).toEqual(['24.2', '24.3', '25.1', '25.2']);
  expect(Object.keys(live(view.environments)).sort()).toEqual(['Demo', 'PROD MAIN', 'PROD TEST', 'Sandbox MAIN', 'Sandbox TEST']);
  const history: { action: string }[] = await asPm('FHSD-8', 'getHistory');
  expect(history.map((e) => e.action)).toContain('provide details');
});
