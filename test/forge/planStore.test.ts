/**
 * KvsPlanRepository against the KVS emulator through the real @forge/kvs: it creates only if absent with the documented
 * keyPolicy FAIL_IF_EXISTS, guards every later write with a revision condition, and tells a concurrent change from any
 * other failure without reading a status or code the docs do not give.
 */
import { ForgeKvsAPIError, kvs } from '@forge/kvs';
import { ConcurrentChangeError, type PlanCommit, type StoredPlan } from '../../src/app/ports';
import { AUDIT_ENTITY, auditEntityKeyOf, KvsPlanRepository, NO_TARGET_VERSION, PLAN_ENTITY, REGISTRY_ENTITY, ticketKeyOf } from '../../src/forge/planStore';
import { createRegistry } from '../../src/domain/environments/registry';
import { ForgeAppHarness, PEOPLE } from '../support/forgeApp';
import { VAL_FORM } from '../reliability/support';

const repository = new KvsPlanRepository();
let app: ForgeAppHarness;
/** A real upgrade plan as the app stored it, and its first audit entry. */
let template: { stored: StoredPlan; commit: PlanCommit };

beforeEach(async () => {
  app = new ForgeAppHarness();
  await app.saveSettings();
  const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
  const link = (await kvs.get<{ planId: string }>(ticketKeyOf(key)))!;
  const stored = (await repository.load(link.planId))!;
  const [entry] = await repository.history(link.planId);
  template = { stored, commit: { expectedRevision: null, stored, audit: [entry!], newTicketKeys: ['FHSD-900'], index: { targetVersion: '25.2', phase: 'Preparation', nextDue: null } } };
});
afterEach(() => app.close());

/** The template plan under another id, as a new plan (revision 1) or as a change of `revision` - 1. */
function planCommit(planId: string, revision = 1, over: Partial<PlanCommit> = {}): PlanCommit {
  const plan = { ...template.stored.plan, id: planId, revision };
  const audit = template.commit.audit.map((entry) => ({ ...entry, seq: revision }));
  return { ...template.commit, stored: { ...template.stored, plan }, audit, expectedRevision: revision === 1 ? null : revision - 1, ...over };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

type Answer = { status: number; code: string };

/**
 * Rewrites the emulator's answers to one path before @forge/kvs sees them (the docs give no status or code for some);
 * `refuseUnsent` answers without passing the request on, as a refusal before any write (a rate limit) does.
 */
function rewriteAnswers(path: string, rewrite: (status: number) => Answer | undefined, refuseUnsent?: Answer): () => void {
  const g = globalThis as unknown as { __forge_fetch__: (target: unknown, p: string, init?: unknown) => Promise<Response> };
  const original = g.__forge_fetch__;
  const answer = ({ status, code }: Answer) => new Response(JSON.stringify({ code, message: 'rewritten by the test' }), { status });
  g.__forge_fetch__ = async (target, p, init) => {
    if (p === path && refuseUnsent) return answer(refuseUnsent);
    const response = await original(target, p, init);
    const replaced = p === path ? rewrite(response.status) : undefined;
    return replaced ? answer(replaced) : response;
  };
  return () => {
    g.__forge_fetch__ = original;
  };
}

describe('KvsPlanRepository on the documented KVS', () => {
  test('creates a plan only if absent: a second create of the same id is a concurrent change and leaves the first whole', async () => {
    await repository.commit(planCommit('upgrade-x'));
    expect((await repository.load('upgrade-x'))?.plan.revision).toBe(1);
    expect(await kvs.get(ticketKeyOf('FHSD-900'))).toEqual({ planId: 'upgrade-x', organizationId: template.stored.plan.organizationId });
    const again = planCommit('upgrade-x', 1, { newTicketKeys: ['FHSD-901'] });
    expect(await rejection(repository.commit(again))).toBeInstanceOf(ConcurrentChangeError);
    expect(await kvs.get(ticketKeyOf('FHSD-901'))).toBeUndefined();
    expect(await repository.history('upgrade-x')).toHaveLength(1);
  });

  test('two creates of one plan at once: exactly one wins, the other is told it lost', async () => {
    const outcomes = await Promise.allSettled([repository.commit(planCommit('upgrade-race')), repository.commit(planCommit('upgrade-race'))]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: expect.any(ConcurrentChangeError) });
    expect(await repository.history('upgrade-race')).toHaveLength(1);
  });

  test('a claim left by a writer that died is invisible to readers and taken over by the next create', async () => {
    await kvs.entity<{ revision: number }>(PLAN_ENTITY).set('upgrade-orphan', { revision: 0 }, { keyPolicy: 'FAIL_IF_EXISTS' });
    expect(await repository.load('upgrade-orphan')).toBeUndefined();
    expect(await repository.listByOrganization(template.stored.plan.organizationId)).not.toContainEqual(expect.objectContaining({ planId: 'upgrade-orphan' }));
    await repository.markEventSeen('upgrade-orphan', 'FHSD-1', 7);
    await repository.commit(planCommit('upgrade-orphan'));
    expect((await repository.load('upgrade-orphan'))?.plan.revision).toBe(1);
  });

  test('a change computed from an old revision is a concurrent change and writes nothing', async () => {
    await repository.commit(planCommit('upgrade-y'));
    await repository.commit(planCommit('upgrade-y', 2));
    const stale = planCommit('upgrade-y', 2, { newTicketKeys: ['FHSD-902'] });
    expect(await rejection(repository.commit(stale))).toBeInstanceOf(ConcurrentChangeError);
    expect(await kvs.get(ticketKeyOf('FHSD-902'))).toBeUndefined();
    expect((await repository.history('upgrade-y')).map((e) => e.seq)).toEqual([1, 2]);
  });

  test('does not depend on the undocumented status or code of a failed condition or of a FAIL_IF_EXISTS refusal', async () => {
    await repository.commit(planCommit('upgrade-z'));
    const restore = [
      rewriteAnswers('/api/v1/transaction', (status) => (status >= 400 ? { status: 400, code: 'SOME_OTHER_NAME' } : undefined)),
      rewriteAnswers('/api/v1/entity/set', (status) => (status >= 400 ? { status: 412, code: 'YET_ANOTHER_NAME' } : undefined)),
    ];
    try {
      expect(await rejection(repository.commit(planCommit('upgrade-z', 1)))).toBeInstanceOf(ConcurrentChangeError);
      await repository.commit(planCommit('upgrade-z', 2));
      expect(await rejection(repository.commit(planCommit('upgrade-z', 2)))).toBeInstanceOf(ConcurrentChangeError);
    } finally {
      restore.forEach((undo) => undo());
    }
  });

  test('passes any other refusal on as it came: rate limited (429 RATE_LIMIT_EXCEEDED), nothing written', async () => {
    await repository.commit(planCommit('upgrade-r'));
    const restore = rewriteAnswers('/api/v1/transaction', () => undefined, { status: 429, code: 'RATE_LIMIT_EXCEEDED' });
    let error: unknown;
    try {
      error = await rejection(repository.commit(planCommit('upgrade-r', 2)));
    } finally {
      restore();
    }
    expect(error).toBeInstanceOf(ForgeKvsAPIError);
    expect(error).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', responseDetails: { status: 429 } });
    expect((await repository.load('upgrade-r'))?.plan.revision).toBe(1);
  });

  test('creates a registry only if absent, then guards it by revision', async () => {
    const registry = { ...createRegistry('77'), revision: 1 };
    await repository.commitRegistry({ registry, expectedRevision: 0, audit: [] });
    expect((await repository.loadRegistry('77')).revision).toBe(1);
    expect(await rejection(repository.commitRegistry({ registry, expectedRevision: 0, audit: [] }))).toBeInstanceOf(ConcurrentChangeError);
    await repository.commitRegistry({ registry: { ...registry, revision: 2 }, expectedRevision: 1, audit: [] });
    expect((await kvs.entity<{ revision: number }>(REGISTRY_ENTITY).get('77'))?.revision).toBe(2);
  });

  test('stores a plan of no target version with a non-empty stand-in (a string attribute may not be empty) and lists it as none', async () => {
    const key = await app.raise('Implementation', PEOPLE.betaCustomer!, { scenario: 'B' });
    const { planId } = (await kvs.get<{ planId: string }>(ticketKeyOf(key)))!;
    expect((await kvs.entity<{ targetVersion: string }>(PLAN_ENTITY).get(planId))?.targetVersion).toBe(NO_TARGET_VERSION);
    const [entry] = await repository.listByOrganization('2');
    expect(entry).toMatchObject({ planId, targetVersion: '' });
    expect(await kvs.entity(AUDIT_ENTITY).get(auditEntityKeyOf(planId, 1))).toBeDefined();
  });
});
