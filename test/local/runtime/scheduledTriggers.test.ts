/**
 * scheduledTrigger modules on their intervals, as Forge documents them: the first run about five minutes after the
 * deployment, then every interval; the request `{ context: { cloudId, moduleKey }, contextToken }` with no principal;
 * a failure, a 5xx or a timeout is not retried; due slots are kept in runtime.db, so a restart neither repeats nor
 * loses one; any change to the modules resets every schedule.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runtime } from '../../../src/local/runtime';
import { readManifest } from '../../../src/local/runtime/manifest';
import { nextSlot, readScheduledAnswer, ScheduledTriggers } from '../../../src/local/runtime/scheduled-triggers';
import { RuntimeStateStore } from '../../../src/local/runtime/state-store';
import { appRecords, start, tempDataDir } from './support';

jest.setTimeout(60_000);

const FIXTURE = join(__dirname, 'fixtures', 'scheduled-app');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DEPLOYED = Date.UTC(2026, 0, 5, 9, 0, 0);

interface RecordedRun {
  request: { context: { cloudId: string; moduleKey: string }; contextToken: string };
  hasPrincipal: boolean;
  installContext: string | null;
}

function runsOf(dataDir: string, key: string): RecordedRun[] {
  for (const [name, json] of appRecords(dataDir)) if (name.endsWith(`|${key}`)) return JSON.parse(json) as RecordedRun[];
  return [];
}

let now = DEPLOYED;
const clock = () => now;

async function startFixture(dataDir: string, appRoot = FIXTURE): Promise<Runtime> {
  return start(dataDir, { appRoot, demo: false, clock });
}

describe('reading scheduledTrigger modules', () => {
  it('reads the interval and the function timeout (55 s unless the function says otherwise)', () => {
    expect(readManifest(FIXTURE).scheduledTriggers).toEqual([
      { key: 'hourly-sweep', functionKey: 'sweep', interval: 'hour', timeoutSeconds: 55 },
      { key: 'daily-failure', functionKey: 'fail', interval: 'day', timeoutSeconds: 55 },
      { key: 'slow-weekly', functionKey: 'slow', interval: 'week', timeoutSeconds: 1 },
      { key: 'jira-probe', functionKey: 'probe', interval: 'day', timeoutSeconds: 55 },
    ]);
  });

  it.each([
    ['an interval Forge does not offer', (m: string) => m.replace('interval: hour', 'interval: minute'), /interval of hourly-sweep must be one of fiveMinute, hour, day, week/],
    ['a timeout over 900 s', (m: string) => m.replace('timeoutSeconds: 1', 'timeoutSeconds: 901'), /timeoutSeconds of slow must be a whole number from 1 to 900/],
    ['an unknown function', (m: string) => m.replace('function: sweep', 'function: nothing'), /no function module "nothing"/],
    [
      'a sixth scheduled trigger',
      (m: string) => m.replace('  function:\n', [1, 2].map((n) => `    - key: extra-${n}\n      function: sweep\n      interval: day\n`).join('') + '  function:\n'),
      /at most 5 scheduledTrigger modules/,
    ],
  ])('refuses %s', (_what, edit, message) => {
    const copy = tempDataDir();
    try {
      cpSync(FIXTURE, copy.dir, { recursive: true });
      writeFileSync(join(copy.dir, 'manifest.yml'), edit(readFileSync(join(FIXTURE, 'manifest.yml'), 'utf8')));
      expect(() => readManifest(copy.dir)).toThrow(message);
    } finally {
      copy.remove();
    }
  });
});

describe('the schedule', () => {
  it('keeps to the slots of its interval, one run for slots missed while stopped', () => {
    expect(nextSlot(0, HOUR, 0)).toBe(HOUR);
    expect(nextSlot(0, HOUR, 10 * MINUTE)).toBe(HOUR);
    expect(nextSlot(0, HOUR, 3 * HOUR + MINUTE)).toBe(4 * HOUR);
  });

  it('reads the function answer as the platform does: 204 success, 5xx error, no statusCode 424', () => {
    expect(readScheduledAnswer({ statusCode: 204 }).outcome).toBe('success');
    expect(readScheduledAnswer({ statusCode: 503 }).outcome).toBe('error');
    expect(readScheduledAnswer(undefined)).toEqual({ outcome: 'failed-dependency', detail: expect.stringContaining('424') });
    expect(readScheduledAnswer({ statusCode: 200 }).outcome).toBe('other');
  });
});

describe('the timer', () => {
  it('invokes a trigger by itself when its slot comes, and the next slot is one interval later', async () => {
    const data = tempDataDir();
    const state = new RuntimeStateStore(join(data.dir, 'runtime.db'));
    let clockOffset = 0;
    const runs: number[] = [];
    const scheduler = new ScheduledTriggers({
      state,
      app: { runScheduledTrigger: async () => (runs.push(Date.now()), { statusCode: 204 }) },
      triggers: [{ key: 'every-five', functionKey: 'f', interval: 'fiveMinute', timeoutSeconds: 55 }],
      log: () => undefined,
      now: () => Date.now() + clockOffset,
      firstRunDelayMs: 50,
    });
    try {
      scheduler.start();
      for (let i = 0; i < 100 && runs.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(runs).toHaveLength(1);
      // Five minutes later by the clock the next slot is due (the first run moved the schedule on by one interval).
      clockOffset = 5 * MINUTE;
      await scheduler.runDue();
      expect(runs).toHaveLength(2);
    } finally {
      await scheduler.close();
      state.close();
      data.remove();
    }
  });
});

describe('a runtime with scheduled triggers', () => {
  const data = tempDataDir();
  let runtime: Runtime;

  beforeAll(async () => {
    now = DEPLOYED;
    runtime = await startFixture(data.dir);
  });
  afterAll(async () => {
    await runtime.close();
    data.remove();
  });

  it('first runs about five minutes after the deployment, as the app with the documented request', async () => {
    expect(runtime.scheduledTriggers.schedules().map((s) => [s.moduleKey, s.nextAt])).toEqual([
      ['daily-failure', DEPLOYED + 5 * MINUTE],
      ['hourly-sweep', DEPLOYED + 5 * MINUTE],
      ['jira-probe', DEPLOYED + 5 * MINUTE],
      ['slow-weekly', DEPLOYED + 5 * MINUTE],
    ]);
    now = DEPLOYED + 4 * MINUTE;
    expect(await runtime.scheduledTriggers.runDue()).toEqual([]);
    expect(runsOf(data.dir, 'sweep-runs')).toEqual([]);

    now = DEPLOYED + 5 * MINUTE;
    const results = await runtime.scheduledTriggers.runDue();
    expect(results.map((r) => [r.moduleKey, r.outcome])).toEqual(
      expect.arrayContaining([
        ['hourly-sweep', 'success'],
        ['daily-failure', 'error'],
        ['slow-weekly', 'timeout'],
        ['jira-probe', 'success'],
      ]),
    );
    // The app's own Jira calls: a body fetch labels text/plain is refused as Jira refuses it.
    expect(JSON.parse([...appRecords(data.dir)].find(([name]) => name.endsWith('|probe-statuses'))![1])).toEqual({ plain: 415, json: 200 });
    const [run] = runsOf(data.dir, 'sweep-runs');
    expect(run).toEqual({
      request: { context: { cloudId: expect.any(String), moduleKey: 'hourly-sweep' }, contextToken: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/) },
      hasPrincipal: false,
      installContext: `ari:cloud:jira::site/${run!.request.context.cloudId}`,
    });
    const schedules = new Map(runtime.scheduledTriggers.schedules().map((s) => [s.moduleKey, s]));
    expect(schedules.get('hourly-sweep')).toMatchObject({ nextAt: DEPLOYED + 5 * MINUTE + HOUR, lastRunAt: now, lastOutcome: 'success: 204' });
    expect(schedules.get('daily-failure')).toMatchObject({ nextAt: DEPLOYED + 5 * MINUTE + 24 * HOUR, lastOutcome: 'error: the nightly job failed' });
    expect(schedules.get('slow-weekly')).toMatchObject({ nextAt: DEPLOYED + 5 * MINUTE + 7 * 24 * HOUR, lastOutcome: expect.stringContaining('1 s timeout') });
  });

  it('does not retry a failed run: the function runs again when next due', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(runsOf(data.dir, 'fail-runs')).toHaveLength(1);
    now = DEPLOYED + 5 * MINUTE + 23 * HOUR;
    expect((await runtime.scheduledTriggers.runDue()).map((r) => r.moduleKey)).toEqual(['hourly-sweep']);
    expect(runsOf(data.dir, 'fail-runs')).toHaveLength(1);
    now = DEPLOYED + 5 * MINUTE + 24 * HOUR;
    expect((await runtime.scheduledTriggers.runDue()).map((r) => r.moduleKey).sort()).toEqual(['daily-failure', 'hourly-sweep', 'jira-probe']);
    expect(runsOf(data.dir, 'fail-runs')).toHaveLength(2);
    // The hourly one ran at +5 min, +23 h 5 min and +24 h 5 min: slots missed in between were not made up one by one.
    expect(runsOf(data.dir, 'sweep-runs')).toHaveLength(3);
  });

  it('runs one trigger on demand without moving its schedule', async () => {
    const before = runtime.scheduledTriggers.schedules().find((s) => s.moduleKey === 'hourly-sweep')!.nextAt;
    expect(await runtime.scheduledTriggers.runNow('hourly-sweep')).toMatchObject({ outcome: 'success' });
    expect(runtime.scheduledTriggers.schedules().find((s) => s.moduleKey === 'hourly-sweep')!.nextAt).toBe(before);
    await expect(runtime.scheduledTriggers.runNow('nothing')).rejects.toThrow('no scheduledTrigger module nothing');
  });
});

describe('across restarts', () => {
  it('keeps the schedule in runtime.db: a slot run before a restart is not run again, a change of the modules resets them all', async () => {
    const data = tempDataDir();
    const app = tempDataDir();
    // A copy of the app whose manifest a "deployment" can change; its code is the fixture's (node_modules resolve from there).
    cpSync(join(FIXTURE, 'manifest.yml'), join(app.dir, 'manifest.yml'));
    mkdirSync(join(app.dir, 'src'));
    writeFileSync(join(app.dir, 'src', 'index.js'), `module.exports = require(${JSON.stringify(join(FIXTURE, 'src', 'index'))});\n`);
    try {
      now = DEPLOYED;
      let runtime = await startFixture(data.dir, app.dir);
      now = DEPLOYED + 5 * MINUTE;
      await runtime.scheduledTriggers.runDue();
      await runtime.close();

      runtime = await startFixture(data.dir, app.dir);
      expect(await runtime.scheduledTriggers.runDue()).toEqual([]);
      expect(runsOf(data.dir, 'sweep-runs')).toHaveLength(1);
      now = DEPLOYED + 5 * MINUTE + HOUR;
      expect((await runtime.scheduledTriggers.runDue()).map((r) => r.moduleKey)).toEqual(['hourly-sweep']);
      await runtime.close();

      // A new deployment changing one module: every schedule starts again five minutes later.
      writeFileSync(join(app.dir, 'manifest.yml'), readFileSync(join(app.dir, 'manifest.yml'), 'utf8').replace('interval: hour', 'interval: fiveMinute'));
      now = DEPLOYED + 2 * HOUR;
      runtime = await startFixture(data.dir, app.dir);
      expect(runtime.scheduledTriggers.schedules().map((s) => s.nextAt)).toEqual([1, 2, 3, 4].map(() => now + 5 * MINUTE));
      await runtime.close();
    } finally {
      data.remove();
      app.remove();
    }
  });
});
