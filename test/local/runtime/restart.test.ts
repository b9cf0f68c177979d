/** Start, act, stop, start again on the same data folder: every plan, audit entry, ticket and comment is still there. */
import { appRecords, call, contextToken, invoke, MODULES, PEOPLE, start, storeFingerprint, tempDataDir } from './support';

jest.setTimeout(30_000);

test('a restart keeps every plan and audit entry, and does not seed again', async () => {
  const data = tempDataDir();
  try {
    let runtime = await start(data.dir);
    // Act: a new request through the REST API, then stage changes through the resolvers.
    const created = await call(runtime.url, 'POST', '/rest/api/3/issue', {
      as: PEOPLE.hugo.emailAddress,
      json: { fields: { project: { key: 'FHSD' }, issuetype: { id: '10004' }, summary: 'Audit trail export misses the site column', customfield_10010: '12', customfield_10002: [2], customfield_10101: { value: '25.2' } } },
    });
    expect(created.status).toBe(201);
    await runtime.settle();
    const engineer = await contextToken(runtime.url, PEOPLE.engineer.emailAddress, MODULES.issue, 'FHSD-8');
    const started = await invoke(runtime.url, engineer, 'startStage', { stage: 6 });
    expect(started.body).toMatchObject({ ok: true });
    const history = await invoke(runtime.url, engineer, 'getHistory');
    const before = { records: appRecords(data.dir), fingerprint: storeFingerprint(data.dir), history: history.body };
    expect(before.records.size).toBeGreaterThan(100);
    await runtime.close();

    runtime = await start(data.dir);
    try {
      await runtime.settle();
      expect(appRecords(data.dir)).toEqual(before.records);
      expect(storeFingerprint(data.dir)).toBe(before.fingerprint);
      // The same through the app: the plan's history as the panel reads it, and the stage still in progress.
      const again = await contextToken(runtime.url, PEOPLE.engineer.emailAddress, MODULES.issue, 'FHSD-8');
      expect((await invoke(runtime.url, again, 'getHistory')).body).toEqual(before.history);
      const view = await invoke(runtime.url, again, 'getPlanView');
      const stage6 = view.body.data.phases.flatMap((p: { stages: { number: number; status: string }[] }) => p.stages).find((s: { number: number }) => s.number === 6);
      expect(stage6.status).toBe('in progress');
      // The request raised before the restart is still linked to its plan.
      const issues = await call(runtime.url, 'GET', `/rest/api/3/issue/${created.body.key}?properties=clinspark-plan`, { as: PEOPLE.pm.emailAddress });
      expect(issues.body.properties['clinspark-plan'].phase).toBe('Preparation');
    } finally {
      await runtime.close();
    }
  } finally {
    data.remove();
  }
});

test('--reset starts again from the demo data', async () => {
  const data = tempDataDir();
  let runtime = await start(data.dir);
  try {
    const demo = appRecords(data.dir).size;
    const token = await contextToken(runtime.url, PEOPLE.engineer.emailAddress, MODULES.issue, 'FHSD-8');
    expect((await invoke(runtime.url, token, 'blockStage', { stage: 6, reason: 'Waiting for the infrastructure team' })).body).toMatchObject({ ok: true });
    expect(appRecords(data.dir).size).toBeGreaterThan(demo);
    await runtime.close();
    runtime = await start(data.dir, { reset: true });
    expect(appRecords(data.dir).size).toBe(demo);
  } finally {
    await runtime.close();
    data.remove();
  }
});
