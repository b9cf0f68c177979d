/**
 * Issue #13 through the real resolvers, trigger and storage: stage 16's slot proposed by the PM and agreed (or declined)
 * by the customer in the portal, stage owners following the settings until the PM reassigns one, stage 11's validation
 * tickets handed and addressed, and the customer's configuration decision asked for until given.
 */
import type { PlanView } from '../../src/app/planView';
import type { AuditEntry } from '../../src/domain/audit';
import { ForgeAppHarness, PEOPLE, testSettings } from '../support/forgeApp';
import { customer, engineer, freshApp, must, mustAct, pm, PROD_FORM, seedProdEnvironments, SLOT, support, VAL_FORM } from '../reliability/support';

jest.setTimeout(30_000);

const stageOf = (view: PlanView, n: number) => view.phases.flatMap((p) => p.stages).find((s) => s.number === n)!;
const texts = async (app: ForgeAppHarness, key: string) => (await app.comments(key)).map((c) => ({ internal: c.internal, text: c.text }));

/** Acme's plan up to stage 16: VAL request (with the customer's decision), validation, a validation issue, PROD request, 14 and 15. */
async function toSlot(app: ForgeAppHarness): Promise<{ val: string; issue: string; prod: string }> {
  await seedProdEnvironments();
  const val = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
  await app.decideConfiguration(val, 'valRequest');
  await must(app, 'completeStage', { stage: 1 }, customer(val));
  for (const stage of [3, 4]) await must(app, 'completeStage', { stage }, pm(val));
  await app.provideVal(val);
  await must(app, 'completeStage', { stage: 7 }, pm(val));
  for (const stage of [8, 9]) await must(app, 'completeStage', { stage }, customer(val));
  const issue = await app.raise('Validation issue', PEOPLE.acmeCustomer!, { targetVersion: '25.2' });
  await must(app, 'completeStage', { stage: 10 }, customer(val));
  // The PM hands the issue to the solution specialist, who records it addressed; resolved in Jira, stage 11 completes.
  await must(app, 'handPart', { stage: 11, part: issue, owner: 'acc-ss', reason: 'report configuration' }, pm(val));
  await must(app, 'addressPart', { stage: 11, part: issue, note: 'report re-synchronised' }, { accountId: 'acc-ss', ticketKey: val });
  await app.transition(issue, 'Resolved', PEOPLE.support!);
  await must(app, 'completeStage', { stage: 11 }, support(val));
  await mustAct(app, 'completeStage', { stage: 12 }, customer(val));
  const prod = await app.raise('PROD upgrade request', PEOPLE.acmeCustomer!, { ...PROD_FORM, keepConfigurations: 'Visit report' });
  await must(app, 'completeStage', { stage: 14 }, pm(prod));
  await must(app, 'completeStage', { stage: 15 }, engineer(prod));
  return { val, issue, prod };
}

describe('stage 16: the PM proposes the slot, the customer agrees in the portal', () => {
  let app: ForgeAppHarness;
  beforeEach(async () => {
    app = await freshApp();
  });
  afterEach(() => app.close());

  test('proposal and agreement each tell the customer on the PROD request; only then is the slot confirmed and the Day of Upgrade open', async () => {
    const { prod } = await toSlot(app);
    const pmView = await must<PlanView>(app, 'proposeStage', { stage: 16, value: SLOT }, pm(prod));
    expect(stageOf(pmView, 16)).toMatchObject({ status: 'in progress', proposal: { value: SLOT, proposedBy: 'acc-pm', declined: null, agreed: null } });
    expect(pmView.slot).toBeNull();
    expect((await texts(app, prod)).at(-1)).toEqual({ internal: false, text: expect.stringContaining('IQVIA proposes the upgrade slot 2027-03-01 08:00 UTC (one of your preferred slots)') });
    // The customer sees the proposal as theirs to answer; the PM cannot answer for them, nor tick the stage.
    const portal = await must<PlanView>(app, 'getPlanView', {}, customer(prod));
    expect(stageOf(portal, 16).actions.map((a) => [a.type, a.disabledReason ?? null])).toEqual([
      ['agree', null],
      ['decline', null],
    ]);
    expect(await app.invoke('agreeStage', { stage: 16 }, pm(prod))).toMatchObject({ ok: false, error: { rule: 'stageOwnership' } });
    expect(await app.invoke('completeStage', { stage: 16 }, pm(prod))).toMatchObject({ ok: false, error: { rule: 'agreementRequired' } });
    expect(await app.invoke('completeStage', { stage: 17 }, customer(prod))).toMatchObject({ ok: false, error: { rule: 'stageOrder' } });

    const agreed = await must<PlanView>(app, 'agreeStage', { stage: 16 }, customer(prod));
    expect(agreed.slot).toBe(SLOT);
    expect(stageOf(agreed, 16)).toMatchObject({ status: 'done', completedBy: 'acc-acme' });
    const comments = await texts(app, prod);
    expect(comments.filter((c) => !c.internal).at(-1)!.text).toContain('The upgrade slot is confirmed: 2027-03-01 08:00 UTC, as you agreed.');
    expect(comments.at(-1)).toEqual({ internal: true, text: expect.stringContaining("schedule it in the IQVIA engineer's agenda") });
    await must(app, 'completeStage', { stage: 17 }, customer(prod));
    const history = await must<AuditEntry[]>(app, 'getHistory', {}, pm(prod));
    expect(history.filter((e) => e.step === 16).map((e) => [e.action, e.actor.accountId, e.actor.role])).toEqual([
      ['propose', 'acc-pm', 'IQVIA PM'],
      ['agree', 'acc-acme', 'Customer'],
    ]);
  });

  test('declined with a reason, it goes back to the PM; another slot needs the reason none of the preferred ones fits', async () => {
    const { prod } = await toSlot(app);
    await must(app, 'proposeStage', { stage: 16, value: SLOT }, pm(prod));
    expect(await app.invoke('declineStage', { stage: 16 }, customer(prod))).toMatchObject({ ok: false, error: { rule: 'payloadValid', field: 'reason' } });
    const declined = await must<PlanView>(app, 'declineStage', { stage: 16, reason: 'Our site audit is that week' }, customer(prod));
    expect(stageOf(declined, 16).proposal?.declined).toMatchObject({ by: 'acc-acme', reason: 'Our site audit is that week' });
    expect((await texts(app, prod)).at(-1)!.text).toContain('is declined: Our site audit is that week. The IQVIA PM will propose another.');
    const other = '2027-03-08T08:00:00.000Z';
    expect(await app.invoke('proposeStage', { stage: 16, value: other }, pm(prod))).toMatchObject({ ok: false, error: { rule: 'slotProposedFromPreferredSlots', field: 'reason' } });
    await must(app, 'proposeStage', { stage: 16, value: other, reason: 'the week after the audit' }, pm(prod));
    expect((await must<PlanView>(app, 'agreeStage', { stage: 16 }, customer(prod))).slot).toBe(other);
  });
});

describe('stage owners: the current mapping until the PM reassigns a stage', () => {
  let app: ForgeAppHarness;
  beforeEach(async () => {
    app = await freshApp();
  });
  afterEach(() => app.close());

  test('an admin maps another engineer: the open plan follows for every stage not started; the PM reassigns one with a reason, which stays', async () => {
    const val = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    await app.decideConfiguration(val, 'valRequest');
    await must(app, 'startStage', { stage: 6 }, engineer(val));
    const settings = testSettings();
    await app.saveSettings({ ...settings, roles: { ...settings.roles, projectDefault: { ...settings.roles.projectDefault, 'IQVIA Engineer': ['acc-out'] } } });
    const view = await must<PlanView>(app, 'getPlanView', {}, pm(val));
    expect([6, 15, 20, 21].map((n) => [n, stageOf(view, n).owner])).toEqual([
      [6, 'acc-eng'],
      [15, 'acc-out'],
      [20, 'acc-out'],
      [21, 'acc-out'],
    ]);
    // The PM's picker offers the people holding the stage's roles; a customer and someone without the role are refused.
    expect(stageOf(view, 15).candidates?.map((c) => c.accountId)).toEqual(['acc-out']);
    expect(await app.invoke('reassignStage', { stage: 15, owner: 'acc-eng', reason: 'knows their network' }, customer(val))).toMatchObject({ ok: false, error: { rule: 'stageOwnership' } });
    expect(await app.invoke('reassignStage', { stage: 15, owner: 'acc-acme', reason: 'r' }, pm(val))).toMatchObject({ ok: false, error: { rule: 'ownerRole', field: 'owner' } });
    expect(await app.invoke('reassignStage', { stage: 15, owner: 'acc-nobody', reason: 'r' }, pm(val))).toMatchObject({ ok: false, error: { rule: 'ownerRole', field: 'owner' } });
    expect(await app.invoke('reassignStage', { stage: 15, owner: 'acc-out' }, pm(val))).toMatchObject({ ok: false, error: { rule: 'payloadValid', field: 'reason' } });
    await app.saveSettings({ ...settings, roles: { ...settings.roles, projectDefault: { ...settings.roles.projectDefault, 'IQVIA Engineer': ['acc-out', 'acc-eng'] } } });
    const reassigned = await must<PlanView>(app, 'reassignStage', { stage: 15, owner: 'acc-eng', reason: 'Eric knows their network' }, pm(val));
    expect(stageOf(reassigned, 15)).toMatchObject({ owner: 'acc-eng', reassigned: { by: 'acc-pm', reason: 'Eric knows their network', role: 'IQVIA Engineer' } });
    await app.saveSettings(settings);
    const after = await must<PlanView>(app, 'getPlanView', {}, pm(val));
    expect([stageOf(after, 15).owner, stageOf(after, 20).owner]).toEqual(['acc-eng', 'acc-eng']);
    const history = await must<AuditEntry[]>(app, 'getHistory', {}, pm(val));
    expect(history.at(-1)).toMatchObject({ action: 'reassign', step: 15, before: { owner: 'acc-out' }, after: { owner: 'acc-eng' }, reason: 'Eric knows their network' });
  });
});

describe('the configuration decision is the customer\'s: no default', () => {
  test('a request whose form lists nothing to keep is accepted, stage 5 blocked and the customer told, until they choose in the portal', async () => {
    const app = await freshApp();
    try {
      const val = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
      const [welcome, ...rest] = await texts(app, val);
      expect([welcome, ...rest].some((c) => !c.internal && c.text.includes("IQVIA's usual approach"))).toBe(true);
      const blocked = await must<PlanView>(app, 'getPlanView', {}, customer(val));
      expect(stageOf(blocked, 5)).toMatchObject({ status: 'blocked', reason: expect.stringContaining('your configuration decision') });
      expect(blocked.configuration).toBeNull();
      expect(await app.invoke('provideDetails', { kind: 'valRequest', details: { configuration: { mode: 'synchronise-latest' } } }, pm(val))).toMatchObject({ ok: false, error: { rule: 'stageOwnership' } });
      const decided = await must<PlanView>(app, 'provideDetails', { kind: 'valRequest', details: { configuration: { mode: 'keep-listed', keep: ['Visit report'] } } }, customer(val));
      expect(stageOf(decided, 5).status).toBe('done');
      expect(decided.configurationWarning).toContain('forward compatible');
    } finally {
      app.close();
    }
  });
});
