/**
 * Issue #14: an engineer's slot feed, through the real Forge packages on the local host: what it holds (their slots,
 * tentative until agreed), and that a link stops opening anything once its owner is no longer an engineer of the
 * project or no longer active in Jira. The web trigger's HTTP side is in test/local/runtime/slotFeed.test.ts.
 */
import { feedEventOf, isProjectEngineer, slotFeedOf } from '../../src/app/slotFeed';
import { answerSlotFeedRequest, KvsSlotFeedStore } from '../../src/forge/slotFeed';
import { ForgeAppHarness, PEOPLE, testSettings } from '../support/forgeApp';
import { freshApp, must, pm, PORTAL, SLOT, toSlot } from '../reliability/support';

jest.setTimeout(60_000);

async function toProposedSlot(app: ForgeAppHarness): Promise<string> {
  const prod = await toSlot(app, PEOPLE.acmeCustomer!, '1');
  await must(app, 'proposeStage', { stage: 16, value: SLOT, hours: 6 }, pm(prod));
  return prod;
}

const feedRequest = (token: string) => ({ method: 'GET', path: `/public/abc/${token}/slots.ics`, userPath: `/${token}/slots.ics`, headers: {}, queryParameters: {} });

describe('slotFeedOf', () => {
  let app: ForgeAppHarness;
  const feeds = new KvsSlotFeedStore();
  beforeEach(async () => {
    app = await freshApp();
  });
  afterEach(() => app.close());

  test('holds the engineer\'s proposed slot as TENTATIVE, then CONFIRMED once the customer agrees', async () => {
    const prod = await toProposedSlot(app);
    const token = await app.host.runAs(undefined, () => feeds.tokenFor({ accountId: 'acc-eng', projectKey: 'FHSD' }, false));
    const proposed = await app.host.runAs(undefined, () => slotFeedOf(app.triggerPorts(), feeds, token));
    expect(proposed).toContain('STATUS:TENTATIVE');
    expect(proposed).toContain('DTEND:20270301T140000Z');
    await must(app, 'agreeStage', { stage: 16 }, { accountId: 'acc-acme', surface: PORTAL, ticketKey: prod });
    const confirmed = await app.host.runAs(undefined, () => slotFeedOf(app.triggerPorts(), feeds, token));
    expect(confirmed).toContain('STATUS:CONFIRMED');
    expect(confirmed).not.toContain('STATUS:TENTATIVE');
  });

  test('opens nothing once its owner is no longer an engineer of the project, or no longer active in Jira', async () => {
    await toProposedSlot(app);
    const token = await app.host.runAs(undefined, () => feeds.tokenFor({ accountId: 'acc-eng', projectKey: 'FHSD' }, false));
    const answer = () => app.host.runAs(undefined, () => answerSlotFeedRequest(feedRequest(token), app.triggerPorts(), feeds));
    expect((await answer()).statusCode).toBe(200);

    const settings = testSettings();
    await app.saveSettings({ ...settings, roles: { ...settings.roles, projectDefault: { ...settings.roles.projectDefault, 'IQVIA Engineer': ['acc-support'] }, organizations: {} } });
    expect((await answer()).statusCode).toBe(404);

    await app.saveSettings(settings);
    expect((await answer()).statusCode).toBe(200);
    const erik = app.jira.store.findUser('acc-eng')!;
    app.jira.store.saveUser({ ...erik, active: false });
    expect((await answer()).statusCode).toBe(404);
  });

  test('a malformed web trigger request is refused naming its field, and reads nothing', async () => {
    const answer = await app.host.runAs(undefined, () => answerSlotFeedRequest({ path: '/x' }, app.triggerPorts(), feeds));
    expect(answer).toMatchObject({ statusCode: 400, body: expect.stringContaining('method') });
  });
});

describe('isProjectEngineer', () => {
  test('an engineer of the project default or of any organization works the project\'s slots; nobody else', () => {
    const roles = { projectDefault: { 'IQVIA Engineer': ['a'] }, organizations: { '7': { 'IQVIA Engineer': ['b'] }, '8': { 'IQVIA PM': ['c'] } } };
    expect(isProjectEngineer({ roles }, 'a')).toBe(true);
    expect(isProjectEngineer({ roles }, 'b')).toBe(true);
    expect(isProjectEngineer({ roles }, 'c')).toBe(false);
  });
});

describe('feedEventOf', () => {
  test('names the customer, the ticket and the conflicts of the slot', () => {
    const event = feedEventOf({
      planId: 'p1', organizationId: '1', customer: 'Acme', plan: 'Upgrade to 25.1', ticketKey: 'FHSD-4', phase: 'Day of Upgrade',
      start: '2027-03-01T08:00:00.000Z', end: '2027-03-01T12:00:00.000Z', hours: 4, state: 'confirmed', attempt: 2, revision: 40,
      conflicts: [{ type: 'nonWorkingDay', day: '2027-03-01', text: '2027-03-01 is not a working day of the project\'s calendar' }],
    }, new Date('2027-01-01T00:00:00Z'));
    expect(event).toMatchObject({ summary: 'ClinSpark upgrade, Acme (FHSD-4)', status: 'CONFIRMED', sequence: 40 });
    expect(event.description).toContain('attempt 2');
    expect(event.description).toContain('Conflict: 2027-03-01 is not a working day');
  });
});
