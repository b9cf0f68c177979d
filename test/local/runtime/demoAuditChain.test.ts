/**
 * §11.10(e) audit trail across the demo: after `npm start`'s seeding (made through the app's resolvers and triggers),
 * every plan's and every registry's trail in the runtime's Forge storage is one unbroken chain ending at the head its
 * record keeps, and `verifyAudit` says so for every ticket of a plan.
 */
import type { AuditVerification } from '../../../src/app/planRecord';
import type { AuditEntry } from '../../../src/domain/audit';
import { verifyChain } from '../../../src/domain/auditChain';
import type { AuditEntity, PlanEntity, RegistryEntity } from '../../../src/forge/planStore';
import { signingSubjectOf } from '../../../src/app/signing';
import type { SignerEntity } from '../../../src/forge/signingStore';
import type { Runtime } from '../../../src/local/runtime';
import { appRecords, contextToken, invoke, MODULES, PEOPLE, runtimeForFile } from './support';

jest.setTimeout(60_000);

let runtime: Runtime;
const data = runtimeForFile((started) => (runtime = started));

function records<T>(all: Map<string, string>, ns: string): [string, T][] {
  return [...all].filter(([key]) => key.startsWith(`${ns}|`)).map(([key, json]) => [key.slice(ns.length + 1), JSON.parse(json) as T]);
}

test('§11.10(e) audit trail: every plan and every registry of the demo verifies, from its first entry to the head its record keeps', () => {
  const all = appRecords(data.dir);
  const trails = new Map<string, AuditEntry[]>();
  for (const [, { planId, seq, entry }] of records<AuditEntity>(all, 'entity:audit')) trails.set(planId, [...(trails.get(planId) ?? []), { planId, seq, ...entry }]);
  const subjects = [
    ...records<PlanEntity>(all, 'entity:plan').map(([id, p]) => ({ id, revision: p.revision, head: p.stored.auditHead ?? null })),
    ...records<RegistryEntity>(all, 'entity:registry').map(([, r]) => ({ id: r.registry.id, revision: r.revision, head: r.registry.auditHead ?? null })),
    // A person's signing trail (passphrase set, lock, unlock) counts its own entries: a counted wrong try writes none.
    ...records<SignerEntity>(all, 'entity:signer').map(([, r]) => ({ id: signingSubjectOf(r.accountId), revision: r.state?.auditCount ?? 0, head: r.state?.auditHead ?? null })),
  ];
  expect(subjects.filter((s) => s.id.startsWith('registry:')).length).toBeGreaterThanOrEqual(3);
  expect(subjects.filter((s) => !s.id.startsWith('registry:')).length).toBeGreaterThanOrEqual(6);
  const results = subjects.map((s) => {
    const trail = (trails.get(s.id) ?? []).sort((a, b) => a.seq - b.seq);
    const verification = verifyChain(trail, { revision: s.revision, head: s.head });
    return { id: s.id, ok: verification.ok, broken: verification.broken, predating: verification.predating, linked: trail.length === s.revision && trail.every((e) => typeof e.hash === 'string') };
  });
  // The demo is made by this release: no entry predates the chain, every entry is linked.
  expect(results.filter((r) => !r.ok || r.predating !== null || !r.linked)).toEqual([]);
  expect(subjects.filter((s) => s.id.startsWith('signing:')).length).toBeGreaterThanOrEqual(4);
  // Every trail in storage belongs to a plan, registry or signer record.
  expect([...trails.keys()].filter((id) => !subjects.some((s) => s.id === id))).toEqual([]);
});

test('§11.10(e) audit trail: verifyAudit, run on the server against storage, verifies every demo ticket of a plan', async () => {
  const tickets = records<{ planId: string }>(appRecords(data.dir), 'kvs').filter(([key]) => key.startsWith('ticket:')).map(([key]) => key.slice('ticket:'.length));
  expect(tickets.length).toBeGreaterThanOrEqual(8);
  for (const key of tickets) {
    const token = await contextToken(runtime.url, PEOPLE.pm.emailAddress, MODULES.issue, key);
    const answer = await invoke(runtime.url, token, 'verifyAudit');
    const verification = (answer.body as { ok: boolean; data: AuditVerification }).data;
    expect([key, verification.plan.ok, verification.registry.ok, verification.plan.head]).toEqual([key, true, true, expect.stringMatching(/^[0-9a-f]{64}$/)]);
  }
});
