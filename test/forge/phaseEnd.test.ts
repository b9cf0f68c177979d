/** Rule 9 through the resolver: the PM's planned end of a phase whose length is agreed, checked at the edge and by the domain, and the due-date index it moves. */
import type { PlanView } from '../../src/app/planView';
import type { AuditEntry } from '../../src/domain/audit';
import { ForgeAppHarness, PEOPLE } from '../support/forgeApp';
import { VAL_FORM } from '../reliability/support';

const PORTAL = 'jiraServiceManagement:portalRequestDetailPanel' as const;
const PREP = 'prep-for-upgrade';

describe('planPhaseEnd', () => {
  let app: ForgeAppHarness;
  beforeEach(async () => {
    app = new ForgeAppHarness(); // Monday 2026-11-23
    await app.saveSettings();
  });
  afterEach(() => app.close());

  const phase = (view: PlanView, id: string) => view.phases.find((p) => p.id === id)!;
  const view = async (as: { accountId: string; ticketKey: string; surface?: typeof PORTAL }) => {
    const answer = await app.invoke<PlanView>('getPlanView', {}, as);
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.data;
  };
  const history = async (key: string) => {
    const answer = await app.invoke<AuditEntry[]>('getHistory', {}, { accountId: 'acc-pm', ticketKey: key });
    return answer.ok ? answer.data : [];
  };

  test('an upgrade\'s Prep for Upgrade is to be agreed until the PM sets its end; a bad day is refused naming the field and changes nothing', async () => {
    const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const pm = { accountId: 'acc-pm', ticketKey: key };
    const before = await view(pm);
    expect(phase(before, PREP).schedule).toEqual({ from: '2027-03-08', end: null, basis: 'to be agreed', planned: null, mayPlan: true });
    expect(phase(before, PREP).stages.map((s) => s.due)).toEqual([null, null, null, null]);
    expect(phase(await view({ accountId: 'acc-acme', ticketKey: key, surface: PORTAL }), PREP).schedule.mayPlan).toBe(false);
    const entries = (await history(key)).length;

    expect(await app.invoke('planPhaseEnd', { phase: PREP, end: '12 March' }, pm)).toMatchObject({ ok: false, error: { rule: 'payloadValid', field: 'end' } });
    expect(await app.invoke('planPhaseEnd', { phase: PREP, end: '2027-03-06' }, pm)).toMatchObject({ ok: false, error: { rule: 'phaseEndDay', field: 'end' } });
    expect(await app.invoke('planPhaseEnd', { phase: PREP, end: '2027-03-05' }, pm)).toMatchObject({ ok: false, error: { rule: 'phaseEndAfterPrevious', field: 'end', message: expect.stringContaining('Validation is planned to end on 2027-03-08') } });
    expect(await app.invoke('planPhaseEnd', { phase: PREP, end: '2027-03-12' }, { accountId: 'acc-eng', ticketKey: key })).toMatchObject({ ok: false, error: { rule: 'phasePlannedBy', field: 'actor' } });
    expect(await app.invoke('planPhaseEnd', { phase: 'validation', end: '2027-03-12' }, pm)).toMatchObject({ ok: false, error: { rule: 'phaseLengthAgreed', field: 'phase' } });
    expect((await history(key)).length).toBe(entries);

    const planned = await app.invoke<PlanView>('planPhaseEnd', { phase: PREP, end: '2027-03-12' }, pm);
    expect(planned.ok && phase(planned.data, PREP).stages.map((s) => s.due)).toEqual(['2027-03-12', '2027-03-12', '2027-03-12', '2027-03-12']);
    expect(planned.ok && phase(planned.data, PREP).schedule).toMatchObject({ end: '2027-03-12', basis: 'planned', planned: { end: '2027-03-12', by: 'acc-pm' } });
    expect((await history(key)).at(-1)).toMatchObject({ action: 'plan phase end', actor: { accountId: 'acc-pm', role: 'IQVIA PM' }, before: { phase: PREP, end: null }, after: { phase: PREP, end: '2027-03-12' } });
  });

  test('the go-live follows the same rules: its end is to be agreed (no due date, not in the due-date index) until the PM sets it', async () => {
    const key = await app.raise('PROD go-live', PEOPLE.acmeCustomer!, { targetVersion: '25.1' });
    const pm = { accountId: 'acc-pm', ticketKey: key };
    expect(phase(await view(pm), 'go-live').schedule).toMatchObject({ end: null, basis: 'to be agreed', mayPlan: true });
    const due = async (day: string) => (await app.ports.plans.listDueBefore(day, 100)).filter((e) => e.planId.includes('golive')).map((e) => e.nextDue);
    expect(await due('2099-01-01')).toEqual([]);
    expect(await app.invoke('planPhaseEnd', { phase: 'go-live', end: '2026-12-04' }, pm)).toMatchObject({ ok: true });
    expect(await due('2026-12-05')).toEqual(['2026-12-04']);
    expect(await due('2026-12-04')).toEqual([]);
    // Finished steps leave the index to the open ones: the customer's step 1 done, the others still due 4 December.
    expect(await app.invoke('completeStage', { stage: 1 }, { accountId: 'acc-acme', ticketKey: key, surface: PORTAL })).toMatchObject({ ok: true });
    const after = await view(pm);
    expect(phase(after, 'go-live').stages.map((s) => s.due)).toEqual([null, '2026-12-04', '2026-12-04', '2026-12-04', '2026-12-04', '2026-12-04']);
    expect(await due('2026-12-05')).toEqual(['2026-12-04']);
  });
});
