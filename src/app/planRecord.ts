import type { AuditEntry } from '../domain/audit';
import { describeVerification, type ChainVerification } from '../domain/auditChain';
import { verifyTrail, wholeTrail } from './auditTrail';
import { forSurface, planOfTicket, viewOf } from './planActions';
import type { PlanView } from './planView';
import { displayNameOf } from './people';
import type { AppPorts } from './ports';
import type { AppSettings } from './settings';
import type { Viewer } from './viewer';

/** One trail's verification as the panel, the CSV export and the printed record show it. */
export interface TrailVerification extends ChainVerification {
  /** The plan's id, or the registry's (`registry:<organization>`). */
  subject: string;
  /** The verification in one sentence. */
  summary: string;
}

/** The chains of the plan and of its organization's environments, checked on the server against storage. */
export interface AuditVerification {
  plan: TrailVerification;
  registry: TrailVerification;
  /** When the check ran (UTC, ISO 8601). */
  verifiedAt: string;
}

/** A signature shown on the record: the signer's printed name, its meaning, when, and whether it still matches what was signed. */
export interface RecordSignature {
  name: string;
  meaning: string;
  at: string;
  valid: boolean;
  /** How it checked, when the signature says more than valid or not ('not kept': the signed record is no longer kept). */
  check?: string;
  /** The stage it was given on; null for one of the plan as a whole. */
  stage: number | null;
}

/** Everything the printable plan record shows, read in one call: the plan view, its whole trail and both chains verified. */
export interface PlanRecord {
  view: PlanView;
  trail: readonly AuditEntry[];
  verification: AuditVerification;
  /** Electronic signatures, when the plan has any (issue #16, part S fills them); rendered per stage. */
  signatures?: readonly RecordSignature[];
  generatedAt: string;
}

async function verificationOf(ports: AppPorts, planSubject: { id: string; revision: number; auditHead?: string | undefined }, registrySubject: { id: string; revision: number; auditHead?: string | undefined }, trail?: readonly AuditEntry[]): Promise<AuditVerification> {
  const [plan, registry] = await Promise.all([verifyTrail(ports.plans, planSubject, trail), verifyTrail(ports.plans, registrySubject)]);
  return {
    plan: { ...plan, subject: planSubject.id, summary: describeVerification(plan, 'this plan') },
    registry: { ...registry, subject: registrySubject.id, summary: describeVerification(registry, "the organization's environments") },
    verifiedAt: ports.clock.now().toISOString(),
  };
}

/**
 * Checks the audit chains of the plan of the ticket in the context and of its organization's environments, reading
 * them from storage: nothing the browser holds is trusted, only the issue of the Forge context.
 */
export async function verifyPlanAudit(ports: AppPorts, viewer: Viewer): Promise<AuditVerification> {
  const { stored, registry } = await planOfTicket(ports, viewer);
  return verificationOf(ports, { id: stored.plan.id, revision: stored.plan.revision, auditHead: stored.auditHead }, registry);
}

/** The printable record of the ticket's plan: its view, its whole trail (oldest first) and both chains verified. */
export async function getPlanRecord(ports: AppPorts, viewer: Viewer): Promise<PlanRecord> {
  const { stored, settings, registry } = await planOfTicket(ports, viewer);
  const trail = await wholeTrail(ports.plans, stored.plan.id);
  const verification = await verificationOf(ports, { id: stored.plan.id, revision: stored.plan.revision, auditHead: stored.auditHead }, registry, trail);
  const view = viewOf(ports, viewer, stored, settings, registry);
  return { view: { ...view, names: await printedNames(ports, settings, view, trail) }, trail: forSurface(viewer, trail), verification, generatedAt: verification.verifiedAt };
}

/**
 * The printed name of everyone the record names: the trail's actors and the environments' people too, not only the plan's.
 * Those the cached directory lacks are asked of Jira (as the app) in one call: a filed record prints names, not account ids.
 */
async function printedNames(ports: AppPorts, settings: AppSettings, view: PlanView, trail: readonly AuditEntry[]): Promise<Record<string, string>> {
  const names: Record<string, string> = { ...view.names };
  const named = new Set([...trail.map((e) => e.actor.accountId), ...(view.environments ?? []).flatMap((env) => [...env.history.map((h) => h.by), ...env.backups.map((b) => b.by), ...env.iqDocumentation.map((d) => d.by)])]);
  const missing: string[] = [];
  for (const id of named) {
    if (names[id]) continue;
    const known = displayNameOf(settings, id);
    if (known) names[id] = known;
    else missing.push(id);
  }
  if (missing.length > 0) for (const person of await ports.jira.usersByIds(missing)) if (person.displayName) names[person.accountId] = person.displayName;
  return names;
}
