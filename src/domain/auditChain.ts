import { createHash } from 'node:crypto';
import type { AuditEntry } from './audit';

/**
 * The audit trail as a hash chain (21 CFR Part 11 §11.10(e), EU GMP Annex 11 §9): each entry carries `hash`, the SHA-256
 * of its content and of `prevHash`, the hash of the entry before it in the same plan or registry. A changed entry no
 * longer matches its hash; a removed or moved one breaks the link of the entry after it. Entries written before the
 * chain existed carry neither: the chain starts at the first entry that has a hash, and the verification says which
 * entries predate it. The position is bound by the links, so the sequence number is not hashed: renumbering without
 * removing shows as the gap it leaves.
 */

/** The hex SHA-256 of a text (UTF-8). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * JSON with every object's keys sorted, and nothing else changed: the same content gives the same text whatever order
 * a store gave its keys back in, so the hash does not depend on it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/** The hash an entry must carry: its content (all but seq and its own chain fields) with the hash of the entry before it. */
export function entryHash(entry: AuditEntry, prevHash: string | null): string {
  const { seq: _seq, hash: _hash, prevHash: _prev, ...content } = entry;
  return sha256Hex(canonicalJson({ content, prevHash }));
}

/** Links new entries, in order, to the chain whose last hash is `head` (null: a chain not started yet); the new head. */
export function chainEntries(head: string | null, entries: readonly AuditEntry[]): { entries: AuditEntry[]; head: string | null } {
  let prevHash = head;
  const chained = entries.map((entry) => {
    const hash = entryHash(entry, prevHash);
    const linked: AuditEntry = { ...entry, prevHash, hash };
    prevHash = hash;
    return linked;
  });
  return { entries: chained, head: prevHash };
}

/** The first broken link of a chain, named as a reader can check it against the history. */
export type ChainBreak =
  /** Entry `seq` no longer matches its hash: its content (or its hash) was changed. */
  | { kind: 'changed'; seq: number }
  /** One or more entries between `after` and `before` are missing; `before` null: entries after the last one kept. */
  | { kind: 'removed'; after: number; before: number | null }
  /** Entry `seq` follows an entry that is not the one it was written after. */
  | { kind: 'reordered'; seq: number };

export interface ChainVerification {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  /** The hash of the last entry when the chain holds; null when no entry has one (all predate the chain) or it is broken. */
  head: string | null;
  /** The entries written before the chain existed (first and last seq), which carry no hash; null when none. */
  predating: { from: number; to: number } | null;
  broken: ChainBreak | null;
}

/** What the subject's own record says the trail must end at: its revision (the last seq) and the head hash it keeps. */
export interface ChainExpectation {
  revision: number;
  head: string | null;
}

/**
 * Checks a trail read from storage in sequence order (seq 1, 2, 3 … as the store's index gives them), against what its
 * plan or registry record says it ends at. Answers the first break: a changed entry, entries removed between two, or an
 * entry out of its place.
 */
export function verifyChain(entries: readonly AuditEntry[], expected?: ChainExpectation): ChainVerification {
  const hashes = new Set(entries.flatMap((e) => (e.hash ? [e.hash] : [])));
  let predating = null as ChainVerification['predating'];
  let previous: AuditEntry | null = null;
  const fail = (broken: ChainBreak): ChainVerification => ({ ok: false, entries: entries.length, head: null, predating, broken });
  for (const entry of entries) {
    const expectedSeq = (previous?.seq ?? 0) + 1;
    if (entry.seq > expectedSeq) return fail({ kind: 'removed', after: previous?.seq ?? 0, before: entry.seq });
    if (entry.seq < expectedSeq) return fail({ kind: 'reordered', seq: entry.seq });
    const started = previous?.hash !== undefined;
    if (entry.hash === undefined) {
      // Once the chain has started every entry carries a hash: a missing one was stripped.
      if (started) return fail({ kind: 'changed', seq: entry.seq });
      predating = { from: predating ? predating.from : entry.seq, to: entry.seq };
      previous = entry;
      continue;
    }
    const prevHash = entry.prevHash ?? null;
    if (entryHash(entry, prevHash) !== entry.hash) return fail({ kind: 'changed', seq: entry.seq });
    if (!started) {
      // The first linked entry follows nothing, or an entry whose own hash was stripped.
      if (prevHash !== null) return fail(previous ? { kind: 'changed', seq: previous.seq } : { kind: 'removed', after: 0, before: entry.seq });
    } else if (prevHash !== previous!.hash) {
      return fail(prevHash !== null && hashes.has(prevHash) ? { kind: 'reordered', seq: entry.seq } : { kind: 'removed', after: previous!.seq, before: entry.seq });
    }
    previous = entry;
  }
  const last = previous;
  const head = last?.hash ?? null;
  if (expected) {
    if ((last?.seq ?? 0) < expected.revision) return fail({ kind: 'removed', after: last?.seq ?? 0, before: null });
    // Entries past the record's revision were written after it was read (a change meanwhile): the record's own end is checked.
    const atRevision = entries.find((e) => e.seq === expected.revision);
    if (expected.head !== null && atRevision?.hash !== expected.head) {
      // The record names a head its last entry does not carry: that entry was changed (its hash too, or stripped).
      return fail(hashes.has(expected.head) ? { kind: 'reordered', seq: expected.revision } : { kind: 'changed', seq: expected.revision });
    }
  }
  return { ok: true, entries: entries.length, head, predating, broken: null };
}

/** The verification in one sentence, for the History tab, the CSV export and the printed record. */
export function describeVerification(verification: ChainVerification, subject = 'this plan'): string {
  const predating = verification.predating
    ? ` ${verification.predating.from === verification.predating.to ? `Entry ${verification.predating.from} predates` : `Entries ${verification.predating.from}–${verification.predating.to} predate`} the chain and carry no hash.`
    : '';
  if (verification.ok) {
    const head = verification.head ? `head hash ${verification.head}` : 'no entry is linked yet';
    return `Audit trail of ${subject} verified: ${verification.entries} ${verification.entries === 1 ? 'entry' : 'entries'}, none changed, removed or reordered; ${head}.${predating}`;
  }
  const broken = verification.broken!;
  const what =
    broken.kind === 'changed'
      ? `entry ${broken.seq} was changed after it was written (it no longer matches its hash)`
      : broken.kind === 'reordered'
        ? `entry ${broken.seq} is out of its place (it was written after another entry than the one before it now)`
        : broken.before === null
          ? `entries after entry ${broken.after} were removed (the record says the trail goes on)`
          : `an entry between ${broken.after} and ${broken.before} was removed`;
  return `Audit trail of ${subject} is BROKEN: ${what}.${predating}`;
}
