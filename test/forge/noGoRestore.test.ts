/**
 * Issue #13, deliverables 4 and 5, through the real resolvers, trigger handler, KVS and Jira stand-in: a No-Go opens the
 * engineer's restore; PROD MAIN is rolled back only when the engineer confirms it; the plan then returns to Prep for
 * Upgrade, a second attempt goes to Go, and stage 28 cannot close the plan until PROD's IQ documentation of the target
 * version is recorded.
 */
import type { PlanView } from '../../src/app/planView';
import type { AuditEntry } from '../../src/domain/audit';
import type { ForgeAppHarness } from '../support/forgeApp';
import { customer, driveToDecision, engineer, freshApp, must, mustAct, mustRecordIq, pm, type DecisionWorld } from '../reliability/support';

jest.setTimeout(30_000);

const T = Date.parse('2026-11-23T09:00:00Z');
const at = (minutes: number) => new Date(T + minutes * 60_000).toISOString();
const stage = (view: PlanView, n: number) => view.phases.flatMap((p) => p.stages).find((s) => s.number === n)!;
const env = (view: PlanView, name: string) => view.environments!.find((e) => e.name === name)!;

describe('No-Go, the engineer\'s restore, a second attempt, and closing on a documented PROD', () => {
  let app: ForgeAppHarness;
  let world: DecisionWorld;
  beforeAll(async () => {
    app = await freshApp();
    app.now = new Date(T);
    world = await driveToDecision(app);
  });
  afterAll(() => app.close());

  test('the decision records the No-Go and opens the restore: nothing is rolled back yet, the customer is told it is under way', async () => {
    const view = await mustAct<PlanView>(app, 'decideStage', { stage: 24, outcome: 'No-Go', reason: 'QC found differences in the dosing export' }, customer(world.prod));
    expect(stage(view, 24)).toMatchObject({ status: 'done', outcome: 'No-Go' });
    expect(view.summary).toMatchObject({ attempt: 1, decision: 'No-Go' });
    expect(view.restore).toMatchObject({ instance: 'PROD MAIN', backupVersion: '24.1', decidedBy: 'acc-acme' });
    // The portal never receives the backup's location.
    expect(view.restore).not.toHaveProperty('backupReference');
    expect(JSON.stringify(view)).not.toContain('snap-main');
    expect(env(view, 'PROD MAIN')).toMatchObject({ state: 'active', version: '25.2', readiness: 'iq-pending' });
    const comments = await app.comments(world.prod);
    expect(comments.at(-1)).toMatchObject({ internal: false, text: expect.stringContaining('The IQVIA engineer is now restoring PROD MAIN to 24.1') });
  });

  test('the restore is offered to the engineer only; stage 25 waits for it', async () => {
    const asEngineer = await must<PlanView>(app, 'getPlanView', {}, engineer(world.prod));
    expect(stage(asEngineer, 24).followUp).toEqual({ label: 'Record the restore of PROD MAIN', form: 'restore', needsReason: false });
    expect(asEngineer.restore).toMatchObject({ backupReference: 'snap-main' });
    expect(stage(asEngineer, 25).actions.find((a) => a.type === 'start')?.disabledReason).toContain('waits for: Record the restore of PROD MAIN');
    expect(stage(await must<PlanView>(app, 'getPlanView', {}, pm(world.prod)), 24).followUp).toBeNull();
    expect(stage(await must<PlanView>(app, 'getPlanView', {}, customer(world.prod)), 24).followUp).toBeNull();
    const refused = await app.invoke('startStage', { stage: 25 }, engineer(world.prod));
    expect(refused).toMatchObject({ ok: false, error: { rule: 'followUpPending', field: 'step' } });
  });

  test('a wrong version, an end in the future or a customer are refused, naming the field; nothing changes', async () => {
    app.now = new Date(T + 120 * 60_000);
    const before = await must<PlanView>(app, 'getPlanView', {}, pm(world.prod));
    const good = { startedAt: at(10), endedAt: at(85), version: '24.1' };
    for (const [payload, as, rule, field] of [
      [{ ...good, version: '25.2' }, engineer(world.prod), 'restoredToBackupVersion', 'version'],
      [{ ...good, endedAt: at(180) }, engineer(world.prod), 'restoreTimes', 'endedAt'],
      [{ ...good, startedAt: at(-30) }, engineer(world.prod), 'restoreTimes', 'startedAt'],
      [{ ...good, startedAt: 'after lunch' }, engineer(world.prod), 'restoreTimes', 'startedAt'],
      [{ ...good, version: '' }, engineer(world.prod), 'payloadValid', 'version'],
      [good, customer(world.prod), 'stageOwnership', 'actor'],
    ] as const) {
      expect(await app.invoke('recordRestore', payload, as)).toMatchObject({ ok: false, error: { rule, field } });
    }
    const after = await must<PlanView>(app, 'getPlanView', {}, pm(world.prod));
    expect(after.revision).toBe(before.revision);
  });

  test('confirmed, over an hour: flagged; PROD MAIN rolled back in the registry; the plan is back in Prep for Upgrade; the customer told', async () => {
    const view = await must<PlanView>(app, 'recordRestore', { startedAt: at(10), endedAt: at(85), version: '24.1', note: 'restored from the pre-upgrade snapshot' }, engineer(world.prod));
    expect(view.restore).toBeNull();
    expect(view.rollbacks.at(-1)).toMatchObject({ attempt: 1, restoredVersion: '24.1', minutes: 75, overAnHour: true, by: 'acc-eng', startedAt: at(10), endedAt: at(85) });
    expect(view.summary).toMatchObject({ attempt: 2, phase: 'Prep for Upgrade', slot: null });
    expect(stage(view, 14).status).toBe('todo');
    expect(env(view, 'PROD MAIN')).toMatchObject({ state: 'rolled back', version: '24.1' });
    const comments = await app.comments(world.prod);
    expect(comments.slice(-2)).toEqual([
      expect.objectContaining({ internal: false, text: expect.stringContaining('The restore is done (2026-11-23 10:25 UTC): PROD MAIN runs 24.1 again. The plan is back in Prep for Upgrade: a new upgrade slot is to be agreed with you.') }),
      expect.objectContaining({ internal: true, text: expect.stringContaining('The restore of PROD MAIN took 75 minutes, over the hour the upgrade plan expects') }),
    ]);
    const history = await must<AuditEntry[]>(app, 'getHistory', {}, pm(world.prod));
    expect(history.at(-1)).toMatchObject({ action: 'record restore', step: 24, attempt: 1, actor: { accountId: 'acc-eng', role: 'IQVIA Engineer' }, after: { minutes: 75, overAnHour: true, newAttempt: 2 } });
    // The customer sees the restore's outcome, never the backup or the engineer's note.
    const portal = await must<PlanView>(app, 'getPlanView', {}, customer(world.prod));
    expect(portal.rollbacks.at(-1)).toMatchObject({ restoredVersion: '24.1', overAnHour: true });
    expect(portal.rollbacks.at(-1)).not.toHaveProperty('backupReference');
    expect(portal.rollbacks.at(-1)).not.toHaveProperty('note');
  });

  test('a second attempt goes to Go; stage 28 is refused until PROD\'s IQ documentation of 25.2 is recorded, then the plan closes', async () => {
    const { prod } = world;
    await must(app, 'completeStage', { stage: 14 }, pm(prod));
    // A new slot after the No-Go: none of the preferred ones, so the PM says why; the customer agrees in the portal.
    await must(app, 'proposeStage', { stage: 16, value: '2027-04-05T08:00:00.000Z', reason: 'a new slot after the No-Go' }, pm(prod));
    await must(app, 'agreeStage', { stage: 16 }, customer(prod));
    for (const n of [17, 18, 19]) await must(app, 'completeStage', { stage: n }, customer(prod));
    await must(app, 'recordBackup', { instance: 'PROD MAIN', version: '24.1', reference: 'snap-main-2' }, engineer(prod));
    await must(app, 'recordBackup', { instance: 'PROD TEST', version: '24.1', reference: 'snap-test-2' }, engineer(prod));
    for (const n of [20, 21, 22]) await must(app, 'completeStage', { stage: n }, engineer(prod));
    await must(app, 'completeStage', { stage: 23 }, customer(prod));
    await mustAct(app, 'decideStage', { stage: 24, outcome: 'Go' }, customer(prod));
    for (const n of [25, 26]) await must(app, 'completeStage', { stage: n }, engineer(prod));
    const tested = await must<PlanView>(app, 'completeStage', { stage: 27 }, customer(prod));
    // Upgraded is not ready: both PROD instances run 25.2 without its IQ documentation.
    expect(['PROD MAIN', 'PROD TEST'].map((n) => [env(tested, n).version, env(tested, n).readiness])).toEqual([
      ['25.2', 'iq-pending'],
      ['25.2', 'iq-pending'],
    ]);
    expect(stage(tested, 28).actions.find((a) => a.type === 'complete')?.disabledReason).toContain('cannot close the plan before the IQ documentation of 25.2 is recorded');
    const refused = await app.act('completeStage', { stage: 28 }, customer(prod));
    expect(refused).toMatchObject({ ok: false, error: { rule: 'prodIqDocumentedBeforeClosing', field: 'iqDocumentation' } });

    const documented = await mustRecordIq<PlanView>(app, { instance: 'PROD', reference: 'IQ-PROD-25.2' }, engineer(prod));
    expect(['PROD MAIN', 'PROD TEST'].map((n) => env(documented, n).readiness)).toEqual(['ready', 'ready']);
    const closed = await mustAct<PlanView>(app, 'completeStage', { stage: 28 }, customer(prod));
    expect(closed.summary).toMatchObject({ phase: 'Complete', decision: 'Go', attempt: 2 });
    expect(closed.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'No-Go' })]);
  });
});
