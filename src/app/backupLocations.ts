/**
 * Backup locations are internal to IQVIA's infrastructure (issue #12): nothing the customer portal receives names one,
 * wherever it sits in the answer: a plan's backups and rollbacks, a backup's audit entry, an instance's history.
 */

/** The keys that hold a backup's location: on a rollback or an instance's move, and on a backup itself. */
const LOCATION_KEY = 'backupReference';
const BACKUP_ACTION = 'record backup';

function scrub(value: unknown, inBackup: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => scrub(item, inBackup));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  // A backup's own `reference` is its location: in a list of backups, and in the audit entry that recorded one.
  const isBackupEntry = record.action === BACKUP_ACTION;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    // An instance's rollback entry in the registry's audit names the backup it restored as `backup`.
    if (key === LOCATION_KEY || (inBackup && key === 'reference') || (key === 'backup' && typeof item === 'string')) continue;
    out[key] = scrub(item, key === 'backups' || (isBackupEntry && (key === 'before' || key === 'after')));
  }
  return out;
}

/** The answer as the portal may receive it: every backup location taken out, the rest as it was. */
export function withoutBackupLocations<T>(answer: T): T {
  return scrub(answer, false) as T;
}
