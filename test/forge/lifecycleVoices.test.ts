import type { PlanView } from '../../src/app/planView';
import type { AuditEntry } from '../../src/domain/audit';
import { asApp } from '../../src/local/jira';
import { ForgeAppHarness, PEOPLE, testSettings } from '../support/forgeApp';

const PORTAL = 'jiraServiceManagement:portalRequestDetailPanel' as const;

/**
 * Deliverable 9 of issue #13 through the real resolvers, @forge/api and @forge/kvs: the vendor's name from the settings
 * in the plan's texts and messages, and phase 3's readiness confirmation sent by the customer in the portal.
 */
describe('the implementation lifecycle speaks with the right voices', () => {
  let app: ForgeAppHarness;
  let key: string;
  const pm = () => ({ accountId: 'acc-pm', ticketKey: key });
  const customer = () => ({ accountId: 'acc-acme', ticketKey: key, surface: PORTAL });

  beforeEach(async () => {
    app = new ForgeAppHarness();
    await app.saveSettings({ ...testSettings(), vendorName: 'Foundation Health' });
    key = await app.raise('Implementation', PEOPLE.acmeCustomer!, { scenario: 'A' });
    for (const document of ['deployment-specifications', 'support-service-definition', 'uat-definition']) {
      expect(await app.invoke('recordDocument', { phase: 'definition', document, reference: `DOC-${document}` }, pm())).toMatchObject({ ok: true });
    }
    expect(await app.invoke('completeStage', { stage: 1 }, pm())).toMatchObject({ ok: true });
    expect(await app.invoke('recordDocument', { phase: 'contractualization', document: 'contract', reference: 'CTR-1' }, pm())).toMatchObject({ ok: true });
    expect(await app.invoke('completeStage', { stage: 2 }, pm())).toMatchObject({ ok: true });
    expect(await app.invoke('recordDocument', { phase: 'readiness', document: 'iam-permissions', sentOverSecureChannel: true }, customer())).toMatchObject({ ok: true });
  });
  afterEach(() => app.close());

  async function commentsWithAuthors(): Promise<{ author: string; text: string }[]> {
    const response = await app.jira.handle({ method: 'GET', path: `/rest/api/3/issue/${key}/comment` }, asApp());
    return (response.body as { comments: { author: { accountId: string }; body: unknown }[] }).comments.map((c) => ({ author: c.author.accountId, text: JSON.stringify(c.body) }));
  }

  test('getPlanView: the vendor named in the settings is in the title, the welcome comment, the steps and the portal\'s facts', async () => {
    const view = await app.invoke<PlanView>('getPlanView', {}, customer());
    expect(view.ok && view.data.title).toBe('Implementation lifecycle, Scenario A (Customer IS)');
    expect(view.ok && view.data.vendorName).toBe('Foundation Health');
    const stages = view.ok ? view.data.phases.flatMap((p) => p.stages) : [];
    expect(stages.find((s) => s.number === 3)!.activity).toBe('Customer provisions cloud capabilities and grants agreed IAM permissions to Foundation Health.');
    expect(JSON.stringify(view)).not.toContain('Owkin');
    expect((await app.comments(key))[0]!.text).toContain('Foundation Health and Customer collaborate');
  });

  test('actOnPlanStage, the readiness confirmation in the portal: offered to the customer, posted attributed to them, audited as theirs; a renamed vendor rewrites nothing', async () => {
    const offered = await app.invoke<PlanView>('getPlanView', {}, customer());
    const step3 = offered.ok ? offered.data.phases.flatMap((p) => p.stages).find((s) => s.number === 3)! : undefined;
    expect(step3?.sends).toEqual({ sender: 'Customer', message: 'Readiness Confirmation: Permissions granted and environment ready.', byCustomerInPortal: true });
    expect(step3?.actions.find((a) => a.type === 'complete')).toEqual({ type: 'complete', needsReason: false });

    // The settings name another vendor now: the open plan keeps the one it was opened under.
    await app.saveSettings({ ...testSettings(), vendorName: 'Someone Else' });
    const sent = await app.invoke<PlanView>('completeStage', { stage: 3 }, customer());
    expect(sent).toMatchObject({ ok: true });
    const readiness = sent.ok ? sent.data.phases.find((p) => p.id === 'readiness')!.message : null;
    expect(readiness).toMatchObject({ sender: 'Customer', sentBy: 'acc-acme', byCustomerInPortal: true });

    const comments = await commentsWithAuthors();
    const confirmation = comments.find((c) => c.text.includes('Readiness Confirmation'))!;
    // Jira knows one author for it, the app: the text says whose words they are.
    expect(confirmation.author).not.toBe('acc-acme');
    expect(confirmation.text).toContain('“Readiness Confirmation: Permissions granted and environment ready.”');
    // The app knows the reporter's name from their ticket (the people cache), so the attribution names them.
    expect(confirmation.text).toContain('Sent by Alice Acme, the customer, in the customer portal on 2026-11-23 at 09:00 UTC.');

    const history = await app.invoke<AuditEntry[]>('getHistory', {}, pm());
    const entry = history.ok ? history.data.find((e) => e.step === 3 && e.action === 'complete') : undefined;
    expect(entry?.actor).toEqual({ accountId: 'acc-acme', role: 'Customer' });
    expect(entry?.after).toMatchObject({ said: [{ sender: 'Customer', via: 'customer portal' }] });

    expect(await app.invoke('recordDocument', { phase: 'deployment', document: 'installation-log', reference: 'LOG-1' }, { accountId: 'acc-eng', ticketKey: key })).toMatchObject({ ok: true });
    expect(await app.invoke('completeStage', { stage: 4 }, { accountId: 'acc-eng', ticketKey: key })).toMatchObject({ ok: true });
    expect((await commentsWithAuthors()).at(-1)!.text).toContain('— Foundation Health');
    expect(JSON.stringify(await app.invoke('getPlanView', {}, pm()))).not.toContain('Someone Else');
  });

  test('actOnPlanStage: an agent cannot send the customer\'s confirmation, not even an admin with a reason; the issue panel offers it to no agent', async () => {
    const agentView = await app.invoke<PlanView>('getPlanView', {}, { accountId: 'acc-admin', ticketKey: key });
    const step3 = agentView.ok ? agentView.data.phases.flatMap((p) => p.stages).find((s) => s.number === 3) : undefined;
    expect(step3?.actions).toEqual([]);
    expect(step3?.sends).toMatchObject({ sender: 'Customer', byCustomerInPortal: true });
    const refused = await app.invoke('completeStage', { stage: 3, reason: 'The customer told us by phone' }, { accountId: 'acc-admin', ticketKey: key });
    expect(refused).toEqual({ ok: false, error: { rule: 'customersOwnAct', field: 'actor', message: 'stage 3 is the customer\'s own act: only a customer of the organization sends it, from the customer portal' } });
    expect(await app.invoke('completeStage', { stage: 3 }, pm())).toMatchObject({ ok: false, error: { rule: 'stageOwnership' } });
    expect((await commentsWithAuthors()).some((c) => c.text.includes('Readiness Confirmation'))).toBe(false);
  });

  test('actOnPlanStage: a customer of another organization cannot send it, even shared on the request and named in the Customer role by mistake', async () => {
    await app.jira.handle({ method: 'POST', path: `/rest/servicedeskapi/request/${key}/participant`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accountIds: ['acc-beta'] }) }, asApp());
    const beta = { accountId: 'acc-beta', ticketKey: key, surface: PORTAL };
    expect(await app.invoke('completeStage', { stage: 3 }, beta)).toMatchObject({ ok: false, error: { rule: 'jiraPermission' } });
    const settings = testSettings();
    await app.saveSettings({ ...settings, roles: { ...settings.roles, organizations: { ...settings.roles.organizations, '1': { Customer: ['acc-acme', 'acc-beta'] } } } });
    const refused = await app.invoke('completeStage', { stage: 3 }, beta);
    expect(refused).toMatchObject({ ok: false, error: { rule: 'customersOwnAct', field: 'actor' } });
    expect(JSON.stringify(refused)).toContain('Jira does not list you in it');
    const view = await app.invoke<PlanView>('getPlanView', {}, pm());
    expect(view.ok && view.data.phases.flatMap((p) => p.stages).find((s) => s.number === 3)!.status).toBe('todo');
  });
});
