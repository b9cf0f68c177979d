/** The demo data: made through the app, dated in the past, in the phases and environments the README promises. */
import type { Runtime } from '../../../src/local/runtime';
import { call, contextToken, invoke, MODULES, PEOPLE, runtimeForFile } from './support';

jest.setTimeout(30_000);

let runtime: Runtime;
runtimeForFile((started) => (runtime = started));

interface Stage {
  number: number;
  status: string;
  completedBy: string | null;
}
const stagesOf = (view: { phases: { stages: Stage[] }[] }) => view.phases.flatMap((p) => p.stages);

async function asPm(key: string, functionKey: string) {
  const token = await contextToken(runtime.url, PEOPLE.pm.emailAddress, MODULES.issue, key);
  const answer = await invoke(runtime.url, token, functionKey);
  expect(answer.body.ok).toBe(true);
  return answer.body.data;
}

const live = (environments: { name: string; version: string; state: string }[]) => Object.fromEntries(environments.map((e) => [e.name, `${e.version} ${e.state}`]));

test('Acme is on the Day of Upgrade: backups recorded, PROD MAIN being upgraded, a genuine audit trail over ten weeks', async () => {
  const view = await asPm('FHSD-4', 'getPlanView');
  expect(view.summary).toMatchObject({ phase: 'Day of Upgrade', targetVersion: '25.1' });
  expect(stagesOf(view).find((s) => s.number === 21)?.status).toBe('in progress');
  expect(stagesOf(view).filter((s) => s.number <= 20).every((s) => s.status === 'done')).toBe(true);
  expect(view.valAction).toBe('replace');
  expect(live(view.environments)).toMatchObject({ 'PROD MAIN': '24.2 upgrading', 'PROD TEST': '24.2 active', 'VAL MAIN': '25.1 active', 'VAL TEST': '25.1 active' });
  const history: { at: string; actor: { accountId: string; role: string }; action: string }[] = await asPm('FHSD-4', 'getHistory');
  const at = history.map((e) => e.at);
  expect([...at].sort()).toEqual(at);
  expect(Date.parse(at.at(-1)!) - Date.parse(at[0]!)).toBeGreaterThan(60 * 24 * 3600 * 1000);
  expect(Date.parse(at.at(-1)!)).toBeLessThanOrEqual(Date.now());
  const roleOf = (accountId: string) => history.filter((e) => e.actor.accountId === accountId).map((e) => e.actor.role);
  expect(new Set(roleOf(PEOPLE.engineer.accountId))).toEqual(new Set(['IQVIA Engineer']));
  expect(roleOf(PEOPLE.carla.accountId)).toContain('Customer');
  expect(roleOf(PEOPLE.support.accountId)).toContain('IQVIA Support');
});

interface ScheduledStage extends Stage {
  due: string | null;
  proposal: { value: string; declined: unknown; agreed: unknown } | null;
}
interface ScheduledView {
  slot: string | null;
  phases: { id: string; name: string; stages: ScheduledStage[]; schedule: { end: string | null; basis: string; planned: { by: string } | null } }[];
}

test('rule 9 on every demo plan: no open stage before the Day of Upgrade is due after its slot, and no finished stage carries a due date', async () => {
  const slotted: string[] = [];
  for (const key of ['FHSD-4', 'FHSD-3', 'FHSD-8', 'FHSD-9', 'FHSD-10', 'FHSD-11', 'FHSD-13']) {
    const view: ScheduledView = await asPm(key, 'getPlanView');
    const stages = view.phases.flatMap((p) => p.stages);
    expect([key, stages.filter((s) => (s.status === 'done' || s.status === 'skipped') && s.due !== null).map((s) => s.number)]).toEqual([key, []]);
    const pending = stages.find((s) => s.proposal && !s.proposal.declined && !s.proposal.agreed)?.proposal?.value;
    const slot = view.slot ?? pending ?? null;
    if (!slot) continue;
    slotted.push(key);
    const slotDay = new Date(slot).toISOString().slice(0, 10);
    const onSlot = view.phases.findIndex((p) => p.id === 'day-of-upgrade');
    const before = view.phases.slice(0, onSlot).flatMap((p) => p.stages).filter((s) => s.status !== 'done' && s.status !== 'skipped');
    expect([key, before.filter((s) => s.due === null || s.due >= slotDay).map((s) => `${s.number} due ${s.due}`)]).toEqual([key, []]);
    const day = view.phases[onSlot]!.stages.filter((s) => s.status !== 'done' && s.status !== 'skipped');
    expect([key, [...new Set(day.map((s) => s.due))]]).toEqual([key, [slotDay]]);
  }
  // Acme is on its Day of Upgrade: the invariant is checked on a plan with a slot, not only on plans without one.
  expect(slotted).toEqual(expect.arrayContaining(['FHSD-4', 'FHSD-13']));
  // Northwind's Prep for Upgrade is dated by the PM, not by an invented length.
  const northwind: ScheduledView = await asPm('FHSD-3', 'getPlanView');
  expect(northwind.phases.find((p) => p.id === 'prep-for-upgrade')!.schedule).toMatchObject({ basis: 'planned', planned: { by: PEOPLE.pm.accountId } });
  const history: { action: string; actor: { accountId: string } }[] = await asPm('FHSD-3', 'getHistory');
  expect(history.filter((e) => e.action === 'plan phase end').map((e) => e.actor.accountId)).toEqual([PEOPLE.pm.accountId]);
});

test('Northwind is mid-migration and in Validation, waiting on an open validation issue', async () => {
  const view = await asPm('FHSD-3', 'getPlanView');
  expect(view.summary.phase).toBe('Validation');
  expect(view.tickets.find((t: { key: string }) => t.key === 'FHSD-5')).toMatchObject({ resolved: false });
  expect(live(view.environments)).toMatchObject({ Migration: '25.1 active', 'PROD MAIN': '25.1 provisioning', 'VAL MAIN': '25.2 active', 'Sandbox MAIN': '25.1 active', Demo: '25.1 active' });
  const refused = await call(runtime.url, 'GET', '/rest/api/3/issue/FHSD-6/comment', { as: PEOPLE.nadia.emailAddress });
  expect(JSON.stringify(refused.body)).toContain('out of the scope of standard upgrade cycles');
});

test('Globex has no VAL pair and is in Preparation, the engineer next', async () => {
  const view = await asPm('FHSD-8', 'getPlanView');
  expect(view.summary).toMatchObject({ phase: 'Preparation', nextOwnerRole: 'IQVIA Engineer' });
  expect(view.valAction).toBe('create');
  expect(view.releasesCrossed).toEqual(['24.2', '24.3', '25.1', '25.2']);
  // Stage 1 links each crossed release's notes, from the admin's catalogue.
  expect((stagesOf(view).find((s) => s.number === 1) as Stage & { releaseNotes: { notesUrl: string }[] }).releaseNotes.map((n) => n.notesUrl)).toEqual(['24.2', '24.3', '25.1', '25.2'].map((v) => `https://docs.clinspark.example/releases/${v}`));
  expect(Object.keys(live(view.environments)).sort()).toEqual(['Demo', 'PROD MAIN', 'PROD TEST', 'Sandbox MAIN', 'Sandbox TEST']);
  const history: { action: string }[] = await asPm('FHSD-8', 'getHistory');
  expect(history.map((e) => e.action)).toContain('provide details');
});

test('Northwind is going live in PROD at 25.1, part-way: the dump, the configuration and the migration done, PROD MAIN being populated', async () => {
  const view = await asPm('FHSD-9', 'getPlanView');
  expect([view.kind, view.title, view.organizationId]).toEqual(['prod-go-live', 'PROD go-live at ClinSpark 25.1', '3']);
  expect(stagesOf(view).map((s) => `${s.number} ${s.status}`)).toEqual(['1 done', '2 done', '3 done', '4 in progress', '5 todo', '6 todo']);
  expect(stagesOf(view).find((s) => s.number === 1)?.completedBy).toBe(PEOPLE.nadia.accountId);
  expect(view.documents).toEqual([expect.objectContaining({ phase: 'go-live', document: 'iq-documentation', recorded: null })]);
  expect(view.names).toMatchObject({ [PEOPLE.nadia.accountId]: 'Nadia Novak', [PEOPLE.engineer.accountId]: 'Erik Larsen' });
  // The migration's PROD pair is still being provisioned at 25.1: the go-live made it ready only after the final QC.
  expect(live(view.environments)).toMatchObject({ 'PROD MAIN': '25.1 provisioning', 'PROD TEST': '25.1 provisioning' });
  const history: { at: string; action: string }[] = await asPm('FHSD-9', 'getHistory');
  expect(history.map((e) => e.at)).toEqual([...history.map((e) => e.at)].sort());
  expect(Date.parse(history.at(-1)!.at)).toBeLessThanOrEqual(Date.now());
});

test('Globex starts an implementation under scenario A: Definition & Specification under way, its three documents recorded', async () => {
  const view = await asPm('FHSD-10', 'getPlanView');
  expect([view.kind, view.title, view.organizationId]).toEqual(['implementation-lifecycle', 'Implementation lifecycle, Scenario A (Customer IS)', '2']);
  expect(view.summary.phase).toBe('Definition & Specification');
  expect(stagesOf(view).find((s) => s.number === 1)?.status).toBe('in progress');
  const recorded = (view.documents as { phase: string; document: string; recorded: { by: string; reference: string | null } | null }[]).filter((d) => d.recorded);
  expect(recorded.map((d) => [d.phase, d.document, d.recorded!.by])).toEqual([
    ['definition', 'deployment-specifications', PEOPLE.engineer.accountId],
    ['definition', 'support-service-definition', PEOPLE.pm.accountId],
    ['definition', 'uat-definition', PEOPLE.gina.accountId],
  ]);
  expect(view.documents.find((d: { phase: string }) => d.phase === 'readiness')).toMatchObject({ document: 'iam-permissions', secureChannelOnly: true, recorded: null });
  const issue = await call(runtime.url, 'GET', '/rest/api/3/issue/FHSD-10?fields=customfield_10105,customfield_10010', { as: PEOPLE.pm.emailAddress });
  expect(issue.body.fields.customfield_10105).toBe('A');
  expect(issue.body.fields.customfield_10010.requestType.name).toBe('Implementation');
  // Gina recorded the Specific UAT Definition from the portal, as the customer.
  const history: { action: string; actor: { accountId: string; role: string } }[] = await asPm('FHSD-10', 'getHistory');
  expect(history.filter((e) => e.action === 'record document').map((e) => e.actor.role)).toEqual(['IQVIA Engineer', 'IQVIA PM', 'Customer']);
});

test('Acme\'s implementation (scenario B, IQVIA IS): Carla sent the readiness confirmation in the portal, posted attributed to her and audited as hers; the engineer deploys', async () => {
  const view = await asPm('FHSD-11', 'getPlanView');
  expect([view.kind, view.title, view.organizationId, view.vendorName]).toEqual(['implementation-lifecycle', 'Implementation lifecycle, Scenario B (IQVIA IS)', '1', 'IQVIA']);
  expect(view.summary.phase).toBe('Deployment Execution');
  expect(stagesOf(view).find((s) => s.number === 3)).toMatchObject({ status: 'done', completedBy: PEOPLE.carla.accountId });
  expect(stagesOf(view).find((s) => s.number === 4)?.status).toBe('in progress');
  expect(view.phases.find((p: { id: string }) => p.id === 'readiness').message).toMatchObject({ sender: 'Customer', sentBy: PEOPLE.carla.accountId, byCustomerInPortal: true });
  const history: { action: string; step: number | null; actor: { accountId: string; role: string }; after: Record<string, unknown> }[] = await asPm('FHSD-11', 'getHistory');
  expect(history.find((e) => e.step === 3 && e.action === 'complete')).toMatchObject({ actor: { accountId: PEOPLE.carla.accountId, role: 'Customer' }, after: { said: [{ sender: 'Customer', via: 'customer portal' }] } });
  const comments = await call(runtime.url, 'GET', '/rest/api/3/issue/FHSD-11/comment', { as: PEOPLE.pm.emailAddress });
  const texts = JSON.stringify(comments.body);
  expect(texts).toContain('Readiness Confirmation: Permissions granted and environment ready.');
  expect(texts).toContain('Sent by Carla Mendes, the customer, in the customer portal on');
});

test('the earlier demo requests keep their keys: the go-live and the implementation are raised last', async () => {
  const found = await call(runtime.url, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('project = FHSD ORDER BY key ASC')}&fields=summary,customfield_10010&maxResults=100`, { as: PEOPLE.pm.emailAddress });
  const types = (found.body.issues as { key: string; fields: { customfield_10010: { requestType: { name: string } } } }[]).map((i) => `${i.key} ${i.fields.customfield_10010.requestType.name}`);
  expect(types).toEqual([
    'FHSD-1 VAL environment request',
    'FHSD-2 Validation issue',
    'FHSD-3 VAL environment request',
    'FHSD-4 PROD upgrade request',
    'FHSD-5 Validation issue',
    'FHSD-6 Upgrade request',
    'FHSD-7 Upgrade request',
    'FHSD-8 VAL environment request',
    'FHSD-9 PROD go-live',
    'FHSD-10 Implementation',
    'FHSD-11 Implementation',
    'FHSD-12 VAL environment request',
    'FHSD-13 PROD upgrade request',
  ]);
});

test('the calendar\'s planted conflict: Initech\'s proposed slot double-books Erik on Acme\'s Day of Upgrade, and both slots say so', async () => {
  const token = await contextToken(runtime.url, PEOPLE.engineer.emailAddress, 'upgrade-slot-calendar');
  const calendar = (await invoke(runtime.url, token, 'getSlotCalendar')).body.data;
  const erik = calendar.engineers.find((e: { accountId: string }) => e.accountId === PEOPLE.engineer.accountId);
  const slots = Object.fromEntries(erik.slots.map((s: { ticketKey: string }) => [s.ticketKey, s]));
  expect(slots['FHSD-4']).toMatchObject({ state: 'confirmed', customer: 'Acme Clinical Research', conflicts: [expect.objectContaining({ type: 'engineerDoubleBooked', text: expect.stringContaining('Erik Larsen is also on Initech Biosciences (FHSD-13)') })] });
  expect(slots['FHSD-13']).toMatchObject({ state: 'proposed', customer: 'Initech Biosciences', hours: 4, conflicts: [expect.objectContaining({ type: 'engineerDoubleBooked', text: expect.stringContaining('Acme Clinical Research (FHSD-4)') })] });
  expect(calendar.conflictCount).toBe(2);
});

describe('the portal\'s request form', () => {
  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
  async function signIn(accountId: string) {
    const session = await call(runtime.url, 'POST', '/session', { headers: FORM, body: new URLSearchParams({ accountId }).toString() });
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const get = async (path: string) => String((await call(runtime.url, 'GET', path, { headers: { cookie, accept: 'text/html' } })).body ?? '');
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(await get('/portal'))?.[1] ?? '';
    const post = async (path: string, form: Record<string, string>) => {
      const answer = await call(runtime.url, 'POST', path, { headers: { cookie, ...FORM }, body: new URLSearchParams({ csrf, ...form }).toString() });
      return /\/portal\/request\/(FHSD-\d+)/.exec(answer.headers.get('location') ?? '')?.[1];
    };
    return { get, post };
  }

  test('offers the PROD go-live (its version) and the implementation (its scenario); each request starts its plan', async () => {
    const omar = await signIn(PEOPLE.omar.accountId);
    const goLiveForm = await omar.get('/portal/create/15');
    expect(goLiveForm).toContain('Go-live version');
    expect(goLiveForm).not.toContain('name="scenario"');
    const implementationForm = await omar.get('/portal/create/16');
    expect(implementationForm.match(/name="scenario" value="[AB]"/g)).toEqual(['name="scenario" value="A"', 'name="scenario" value="B"']);
    expect(implementationForm).not.toContain('name="targetVersion"');

    const key = await omar.post('/portal/create/16', { summary: 'Our platform on IQVIA infrastructure', organization: '3', scenario: 'B' });
    expect(key).toMatch(/^FHSD-\d+$/);
    const page = await omar.get(`/portal/request/${key}`);
    expect(page).toContain('Implementation lifecycle, Scenario B (IQVIA IS)');
    const view = await asPm(key!, 'getPlanView');
    expect([view.kind, view.title]).toEqual(['implementation-lifecycle', 'Implementation lifecycle, Scenario B (IQVIA IS)']);

    // Northwind's go-live at 25.1 lives on FHSD-9: a second one is refused on its ticket, nothing created.
    const second = await omar.post('/portal/create/15', { summary: 'Go live again', organization: '3', targetVersion: '25.1' });
    expect(await omar.get(`/portal/request/${second}`)).toContain('already lives on FHSD-9');
  });
});

test('Part 11 on the demo: every signed act carries a valid signature (Carla signed validation complete in the portal), and no finished signed act lacks one', async () => {
  for (const key of ['FHSD-4', 'FHSD-3', 'FHSD-8', 'FHSD-9', 'FHSD-10', 'FHSD-11']) {
    const view = await asPm(key, 'getPlanView');
    const stages = view.phases.flatMap((p: { stages: unknown[] }) => p.stages) as { number: number; status: string; signatures: { check: string; name: string; meaning: string }[] }[];
    expect(stages.flatMap((s) => s.signatures).filter((s) => s.check !== 'valid')).toEqual([]);
    if (key === 'FHSD-4') expect(stages.find((s) => s.number === 12)?.signatures).toEqual([expect.objectContaining({ name: 'Carla Mendes', meaning: expect.stringMatching(/^Validation complete/), check: 'valid' })]);
  }
});
