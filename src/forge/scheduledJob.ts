import { z } from 'zod';
import { runScheduledJob, type JobReport } from '../app/scheduledJob';
import { firstIssue } from '../app/projectSettings';
import type { AppPorts } from '../app/ports';
import { KvsJobStore } from './jobStore';
import { forgePorts } from './runtime';

/** The function's `timeoutSeconds` in manifest.yml: Forge lets a function only a scheduled trigger uses run up to 900 s (limits-invocation). */
export const JOB_TIMEOUT_SECONDS = 300;
/** Kept back from the timeout for the last step under way and the progress write. */
export const JOB_MARGIN_MS = 30_000;

/** The request Forge hands a scheduled trigger's function (events-reference/scheduled-trigger). */
export const scheduledRequestSchema = z.object({
  context: z.object({ cloudId: z.string().min(1).max(200), moduleKey: z.string().regex(/^[a-zA-Z0-9_-]{1,100}$/) }).passthrough(),
  contextToken: z.string().min(1).max(10_000),
}).passthrough();

/** What the platform reads of the answer: 204 success, 5xx an error (events-reference/scheduled-trigger). */
export interface ScheduledAnswer {
  statusCode: number;
  body?: string;
}

/** One run as Forge makes it, on the given ports; the answer says what it did. */
export async function answerScheduledRun(raw: unknown, ports: AppPorts, startedAt: number = Date.now(), elapsedClock: () => number = Date.now): Promise<{ answer: ScheduledAnswer; report?: JobReport }> {
  const parsed = scheduledRequestSchema.safeParse(raw);
  if (!parsed.success) return { answer: { statusCode: 400, body: `malformed scheduled trigger request: ${firstIssue(parsed.error).message}` } };
  const deadline = startedAt + JOB_TIMEOUT_SECONDS * 1000 - JOB_MARGIN_MS;
  const report = await runScheduledJob(ports, new KvsJobStore(), { timeLeft: () => deadline - elapsedClock() });
  return { answer: { statusCode: 204 }, report };
}

/** The `scheduled-job` function of the manifest's scheduledTrigger: refreshes the plans' figures and sends the day's reminders. */
export async function onScheduledRun(request: unknown): Promise<ScheduledAnswer> {
  const startedAt = Date.now();
  try {
    // A trigger hands Jira's waits back (no sleeping): the run stops and the next one continues.
    const { answer, report } = await answerScheduledRun(request, forgePorts({ kind: 'trigger', startedAt }), startedAt);
    if (report) console.log('scheduled job', JSON.stringify(report));
    else console.warn('scheduled job', answer.body);
    return answer;
  } catch (error) {
    console.error('scheduled job failed; it runs again when next due', error);
    return { statusCode: 500, body: error instanceof Error ? error.message : String(error) };
  }
}
