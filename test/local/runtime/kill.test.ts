/**
 * The runtime as a child process, killed with SIGKILL while requests are writing: after a restart on the same data,
 * everything that was acknowledged is there, and the triggers of acknowledged requests have run.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DEMO_SIGNING_PASSPHRASES } from '../../../src/local/demo/cast';
import { appRecords, call, contextToken, invoke, MODULES, PEOPLE, start, tempDataDir } from './support';

jest.setTimeout(60_000);

const MAIN = join(__dirname, '..', '..', '..', 'src', 'local', 'runtime', 'main.ts');

function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', MAIN, '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: '' } });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the runtime did not start:\n${output}`)), 40_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /local runtime: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the runtime exited (${code}):\n${output}`));
    });
  });
}

test('SIGKILL during writes loses nothing that was acknowledged', async () => {
  const data = tempDataDir();
  try {
    const { child, url } = await startChild(data.dir);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const engineer = await contextToken(url, PEOPLE.engineer.emailAddress, MODULES.issue, 'FHSD-1');
    // Each request below asks for a release of its own (a plan of its own): the admin lists them first, as a request for a version the catalogue does not know starts no plan.
    const admin = await contextToken(url, PEOPLE.admin.emailAddress, MODULES.settings);
    const { guide: _guide, organizations: _organizations, directory: _directory, ...settings } = (await invoke(url, admin, 'getSettings')).body.data;
    const releases = [0, 1, 2].flatMap((w) => Array.from({ length: 100 }, (_, i) => ({ version: `26.${w}.${i}`, date: '2026-11-02', notesUrl: `https://docs.clinspark.example/releases/26.${w}.${i}` })));
    expect((await invoke(url, admin, 'saveSettings', { settings: { ...settings, releases: [...settings.releases, ...releases] } })).body).toMatchObject({ ok: true });
    const acked = { requests: [] as string[], comments: [] as string[], documents: [] as string[] };
    let stop = false;
    const ackedCount = () => acked.requests.length + acked.comments.length + acked.documents.length;
    const loop = async (write: (i: number) => Promise<void>) => {
      for (let i = 0; !stop; i += 1) await write(i).catch(() => undefined);
    };
    const writers = [
      ...[0, 1, 2].map((w) =>
        loop(async (i) => {
          const target = `26.${w}.${i}`;
          const answer = await call(url, 'POST', '/rest/api/3/issue', {
            as: PEOPLE.carla.emailAddress,
            json: { fields: { project: { key: 'FHSD' }, issuetype: { id: '10003' }, summary: `VAL at ${target}`, customfield_10010: '11', customfield_10002: [1], customfield_10101: { value: target }, customfield_10102: [{ value: 'VAL' }] } },
          });
          if (answer.status === 201) acked.requests.push(answer.body.key);
        }),
      ),
      loop(async (i) => {
        const answer = await call(url, 'POST', '/rest/api/3/issue/FHSD-4/comment', { as: PEOPLE.carla.emailAddress, json: { body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: `note ${i}` }] }] } } });
        if (answer.status === 201) acked.comments.push(answer.body.id);
      }),
      loop(async (i) => {
        // Signed as the Environments tab signs it (Part 11): the registry revision shown, Erik's demo passphrase.
        const shown = (await invoke(url, engineer, 'getEnvironments')).body.data as { name: string; registryRevision: number; iqSignatureMeaning: string }[];
        const val = shown.find((e) => e.name === 'VAL MAIN')!;
        const signature = { passphrase: DEMO_SIGNING_PASSPHRASES.engineer, revision: val.registryRevision, meaning: val.iqSignatureMeaning };
        const answer = await invoke(url, engineer, 'recordIqDocumentation', { instance: 'VAL', reference: `IQ-KILL-${i}`, signature });
        if (answer.status === 200 && answer.body.ok) acked.documents.push(`IQ-KILL-${i}`);
      }),
    ];
    while (ackedCount() < 40) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    stop = true;
    await Promise.all([exited, ...writers]);
    expect(acked.requests.length).toBeGreaterThan(0);

    const queue = new Database(join(data.dir, 'runtime.db'), { readonly: true });
    const pending = (queue.prepare("SELECT COUNT(*) AS n FROM trigger_events WHERE state IN ('pending', 'running')").get() as { n: number }).n;
    queue.close();
    console.log(`killed after ${acked.requests.length} requests, ${acked.comments.length} comments, ${acked.documents.length} documents; ${pending} trigger event(s) still queued`);
    for (const file of ['jira.db', 'kvs.db', 'runtime.db']) {
      const db = new Database(join(data.dir, file));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }

    const runtime = await start(data.dir);
    try {
      await runtime.settle();
      const admin = PEOPLE.admin.emailAddress;
      for (const key of acked.requests) {
        const issue = await call(runtime.url, 'GET', `/rest/api/3/issue/${key}?properties=clinspark-plan`, { as: admin });
        expect(issue.status).toBe(200);
        // The trigger of every acknowledged request ran (redelivered after the restart if it had not): its plan exists.
        expect(issue.body.properties['clinspark-plan']).toMatchObject({ phase: 'Preparation' });
      }
      const comments = await call(runtime.url, 'GET', '/rest/api/3/issue/FHSD-4/comment?maxResults=1000', { as: admin });
      const ids = new Set(comments.body.comments.map((c: { id: string }) => c.id));
      for (const id of acked.comments) expect(ids.has(id)).toBe(true);
      const records = [...appRecords(data.dir).values()].join('\n');
      for (const reference of acked.documents) expect(records).toContain(`"reference":"${reference}"`);
    } finally {
      await runtime.close();
    }
  } finally {
    data.remove();
  }
});
