/**
 * The scheduled job (issue #14): a clock moved day by day over a plan's life, as Forge runs the job (the real
 * @forge/kvs and @forge/api against the KVS emulator and the Jira stand-in). The plan summary property always says what
 * the panel says; a plan that falls behind shows overdue the next day with nobody touching it; each owner of a stage
 * overdue or due soon gets one e-mail a day with all their stages; a repeated run sends nothing twice; the job reads
 * only the plans the due-date index answers.
 */
import type { PlanView } from '../../src/app/planView';
import { planIndexOf } from '../../src/app/planChanges';
import type { PlanSearchProperty, StoredPlan } from '../../src/app/ports';
import { DUE_SOON_WORKING_DAYS, reminderMessage, runScheduledJob, type JobReport } from '../../src/app/scheduledJob';
import { addWorkingDays } from '../../src/domain/calendar';
import { createUpgradePlan } from '../../src/domain/upgrade/plan';
import { KvsJobStore } from '../../src/forge/jobStore';
import { KvsPlanRepository } from '../../src/forge/planStore';
import { answerScheduledRun, JOB_TIMEOUT_SECONDS } from '../../src/forge/scheduledJob';
import { asApp } from '../../src/local/jira';
import { ForgeAppHarness, MANIFEST, PEOPLE, testSettings } from '../support/forgeApp';

jest.setTimeout(120_000);

const VAL_FORM = { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' };
const REQUEST = { context: { cloudId: 'cloud-1', moduleKey: 'plan-refresh-job' }, contextToken: 'token' };
const DAY_MS = 24 * 60 * 60 * 1000;

/** One run as Forge makes it: as the app, no principal, the trigger's own Jira client. */
async function runJob(app: ForgeAppHarness): Promise<JobReport> {
  const { answer, report } = await app.host.runAs(undefined, () => answerScheduledRun(REQUEST, app.triggerPorts()));
  expect(answer).toEqual({ statusCode: 204 });
  return report!;
}

async function propertyOf(app: ForgeAppHarness, key: string): Promise<PlanSearchProperty> {
  const answer = await app.jira.handle({ method: 'GET', path: `/rest/api/3/issue/${key}/properties/clinspark-plan` }, asApp());
  return (answer.body as unknown as { value: PlanSearchProperty }).value;
}

async function overdueQueue(app: ForgeAppHarness): Promise<string[]> {
  const answer = await app.jira.handle({ method: 'GET', path: `/rest/api/3/search/jql?jql=${encodeURIComponent('upgradeOverdueStages > 0 ORDER BY key ASC')}&fields=summary` }, asApp());
  return (answer.body as { issues: { key: string }[] }).issues.map((issue) => issue.key);
}

async function view(app: ForgeAppHarness, key: string): Promise<PlanView> {
  const answer = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: key });
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data;
}

const atDay = (start: Date, days: number, hour = 9): Date => new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + days, hour));

describe('the manifest', () => {
  it('declares the hourly scheduled trigger and its function, whose timeout the job budgets for', () => {
    const modules = MANIFEST.modules as { scheduledTrigger: { key: string; function: string; interval: string }[]; function: { key: string; handler: string; timeoutSeconds?: number }[] };
    expect(modules.scheduledTrigger).toEqual([{ key: 'plan-refresh-job', function: 'scheduled-job', interval: 'hour' }]);
    expect(modules.function.find((f) => f.key === 'scheduled-job')).toEqual({ key: 'scheduled-job', handler: 'index.onScheduledRun', timeoutSeconds: JOB_TIMEOUT_SECONDS });
  });
});

describe('a plan over its life, the clock moved day by day', () => {
  let app: ForgeAppHarness;
  const START = new Date('2026-11-23T09:00:00Z');
  beforeEach(async () => {
    app = new ForgeAppHarness(START);
    await app.saveSettings();
  });
  afterEach(() => app.close());

  test('the property always says what the panel says, the plan shows overdue the day it falls behind, one reminder a day per person', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    await app.decideConfiguration(key, 'valRequest');
    let fellBehindOn: number | undefined;
    for (let day = 0; day < 40; day += 1) {
      app.now = atDay(START, day);
      const mailBefore = app.jira.store.listMail().length;
      await runJob(app);
      const panel = await view(app, key);
      const property = await propertyOf(app, key);
      // The property is what Jira's JQL reads; the panel computes the same figure as it loads.
      expect({ day, overdue: property.overdue }).toEqual({ day, overdue: panel.summary.overdue });
      expect(await overdueQueue(app)).toEqual(panel.summary.overdue > 0 ? [key] : []);
      if (panel.summary.overdue > 0 && fellBehindOn === undefined) fellBehindOn = day;
      // Two days after it fell behind the PM catches up on their stages: the change writes its own summary, the job agrees.
      if (fellBehindOn !== undefined && day === fellBehindOn + 2) {
        for (const stage of [3, 4]) {
          for (const functionKey of ['startStage', 'completeStage']) await app.invoke(functionKey, { stage }, { accountId: 'acc-pm', ticketKey: key });
        }
        const caughtUp = await view(app, key);
        expect(caughtUp.summary.done).toBeGreaterThan(panel.summary.done);
        expect((await propertyOf(app, key)).overdue).toBe(caughtUp.summary.overdue);
      }

      // Who is reminded: every owner of an open stage overdue or due within two working days, once.
      const today = app.now.toISOString().slice(0, 10);
      const horizon = addWorkingDays(today, DUE_SOON_WORKING_DAYS, testSettings().calendar);
      const stages = panel.phases.flatMap((p) => p.stages).filter((s) => s.status !== 'done' && s.status !== 'skipped' && s.owner && s.due && s.due <= horizon);
      const mail = app.jira.store.listMail().slice(mailBefore);
      expect({ day, to: mail.flatMap((m) => m.to).sort() }).toEqual({ day, to: [...new Set(stages.map((s) => s.owner!))].sort() });
      for (const m of mail) {
        const theirs = stages.filter((s) => s.owner === m.to[0]);
        for (const stage of theirs) expect(m.textBody).toContain(`stage ${stage.number}, ${stage.activity}`);
        expect(m.issueKey).toBe(key);
      }

      // The same run delivered again (Forge may invoke twice): nothing sent, nothing written.
      app.host.resetCounters();
      const again = await runJob(app);
      expect(app.jira.store.listMail()).toHaveLength(mailBefore + mail.length);
      expect({ day, jira: app.host.counters.jira.total, kvsWrites: app.host.counters.kvs.writes }).toEqual({ day, jira: 0, kvsWrites: 0 });
      expect(again.reminders.sent).toBe(0);
    }
    // The plan was left alone: it fell behind, and the queue showed it the first morning it was.
    expect(fellBehindOn).toBeDefined();
    expect(app.jira.store.listMail().length).toBeGreaterThan(0);
  });

  test('before the reminder hour only the figures move; the reminders go out at the first run from 06:00 UTC, once', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    let day = 0;
    // The first day the plan has a stage overdue, seen at 00:30 UTC.
    for (; day < 60; day += 1) {
      app.now = atDay(START, day, 0);
      const report = await runJob(app);
      if ((await propertyOf(app, key)).overdue > 0) {
        expect(report.reminders).toMatchObject({ waiting: true, sent: 0 });
        break;
      }
    }
    expect((await view(app, key)).summary.overdue).toBeGreaterThan(0);
    const mailBefore = app.jira.store.listMail().length;
    app.now = atDay(START, day, 5);
    await runJob(app);
    expect(app.jira.store.listMail()).toHaveLength(mailBefore);
    app.now = atDay(START, day, 6);
    const morning = await runJob(app);
    expect(morning.reminders.sent).toBeGreaterThan(0);
    const sent = app.jira.store.listMail().slice(mailBefore);
    expect(new Set(sent.flatMap((m) => m.to)).size).toBe(sent.length);
    for (const hour of [7, 12, 23]) {
      app.now = atDay(START, day, hour);
      await runJob(app);
    }
    expect(app.jira.store.listMail()).toHaveLength(mailBefore + sent.length);
  });

  test('all of a person\'s stages across plans come in one message', async () => {
    const acme = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const beta = await app.raise('VAL environment request', PEOPLE.betaCustomer!, VAL_FORM);
    let day = 0;
    for (; day < 60; day += 1) {
      app.now = atDay(START, day);
      const before = app.jira.store.listMail().length;
      await runJob(app);
      const toPm = app.jira.store.listMail().slice(before).filter((m) => m.to.includes('acc-pm'));
      const pmStages = (await Promise.all([acme, beta].map((k) => view(app, k)))).map((v) => v.phases.flatMap((p) => p.stages).filter((s) => s.owner === 'acc-pm' && s.status !== 'done' && s.due && s.due <= addWorkingDays(app.now.toISOString().slice(0, 10), 2, testSettings().calendar)));
      if (pmStages.every((stages) => stages.length > 0)) {
        expect(toPm).toHaveLength(1);
        expect(toPm[0]!.textBody).toContain(acme);
        expect(toPm[0]!.textBody).toContain(beta);
        return;
      }
    }
    throw new Error('the two plans never had stages of the PM due at once');
  });

  test('a crash between the claim and the e-mail: a later run of the day sends it (at most twice, never not at all)', async () => {
    await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    let day = 0;
    for (; day < 60; day += 1) {
      app.now = atDay(START, day, 7);
      const before = app.jira.store.listMail().length;
      // Jira fails every notification of this run: the claims stay unconfirmed.
      const failing = app.triggerPorts();
      failing.jira.notify = async () => {
        throw Object.assign(new Error('Jira answered 503'), { refusedForGood: false });
      };
      const failed = await app.host.runAs(undefined, () => runScheduledJob(failing, new KvsJobStore(), { timeLeft: () => 60_000 }));
      if (failed.reminders.people === 0) continue;
      expect(failed.stopped).toBe('jira');
      expect(app.jira.store.listMail()).toHaveLength(before);
      // Ten minutes later a duplicate invocation sends the others, and leaves the claim alone: its run might still be under way.
      app.now = new Date(app.now.getTime() + 10 * 60_000);
      const duplicate = await runJob(app);
      expect(duplicate.reminders).toMatchObject({ sent: failed.reminders.people - 1, inFlight: 1, done: false });
      // The next hourly run finds the claim stale and sends that reminder: everyone has exactly one.
      app.now = new Date(app.now.getTime() + 50 * 60_000);
      const next = await runJob(app);
      expect(next.reminders).toMatchObject({ sent: 1, alreadySent: failed.reminders.people - 1, done: true });
      const to = app.jira.store.listMail().slice(before).flatMap((m) => m.to);
      expect(to).toHaveLength(failed.reminders.people);
      expect(new Set(to).size).toBe(failed.reminders.people);
      // And the day is done: later runs send nothing.
      app.now = new Date(app.now.getTime() + 60 * 60_000);
      expect((await runJob(app)).reminders.sent).toBe(0);
      return;
    }
    throw new Error('nobody was ever due a reminder');
  });
});

describe('cost follows the answer', () => {
  const NOW = new Date('2026-11-23T09:00:00Z');
  const settings = testSettings();
  /** A plan stored directly, created on `createdAt`, indexed by what the app computes of it. */
  async function storePlan(i: number, createdAt: Date, ticketKey: string): Promise<void> {
    const created = createUpgradePlan(
      { organizationId: `org-${i}`, reporterAccountId: 'acc-acme', ticket: { key: ticketKey, kind: 'valRequest' }, currentVersion: '24.1', targetVersion: '25.2', instances: ['VAL'], configuration: { mode: 'synchronise-latest' } },
      { planId: `plan-${i}`, releases: ['24.2', '25.1', '25.2'], valPairExists: false, roles: settings.roles },
      createdAt,
    );
    const stored: StoredPlan = { projectKey: 'FHSD', plan: created.plan, outbox: [], lastEventIds: {} };
    await new KvsPlanRepository().commit({ expectedRevision: null, stored, audit: created.entries, newTicketKeys: [ticketKey], index: planIndexOf(created.plan, settings, createdAt) });
  }

  async function site(farPlans: number): Promise<ForgeAppHarness> {
    const app = new ForgeAppHarness(NOW);
    await app.saveSettings();
    for (let i = 0; i < 3; i += 1) await storePlan(i, new Date(NOW.getTime() - (30 + i) * DAY_MS), await app.raise('Get help', PEOPLE.acmeCustomer!));
    // Plans whose first stage is months away: the due-date index never answers them.
    for (let i = 3; i < 3 + farPlans; i += 1) await storePlan(i, new Date(NOW.getTime() + 200 * DAY_MS), `FHSD-${9000 + i}`);
    return app;
  }

  test('the same KVS reads and Jira calls with 0 and with 150 plans due later; those plans are never read', async () => {
    const figures: unknown[] = [];
    for (const far of [0, 150]) {
      const app = await site(far);
      try {
        app.host.resetCounters();
        const report = await runJob(app);
        expect(report.refresh.plansRead).toBe(3);
        expect(report.refresh.plansWritten).toBe(3);
        expect(report.reminders.plansRead).toBe(3);
        const { kvs, jira } = app.host.counters;
        figures.push({ kvsRequests: kvs.requests, kvsRecordsRead: kvs.reads, kvsWrites: kvs.writes, jira: jira.total });
      } finally {
        app.close();
      }
    }
    expect(figures[1]).toEqual(figures[0]);
  });

  test('a run out of time stops between plans; the next starts the pass again (no cursor is kept) and writes only the rest', async () => {
    const app = await site(0);
    try {
      const store = new KvsJobStore();
      let steps = 0;
      // Enough time for the first page read and one plan, then none.
      const first = await app.host.runAs(undefined, () => runScheduledJob(app.triggerPorts(), store, { timeLeft: () => (steps++ < 2 ? 60_000 : 0) }));
      expect(first.stopped).toBe('time');
      expect(first.refresh.plansWritten).toBe(1);
      app.host.resetCounters();
      const second = await runJob(app);
      expect(second.refresh).toMatchObject({ plansRead: 3, plansWritten: 2, done: true });
      expect(second.stopped).toBeNull();
    } finally {
      app.close();
    }
  });
});

describe('the request at the edge', () => {
  test('a malformed request is refused naming the field, and nothing runs', async () => {
    const app = new ForgeAppHarness();
    try {
      app.host.resetCounters();
      const { answer, report } = await app.host.runAs(undefined, () => answerScheduledRun({ context: { cloudId: 'c' }, contextToken: 't' }, app.triggerPorts()));
      expect(answer).toEqual({ statusCode: 400, body: expect.stringContaining('context.moduleKey') });
      expect(report).toBeUndefined();
      expect(app.host.counters.kvs.requests).toBe(0);
    } finally {
      app.close();
    }
  });

  test('the reminder names each stage with its due date, most urgent first', () => {
    const message = reminderMessage('Paula PM', [
      { ticketKey: 'FHSD-1', planTitle: 'Upgrade to 25.2', stage: 3, activity: 'Inform', due: '2026-11-20', overdue: true },
      { ticketKey: 'FHSD-2', planTitle: 'Upgrade to 25.3', stage: 6, activity: 'Provide VAL', due: '2026-11-24', overdue: false },
    ]);
    expect(message.subject).toBe('ClinSpark upgrade plans: 2 stages of yours (1 overdue) need you');
    expect(message.text).toContain('Hello Paula PM,');
    expect(message.text).toContain('- FHSD-1 Upgrade to 25.2: stage 3, Inform: overdue, was due 2026-11-20\n- FHSD-2 Upgrade to 25.3: stage 6, Provide VAL: due 2026-11-24');
  });
});
