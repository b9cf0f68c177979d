import type { Role } from '../roles';
import type { RequestDetails, TicketKind } from './request';

/** The PROD instances stage 20 backs up before anything is upgraded. */
export const PROD_INSTANCES = ['PROD MAIN', 'PROD TEST'] as const;
export type ProdInstance = (typeof PROD_INSTANCES)[number];

export interface LinkedTicket {
  key: string;
  kind: TicketKind;
  resolved: boolean;
  /** Who raised it (its reporter in Jira); absent in records of older releases. */
  reporter?: string;
  /** The status Jira last gave it, with the changelog id of that truth: an older or equal id never overrides it. */
  status?: string;
  changelogId?: number;
  /** Who moved it into that status in Jira. */
  movedBy?: string;
  /** The stage its resolution completed, and when: undone if Jira's newest truth reopens the ticket. */
  completed?: { step: number; at: string };
  /** A validation ticket handed by the PM to the person who handles it (stage 11); IQVIA Support handles it when absent. */
  handler?: { accountId: string; role: Role; by: string; at: string; reason: string };
  /** A validation ticket its handler recorded addressed (stage 11's part of it). */
  addressed?: { by: string; at: string; note: string | null };
}

/** A backup taken at stage 20, per PROD instance and attempt, for a No-Go to restore. */
export interface Backup {
  instance: ProdInstance;
  version: string;
  reference: string;
  attempt: number;
  at: string;
  by: string;
}

/** A No-Go's restore of PROD MAIN to the backed-up version, as the engineer confirmed it. */
export interface Rollback {
  attempt: number;
  instance: 'PROD MAIN';
  restoredVersion: string;
  backupReference: string;
  /** When the engineer confirmed it, and who. */
  at: string;
  by: string;
  /** The No-Go's reason. */
  reason: string;
  /** When the No-Go was taken and by whom; absent in records of older releases (restored at the decision). */
  decidedAt?: string;
  decidedBy?: string;
  /** When the restore started and ended, as the engineer gives them, and how long it took. */
  startedAt?: string;
  endedAt?: string;
  minutes?: number;
  /** The seed's "< 1 hour" was not met: flagged, never refused. */
  overAnHour?: boolean;
  note?: string;
}

/** The restore a No-Go opened for the engineer: PROD MAIN from this attempt's stage 20 backup, not yet confirmed. */
export interface OpenRestore {
  attempt: number;
  instance: 'PROD MAIN';
  backupVersion: string;
  backupReference: string;
  decidedAt: string;
  decidedBy: string;
  reason: string;
}

/** What the upgrade plan knows besides its stages. */
export interface UpgradeFacts {
  currentVersion: string;
  targetVersion: string;
  /** Rule 2: every release between current (excluded) and target (included), listed at stage 1. */
  releasesCrossed: readonly string[];
  /** Rule 2: stage 18 is required, not optional, when the upgrade crosses several versions. */
  dataUpdatesRequired: boolean;
  /** Rule 3: decided by the environment registry, not by the user. */
  valAction: 'replace' | 'create';
  tickets: readonly LinkedTicket[];
  /** Rule 4: what the stage 5 and stage 13 tickets said. */
  details: { valRequest: RequestDetails | null; prodRequest: RequestDetails | null };
  /** The slot the customer agreed to at stage 16 (`confirmedBy`: the customer who agreed; `proposedBy`: the PM, absent in older records). */
  slot: { start: string; confirmedBy: string; confirmedAt: string; proposedBy?: string; /** Its length; absent in older records (DEFAULT_SLOT_HOURS). */ hours?: number } | null;
  backups: readonly Backup[];
  rollbacks: readonly Rollback[];
  /** The restore a No-Go opened, until the engineer confirms it (absent in records of older releases). */
  restore?: OpenRestore | null;
}

/** The PROD instances with no backup recorded in this attempt (rule 6, and what a No-Go restores under rule 7). */
export function backupsMissing(facts: UpgradeFacts, attempt: number): ProdInstance[] {
  return PROD_INSTANCES.filter((instance) => !facts.backups.some((b) => b.instance === instance && b.attempt === attempt));
}
