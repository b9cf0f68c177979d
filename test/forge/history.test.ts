/**
 * Issue #15, finding 4, through the real resolvers, KVS and Jira stand-in: a plan taken to a No-Go and its restore reads
 * as sentences with everyone's name (people the app's directory lacks are asked of Jira once, in one batched call, and
 * remembered), and its export adds the environment changes of the organization the plan made or that happened during it.
 */
import { exportHistoryPage, type HistoryEntryView, type HistoryExportCursor, type HistoryExportPage } from '../../src/app/history';
import type { Caller } from '../reliability/support';
import type { ForgeAppHarness } from '../support/forgeApp';
import { customer, driveToDecision, engineer, freshApp, must, mustAct, pm, type DecisionWorld } from '../reliability/support';

jest.setTimeout(30_000);

const T = Date.parse('2026-11-23T09:00:00Z');
const at = (minutes: number) => new Date(T + minutes * 60_000).toISOString();

/** The Jira requests the app makes while `run` runs, as "METHOD path". */
async function jiraRequestsDuring(app: ForgeAppHarness, run: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const handle = app.jira.handle.bind(app.jira);
  app.jira.handle = async (request, caller) => {
    seen.push(`${request.method} ${request.path.split('?')[0]}`);
    return handle(request, caller);
  };
  try {
    await run();
  } finally {
    app.jira.handle = handle;
  }
  return seen;
}

/** The whole export, answer after answer, as the History tab asks for it. */
async function wholeExport(app: ForgeAppHarness, as: Caller): Promise<{ entries: HistoryEntryView[]; answers: number }> {
  const entries: HistoryEntryView[] = [];
  let cursor: HistoryExportCursor | null = { source: 'plan' };
  let answers = 0;
  while (cursor) {
    const page: HistoryExportPage = await must<HistoryExportPage>(app, 'getHistoryExport', cursor, as);
    entries.push(...page.entries);
    cursor = page.next;
    answers += 1;
  }
  return { entries, answers };
}

describe('the history of a plan taken to a No-Go, in sentences with names', () => {
  let app: ForgeAppHarness;
  let world: DecisionWorld;
  beforeAll(async () => {
    app = await freshApp();
    app.now = new Date(T);
    world = await driveToDecision(app);
    await mustAct(app, 'decideStage', { stage: 24, outcome: 'No-Go', reason: 'the validation found a blocking issue' }, customer(world.prod));
    app.now = new Date(T + 120 * 60_000);
    await must(app, 'recordRestore', { startedAt: at(10), endedAt: at(85), version: '24.1' }, engineer(world.prod));
  });
  afterAll(() => app.close());

  test('every entry is a sentence naming its people; the first read asks Jira once for the names the app lacked, the next read not at all', async () => {
    let history: HistoryEntryView[] = [];
    const first = await jiraRequestsDuring(app, async () => (history = await must<HistoryEntryView[]>(app, 'getHistory', {}, pm(world.prod))));
    expect(first).toEqual(['GET /rest/api/3/user/bulk']);
    const second = await jiraRequestsDuring(app, () => must(app, 'getHistory', {}, pm(world.prod)));
    expect(second).toEqual([]);

    for (const entry of history) {
      expect([entry.action, entry.sentence]).toEqual([entry.action, expect.not.stringMatching(/[{}[\]]|acc-|restartedStages|newAttempt/)]);
    }
    const sentences = history.map((e) => e.sentence);
    expect(sentences).toContain('Alice Acme took No-Go: the validation found a blocking issue.');
    expect(sentences).toContain('Eric Engineer restored PROD MAIN to 24.1 after the No-Go in 75 minutes, over the hour the plan expects; stages 14 and 16–24 restarted for attempt 2.');
    expect(sentences).toContain('Paula PM proposed the time slot 2027-03-01 08:00 UTC for stage 16.');
    expect(sentences).toContain('Alice Acme agreed to the time slot 2027-03-01 08:00 UTC proposed by Paula PM; stage 16 is done.');
    // The customer's raised ticket is hers, as the app recorded it; the app's own completion says it was the app.
    const attached = history.find((e) => e.action === 'attach ticket' && e.after.ticket === world.prod)!;
    expect(attached).toMatchObject({ who: 'Alice Acme', as: 'in Jira, recorded by the app', sentence: `Alice Acme raised ${world.prod}, a PROD upgrade request, and the app added it to this plan; stage 13 is blocked.` });
    const resolved = history.find((e) => e.action === 'ticket resolved' && e.after.ticket === world.issue)!;
    expect(resolved.sentence).toBe(`Sam Support resolved ${world.issue} (status Resolved) in Jira; the app recorded it on the plan.`);
    expect(history.filter((e) => e.actor.role === 'App').every((e) => e.who === 'The app' || e.who === 'Alice Acme' || e.who === 'Sam Support' || e.who === 'Paula PM')).toBe(true);
  });

  test("the export holds the plan's whole history and its organization's environment changes during it (the CSV puts them in time order)", async () => {
    const { entries: exported, answers } = await wholeExport(app, pm(world.prod));
    // The plan's entries, then the environments': two answers for a history this short.
    expect(answers).toBe(2);
    const plan = await must<HistoryEntryView[]>(app, 'getHistory', {}, pm(world.prod));
    expect(exported.filter((e) => e.source === 'plan').map((e) => e.seq)).toEqual(plan.map((e) => e.seq));
    const environments = exported.filter((e) => e.source === 'environments');
    const said = environments.map((e) => e.sentence);
    expect(said).toEqual(
      expect.arrayContaining([
        'Eric Engineer started upgrading PROD MAIN #1 from 24.1 to 25.2 for stage 21 of this plan.',
        'Eric Engineer rolled PROD MAIN #1 back from 25.2 to 24.1 (backup snap-main) for stage 24 of this plan: the validation found a blocking issue.',
        'Eric Engineer recorded the backup of PROD MAIN #1 at 24.1: snap-main.',
      ]),
    );
    // The PROD pair registered before the plan began is not the plan's.
    expect(said.some((s) => s.includes('IQ-PROD-24.1'))).toBe(false);
    expect(environments.every((e) => e.at >= exported[0]!.at)).toBe(true);
    expect(exported.every((e) => e.who !== null)).toBe(true);
  });

  test('a portal customer reads no backup location in the export', async () => {
    const { entries: exported } = await wholeExport(app, customer(world.prod));
    expect(JSON.stringify(exported)).not.toContain('snap-');
    expect(exported.map((e) => e.sentence)).toContain('Eric Engineer rolled PROD MAIN #1 back from 25.2 to 24.1 for stage 24 of this plan: the validation found a blocking issue.');
  });

  test('a long history comes in several answers of bounded size, none lost, none twice', async () => {
    const settings = await app.ports.plans.loadSettings('FHSD');
    const stored = (await app.ports.plans.loadForTicket(world.prod, 'FHSD')).stored!;
    const pages: HistoryExportPage[] = [];
    let cursor: HistoryExportCursor | null = { source: 'plan' };
    while (cursor) {
      const page: HistoryExportPage = await exportHistoryPage(app.ports, stored.plan, settings, cursor, undefined, { answerBytes: 2_000, pageSize: 10 });
      pages.push(page);
      cursor = page.next;
    }
    expect(pages.length).toBeGreaterThan(2);
    const { entries: whole } = await wholeExport(app, pm(world.prod));
    const key = (e: HistoryEntryView) => `${e.planId}#${e.seq}`;
    const paged = pages.flatMap((p) => p.entries.map(key));
    expect(new Set(paged).size).toBe(paged.length);
    expect([...paged].sort()).toEqual(whole.map(key).sort());
  });

  test('the export takes where to continue, nothing else: anything else is refused, naming the field', async () => {
    expect(await app.invoke('getHistoryExport', { source: 'everything' }, pm(world.prod))).toMatchObject({ ok: false, error: { rule: 'payloadValid', field: 'source' } });
    expect(await app.invoke('getHistoryExport', { before: 0 }, pm(world.prod))).toMatchObject({ ok: false, error: { rule: 'payloadValid', field: 'before' } });
  });
});
