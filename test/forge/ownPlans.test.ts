import type { PlanView } from '../../src/app/planView';
import { ForgeAppHarness, PEOPLE } from '../support/forgeApp';

const PORTAL = 'jiraServiceManagement:portalRequestDetailPanel' as const;

describe('go-live and implementation tickets start their own plans', () => {
  let app: ForgeAppHarness;
  beforeEach(async () => {
    app = new ForgeAppHarness();
    await app.saveSettings();
  });
  afterEach(() => app.close());

  test('a PROD go-live request opens the six go-live steps; IQ documentation comes before the customer\'s final QC; PROD is ready at the end', async () => {
    const key = await app.raise('PROD go-live', PEOPLE.acmeCustomer!, { targetVersion: '25.1' });
    expect(app.eventOutcomes.at(-1)).toMatchObject({ outcome: 'created' });
    expect((await app.comments(key))[0]!.text).toContain('What happens next');
    const customer = { accountId: 'acc-acme', ticketKey: key, surface: PORTAL };
    const engineer = { accountId: 'acc-eng', ticketKey: key };
    const view = await app.invoke<PlanView>('getPlanView', {}, engineer);
    expect(view.ok && [view.data.kind, view.data.title, view.data.phases.flatMap((p) => p.stages).length]).toEqual(['prod-go-live', 'PROD go-live at ClinSpark 25.1', 6]);

    expect(await app.invoke('completeStage', { stage: 1 }, customer)).toMatchObject({ ok: true });
    for (const stage of [2, 3, 4]) expect(await app.invoke('completeStage', { stage }, engineer)).toMatchObject({ ok: true });
    expect(await app.invoke('completeStage', { stage: 5 }, engineer)).toMatchObject({ ok: false });
    // The go-live keeps PROD's IQ documentation as its own document, signed with stage 5: the record itself takes no signature.
    const shown = await app.invoke<{ name: string; iqSignatureMeaning: string | null; registryRevision: number }[]>('getEnvironments', {}, engineer);
    expect(shown.ok && shown.data.map((e) => e.iqSignatureMeaning)).toEqual(shown.ok ? shown.data.map(() => null) : false);
    const signedAnyway = { passphrase: 'a passphrase of some length', revision: 0, meaning: 'IQ documentation: the instance is installed and qualified at the version recorded' };
    expect(await app.invoke('recordIqDocumentation', { instance: 'PROD', reference: 'IQ-PROD-251', signature: signedAnyway }, engineer)).toMatchObject({ ok: false, error: { rule: 'signatureNotTaken', field: 'signature' } });
    expect(await app.recordIq({ instance: 'PROD', reference: 'IQ-PROD-251' }, engineer)).toMatchObject({ ok: true });
    expect(await app.act('completeStage', { stage: 5 }, engineer)).toMatchObject({ ok: true });
    const refused = await app.transition(key, 'Resolved', PEOPLE.pm!);
    expect(JSON.stringify(refused.body)).toContain('stage 6');
    const done = await app.invoke<PlanView>('completeStage', { stage: 6 }, customer);
    expect(done.ok && done.data.summary.phase).toBe('Complete');
    expect(done.ok && done.data.environments?.filter((e) => e.kind === 'PROD').map((e) => [e.name, e.version, e.state])).toEqual([
      ['PROD MAIN', '25.1', 'active'],
      ['PROD TEST', '25.1', 'active'],
    ]);
    expect((await app.transition(key, 'Resolved', PEOPLE.pm!)).status).toBe(204);
  });

  test('an implementation request opens the lifecycle under its scenario; documents are recorded, credentials only as sent over a secure channel', async () => {
    const key = await app.raise('Implementation', PEOPLE.betaCustomer!, { scenario: 'B' });
    const pm = { accountId: 'acc-pm', ticketKey: key };
    const view = await app.invoke<PlanView>('getPlanView', {}, pm);
    expect(view.ok && view.data.title).toBe('Implementation lifecycle, Scenario B (IQVIA IS)');
    expect(view.ok && view.data.documents.find((d) => d.phase === 'readiness')).toMatchObject({ document: 'integration-credentials', secureChannelOnly: true, recorded: null });
    const phase1 = view.ok ? view.data.documents.filter((d) => d.phase === 'definition') : [];
    expect(phase1.map((d) => d.name)).toEqual(['Deployment Specifications Document', 'Support Service Definition', 'Specific UAT Definition']);

    const refused = await app.invoke('completeStage', { stage: 1 }, pm);
    expect(refused).toMatchObject({ ok: false });
    for (const d of phase1) expect(await app.invoke('recordDocument', { phase: 'definition', document: d.document, reference: `DOC-${d.document}` }, pm)).toMatchObject({ ok: true });
    expect(await app.invoke('completeStage', { stage: 1 }, pm)).toMatchObject({ ok: true });
    const portalView = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-beta', ticketKey: key, surface: PORTAL });
    const ownAndTheirs = portalView.ok ? portalView.data.documents.filter((d) => d.phase === 'definition').map((d) => [d.document, d.recorded?.reference ?? null]) : [];
    // The customer sees the reference of the UAT definition they share with IQVIA, not of IQVIA's own documents.
    expect(ownAndTheirs).toEqual([
      ['deployment-specifications', null],
      ['support-service-definition', null],
      ['uat-definition', 'DOC-uat-definition'],
    ]);
    const secret = await app.invoke('recordDocument', { phase: 'readiness', document: 'integration-credentials', reference: 'password=hunter2' }, { accountId: 'acc-beta', ticketKey: key, surface: PORTAL });
    expect(secret).toMatchObject({ ok: false });
  });

  test('a second go-live of the same organization and version is refused on its ticket, nothing created', async () => {
    await app.raise('PROD go-live', PEOPLE.acmeCustomer!, { targetVersion: '25.1' });
    const second = await app.raise('PROD go-live', PEOPLE.acmeColleague!, { targetVersion: '25.1' });
    expect(app.eventOutcomes.at(-1)).toMatchObject({ outcome: 'refused' });
    expect((await app.comments(second))[0]!.text).toContain('already lives on');
  });
});
