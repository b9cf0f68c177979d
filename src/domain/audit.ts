/**
 * One accepted change to a plan or an environment, kept as GxP evidence: who, what (before → after), when, why.
 * Entries are only ever appended; `seq` is the plan revision the change produced.
 */
export interface AuditEntry {
  planId: string;
  seq: number;
  /** UTC timestamp, ISO 8601. */
  at: string;
  actor: { accountId: string; role: string };
  action: string;
  step: number | null;
  attempt: number;
  before: Readonly<Record<string, unknown>> | null;
  after: Readonly<Record<string, unknown>>;
  reason: string | null;
  /** The hash of the entry before it in the same trail (null for the first linked one); absent on entries older than the chain. */
  prevHash?: string | null;
  /** SHA-256 of this entry's content and `prevHash` (auditChain.ts); absent on entries older than the chain. */
  hash?: string;
}

/** The role an actor is recorded under when they act outside their roles. */
export const ADMIN_OVERRIDE_ROLE = 'App admin (override)';
/** The role recorded for changes the app makes from a ticket event rather than a person's click. */
export const APP_ROLE = 'App';

/** What one change records, besides where and when: the action, the step it concerns, before → after, and why. */
export interface AuditRecord {
  action: string;
  step?: number | null;
  before: Readonly<Record<string, unknown>> | null;
  after: Readonly<Record<string, unknown>>;
  reason?: string | null;
}

/** The one way an audit entry is written, for plans and registries alike: `seq` is the revision the change produced. */
export function auditEntry(
  subject: { id: string; attempt: number },
  seq: number,
  actor: { accountId: string; role: string },
  record: AuditRecord,
  now: Date,
): AuditEntry {
  return {
    planId: subject.id,
    seq,
    at: now.toISOString(),
    actor: { accountId: actor.accountId, role: actor.role },
    action: record.action,
    step: record.step ?? null,
    attempt: subject.attempt,
    before: record.before,
    after: record.after,
    reason: record.reason ?? null,
  };
}
