/**
 * Issue #16, the tamper-evident audit trail (21 CFR Part 11 §11.10(e), EU GMP Annex 11 §9): the chain is written by the
 * real resolvers and triggers into the KVS emulator through the real @forge/kvs, then entries are changed, removed and
 * reordered in storage behind the app's back; `verifyAudit`, which reads storage and trusts only the context's issue,
 * names each break.
 */
import { kvs } from '@forge/kvs';
import type { AuditVerification } from '../../src/app/planRecord';
import { chainedRegistryCommit, verifyTrail, wholeTrail } from '../../src/app/auditTrail';
import { auditEntry } from '../../src/domain/audit';
import { createRegistry, type EnvironmentRegistry } from '../../src/domain/environments/registry';
import { KvsPlanRepository } from '../../src/forge/planStore';
import { AUDIT_ENTITY, auditEntityKeyOf, PLAN_ENTITY, REGISTRY_ENTITY, type AuditEntity, type PlanEntity, type RegistryEntity } from '../../src/forge/planStore';
import { PEOPLE, type ForgeAppHarness } from '../support/forgeApp';
import { customer, driveToDecision, freshApp, kvsState, must, mustAct, pm, VAL_FORM } from '../reliability/support';

jest.setTimeout(60_000);

const PLAN_ID = 'upgrade-1-25.2';

const audit = () => kvs.entity<AuditEntity>(AUDIT_ENTITY);
const entityOf = async (subject: string, seq: number): Promise<AuditEntity> => (await audit().get(auditEntityKeyOf(subject, seq)))!;
const planRecord = async (): Promise<PlanEntity> => (await kvs.entity<PlanEntity>(PLAN_ENTITY).get(PLAN_ID))!;

async function verify(app: ForgeAppHarness, ticketKey: string): Promise<AuditVerification> {
  return must<AuditVerification>(app, 'verifyAudit', {}, pm(ticketKey));
}

describe('§11.10(e) audit trail: the chain in storage', () => {
  let app: ForgeAppHarness;
  let prod: string;
  let revision: number;
  beforeAll(async () => {
    app = await freshApp();
    ({ prod } = await driveToDecision(app));
    // The Go moves the registry (PROD TEST upgraded): both trails carry linked entries.
    await mustAct(app, 'decideStage', { stage: 24, outcome: 'Go' }, customer(prod));
    revision = (await planRecord()).revision;
  });
  afterAll(() => app.close());

  /** Runs a tamper on the audit records, verifies, and writes every audit record back as it was. */
  async function tampered(tamper: () => Promise<void>): Promise<AuditVerification> {
    const registry = (await kvs.entity<RegistryEntity>(REGISTRY_ENTITY).get('1'))!;
    const subjects: [string, number][] = [[PLAN_ID, revision], [registry.registry.id, registry.revision]];
    const saved: [string, AuditEntity][] = [];
    for (const [subject, last] of subjects) for (let seq = 1; seq <= last; seq += 1) saved.push([auditEntityKeyOf(subject, seq), await entityOf(subject, seq)]);
    try {
      await tamper();
      return await verify(app, prod);
    } finally {
      for (const [key, record] of saved) await audit().set(key, record);
    }
  }

  test('§11.10(e) audit trail: the untouched trail verifies, ends at the head the plan record keeps, and verifying writes nothing', async () => {
    const before = kvsState(app);
    const result = await verify(app, prod);
    expect(result.plan).toMatchObject({ ok: true, entries: revision, broken: null, predating: null, subject: PLAN_ID });
    expect(result.plan.head).toBe((await planRecord()).stored.auditHead);
    expect(result.plan.head).toMatch(/^[0-9a-f]{64}$/);
    expect(result.plan.summary).toContain(`Audit trail of this plan verified: ${revision} entries`);
    // The registry was seeded as an older release left it (no hashes), then moved by the plan: its old entries predate the chain.
    const registry = (await kvs.entity<RegistryEntity>(REGISTRY_ENTITY).get('1'))!;
    expect(result.registry).toMatchObject({ ok: true, entries: registry.revision, head: registry.registry.auditHead });
    expect(result.registry.predating).toEqual({ from: 1, to: 6 });
    expect(result.registry.summary).toContain('Entries 1–6 predate the chain');
    expect(kvsState(app)).toEqual(before);
  });

  test('§11.10(e) audit trail: a changed entry is detected and named', async () => {
    const result = await tampered(async () => {
      const record = await entityOf(PLAN_ID, 5);
      await audit().set(auditEntityKeyOf(PLAN_ID, 5), { ...record, entry: { ...record.entry, reason: 'backdated approval' } });
    });
    expect(result.plan).toMatchObject({ ok: false, head: null, broken: { kind: 'changed', seq: 5 } });
    expect(result.plan.summary).toBe('Audit trail of this plan is BROKEN: entry 5 was changed after it was written (it no longer matches its hash).');
  });

  test('§11.10(e) audit trail: a changed entry whose hash was recomputed breaks the link of the next one', async () => {
    const { entryHash } = await import('../../src/domain/auditChain');
    const result = await tampered(async () => {
      const record = await entityOf(PLAN_ID, 5);
      const entry = { ...record.entry, actor: { ...record.entry.actor, accountId: 'acc-someone-else' } };
      const hash = entryHash({ planId: PLAN_ID, seq: 5, ...entry }, entry.prevHash ?? null);
      await audit().set(auditEntityKeyOf(PLAN_ID, 5), { ...record, entry: { ...entry, hash } });
    });
    expect(result.plan.broken).toEqual({ kind: 'removed', after: 5, before: 6 });
  });

  test('§11.10(e) audit trail: a removed entry is detected and named', async () => {
    const result = await tampered(() => audit().delete(auditEntityKeyOf(PLAN_ID, 7)));
    expect(result.plan).toMatchObject({ ok: false, broken: { kind: 'removed', after: 6, before: 8 } });
    expect(result.plan.summary).toContain('an entry between 6 and 8 was removed');
  });

  test('§11.10(e) audit trail: the last entry removed is detected against the plan record', async () => {
    const result = await tampered(() => audit().delete(auditEntityKeyOf(PLAN_ID, revision)));
    expect(result.plan.broken).toEqual({ kind: 'removed', after: revision - 1, before: null });
    expect(result.plan.summary).toContain(`entries after entry ${revision - 1} were removed`);
  });

  test('§11.10(e) audit trail: reordered entries are detected and named', async () => {
    const result = await tampered(async () => {
      // Entries 9 and 10 swap places: each keeps its key and sequence number, their contents (and hashes) trade.
      const nine = await entityOf(PLAN_ID, 9);
      const ten = await entityOf(PLAN_ID, 10);
      await audit().set(auditEntityKeyOf(PLAN_ID, 9), { ...nine, entry: ten.entry });
      await audit().set(auditEntityKeyOf(PLAN_ID, 10), { ...ten, entry: nine.entry });
    });
    expect(result.plan).toMatchObject({ ok: false, broken: { kind: 'reordered', seq: 9 } });
    expect(result.plan.summary).toContain('entry 9 is out of its place');
  });

  test("§11.10(e) audit trail: a change to the environments' trail is detected and named", async () => {
    const registry = (await kvs.entity<RegistryEntity>(REGISTRY_ENTITY).get('1'))!;
    const last = registry.revision;
    const result = await tampered(async () => {
      const record = await entityOf(registry.registry.id, last);
      await audit().set(auditEntityKeyOf(registry.registry.id, last), { ...record, entry: { ...record.entry, after: { ...record.entry.after, version: '99.9' } } });
    });
    expect(result.plan.ok).toBe(true);
    expect(result.registry).toMatchObject({ ok: false, broken: { kind: 'changed', seq: last } });
  });

  test('§11.10(e) audit trail: stripping the hashes does not pass the trail off as older than the chain', async () => {
    const result = await tampered(async () => {
      for (let seq = 1; seq <= revision; seq += 1) {
        const record = await entityOf(PLAN_ID, seq);
        const { hash: _h, prevHash: _p, ...bare } = record.entry;
        await audit().set(auditEntityKeyOf(PLAN_ID, seq), { ...record, entry: bare });
      }
    });
    expect(result.plan).toMatchObject({ ok: false, broken: { kind: 'changed', seq: revision } });
  });
});

describe('§11.10(e) audit trail: plans stored before the chain', () => {
  test('a plan whose first entries predate the chain still loads and verifies, saying which entries predate it', async () => {
    const app = await freshApp();
    try {
      const val = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
      // As an older release stored it: no hash on its entries, no head on its record.
      const kept = (await planRecord()).revision;
      for (let seq = 1; seq <= kept; seq += 1) {
        const record = await entityOf(PLAN_ID, seq);
        const { hash: _h, prevHash: _p, ...bare } = record.entry;
        await audit().set(auditEntityKeyOf(PLAN_ID, seq), { ...record, entry: bare });
      }
      const entity = await planRecord();
      const { auditHead: _head, ...stored } = entity.stored;
      await kvs.entity<PlanEntity>(PLAN_ENTITY).set(PLAN_ID, { ...entity, stored });
      expect((await verify(app, val)).plan).toMatchObject({ ok: true, head: null, predating: { from: 1, to: kept } });

      await app.decideConfiguration(val, 'valRequest');
      const result = await verify(app, val);
      expect(result.plan).toMatchObject({ ok: true, predating: { from: 1, to: kept }, broken: null });
      expect(result.plan.head).toBe((await planRecord()).stored.auditHead);
      expect(result.plan.summary).toContain(kept === 1 ? 'Entry 1 predates the chain' : `Entries 1–${kept} predate the chain`);
      expect((await entityOf(PLAN_ID, kept + 1)).entry.prevHash).toBeNull();
    } finally {
      app.close();
    }
  });
});

describe('§11.10(e) audit trail: a trail longer than a history page', () => {
  test('is read whole, page by page back to entry 1, and verifies; one entry changed on the first page is still found', async () => {
    const app = await freshApp();
    try {
      const store = new KvsPlanRepository();
      let registry: EnvironmentRegistry = createRegistry('org-long');
      // 250 entries in transactions of 24 (Forge takes 25 operations in one, the registry write is one of them).
      while (registry.revision < 250) {
        const entries = Array.from({ length: Math.min(24, 250 - registry.revision) }, (_, i) =>
          auditEntry({ id: registry.id, attempt: 1 }, registry.revision + i + 1, { accountId: 'acc-eng', role: 'IQVIA Engineer' }, { action: 'note', before: null, after: { n: registry.revision + i + 1 } }, new Date('2026-11-23T09:00:00Z')),
        );
        const commit = chainedRegistryCommit(registry, { ...registry, revision: registry.revision + entries.length }, entries);
        await store.commitRegistry(commit);
        registry = commit.registry;
      }
      const trail = await wholeTrail(store, registry.id);
      expect(trail.map((e) => e.seq)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
      expect(await verifyTrail(store, registry)).toMatchObject({ ok: true, entries: 250, head: registry.auditHead });
      const record = await entityOf(registry.id, 3);
      await audit().set(auditEntityKeyOf(registry.id, 3), { ...record, entry: { ...record.entry, after: { n: 4 } } });
      expect((await verifyTrail(store, registry)).broken).toEqual({ kind: 'changed', seq: 3 });
    } finally {
      app.close();
    }
  });
});
