/**
 * The app's scheduled trigger on the running site with the demo data: nobody touches the demo's plans, time passes,
 * and one run of `plan-refresh-job` (as the runtime's timer makes it) puts their overdue figures right for JQL and the
 * queue, each equal to what the issue panel says, and queues each owner's reminder e-mail in Jira.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Runtime } from '../../../src/local/runtime';
import { DemoClock } from '../../../src/local/demo/clock';
import { call, contextToken, invoke, MODULES, PEOPLE, runtimeForFile } from './support';

jest.setTimeout(180_000);

let runtime: Runtime;
const data = runtimeForFile((started) => (runtime = started));

interface Found {
  key: string;
  properties?: { 'clinspark-plan'?: { overdue?: number } };
}

async function search(jql: string): Promise<Found[]> {
  const answer = await call(runtime.url, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&properties=clinspark-plan&maxResults=100`, { as: PEOPLE.pm.emailAddress });
  expect(answer.status).toBe(200);
  return answer.body.issues as Found[];
}

function mail(): { issueKey: string; to: string[]; subject: string }[] {
  const db = new Database(join(data.dir, 'jira.db'), { readonly: true });
  try {
    return (db.prepare('SELECT data FROM mail ORDER BY id').all() as { data: string }[]).map((row) => JSON.parse(row.data));
  } finally {
    db.close();
  }
}

it('declares the job, and its first run is scheduled about five minutes after the start', () => {
  expect(runtime.scheduledTriggers.schedules().map((s) => s.moduleKey)).toEqual(['plan-refresh-job']);
});

it('a run weeks later shows the plans that fell behind in the overdue queue, each as its panel says, and reminds their owners once', async () => {
  const clock = new DemoClock();
  try {
    // Six weeks on, at 09:00 UTC: past the reminder hour.
    const later = new Date(Date.now() + 42 * 24 * 60 * 60_000);
    later.setUTCHours(9, 0, 0, 0);
    clock.at(later);
    expect(await search('upgradeOverdueStages > 0')).toEqual([]);
    const run = await runtime.scheduledTriggers.runNow('plan-refresh-job');
    expect(run).toMatchObject({ moduleKey: 'plan-refresh-job', outcome: 'success' });
    const overdue = await search('upgradeOverdueStages > 0 ORDER BY key ASC');
    expect(overdue.length).toBeGreaterThan(0);
    for (const issue of overdue) {
      const token = await contextToken(runtime.url, PEOPLE.pm.emailAddress, MODULES.issue, issue.key);
      const view = await invoke(runtime.url, token, 'getPlanView');
      expect({ key: issue.key, overdue: issue.properties?.['clinspark-plan']?.overdue }).toEqual({ key: issue.key, overdue: view.body.data.summary.overdue });
    }
    const sent = mail();
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.flatMap((m) => m.to)).size).toBe(sent.flatMap((m) => m.to).length);
    // The timer's next slot an hour later finds the day's work done: no e-mail twice.
    clock.wait(60);
    expect((await runtime.scheduledTriggers.runNow('plan-refresh-job')).outcome).toBe('success');
    expect(mail()).toHaveLength(sent.length);
  } finally {
    clock.restore();
  }
});
