/**
 * Issue #16, deliverable 1, through the real resolvers, @forge/kvs (its secret storage included) and the Jira stand-in:
 * electronic signatures on the decisive acts, as 21 CFR Part 11 asks for them. Each test is named after the clause it shows.
 */
import type { PlanView } from '../../src/app/planView';
import { SIGNING_LOCKED_MESSAGE } from '../../src/app/signing';
import { passphraseKeyOf, SIGNER_ENTITY } from '../../src/forge/signingStore';
import { testPassphraseOf, type ForgeAppHarness } from '../support/forgeApp';
import { customer, decisionSignature, driveToDecision, engineer, freshApp, kvsState, must, type DecisionWorld } from '../reliability/support';

jest.setTimeout(60_000);

const T = Date.parse('2026-11-23T09:00:00Z');
const stage = (view: PlanView, n: number) => view.phases.flatMap((p) => p.stages).find((s) => s.number === n)!;
const CARLA = 'acc-acme';
const GO_MEANING = 'Go: PROD TEST may be upgraded';

describe('electronic signatures on the decisive acts (21 CFR Part 11)', () => {
  let app: ForgeAppHarness;
  let world: DecisionWorld;
  beforeAll(async () => {
    app = await freshApp();
    app.now = new Date(T);
    // Stage 12 (validation complete) is signed on the way: the customer set her passphrase and signed it.
    world = await driveToDecision(app);
  });
  afterAll(() => app.close());

  const decide = (signature: Record<string, unknown> | undefined, as = customer(world.prod)) => app.invoke<PlanView>('decideStage', { stage: 24, outcome: 'Go', ...(signature ? { signature } : {}) }, as);

  test('§11.200(a)(1) a decisive act cannot happen without a signature: refused naming the field, nothing recorded', async () => {
    const before = kvsState(app);
    expect(await decide(undefined)).toMatchObject({ ok: false, error: { rule: 'signatureRequired', field: 'signature' } });
    expect(kvsState(app)).toEqual(before);
  });

  test('§11.200(a)(1) two distinct components: the account from the Forge context and the person\'s own passphrase', async () => {
    // The payload names no account: an account in it is refused at the edge.
    expect(await decide({ ...decisionSignature(world, 'Go'), accountId: CARLA })).toMatchObject({ ok: false, error: { rule: 'payloadValid', field: 'signature' } });
    // Another person (the PM, in Jira) with Carla's passphrase signs as themselves: their own passphrase is checked, and they have none.
    const pmAnswer = await decide(decisionSignature(world, 'Go'), { accountId: 'acc-pm', ticketKey: world.prod });
    expect(pmAnswer).toMatchObject({ ok: false, error: { rule: 'signingPassphraseSet', field: 'signature.passphrase' } });
    const status = await must<{ accountId: string; name: string; passphraseSet: boolean }>(app, 'getSigningStatus', {}, customer(world.prod));
    expect(status).toMatchObject({ accountId: CARLA, name: 'Alice Acme', passphraseSet: true });
  });

  test('§11.300 bad input: a wrong passphrase, a missing meaning, a record changed since shown: refused with the reason, nothing recorded', async () => {
    const before = kvsState(app);
    const wrong = await decide({ ...decisionSignature(world, 'Go'), passphrase: 'not my passphrase at all' });
    expect(wrong).toMatchObject({ ok: false, error: { rule: 'signingPassphrase', field: 'signature.passphrase', message: expect.stringContaining('4 tries left') } });
    expect(await decide({ passphrase: testPassphraseOf(CARLA), revision: world.revision })).toMatchObject({ ok: false, error: { rule: 'payloadValid', field: 'signature.meaning' } });
    expect(await decide({ ...decisionSignature(world, 'Go'), meaning: 'I agree to everything' })).toMatchObject({ ok: false, error: { rule: 'signatureMeaning', field: 'signature.meaning' } });
    expect(await decide({ ...decisionSignature(world, 'Go'), revision: world.revision - 1 })).toMatchObject({ ok: false, error: { rule: 'signatureStale', field: 'signature.revision' } });
    expect(kvsState(app)).toEqual(before);
    // The later tries had the right passphrase (refused for their meaning or revision): it clears the count of failed tries.
    const status = await must<{ triesLeft: number }>(app, 'getSigningStatus', {}, customer(world.prod));
    expect(status.triesLeft).toBe(5);
  });

  test('§11.50 signature shows printed name, date/time (UTC) and meaning; §11.70 it is bound to its record by a hash', async () => {
    const view = await must<PlanView>(app, 'decideStage', { stage: 24, outcome: 'Go', signature: decisionSignature(world, 'Go') }, customer(world.prod));
    const [signature] = stage(view, 24).signatures;
    expect(signature).toMatchObject({ accountId: CARLA, name: 'Alice Acme', meaning: GO_MEANING, step: 24, attempt: 1, check: 'valid', at: new Date(T).toISOString() });
    expect(signature!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stage(view, 12).signatures.map((s) => [s.name, s.meaning, s.check])).toEqual([['Alice Acme', 'Validation complete: the customer validated the release and its configuration items', 'valid']]);
    // The audit entry of the act carries the same signature.
    const history = await must<{ step: number | null; action: string; after: { signature?: unknown } }[]>(app, 'getHistory', {}, customer(world.prod));
    expect(history.findLast((e) => e.step === 24)?.after.signature).toMatchObject({ hash: signature!.hash, meaning: GO_MEANING, name: 'Alice Acme' });
  });

  test('§11.70 a record changed in storage shows its signature as broken; a signature copied onto another record fails verification', async () => {
    const store = app.host.kvs.store;
    const planRecord = store.scan('entity:plan', { now: Date.now() }).find((r) => JSON.parse(r.json).stored.plan.facts.tickets?.some((t: { key: string }) => t.key === world.prod))!;
    const entity = JSON.parse(planRecord.json);
    const plan = entity.stored.plan;
    const go = plan.signatures.find((s: { step: number }) => s.step === 24);
    // Copied onto stage 23's record (and the stage's hash kept): it is not the record it signed.
    const tampered = { ...entity, stored: { ...entity.stored, plan: { ...plan, signatures: [...plan.signatures, { ...go, step: 23 }], steps: plan.steps.map((s: { number: number; reason: string | null }) => (s.number === 12 ? { ...s, reason: 'edited in storage' } : s)) } } };
    await app.host.runAs(CARLA, async () => {
      const { kvs } = await import('@forge/kvs');
      await kvs.entity('plan').set(planRecord.key, tampered);
    });
    const view = await must<PlanView>(app, 'getPlanView', {}, customer(world.prod));
    expect(stage(view, 23).signatures.map((s) => s.check)).toEqual(['broken']);
    expect(stage(view, 12).signatures.map((s) => s.check)).toEqual(['broken']);
    expect(stage(view, 24).signatures.map((s) => s.check)).toEqual(['valid']);
  });

  test('the passphrase is kept only as a salted scrypt hash in secret storage: never in plain storage, the audit or an answer', async () => {
    const passphrase = testPassphraseOf(CARLA);
    const everything = JSON.stringify([...['kvs', 'entity:plan', 'entity:registry', 'entity:audit', `entity:${SIGNER_ENTITY}`].flatMap((ns) => app.host.kvs.store.scan(ns, { now: Date.now() }).map((r) => r.json))]);
    expect(everything).not.toContain(passphrase);
    const secret = app.host.kvs.store.scan('secret', { now: Date.now() }).find((r) => r.key === passphraseKeyOf(CARLA))!;
    const kept = JSON.parse(secret.json);
    expect(kept).toMatchObject({ algorithm: 'scrypt', N: 32768, r: 8, p: 1, keyLength: 64 });
    expect(Buffer.from(kept.salt, 'base64')).toHaveLength(16);
    expect(secret.json).not.toContain(passphrase);
    const status = await must<Record<string, unknown>>(app, 'getSigningStatus', {}, customer(world.prod));
    expect(JSON.stringify(status)).not.toMatch(/hash|salt|passphrase"/);
  });

  test('changing a passphrase requires the old one; a short or unconfirmed one is refused naming the field', async () => {
    const as = customer(world.prod);
    const current = testPassphraseOf(CARLA);
    expect(await app.invoke('setSigningPassphrase', { passphrase: 'too short', confirm: 'too short' }, as)).toMatchObject({ ok: false, error: { field: 'passphrase' } });
    expect(await app.invoke('setSigningPassphrase', { passphrase: 'a brand new passphrase', confirm: 'a brand new passphrase!' }, as)).toMatchObject({ ok: false, error: { rule: 'passphraseConfirm', field: 'confirm' } });
    expect(await app.invoke('setSigningPassphrase', { passphrase: 'a brand new passphrase', confirm: 'a brand new passphrase' }, as)).toMatchObject({ ok: false, error: { rule: 'passphraseCurrent', field: 'current' } });
    expect(await app.invoke('setSigningPassphrase', { passphrase: 'a brand new passphrase', confirm: 'a brand new passphrase', current: 'not the current one' }, as)).toMatchObject({ ok: false, error: { rule: 'signingPassphrase', field: 'current' } });
    expect(await app.invoke('setSigningPassphrase', { passphrase: 'a brand new passphrase', confirm: 'a brand new passphrase', current }, as)).toMatchObject({ ok: true, data: { passphraseSet: true, triesLeft: 5 } });
    expect(await app.invoke('setSigningPassphrase', { passphrase: current, confirm: current, current: 'a brand new passphrase' }, as)).toMatchObject({ ok: true });
  });

  test('§11.300 five failures lock signing until an admin unlocks it with a reason', async () => {
    const as = customer(world.prod);
    const sign = (passphrase: string) => app.invoke('decideStage', { stage: 24, outcome: 'Go', signature: { passphrase, revision: 0, meaning: GO_MEANING } }, as);
    for (let i = 0; i < 4; i += 1) expect(await sign('wrong passphrase')).toMatchObject({ ok: false, error: { rule: 'signingPassphrase' } });
    expect(await sign('wrong passphrase')).toMatchObject({ ok: false, error: { rule: 'signingLocked', message: SIGNING_LOCKED_MESSAGE } });
    // Locked: even the right passphrase is refused, and the person is told why.
    expect(await sign(testPassphraseOf(CARLA))).toMatchObject({ ok: false, error: { rule: 'signingLocked', message: 'Signing is locked after 5 failed attempts; ask your service desk admin to unlock it' } });
    expect(await must(app, 'getSigningStatus', {}, as)).toMatchObject({ locked: true, triesLeft: 0, message: SIGNING_LOCKED_MESSAGE });
    // Only a project admin unlocks, with a reason; the customer and the PM cannot.
    expect(await app.invoke('unlockSigning', { accountId: CARLA, reason: 'self' }, as)).toMatchObject({ ok: false, error: { rule: 'projectAdmin' } });
    expect(await app.invoke('unlockSigning', { accountId: CARLA, reason: 'asked' }, { accountId: 'acc-pm', ticketKey: world.prod })).toMatchObject({ ok: false, error: { rule: 'projectAdmin' } });
    const settingsPage = { accountId: 'acc-admin', surface: 'jira:projectSettingsPage' as const };
    expect(await app.invoke('unlockSigning', { accountId: CARLA }, settingsPage)).toMatchObject({ ok: false, error: { rule: 'payloadValid', field: 'reason' } });
    expect(await must(app, 'getSigningLocks', {}, settingsPage)).toEqual([expect.objectContaining({ accountId: CARLA, name: 'Alice Acme' })]);
    expect(await must(app, 'unlockSigning', { accountId: CARLA, reason: 'Carla called the service desk; identity confirmed by her PM' }, settingsPage)).toEqual({ accountId: CARLA, locked: false });
    expect(await must(app, 'getSigningLocks', {}, settingsPage)).toEqual([]);
    expect(await must(app, 'getSigningStatus', {}, as)).toMatchObject({ locked: false, triesLeft: 5 });
    // The lock and the unlock are in the signing audit trail, with who, when and why.
    const audit = app.host.kvs.store.scan('entity:audit', { now: Date.now() }).map((r) => JSON.parse(r.json)).filter((e) => e.planId === `signing:${CARLA}`);
    expect(audit.map((e) => [e.entry.action, e.entry.actor.accountId, e.entry.reason])).toEqual(
      expect.arrayContaining([
        ['signing passphrase set', CARLA, null],
        ['signing locked', CARLA, '5 failed signing attempts'],
        ['signing unlocked', 'acc-admin', 'Carla called the service desk; identity confirmed by her PM'],
      ]),
    );
  });
});

describe('signPlanStage reads the plan once and hands it to the act', () => {
  let app: ForgeAppHarness;
  let world: DecisionWorld;
  beforeEach(async () => {
    app = await freshApp();
    app.now = new Date(T);
    world = await driveToDecision(app);
  });
  afterEach(() => app.close());

  test("a signed Go reads the signer's lock state and passphrase record, and nothing else more than an unsigned act", async () => {
    const readRequests = (): number => Object.entries(app.host.counters.kvs.byPath).filter(([path]) => /\/(get|query)$/.test(path)).reduce((n, [, c]) => n + c.requests, 0);
    app.host.resetCounters();
    await must(app, 'decideStage', { stage: 24, outcome: 'Go', signature: decisionSignature(world, 'Go') }, customer(world.prod));
    const signed = readRequests();
    // The next stage, unsigned, by its owner.
    app.host.resetCounters();
    await must(app, 'completeStage', { stage: 25 }, engineer(world.prod));
    expect(signed).toBe(readRequests() + 2);
  });

  test('a plan changed while the passphrase is checked is read again: the signature is refused as stale, nothing of it recorded', async () => {
    // The engineer's change lands while the customer's passphrase is being checked (a deliberately slow hash).
    const [go, blocked] = await Promise.all([
      app.invoke<PlanView>('decideStage', { stage: 24, outcome: 'Go', signature: decisionSignature(world, 'Go') }, customer(world.prod)),
      app.invoke<PlanView>('blockStage', { stage: 26, reason: 'The PROD MAIN backup server is down' }, engineer(world.prod)),
    ]);
    expect(blocked.ok).toBe(true);
    expect(go).toMatchObject({ ok: false, error: { rule: 'signatureStale', field: 'signature.revision' } });
    const view = await must<PlanView>(app, 'getPlanView', {}, customer(world.prod));
    expect(stage(view, 24).status).not.toBe('done');
  });
});
