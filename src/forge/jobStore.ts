import { ForgeKvsAPIError, kvs } from '@forge/kvs';
import type { JobProgress, JobStore } from '../app/ports';

/** Where the scheduled job's day stands (one plain key: it is read once per run). */
export const JOB_PROGRESS_KEY = 'job:progress';
/** The reminder of one person for one day. */
export const reminderKeyOf = (day: string, accountId: string): string => `reminder:${day}:${accountId}`;
/** A reminder marker outlives its day by a little, then Forge deletes it (kvs-api, "Time-to-live"). */
const REMINDER_TTL = { value: 3, unit: 'DAYS' } as const;

interface ReminderMarker {
  state: 'sending' | 'sent';
  at: string;
}

/** The scheduled job's progress and reminder markers on Forge's key-value store. */
export class KvsJobStore implements JobStore {
  async loadProgress(): Promise<JobProgress | undefined> {
    return kvs.get<JobProgress>(JOB_PROGRESS_KEY);
  }

  async saveProgress(progress: JobProgress): Promise<void> {
    await kvs.set(JOB_PROGRESS_KEY, progress);
  }

  /**
   * Create-if-absent (keyPolicy FAIL_IF_EXISTS, kvs-api), so of two runs at once only one sends. A claim found unconfirmed
   * long after its run must have ended is taken over: its run died between claim and confirm, maybe before sending.
   */
  async claimReminder(day: string, accountId: string, now: Date, staleAfterMs: number): Promise<'claimed' | 'sent' | 'in-flight'> {
    const key = reminderKeyOf(day, accountId);
    const marker: ReminderMarker = { state: 'sending', at: now.toISOString() };
    try {
      await kvs.set(key, marker, { keyPolicy: 'FAIL_IF_EXISTS', ttl: REMINDER_TTL });
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ForgeKvsAPIError)) throw error;
      const found = await kvs.get<ReminderMarker>(key);
      if (found === undefined) throw error;
      if (found.state === 'sent') return 'sent';
      if (now.getTime() - Date.parse(found.at) < staleAfterMs) return 'in-flight';
      await kvs.set(key, marker, { ttl: REMINDER_TTL });
      return 'claimed';
    }
  }

  async confirmReminder(day: string, accountId: string, now: Date): Promise<void> {
    await kvs.set(reminderKeyOf(day, accountId), { state: 'sent', at: now.toISOString() } satisfies ReminderMarker, { ttl: REMINDER_TTL });
  }
}
