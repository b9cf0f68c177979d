/**
 * 50 stage actions on one plan at once, through the real resolvers (Promise.all over invoke): every accepted action is in
 * the plan and in the audit trail exactly once, the trail is contiguous and ends at the plan's revision, and each comment
 * an accepted action owes is on its ticket exactly once.
 */
import type { AuditEntry } from '../../src/domain/audit';
import { verifyChain } from '../../src/domain/auditChain';
import type { ResolverAnswer } from '../../src/forge/resolvers';
import type { StoredPlan } from '../../src/app/ports';
import { PEOPLE } from '../support/forgeApp';
import { customer, freshApp, kvsState, must, pm, ticketState, VAL_FORM, type Caller } from './support';

jest.setTimeout(20_000);

type Call = { name: string; payload: Record<string, unknown>; as: Caller; label: string };

/** Customer stages 1 and 8 and PM stages 3 and 4 need nothing open before them, so any order is a valid history. */
function storm(ticketKey: string, size: number): Call[] {
  const act = (name: string, stage: number, as: Caller, reason?: string): Call => ({
    name,
    payload: { stage, ...(reason ? { reason } : {}) },
    as,
    label: `${name.replace('Stage', '')} ${stage}`,
  });
  const kinds: ((i: number) => Call)[] = [
    () => act('completeStage', 1, customer(ticketKey)),
    () => act('completeStage', 3, pm(ticketKey)),
    () => act('completeStage', 4, pm(ticketKey)),
    () => act('completeStage', 8, customer(ticketKey)),
    (i) => act('reopenStage', 1, customer(ticketKey), `again ${i}`),
    (i) => act('reopenStage', 3, pm(ticketKey), `again ${i}`),
    (i) => act('reopenStage', 4, pm(ticketKey), `again ${i}`),
    (i) => act('reopenStage', 8, customer(ticketKey), `again ${i}`),
    () => act('startStage', 8, customer(ticketKey)),
    (i) => act('blockStage', 1, customer(ticketKey), `waiting ${i}`),
    // Always accepted: the customer restates the VAL request's details (an audited change of stage 5).
    (i) => ({ name: 'provideDetails', payload: { kind: 'valRequest', details: { instances: ['VAL'], preferredSlots: [`2027-0${1 + (i % 9)}-01T08:00:00.000Z`] } }, as: customer(ticketKey), label: 'provide details 5' }),
    (i) => ({ name: 'provideDetails', payload: { kind: 'valRequest', details: { instances: ['VAL'], preferredSlots: [`2027-0${1 + (i % 9)}-02T08:00:00.000Z`] } }, as: customer(ticketKey), label: 'provide details 5' }),
  ];
  return Array.from({ length: size }, (_, i) => kinds[(i * 5) % kinds.length]!(i));
}

describe('50 concurrent stage actions on one plan', () => {
  test.each([1, 2, 3])('round %i: no lost update, no lost or duplicated audit entry, each owed comment once', async (round) => {
    const app = await freshApp();
    try {
      const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
      const planId = 'upgrade-1-25.2';
      const before = (kvsState(app)[`entity:plan/${planId}`] as { stored: StoredPlan }).stored.plan.revision;
      const calls = storm(key, 50);
      if (round > 1) calls.reverse();
      if (round > 2) calls.sort((a, b) => a.label.localeCompare(b.label));
      app.host.resetCounters();
      const answers: ResolverAnswer[] = await Promise.all(calls.map((c) => app.invoke(c.name, c.payload, c.as)));
      await app.jira.whenEventsDelivered();

      // Every answer is an acceptance or a refusal with a rule; none is an internal error.
      const rules = answers.map((a) => (a.ok ? 'ok' : a.error.rule));
      expect(rules.filter((r) => !['ok', 'stageStatus', 'busy'].includes(r))).toEqual([]);

      const conflicts = app.host.counters.kvs.byPath['/api/v1/transaction']?.errors ?? 0;
      const kvs = kvsState(app);
      const stored = (kvs[`entity:plan/${planId}`] as { stored: StoredPlan }).stored;
      const audit = Object.entries(kvs)
        .filter(([k]) => k.startsWith(`entity:audit/${planId}:`))
        .map(([, v]) => v as { seq: number; entry: Omit<AuditEntry, 'seq'> })
        .map(({ seq, entry }) => ({ ...entry, seq }) as AuditEntry);
      // The audit trail is 1..n without a gap or a repeat, and n is the plan's revision.
      expect(audit.map((e) => e.seq)).toEqual(Array.from({ length: audit.length }, (_, i) => i + 1));
      expect(stored.plan.revision).toBe(audit.at(-1)!.seq);
      // §11.10(e): the writers that raced left one unbroken hash chain, ending at the head the plan record keeps.
      expect(verifyChain(audit.map((e) => ({ ...e, planId })), { revision: stored.plan.revision, head: stored.auditHead ?? null })).toMatchObject({ ok: true, head: stored.auditHead, predating: null });
      // Each accepted action is one audit entry; each refused one is none.
      const accepted = rules.filter((r) => r === 'ok').length;
      expect(audit.length - before).toBe(accepted);
      const acceptedCalls = calls.filter((_, i) => answers[i]!.ok).map((c) => c.label).sort();
      expect(audit.slice(before).map((e) => `${e.action} ${e.step}`).sort()).toEqual(acceptedCalls);
      // No lost update: replaying the trail gives the stored stage states.
      for (const stage of [1, 3, 4, 8]) {
        const last = audit.filter((e) => e.step === stage).at(-1);
        if (last) expect({ stage, status: stored.plan.steps[stage - 1]!.status }).toEqual({ stage, status: last.after.status });
      }

      // One more change flushes whatever a concurrent writer left in the outbox; then every comment owed is there once.
      await must(app, 'completeStage', { stage: 8 }, customer(key)).catch(() => must(app, 'reopenStage', { stage: 8, reason: 'flush' }, customer(key)));
      const after = (kvsState(app)[`entity:plan/${planId}`] as { stored: StoredPlan }).stored;
      expect(after.outbox).toEqual([]);
      const owed = audit.filter((e) => e.action === 'complete' && (e.step === 3 || e.step === 4)).map((e) => `${planId}:${e.seq}:0`);
      const posted = (await ticketState(app, key)).comments.map((c) => c.deliveryId).filter((id): id is string => !!id && id.startsWith(`${planId}:`));
      expect(posted.filter((id) => owed.includes(id)).sort()).toEqual(owed.sort());
      expect(posted.length).toBe(new Set(posted).size);
      console.log(`round ${round}: ${accepted} accepted, ${rules.filter((r) => r === 'busy').length} busy, ${rules.filter((r) => r === 'stageStatus').length} refused by stage status, ${conflicts} conflicting writes retried`);
    } finally {
      app.close();
    }
  });
});
