/**
 * A customer of one organization (Beta) tries every resolver on another organization's ticket (Acme's), from the
 * customer portal: every call is refused, and nothing is stored or posted. The same calls by Acme's own customer show
 * that the refusal is about the organization, not the payload.
 */
import { PAYLOADS, type ResolverName } from '../../src/forge/payloads';
import { PEOPLE, testSettings, type ForgeAppHarness } from '../support/forgeApp';
import { freshApp, kvsState, PORTAL, ticketState, VAL_FORM } from './support';

jest.setTimeout(20_000);

/** A payload each resolver accepts, chosen so that Acme's customer gets through where the stage is theirs. */
const CALLS: Record<ResolverName, unknown> = {
  getPlanView: {},
  getSlotCalendar: {},
  getSlotFeedLink: {},
  getHistory: {},
  getHistoryExport: {},
  getEnvironments: {},
  verifyAudit: {},
  getPlanRecord: {},
  startStage: { stage: 8 },
  completeStage: { stage: 1 },
  skipStage: { stage: 1, reason: 'not needed' },
  blockStage: { stage: 1, reason: 'waiting' },
  reopenStage: { stage: 2, reason: 'again' },
  decideStage: { stage: 24, outcome: 'Go' },
  proposeStage: { stage: 16, value: '2027-03-01T08:00:00.000Z' },
  agreeStage: { stage: 16 },
  declineStage: { stage: 16, reason: 'not that week' },
  reassignStage: { stage: 1, owner: 'acc-acme', reason: 'colleague' },
  handPart: { stage: 11, part: 'FHSD-2', owner: 'acc-acme', reason: 'r' },
  addressPart: { stage: 11, part: 'FHSD-2' },
  recordDocument: { phase: 'readiness', document: 'access-credentials', sentOverSecureChannel: true },
  recordBackup: { instance: 'PROD MAIN', version: '24.1', reference: 'b1' },
  planPhaseEnd: { phase: 'prep-for-upgrade', end: '2027-03-12' },
  recordRestore: { startedAt: '2027-03-01T10:00:00.000Z', endedAt: '2027-03-01T10:40:00.000Z', version: '24.1' },
  provideDetails: { kind: 'valRequest', details: { instances: ['VAL'] } },
  recordIqDocumentation: { instance: 'VAL', reference: 'IQ-1' },
  getSettings: {},
  saveSettings: { settings: testSettings() },
  getOrganizationEnvironments: {},
  registerEnvironment: { environment: { kind: 'Demo', version: '24.1' } },
  editEnvironment: { instance: 'PROD MAIN', version: '24.1.1', reason: 'hotfix' },
  terminateEnvironment: { instance: 'PROD', reason: 'left' },
  recordOnboarding: { sourceDatabaseMigrated: true },
  importEnvironments: { csv: 'organization,kind,version\r\nAcme Clinical,Demo,24.1', dryRun: false },
  searchPeople: { query: 'al', kind: 'customer' },
  getSigningStatus: {},
  setSigningPassphrase: { passphrase: 'a long enough passphrase', confirm: 'a long enough passphrase' },
  getSigningLocks: {},
  unlockSigning: { accountId: 'acc-acme', reason: 'identity confirmed by phone' },
};

/** A person's own signing passphrase and status are theirs, whichever ticket's panel they open them from: about no organization. */
const OWN_SIGNING: readonly ResolverName[] = ['getSigningStatus', 'setSigningPassphrase'];

/** Resolvers that read the plan answer without asking Jira (a panel load is two KVS reads, no Jira call). */
const READS_WITHOUT_CHECK: readonly ResolverName[] = ['getPlanView', 'getHistory', 'getHistoryExport', 'getEnvironments', 'verifyAudit', 'getPlanRecord'];

describe("a customer of another organization on this organization's ticket", () => {
  let app: ForgeAppHarness;
  let key: string;
  beforeAll(async () => {
    app = await freshApp();
    key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
  });
  afterAll(() => app.close());

  test('every resolver has a call here', () => {
    expect(Object.keys(CALLS).sort()).toEqual(Object.keys(PAYLOADS).sort());
  });

  const writes = (Object.keys(CALLS) as ResolverName[]).filter((n) => !READS_WITHOUT_CHECK.includes(n) && !OWN_SIGNING.includes(n));

  test.each(writes)('%s is refused, and nothing changes', async (name) => {
    const kvs = kvsState(app);
    const comments = (await ticketState(app, key)).comments;
    const answer = await app.invoke(name, CALLS[name], { accountId: 'acc-beta', surface: PORTAL, ticketKey: key });
    // environmentKeeper: customers never keep the environment registry (issue #13's resolvers).
    expect(answer).toMatchObject({ ok: false, error: { rule: expect.stringMatching(/^(jiraPermission|projectAdmin|stageOwnership|environmentKeeper)$/) } });
    expect(kvsState(app)).toEqual(kvs);
    expect((await ticketState(app, key)).comments).toEqual(comments);
  });

  // The portal serves a plan only to its organization's people: defence in depth behind the portal's own visibility.
  test.each(READS_WITHOUT_CHECK)('%s is refused', async (name) => {
    const answer = await app.invoke(name, CALLS[name], { accountId: 'acc-beta', surface: PORTAL, ticketKey: key });
    expect(answer.ok).toBe(false);
  });

  test("the same calls by the ticket's own customer are not refused for who they are", async () => {
    const ownership = /^(jiraPermission|projectAdmin)$/;
    const refusedForWho: string[] = [];
    for (const name of ['getPlanView', 'getHistory', 'getHistoryExport', 'getEnvironments', 'verifyAudit', 'getPlanRecord', 'completeStage', 'provideDetails'] as const) {
      const answer = await app.invoke(name, CALLS[name], { accountId: 'acc-acme', surface: PORTAL, ticketKey: key });
      if (!answer.ok && ownership.test(answer.error.rule)) refusedForWho.push(`${name}: ${answer.error.rule}`);
    }
    expect(refusedForWho).toEqual([]);
  });
});
