import type { AuditEntry } from '../domain/audit';
import { chainEntries, verifyChain, type ChainVerification } from '../domain/auditChain';
import type { EnvironmentRegistry } from '../domain/environments/registry';
import type { PlanRepository, RegistryCommit } from './ports';

/**
 * A registry change as one commit: its entries linked to the head the registry was read with, and the new head kept on
 * the registry itself, so the revision condition that guards the registry guards its chain too.
 */
export function chainedRegistryCommit(before: EnvironmentRegistry, after: EnvironmentRegistry, entries: readonly AuditEntry[]): RegistryCommit {
  const chain = chainEntries(before.auditHead ?? null, entries);
  const { auditHead: _previous, ...rest } = after;
  return { registry: { ...rest, ...(chain.head !== null ? { auditHead: chain.head } : {}) }, expectedRevision: before.revision, audit: chain.entries };
}

/** Every entry of a plan's or registry's trail as stored, oldest first: the store's history pages, followed back to entry 1. */
export async function wholeTrail(plans: PlanRepository, subjectId: string): Promise<AuditEntry[]> {
  const pages: AuditEntry[][] = [];
  let before: number | undefined;
  for (;;) {
    const page = await plans.history(subjectId, before !== undefined ? { before } : {});
    if (page.length === 0) break;
    pages.unshift(page);
    const oldest = page[0]!.seq;
    if (oldest <= 1 || (before !== undefined && oldest >= before)) break;
    before = oldest;
  }
  return pages.flat();
}

/** A subject's chain checked against storage: the trail read whole, and what the subject's record says it ends at. */
export async function verifyTrail(plans: PlanRepository, subject: { id: string; revision: number; auditHead?: string | undefined }, trail?: readonly AuditEntry[]): Promise<ChainVerification> {
  return verifyChain(trail ?? (await wholeTrail(plans, subject.id)), { revision: subject.revision, head: subject.auditHead ?? null });
}
