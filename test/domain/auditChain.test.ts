import { auditEntry, type AuditEntry } from '../../src/domain/audit';
import { canonicalJson, chainEntries, describeVerification, entryHash, verifyChain } from '../../src/domain/auditChain';

const at = new Date('2026-11-23T09:00:00Z');
const entries = (n: number): AuditEntry[] =>
  Array.from({ length: n }, (_, i) => auditEntry({ id: 'plan-1', attempt: 1 }, i + 1, { accountId: 'acc-pm', role: 'IQVIA PM' }, { action: 'complete', step: i + 1, before: { status: 'open' }, after: { status: 'done' }, reason: null }, at));

describe('§11.10(e) audit trail: the hash chain (pure)', () => {
  test('the hash does not depend on the order a store gives keys back in, and covers the subject', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
    const [entry] = entries(1);
    // The same entry with its keys in reverse order, as a store might give it back.
    const shuffled = Object.fromEntries(Object.entries(entry!).reverse()) as unknown as AuditEntry;
    expect(Object.keys(shuffled)[0]).toBe('reason');
    expect(entryHash(shuffled, null)).toBe(entryHash(entry!, null));
    expect(entryHash({ ...entry!, planId: 'plan-2' }, null)).not.toBe(entryHash(entry!, null));
  });

  test('entries chained in two writes verify as one chain ending at the last head', () => {
    const all = entries(5);
    const first = chainEntries(null, all.slice(0, 3));
    const second = chainEntries(first.head, all.slice(3));
    const chain = [...first.entries, ...second.entries];
    expect(chain[3]!.prevHash).toBe(chain[2]!.hash);
    expect(verifyChain(chain, { revision: 5, head: second.head })).toEqual({ ok: true, entries: 5, head: second.head, predating: null, broken: null });
  });

  test('each break is named: changed, removed between two, reordered, removed at the end, a head the record does not keep', () => {
    const { entries: chain, head } = chainEntries(null, entries(6));
    const changed = chain.map((e) => (e.seq === 3 ? { ...e, reason: 'edited' } : e));
    expect(verifyChain(changed).broken).toEqual({ kind: 'changed', seq: 3 });
    expect(verifyChain(chain.filter((e) => e.seq !== 4)).broken).toEqual({ kind: 'removed', after: 3, before: 5 });
    const swapped = chain.map((e) => (e.seq === 2 ? { ...chain[2]!, seq: 2 } : e.seq === 3 ? { ...chain[1]!, seq: 3 } : e));
    expect(verifyChain(swapped).broken).toEqual({ kind: 'reordered', seq: 2 });
    expect(verifyChain(chain.slice(0, 5), { revision: 6, head }).broken).toEqual({ kind: 'removed', after: 5, before: null });
    expect(verifyChain(chain, { revision: 6, head: 'f'.repeat(64) }).broken).toEqual({ kind: 'changed', seq: 6 });
  });

  test('entries older than the chain are named as predating it; one without a hash after the chain started is a change', () => {
    const old = entries(4).slice(0, 2);
    const { entries: linked, head } = chainEntries(null, entries(4).slice(2));
    const verification = verifyChain([...old, ...linked], { revision: 4, head });
    expect(verification).toMatchObject({ ok: true, predating: { from: 1, to: 2 }, head });
    expect(describeVerification(verification)).toBe(`Audit trail of this plan verified: 4 entries, none changed, removed or reordered; head hash ${head}. Entries 1–2 predate the chain and carry no hash.`);
    const { hash: _h, prevHash: _p, ...stripped } = linked[0]!;
    expect(verifyChain([...old, linked[0]!, { ...linked[1]!, hash: undefined, prevHash: undefined }]).broken).toEqual({ kind: 'changed', seq: 4 });
    expect(verifyChain([...old, stripped as AuditEntry, linked[1]!]).broken).toEqual({ kind: 'changed', seq: 3 });
  });
});
