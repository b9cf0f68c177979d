/**
 * 10,000 generated bad payloads (fast-check) against every resolver, through the real resolver definitions: each is refused
 * with { ok: false, error: { rule, field, message } }, none writes anything (KVS write counter and a snapshot of KVS and
 * the ticket's comments), none escapes as an exception, and none is answered 'internal'.
 */
import fc from 'fast-check';
import { PAYLOADS, type ResolverName } from '../../src/forge/payloads';
import { settingsSchema } from '../../src/app/projectSettings';
import { PEOPLE, testSettings, type ForgeAppHarness, type Surface } from '../support/forgeApp';
import { freshApp, kvsState, ticketState, VAL_FORM } from './support';

jest.setTimeout(20_000);

const TOTAL = 10_000;
const NAMES = Object.keys(PAYLOADS) as ResolverName[];

/** A valid payload of each resolver: the generators break it in one place, or replace it outright. */
const VALID: Record<ResolverName, Record<string, unknown>> = {
  getPlanView: {},
  getSlotCalendar: {},
  getSlotFeedLink: {},
  getHistory: {},
  getHistoryExport: {},
  startStage: { stage: 8, reason: 'starting' },
  completeStage: { stage: 3, reason: 'done' },
  proposeStage: { stage: 16, value: '2027-03-01T08:00:00.000Z', reason: 'none of the preferred slots fits' },
  agreeStage: { stage: 16 },
  declineStage: { stage: 16, reason: 'our site is closed that week' },
  reassignStage: { stage: 15, owner: 'acc-eng', reason: 'on leave' },
  handPart: { stage: 11, part: 'FHSD-2', owner: 'acc-eng', reason: 'needs engineering' },
  addressPart: { stage: 11, part: 'FHSD-2', note: 'fixed' },
  skipStage: { stage: 8, reason: 'not needed' },
  blockStage: { stage: 8, reason: 'waiting' },
  reopenStage: { stage: 2, reason: 'again' },
  decideStage: { stage: 24, outcome: 'No-Go', reason: 'QC differences' },
  recordDocument: { phase: 'readiness', document: 'access-credentials', sentOverSecureChannel: true },
  recordBackup: { instance: 'PROD MAIN', version: '24.1', reference: 'snap-1', reason: 'override' },
  planPhaseEnd: { phase: 'prep-for-upgrade', end: '2027-03-12', reason: 'override' },
  recordRestore: { startedAt: '2027-03-01T10:00:00.000Z', endedAt: '2027-03-01T10:40:00.000Z', version: '24.1', note: 'restored', reason: 'override' },
  provideDetails: { kind: 'valRequest', details: { targetVersion: '25.2', instances: ['VAL'], configuration: { mode: 'keep-listed', keep: ['report A'] }, preferredSlots: ['2027-03-01T08:00:00.000Z'] } },
  getEnvironments: {},
  verifyAudit: {},
  getPlanRecord: {},
  recordIqDocumentation: { instance: 'VAL', reference: 'IQ-1' },
  getSettings: {},
  saveSettings: { settings: testSettings() as unknown as Record<string, unknown> },
  getOrganizationEnvironments: { organizationId: '1' },
  registerEnvironment: { organizationId: '1', environment: { kind: 'PROD', version: '24.1', iqDocumentation: { reference: 'IQ-1', documentedOn: '2026-01-05', version: '24.1' } }, onboarding: { contractSignedOn: '2025-12-01' } },
  editEnvironment: { organizationId: '1', instance: 'PROD MAIN', version: '24.1.1', reason: 'hotfix' },
  terminateEnvironment: { organizationId: '1', instance: 'PROD', reason: 'left' },
  recordOnboarding: { organizationId: '1', contractSignedOn: '2025-12-01', sourceDatabaseMigrated: true },
  importEnvironments: { csv: 'organization,kind,version\r\nAcme Clinical,Demo,24.1', dryRun: true },
  searchPeople: { query: 'al', kind: 'customer' },
  getSigningStatus: {},
  setSigningPassphrase: { passphrase: 'a long enough passphrase', confirm: 'a long enough passphrase' },
  getSigningLocks: {},
  unlockSigning: { accountId: 'acc-acme', reason: 'identity confirmed by phone' },
};

/**
 * Whether a payload is bad: refused by the resolver's edge schema, or (saveSettings) settings the app cannot accept.
 * @forge/resolver hands a falsy payload (false, 0, '', null) to the function as {}, so those are good for the
 * resolvers that take nothing.
 */
function isBad(name: ResolverName, payload: unknown): boolean {
  const parsed = PAYLOADS[name].safeParse(payload || {});
  if (!parsed.success) return true;
  if (name !== 'saveSettings') return false;
  const settings = (parsed.data as { settings: unknown }).settings;
  const checked = settingsSchema.safeParse(settings);
  return !checked.success || checked.data.projectKey !== 'FHSD';
}

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom<unknown>(null, '', '   ', -1, 0, 0.5, 29, 1e21, -0, '3', 'Go ', 'x'.repeat(2001), 'y'.repeat(256), [], {}, true, 'PROD', '2027-13-45', 'FHSD-2', '<script>alert(1)</script>'),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const extraKey = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('issueKey', 'accountId', 'role', 'ticketKey', 'organizationId', '__proto__', 'constructor', 'prototype'));

type Path = readonly (string | number)[];

/** Every path into a value (objects and arrays), the root included. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => pathsOf((value as Record<string | number, unknown>)[k], [...prefix, k]))];
}

/** A deep copy of `value` with `edit` applied to the container at `path`. */
function edited(value: unknown, path: Path, edit: (container: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  if (path.length === 0) return copy;
  let container = copy;
  for (const key of path.slice(0, -1)) container = container[key] as Record<string | number, unknown>;
  edit(container, path.at(-1)!);
  return copy;
}

function badPayloads(name: ResolverName): fc.Arbitrary<unknown> {
  const valid = VALID[name];
  const paths = pathsOf(valid);
  const inner = paths.filter((p) => p.length > 0);
  const objects = paths.filter((p) => {
    let v: unknown = valid;
    for (const k of p) v = (v as Record<string | number, unknown>)[k];
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
  const variants: fc.Arbitrary<unknown>[] = [
    // Anything at all, as JSON would carry it, or JSON text parsed (own "__proto__" keys included).
    fc.jsonValue({ maxDepth: 3 }),
    fc.json({ maxDepth: 2 }).map((text) => JSON.parse(text) as unknown),
    fc.anything({ maxDepth: 2 }),
    // The valid payload with an extra key somewhere: strict schemas refuse it.
    fc.tuple(fc.constantFrom(...objects), extraKey, junk).map(([path, key, v]) => {
      const target = path.length === 0 ? { ...valid } : edited(valid, path, () => undefined);
      let container = target as Record<string, unknown>;
      for (const k of path) container = container[k as string] as Record<string, unknown>;
      Object.defineProperty(container, key, { value: v, enumerable: true, writable: true, configurable: true });
      return target;
    }),
  ];
  if (inner.length > 0) {
    // One value replaced by junk, or removed.
    variants.push(fc.tuple(fc.constantFrom(...inner), junk).map(([path, v]) => edited(valid, path, (c, k) => void (c[k] = v))));
    variants.push(fc.constantFrom(...inner).map((path) => edited(valid, path, (c, k) => void delete c[k])));
  }
  return fc.oneof(...variants).filter((payload) => isBad(name, payload));
}

function caller(name: ResolverName, ticketKey: string): { accountId: string; surface: Surface; ticketKey?: string } {
  return name === 'getSettings' || name === 'saveSettings' || name === 'searchPeople' ? { accountId: 'acc-admin', surface: 'jira:projectSettingsPage' } : { accountId: 'acc-pm', surface: 'jira:issuePanel', ticketKey };
}

describe(`${TOTAL} bad payloads against every resolver`, () => {
  let app: ForgeAppHarness;
  let key: string;
  let kvsBefore: Record<string, unknown>;
  let commentsBefore: unknown[];
  let runs = 0;
  const refusals: Record<string, number> = {};
  const escaped: unknown[] = [];
  const onUnhandled = (reason: unknown) => void escaped.push(reason);

  beforeAll(async () => {
    app = await freshApp();
    key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    kvsBefore = kvsState(app);
    commentsBefore = (await ticketState(app, key)).comments;
    app.host.resetCounters();
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    app.close();
  });

  test('every resolver has payload generators', () => {
    expect([...NAMES].sort()).toEqual(Object.keys(VALID).sort());
  });

  test.each(NAMES.map((name, i) => [name, i] as const))('%s: each bad payload is refused with its rule, field and message', async (name, i) => {
    const numRuns = Math.floor(TOTAL / NAMES.length) + (i < TOTAL % NAMES.length ? 1 : 0);
    await fc.assert(
      fc.asyncProperty(badPayloads(name), async (payload) => {
        runs += 1;
        const answer = await app.invoke(name, payload, caller(name, key));
        expect(answer).toEqual({ ok: false, error: { rule: expect.any(String), field: expect.any(String), message: expect.any(String) } });
        if (answer.ok) return;
        expect(answer.error.rule).not.toBe('internal');
        expect(answer.error.message.length).toBeGreaterThan(10);
        expect(answer.error.field?.length).toBeGreaterThan(0);
        refusals[`${name} ${answer.error.rule}`] = (refusals[`${name} ${answer.error.rule}`] ?? 0) + 1;
      }),
      { numRuns, seed: 7_000 + i },
    );
    expect(escaped).toEqual([]);
  });

  test(`all ${TOTAL} were tried; none wrote to KVS or Jira; none escaped`, async () => {
    expect(runs).toBe(TOTAL);
    expect(app.host.counters.kvs.writes).toBe(0);
    expect(app.host.counters.kvs.byPath['/api/v1/transaction']).toBeUndefined();
    expect(kvsState(app)).toEqual(kvsBefore);
    expect((await ticketState(app, key)).comments).toEqual(commentsBefore);
    expect(Object.keys(app.host.counters.jira.byRoute).filter((route) => !route.startsWith('GET '))).toEqual([]);
    expect(escaped).toEqual([]);
    console.log(`${runs} bad payloads refused: ${Object.entries(refusals).map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  });
});
