/**
 * Issue #16, deliverable 1 for IQ documentation records, through the real resolvers, @forge/kvs and the Jira stand-in:
 * the engineer's IQ record of a VAL or PROD instance is signed (21 CFR Part 11), bound to its record, and checked.
 */
import type { InstanceView } from '../../src/app/environmentsView';
import type { PlanView } from '../../src/app/planView';
import { IQ_SIGNATURE_MEANING } from '../../src/domain/environments/iqSignature';
import { PEOPLE, testPassphraseOf, type ForgeAppHarness } from '../support/forgeApp';
import { customer, engineer, freshApp, kvsState, must, pm, support, VAL_FORM, type Caller } from '../reliability/support';

jest.setTimeout(60_000);

const T = Date.parse('2026-11-23T09:00:00Z');
const ENGINEER = 'acc-eng';

describe('signed IQ documentation records (21 CFR Part 11)', () => {
  let app: ForgeAppHarness;
  let val: string;
  beforeAll(async () => {
    app = await freshApp();
    app.now = new Date(T);
    app.autoDeliver = true;
    val = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
    await app.decideConfiguration(val, 'valRequest');
    await must(app, 'completeStage', { stage: 1 }, customer(val));
    for (const stage of [3, 4]) await must(app, 'completeStage', { stage }, pm(val));
    // Stage 6 started: the VAL pair is provisioning and waits for its IQ documentation.
    await must(app, 'startStage', { stage: 6 }, engineer(val));
    for (const as of [engineer(val), pm(val)]) {
      const passphrase = testPassphraseOf(as.accountId);
      await must(app, 'setSigningPassphrase', { passphrase, confirm: passphrase }, as);
    }
  });
  afterAll(() => app.close());

  const shown = async (as: Caller = engineer(val)): Promise<InstanceView> => (await must<InstanceView[]>(app, 'getEnvironments', {}, as)).find((e) => e.name === 'VAL MAIN')!;
  const signature = async (overrides: Record<string, unknown> = {}) => {
    const view = await shown();
    return { passphrase: testPassphraseOf(ENGINEER), revision: view.registryRevision, meaning: view.iqSignatureMeaning, ...overrides };
  };
  const record = (sig: Record<string, unknown> | undefined, as: Caller = engineer(val)) => app.invoke<PlanView>('recordIqDocumentation', { instance: 'VAL', reference: 'IQ-VAL-25.2', ...(sig ? { signature: sig } : {}) }, as);

  test('requireIqSigner: the Environments tab shows what signing means and the registry revision it shows', async () => {
    const view = await shown();
    expect(view).toMatchObject({ iqSignatureMeaning: IQ_SIGNATURE_MEANING, registryRevision: expect.any(Number) });
    // The portal records nothing of IQ: it is offered no signature.
    expect((await shown(customer(val))).iqSignatureMeaning).toBeNull();
  });

  test('§11.200(a)(1) an IQ record cannot be made without a signature: refused naming the field, nothing recorded', async () => {
    const before = kvsState(app);
    expect(await record(undefined)).toMatchObject({ ok: false, error: { rule: 'signatureRequired', field: 'signature' } });
    expect(kvsState(app)).toEqual(before);
  });

  test('§11.300 bad input: a wrong passphrase, another meaning, environments changed since shown: refused, nothing recorded', async () => {
    const before = kvsState(app);
    expect(await record(await signature({ passphrase: 'not the engineer passphrase' }))).toMatchObject({ ok: false, error: { rule: 'signingPassphrase', field: 'signature.passphrase', message: expect.stringContaining('4 tries left') } });
    expect(await record(await signature({ meaning: 'I qualified something' }))).toMatchObject({ ok: false, error: { rule: 'signatureMeaning', field: 'signature.meaning' } });
    const { registryRevision } = await shown();
    expect(await record(await signature({ revision: registryRevision - 1 }))).toMatchObject({ ok: false, error: { rule: 'signatureStale', field: 'signature.revision' } });
    // The wrong try was counted in the signing state (not the plan or registry); the right ones since cleared it.
    const after = kvsState(app);
    const planAndRegistry = (state: Record<string, unknown>) => Object.fromEntries(Object.entries(state).filter(([key]) => /entity:(plan|registry|audit)\//.test(key)));
    expect(planAndRegistry(after)).toEqual(planAndRegistry(before));
    expect(await must(app, 'getSigningStatus', {}, engineer(val))).toMatchObject({ triesLeft: 5 });
  });

  test('only IQVIA records IQ documentation: support is refused for their role before their passphrase is tried', async () => {
    const refused = await record({ passphrase: 'whatever it is, it is not checked', revision: 0, meaning: IQ_SIGNATURE_MEANING }, support(val));
    expect(refused).toMatchObject({ ok: false, error: { rule: 'stageOwnership', field: 'actor' } });
    expect(await must(app, 'getSigningStatus', {}, support(val))).toMatchObject({ passphraseSet: false, triesLeft: 5 });
  });

  test('§11.50 the signed record shows the printed name, the time (UTC) and the meaning; §11.70 each instance\'s record is bound by its own hash', async () => {
    const view = await must<PlanView>(app, 'recordIqDocumentation', { instance: 'VAL', reference: 'IQ-VAL-25.2', signature: await signature() }, engineer(val));
    const signed = (view.environments ?? []).filter((e) => e.kind === 'VAL').map((e) => [e.name, e.iqDocumentation.at(-1)!.signature]);
    expect(signed).toEqual([
      ['VAL MAIN', { name: 'Eric Engineer', at: new Date(T).toISOString(), meaning: IQ_SIGNATURE_MEANING, check: 'valid' }],
      ['VAL TEST', { name: 'Eric Engineer', at: new Date(T).toISOString(), meaning: IQ_SIGNATURE_MEANING, check: 'valid' }],
    ]);
    const kept = registryRecord().instances.filter((i: { kind: string }) => i.kind === 'VAL').map((i: { iqDocumentation: { signature: { hash: string } }[] }) => i.iqDocumentation.at(-1)!.signature.hash);
    expect(kept[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(kept[0]).not.toBe(kept[1]);
    // The registry's audit entry carries the meaning and the hashes.
    const audit = app.host.kvs.store.scan('entity:audit', { now: Date.now() }).map((r) => JSON.parse(r.json)).filter((e) => e.entry.action === 'record IQ documentation');
    expect(audit.at(-1).entry.after).toMatchObject({ reference: 'IQ-VAL-25.2', signed: IQ_SIGNATURE_MEANING, hashes: kept });
  });

  test('§11.70 a record changed in storage, or a signature copied onto another record, shows as broken', async () => {
    const entity = registryEntity();
    const registry = entity.value.registry ?? entity.value;
    const instances = registry.instances.map((i: { name: string; iqDocumentation: Record<string, unknown>[] }) => {
      const main = registry.instances.find((m: { name: string }) => m.name === 'VAL MAIN');
      if (i.name === 'VAL MAIN') return { ...i, iqDocumentation: i.iqDocumentation.map((d, n) => (n === i.iqDocumentation.length - 1 ? { ...d, reference: 'IQ-VAL-EDITED' } : d)) };
      if (i.name === 'VAL TEST') return { ...i, iqDocumentation: i.iqDocumentation.map((d, n) => (n === i.iqDocumentation.length - 1 ? { ...d, signature: main.iqDocumentation.at(-1).signature } : d)) };
      return i;
    });
    const tampered = entity.value.registry ? { ...entity.value, registry: { ...registry, instances } } : { ...registry, instances };
    await app.host.runAs(ENGINEER, async () => {
      const { kvs } = await import('@forge/kvs');
      await kvs.entity('registry').set(entity.key, tampered);
    });
    const checks = (await must<InstanceView[]>(app, 'getEnvironments', {}, engineer(val))).filter((e) => e.kind === 'VAL').map((e) => [e.name, e.iqDocumentation.at(-1)!.signature?.check]);
    expect(checks).toEqual([
      ['VAL MAIN', 'broken'],
      ['VAL TEST', 'broken'],
    ]);
  });

  test('§11.300(d) two wrong tries racing at the fifth count both and lock signing once', async () => {
    const as = pm(val);
    const wrong = () => app.invoke('recordIqDocumentation', { instance: 'VAL', reference: 'IQ-X', signature: { passphrase: 'not the pm passphrase', revision: 0, meaning: IQ_SIGNATURE_MEANING } }, as);
    for (let i = 0; i < 3; i += 1) expect(await wrong()).toMatchObject({ ok: false, error: { rule: 'signingPassphrase' } });
    const raced = await Promise.all([wrong(), wrong()]);
    expect(raced.map((a) => !a.ok && a.error.rule).sort()).toEqual(['signingLocked', 'signingPassphrase']);
    expect(await must(app, 'getSigningStatus', {}, as)).toMatchObject({ locked: true, triesLeft: 0 });
    const locks = app.host.kvs.store.scan('entity:audit', { now: Date.now() }).map((r) => JSON.parse(r.json)).filter((e) => e.planId === 'signing:acc-pm' && e.entry.action === 'signing locked');
    expect(locks).toHaveLength(1);
  });

  function registryEntity(): { key: string; value: any } {
    const found = app.host.kvs.store.scan('entity:registry', { now: Date.now() }).map((r) => ({ key: r.key, value: JSON.parse(r.json) })).find((r) => JSON.stringify(r.value).includes('"VAL MAIN"'))!;
    return found;
  }
  function registryRecord(): any {
    const { value } = registryEntity();
    return value.registry ?? value;
  }
});
