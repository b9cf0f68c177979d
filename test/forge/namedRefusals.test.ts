/**
 * Issue #15, finding 4 (names): a refusal that names a person comes back from the resolvers with their display name,
 * never their account id; its rule, field and stage are the engine's. The names come from the project settings' people
 * directory, and a person it lacks is asked of Jira once and remembered.
 */
import type { OrganizationEnvironments } from '../../src/app/environmentAdmin';
import type { PlanView } from '../../src/app/planView';
import { accountIdsIn, withNamesIn } from '../../src/app/namedRefusals';
import { ForgeAppHarness, PEOPLE, testSettings } from '../support/forgeApp';
import { customer, driveToDecision, engineer, freshApp, must, pm, PORTAL, seedProdEnvironments, support, VAL_FORM } from '../reliability/support';

jest.setTimeout(60_000);

const ACCOUNT_ID = /\bacc-[a-z0-9]+\b/;
const userLookups = (app: ForgeAppHarness): number => app.host.counters.jira.byRoute['GET /rest/api/3/user/bulk'] ?? 0;

describe('account ids in a refusal, written as names', () => {
  test('an id is replaced where it stands whole, never inside a longer one; the longest first', () => {
    const names = new Map([
      ['acc-a', 'Ann'],
      ['acc-ab', 'Abe'],
    ]);
    expect(withNamesIn('handled by acc-ab, not acc-a; acc-abc stays', names)).toBe('handled by Abe, not Ann; acc-abc stays');
    expect(accountIdsIn('only they: qm:demo-carla.', ['qm:demo-carla', 'qm:demo-car', 'qm', 'acc-x'])).toEqual(['qm:demo-carla']);
    // A colon that ends the clause is not part of the id.
    expect(withNamesIn('FHSD-5 is handled by acc-ss: only they record it addressed', new Map([['acc-ss', 'Sol']]))).toBe('FHSD-5 is handled by Sol: only they record it addressed');
  });
});

describe('the refusals of issue #15 name people', () => {
  let app: ForgeAppHarness;
  afterEach(() => app?.close());

  test("the Go/No-Go taken by someone else: the organization's decision makers are named, asked of Jira once and then remembered", async () => {
    app = await freshApp();
    const { prod } = await driveToDecision(app);
    await app.saveSettings({ ...testSettings(), roles: { ...testSettings().roles, organizations: { '1': { Customer: ['acc-acme', 'acc-acme2'] } } }, decisionMakers: { '1': ['acc-acme2'] } });
    app.host.resetCounters();
    const refused = await app.invoke('decideStage', { stage: 24, outcome: 'Go' }, customer(prod));
    expect(refused).toEqual({ ok: false, error: { rule: 'decisionMakers', field: 'actor', message: "stage 24: the decision is taken by the organization's decision makers only: Aaron Acme" } });
    expect(userLookups(app)).toBe(1);
    // The directory now knows Aaron: the same refusal asks Jira nothing.
    app.host.resetCounters();
    const again = await app.invoke('decideStage', { stage: 24, outcome: 'No-Go', reason: 'QC differences' }, customer(prod));
    expect(again).toMatchObject({ ok: false, error: { rule: 'decisionMakers', message: expect.stringContaining('only: Aaron Acme') } });
    expect(userLookups(app)).toBe(0);
    // The button's reason in the view names them too.
    const view = await must<PlanView>(app, 'getPlanView', {}, customer(prod));
    const decide = view.phases.flatMap((p) => p.stages).find((s) => s.number === 24)!.actions.filter((a) => a.type === 'decide');
    expect(decide.map((a) => a.disabledReason)).toEqual(decide.map(() => "stage 24: the decision is taken by the organization's decision makers only: Aaron Acme"));
  });

  test("a validation ticket recorded addressed by someone other than its handler: the handler is named, the refusal's rule, field and stage kept", async () => {
    app = await freshApp();
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
    await must(app, 'handPart', { stage: 11, part: issue, owner: 'acc-ss', reason: 'report configuration' }, pm(val));
    const refused = await app.invoke('addressPart', { stage: 11, part: issue }, support(val));
    expect(refused).toEqual({ ok: false, error: { rule: 'stageOwnership', field: 'actor', message: `${issue} is handled by Sol Specialist: only they record it addressed` } });
    // Handed to someone holding none of the roles: the person the PM chose is named too, though the settings do not know them.
    const outsider = await app.invoke('handPart', { stage: 11, part: issue, owner: 'acc-out', reason: 'knows the report' }, pm(val));
    expect(outsider).toMatchObject({ ok: false, error: { rule: 'ownerRole', field: 'owner', message: expect.stringContaining('Otto Outsider') } });
    expect(JSON.stringify(outsider)).not.toMatch(ACCOUNT_ID);
    // A refusal naming no one is the engine's, as it was.
    expect(await app.invoke('completeStage', { stage: 16 }, engineer(val))).toMatchObject({ ok: false, error: { message: expect.not.stringMatching(ACCOUNT_ID) } });
  });

  test("the app's note on a ticket names the person it is handed to, from the directory, with no Jira call more", async () => {
    app = await freshApp();
    await seedProdEnvironments();
    await app.ports.plans.rememberPeople({ 'acc-ss': { displayName: 'Sol Specialist', avatarUrl: null, accountType: 'atlassian', refreshedAt: '2026-11-01T09:00:00.000Z' } });
    const val = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    await app.decideConfiguration(val, 'valRequest');
    await must(app, 'completeStage', { stage: 1 }, customer(val));
    for (const stage of [3, 4]) await must(app, 'completeStage', { stage }, pm(val));
    await app.provideVal(val);
    await must(app, 'completeStage', { stage: 7 }, pm(val));
    for (const stage of [8, 9]) await must(app, 'completeStage', { stage }, customer(val));
    const issue = await app.raise('Validation issue', PEOPLE.acmeCustomer!, { targetVersion: '25.2' });
    await must(app, 'completeStage', { stage: 10 }, customer(val));
    app.host.resetCounters();
    await must(app, 'handPart', { stage: 11, part: issue, owner: 'acc-ss', reason: 'report configuration' }, pm(val));
    expect(userLookups(app)).toBe(0);
    const notes = (await app.comments(issue)).filter((c) => c.internal).map((c) => c.text);
    expect(notes.at(-1)).toContain(`${issue} is handed to Sol Specialist (Solution Specialist) for stage 11: report configuration`);
    expect(notes.at(-1)).not.toMatch(ACCOUNT_ID);
  });

  test('a customer in the portal is refused with names too', async () => {
    app = await freshApp();
    const { prod } = await driveToDecision(app);
    await app.saveSettings({ ...testSettings(), roles: { ...testSettings().roles, organizations: { '1': { Customer: ['acc-acme', 'acc-acme2'] } } } });
    const colleague = { accountId: 'acc-acme2', surface: PORTAL, ticketKey: prod };
    const refused = await app.invoke('decideStage', { stage: 24, outcome: 'Go' }, colleague);
    expect(refused).toMatchObject({ ok: false, error: { rule: 'decisionMakers', message: "stage 24: the decision is taken by the organization's decision makers only: Alice Acme" } });
  });
});

describe('environments name who recorded them', () => {
  let app: ForgeAppHarness;
  afterEach(() => app?.close());

  test("the admin's IQ documentation: the settings page's answer names them (Jira asked once), then the issue panel's view does with no Jira call", async () => {
    app = await freshApp();
    const ticketKey = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    const admin = { accountId: 'acc-admin', surface: 'jira:projectSettingsPage' as const };
    const iq = { reference: 'IQ-ACME-PROD-24.1', documentedOn: '2026-02-01', version: '24.1' };
    app.host.resetCounters();
    const registered = await app.invoke<OrganizationEnvironments>('registerEnvironment', { organizationId: '1', environment: { kind: 'PROD', version: '24.1', iqDocumentation: iq } }, admin);
    expect(registered).toMatchObject({ ok: true, data: { names: { 'acc-admin': 'Ada Admin' } } });
    expect(userLookups(app)).toBe(1);
    app.host.resetCounters();
    const listed = await app.invoke<{ selected: OrganizationEnvironments }>('getOrganizationEnvironments', { organizationId: '1' }, admin);
    expect(listed).toMatchObject({ ok: true, data: { selected: { names: { 'acc-admin': 'Ada Admin' } } } });
    expect(userLookups(app)).toBe(0);
    app.host.resetCounters();
    const view = await must<PlanView>(app, 'getPlanView', {}, pm(ticketKey));
    expect(view.environments?.flatMap((e) => e.iqDocumentation.map((d) => d.by))).toContain('acc-admin');
    expect(view.names['acc-admin']).toBe('Ada Admin');
    expect(app.host.counters.jira.total).toBe(0);
    // The portal shows no one of the environments: its view carries no name for them.
    const portal = await must<PlanView>(app, 'getPlanView', {}, customer(ticketKey));
    expect(portal.names['acc-admin']).toBeUndefined();
  });
});
