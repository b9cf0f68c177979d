/** Malformed requests, unknown paths and wrong credentials get Jira's error answers, and the stores do not change. */
import type { Runtime } from '../../../src/local/runtime';
import { basic, call, contextToken, MODULES, PEOPLE, runtimeForFile, storeFingerprint } from './support';

jest.setTimeout(30_000);

let runtime: Runtime;
const data = runtimeForFile((started) => (runtime = started));

const jiraError = { errorMessages: expect.any(Array), errors: expect.any(Object) };

test('each bad request gets a Jira-like error and changes nothing', async () => {
  const before = storeFingerprint(data.dir);
  const pm = PEOPLE.pm.emailAddress;
  const token = await contextToken(runtime.url, pm, MODULES.issue, 'FHSD-4');
  const bearer = { authorization: `Bearer ${token}` };
  const cases: [string, Promise<{ status: number; body: unknown }>, number][] = [
    ['malformed JSON to Jira', call(runtime.url, 'POST', '/rest/api/3/issue', { as: pm, headers: { 'content-type': 'application/json' }, body: '{"fields": {' }), 400],
    ['malformed JSON to a transition', call(runtime.url, 'POST', '/rest/api/3/issue/FHSD-4/transitions', { as: pm, headers: { 'content-type': 'application/json' }, body: '{transition' }), 400],
    ['not JSON', call(runtime.url, 'POST', '/rest/api/3/issue/FHSD-4/comment', { as: pm, headers: { 'content-type': 'text/plain' }, body: 'hello' }), 415],
    ['unknown Jira path', call(runtime.url, 'GET', '/rest/api/3/no-such-resource', { as: pm }), 404],
    ['unknown Jira path, anonymous', call(runtime.url, 'GET', '/rest/api/3/no-such-resource'), 404],
    ['wrong method', call(runtime.url, 'PATCH', '/rest/api/3/issue/FHSD-4', { as: pm, json: {} }), 405],
    ['unknown e-mail', call(runtime.url, 'POST', '/rest/api/3/issue/FHSD-4/comment', { headers: { authorization: basic('nobody@nowhere.example') }, json: { body: {} } }), 401],
    ['no token', call(runtime.url, 'POST', '/rest/api/3/issue/FHSD-4/comment', { headers: { authorization: `Basic ${Buffer.from(`${pm}:`).toString('base64')}` }, json: { body: {} } }), 401],
    ['another scheme', call(runtime.url, 'GET', '/rest/api/3/myself', { headers: { authorization: 'Bearer abc' } }), 401],
    ['anonymous write', call(runtime.url, 'POST', '/rest/api/3/issue', { json: { fields: {} } }), 401],
    ['invoke: malformed JSON', call(runtime.url, 'POST', '/forge/invoke', { headers: { ...bearer, 'content-type': 'application/json' }, body: '{"functionKey":' }), 400],
    ['invoke: not an object', call(runtime.url, 'POST', '/forge/invoke', { headers: bearer, json: ['completeStage'] }), 400],
    ['invoke: not JSON', call(runtime.url, 'POST', '/forge/invoke', { headers: { ...bearer, 'content-type': 'text/plain' }, body: 'x' }), 415],
    ['invoke: unknown resolver', call(runtime.url, 'POST', '/forge/invoke', { headers: bearer, json: { functionKey: 'dropAllPlans' } }), 404],
    ['invoke: prototype name', call(runtime.url, 'POST', '/forge/invoke', { headers: bearer, json: { functionKey: 'constructor' } }), 400],
    ['invoke: payload not an object', call(runtime.url, 'POST', '/forge/invoke', { headers: bearer, json: { functionKey: 'completeStage', payload: 21 } }), 400],
    ['invoke: GET', call(runtime.url, 'GET', '/forge/invoke', { headers: bearer }), 405],
    ['invoke: too large', call(runtime.url, 'POST', '/forge/invoke', { headers: bearer, json: { functionKey: 'completeStage', payload: { stage: 21, reason: 'x'.repeat(1_100_000) } } }), 413],
    ["invoke: over Forge's 500KB front-end payload", call(runtime.url, 'POST', '/forge/invoke', { headers: bearer, json: { functionKey: 'completeStage', payload: { stage: 21, reason: 'x'.repeat(500_001) } } }), 413],
    ['unknown path', call(runtime.url, 'GET', '/no/such/page'), 404],
    ['unknown forge path', call(runtime.url, 'POST', '/forge/nothing', { json: {} }), 404],
    ['unknown resource', call(runtime.url, 'GET', '/forge/resources/nothing/index.html'), 404],
    ['resource path traversal', call(runtime.url, 'GET', '/forge/resources/issue-panel/..%2F..%2F..%2Fpackage.json'), 404],
  ];
  for (const [what, request, status] of cases) {
    const answer = await request;
    expect({ what, status: answer.status }).toEqual({ what, status });
    expect({ what, body: answer.body }).toEqual({ what, body: jiraError });
  }
  await runtime.settle();
  expect(storeFingerprint(data.dir)).toBe(before);
});

test('the resolver refuses a bad payload with its own answer, and changes nothing', async () => {
  const before = storeFingerprint(data.dir);
  const token = await contextToken(runtime.url, PEOPLE.engineer.emailAddress, MODULES.issue, 'FHSD-4');
  const answer = await call(runtime.url, 'POST', '/forge/invoke', { headers: { authorization: `Bearer ${token}` }, json: { functionKey: 'completeStage', payload: { stage: 1000 } } });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ ok: false, error: { rule: 'payloadValid', field: 'stage' } });
  expect(storeFingerprint(data.dir)).toBe(before);
});
