import type { JiraEvent } from '../jira';
import type { ForgeApp } from './forge-app';
import type { TriggerModule } from './manifest';
import type { RuntimeStateStore } from './state-store';

/** Forge retries a failed trigger invocation up to 4 times; these are the waits before each retry. */
export const RETRY_DELAYS_MS = [1_000, 5_000, 15_000, 60_000] as const;

export interface TriggerQueueOptions {
  readonly state: RuntimeStateStore;
  readonly app: ForgeApp;
  readonly triggers: readonly TriggerModule[];
  /** The app's own account: events it caused are dropped when a trigger filters with ignoreSelf. */
  readonly appAccountId: string;
  readonly log: (line: string) => void;
}

/**
 * Product events on their way to the app's triggers. An event is written to SQLite as soon as the stand-in publishes
 * it (before the request that caused it is answered), then delivered in order, one at a time, at least once: an event
 * whose delivery was cut short by a crash is delivered again at the next start, and a failing delivery is retried.
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
    for (const trigger of this.options.triggers) {
      if (!trigger.events.includes(event.eventType)) continue;
      if (trigger.ignoreSelf && event.atlassianId === this.options.appAccountId) continue;
      this.options.state.enqueueTrigger(trigger.key, event, Date.now());
    }
    this.kick();
  }

  /** Starts delivering: leftovers of a previous run first. */
  start(): void {
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
    for (;;) {
      if (this.closed) return;
      const row = this.options.state.nextTrigger(Date.now());
      if (!row) return;
      const trigger = this.options.triggers.find((t) => t.key === row.moduleKey);
      try {
        if (!trigger) throw new Error(`no trigger module ${row.moduleKey} in manifest.yml`);
        await this.options.app.runTrigger(trigger, row.event as Record<string, unknown>);
        this.options.state.triggerDelivered(row.id);
      } catch (error) {
        const delay = RETRY_DELAYS_MS[row.attempts];
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        this.options.state.triggerFailed(row.id, message, delay === undefined ? null : Date.now() + delay);
        this.options.log(`Trigger ${row.moduleKey} failed on event #${row.id} (attempt ${row.attempts + 1})${delay === undefined ? ', giving up' : `, retrying in ${delay / 1000} s`}: ${message.split('\n')[0]}`);
      }
    }
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
