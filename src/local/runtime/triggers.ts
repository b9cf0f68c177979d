import type { JiraEvent } from '../jira';
import type { ForgeApp, TriggerRun } from './forge-app';
import type { TriggerModule } from './manifest';
import type { RuntimeStateStore, TriggerEventRow } from './state-store';

/** Forge retries an event at most four times (events-reference/product_events: "a maximum of four times"). */
export const MAX_EVENT_RETRIES = 4;
/** A longer retryAfter of an InvocationError is lowered to 900 s (same page). */
export const MAX_RETRY_AFTER_SECONDS = 900;
/** "The maximum `retryData` size is 4KB" (same page, enforced from Nov 13, 2025); read as 4,000 bytes of JSON, the stricter reading. */
export const MAX_RETRY_DATA_BYTES = 4_000;
/** "Atlassian app events larger than 200 kB are not delivered" (same page, Known issues); read as 200,000 bytes, the stricter reading. */
export const MAX_EVENT_BYTES = 200_000;
/** Waits before Forge's own retries of a platform failure (a timeout, a crash); the docs give no figure, these are ours. */
export const PLATFORM_RETRY_DELAYS_MS = [1_000, 5_000, 15_000, 60_000] as const;

export interface TriggerQueueOptions {
  readonly state: RuntimeStateStore;
  readonly app: Pick<ForgeApp, 'runTrigger'>;
  readonly triggers: readonly TriggerModule[];
  /** The app's own account: events it caused are dropped when a trigger filters with ignoreSelf. */
  readonly appAccountId: string;
  readonly log: (line: string) => void;
}

/** What @forge/events' InvocationError becomes when a function returns it: `{ _retry: true, retryOptions }`. */
interface RetryRequest {
  retryAfter: number;
  retryReason: string;
  retryData?: unknown;
}

function retryRequestOf(value: unknown): RetryRequest | undefined {
  if (typeof value !== 'object' || value === null || (value as { _retry?: unknown })._retry !== true) return undefined;
  const options = (value as { retryOptions?: Partial<RetryRequest> }).retryOptions ?? {};
  const after = typeof options.retryAfter === 'number' && Number.isFinite(options.retryAfter) ? options.retryAfter : 1;
  return {
    retryAfter: Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, after)),
    retryReason: typeof options.retryReason === 'string' ? options.retryReason : 'FUNCTION_RETRY_REQUEST',
    ...(options.retryData === undefined ? {} : { retryData: options.retryData }),
  };
}

/**
 * Product events on their way to the app's triggers. An event is written to SQLite as soon as the stand-in publishes
 * it (before the request that caused it is answered), then delivered in order, one at a time, at least once. As Forge
 * documents it, an event is retried (at most 4 times, with `retryContext` in the redelivered event) only when the
 * function RETURNS an InvocationError, after its retryAfter, or when the platform failed the run: past its 25 s, or the
 * process died during the delivery. A thrown error, or a retry asked with more than 4KB of retryData, is logged and the
 * event is not delivered again. An event larger than 200 kB is not delivered at all: it is logged and kept as failed.
 */
export class TriggerQueue {
  private running = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private waiters: (() => void)[] = [];
  private current: Promise<void> = Promise.resolve();

  constructor(private readonly options: TriggerQueueOptions) {}

  /** Called for every event the stand-in publishes; synchronous so that the event is on disk before anything else runs. */
  accept(event: JiraEvent): void {
    const bytes = Buffer.byteLength(JSON.stringify(event), 'utf8');
    for (const trigger of this.options.triggers) {
      if (!trigger.events.includes(event.eventType)) continue;
      if (trigger.ignoreSelf && event.atlassianId === this.options.appAccountId) continue;
      if (bytes > MAX_EVENT_BYTES) {
        const why = `the event is ${bytes} bytes, larger than the ${MAX_EVENT_BYTES} bytes Forge delivers`;
        const id = this.options.state.triggerDropped(trigger.key, event, why, Date.now());
        this.options.log(`Trigger ${trigger.key}: event #${id} (${event.eventType}) not delivered: ${why}.`);
        continue;
      }
      this.options.state.enqueueTrigger(trigger.key, event, Date.now());
    }
    this.kick();
  }

  /** Starts delivering: deliveries a crash cut short are retried as Forge retries a platform failure, then the rest. */
  start(): void {
    for (const row of this.options.state.interruptedTriggers()) {
      this.retry(row, { retryAfter: 0, retryReason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR' }, 'the process stopped during the delivery', 0);
    }
    const leftovers = this.options.state.pendingTriggers();
    if (leftovers > 0) this.options.log(`Redelivering ${leftovers} trigger event(s) left from the previous run.`);
    this.kick();
  }

  /** Resolves once no event is due and none is being delivered. */
  idle(): Promise<void> {
    if (!this.running && this.options.state.nextTrigger(Date.now()) === undefined) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops after the delivery under way; what is still queued is delivered at the next start. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.current;
    this.release();
  }

  private kick(): void {
    if (this.running || this.closed) return;
    this.running = true;
    this.current = this.drain().finally(() => {
      this.running = false;
      this.scheduleRetry();
      this.release();
    });
  }

  private async drain(): Promise<void> {
    const { state, log } = this.options;
    for (;;) {
      if (this.closed) return;
      const row = state.nextTrigger(Date.now());
      if (!row) return;
      const trigger = this.options.triggers.find((t) => t.key === row.moduleKey);
      state.triggerStarted(row.id);
      let run: TriggerRun;
      try {
        if (!trigger) throw new Error(`no trigger module ${row.moduleKey} in manifest.yml`);
        run = await this.options.app.runTrigger(trigger, row.event as Record<string, unknown>);
      } catch (error) {
        // Not a retry request: Forge retries an app's failure only when the function returns an InvocationError.
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        state.triggerFailed(row.id, message, null);
        log(`Trigger ${row.moduleKey} threw on event #${row.id}; a thrown error is not retried: ${message.split('\n')[0]}`);
        continue;
      }
      if ('timedOut' in run) {
        const delay = PLATFORM_RETRY_DELAYS_MS[Math.min(row.attempts, PLATFORM_RETRY_DELAYS_MS.length - 1)]!;
        this.retry(row, { retryAfter: 0, retryReason: 'FUNCTION_TIME_OUT' }, 'the invocation ran past its time limit and was stopped', delay);
        continue;
      }
      const request = retryRequestOf(run.returned);
      const retryDataBytes = request?.retryData === undefined ? 0 : Buffer.byteLength(JSON.stringify(request.retryData) ?? '', 'utf8');
      if (request && retryDataBytes > MAX_RETRY_DATA_BYTES) {
        // product_events says only that the maximum is 4KB, not what happens above it: the stricter reading, no retry.
        const why = `the function asked to be retried with ${retryDataBytes} bytes of retryData, more than the ${MAX_RETRY_DATA_BYTES} bytes Forge takes`;
        state.triggerFailed(row.id, why, null);
        log(`Trigger ${row.moduleKey} on event #${row.id}: ${why}; not retried.`);
      } else if (request) this.retry(row, request, `the function asked to be retried (${request.retryReason})`, request.retryAfter * 1000);
      else state.triggerDelivered(row.id);
    }
  }

  /** Another delivery of the event after `delayMs`, with retryContext as Forge documents it; none after the fourth retry. */
  private retry(row: TriggerEventRow, request: RetryRequest, why: string, delayMs: number): void {
    const { state, log } = this.options;
    if (row.attempts >= MAX_EVENT_RETRIES) {
      state.triggerFailed(row.id, `${why}; retried ${MAX_EVENT_RETRIES} times already`, null);
      log(`Trigger ${row.moduleKey} on event #${row.id}: ${why}; no more retries (Forge retries an event at most ${MAX_EVENT_RETRIES} times).`);
      return;
    }
    const { retryContext: _previous, ...event } = row.event as Record<string, unknown>;
    // retryData is passed on only when it is an object (events-reference/product_events, ECO-734).
    const retryData = typeof request.retryData === 'object' && request.retryData !== null ? { retryData: request.retryData } : {};
    const retryContext = { retryCount: row.attempts + 1, retryReason: request.retryReason, ...retryData };
    state.triggerRetry(row.id, { ...event, retryContext }, why, Date.now() + delayMs);
    log(`Trigger ${row.moduleKey} on event #${row.id}: ${why}; retry ${row.attempts + 1} of ${MAX_EVENT_RETRIES} in ${Math.round(delayMs / 1000)} s.`);
  }

  private scheduleRetry(): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    const due = this.options.state.nextTriggerDue();
    if (due === undefined) return;
    this.timer = setTimeout(() => this.kick(), Math.max(0, due - Date.now()));
    this.timer.unref();
  }

  private release(): void {
    if (this.running) return;
    if (!this.closed && this.options.state.nextTrigger(Date.now()) !== undefined) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
