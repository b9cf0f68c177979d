import type { ForgeApp } from './forge-app';
import { SCHEDULE_INTERVALS_MS, type ScheduledTriggerModule } from './manifest';
import type { RuntimeStateStore, ScheduledTriggerRow } from './state-store';

/** Forge starts a scheduled trigger about five minutes after the deployment that created (or changed) it. */
export const FIRST_RUN_DELAY_MS = 5 * 60_000;
/** setTimeout cannot wait longer than this; a longer wait is taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ScheduledTriggersOptions {
  readonly state: RuntimeStateStore;
  readonly app: Pick<ForgeApp, 'runScheduledTrigger'>;
  readonly triggers: readonly ScheduledTriggerModule[];
  readonly log: (line: string) => void;
  /** The schedule's clock (tests move it; the timer follows it when it is the real one). */
  readonly now?: () => number;
  readonly firstRunDelayMs?: number;
}

/** What became of one run, as the platform records it; nothing is retried whatever it says. */
export interface ScheduledRunResult {
  readonly moduleKey: string;
  readonly startedAt: number;
  readonly outcome: 'success' | 'error' | 'timeout' | 'failed-dependency' | 'other';
  readonly detail: string;
}

/** The identity of a module's schedule: any change to any scheduledTrigger module recreates them all. */
const definitionOf = (trigger: ScheduledTriggerModule): string => JSON.stringify({ key: trigger.key, function: trigger.functionKey, interval: trigger.interval });

/** The first slot after `now` on the schedule that started at `dueAt` (missed slots are not made up: one run, then on). */
export function nextSlot(dueAt: number, intervalMs: number, now: number): number {
  const elapsed = Math.max(0, now - dueAt);
  return dueAt + (Math.floor(elapsed / intervalMs) + 1) * intervalMs;
}

/** The platform's reading of a function's answer: 204 is success, 5xx an error, no statusCode a 424. */
export function readScheduledAnswer(value: unknown): Pick<ScheduledRunResult, 'outcome' | 'detail'> {
  const statusCode = value && typeof value === 'object' ? (value as { statusCode?: unknown }).statusCode : undefined;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode)) {
    return { outcome: 'failed-dependency', detail: '424 Failed Dependency: the function answered without a statusCode' };
  }
  if (statusCode === 204) return { outcome: 'success', detail: '204' };
  if (statusCode >= 500 && statusCode <= 599) return { outcome: 'error', detail: String(statusCode) };
  return { outcome: 'other', detail: String(statusCode) };
}

/**
 * The manifest's `scheduledTrigger` modules on their intervals. Each due slot is claimed in runtime.db before its run
 * (so a restart neither repeats nor loses it) and is one invocation of the function, as the app; a run that throws,
 * answers 5xx or overruns its timeout is recorded and not retried: the function runs again when next due.
 */
export class ScheduledTriggers {
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly options: ScheduledTriggersOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Sets the schedules (kept from the last start unless the modules changed) and arms the timer. */
  start(): void {
    const { state, triggers } = this.options;
    const stored = state.scheduledTriggers();
    const wanted = triggers.map(definitionOf).sort();
    const kept = stored.map((row) => row.definition).sort();
    if (wanted.length !== kept.length || wanted.some((definition, i) => definition !== kept[i])) {
      const firstAt = this.now() + (this.options.firstRunDelayMs ?? FIRST_RUN_DELAY_MS);
      state.replaceScheduledTriggers(triggers.map((trigger) => ({ moduleKey: trigger.key, definition: definitionOf(trigger), nextAt: firstAt })));
      if (triggers.length > 0) this.options.log(`Scheduled triggers ${triggers.map((t) => `${t.key} (${t.interval})`).join(', ')}: first run at ${new Date(firstAt).toISOString()}.`);
    }
    this.arm();
  }

  /** Where each schedule stands. */
  schedules(): ScheduledTriggerRow[] {
    return this.options.state.scheduledTriggers();
  }

  /** Runs every trigger whose slot is due at the clock's now; answers the runs it made. */
  async runDue(): Promise<ScheduledRunResult[]> {
    const results: Promise<ScheduledRunResult>[] = [];
    const now = this.now();
    for (const row of this.options.state.scheduledTriggers()) {
      if (this.closed || row.nextAt > now) continue;
      const trigger = this.options.triggers.find((t) => t.key === row.moduleKey);
      if (!trigger) continue;
      if (!this.options.state.claimScheduledRun(trigger.key, row.nextAt, nextSlot(row.nextAt, SCHEDULE_INTERVALS_MS[trigger.interval], now), now)) continue;
      results.push(this.invoke(trigger, now));
    }
    const done = await Promise.all(results);
    this.arm();
    return done;
  }

  /** Runs one trigger now, outside its schedule (the next slot stays where it was). */
  async runNow(moduleKey: string): Promise<ScheduledRunResult> {
    const trigger = this.options.triggers.find((t) => t.key === moduleKey);
    if (!trigger) throw new Error(`no scheduledTrigger module ${moduleKey} in manifest.yml`);
    return this.invoke(trigger, this.now());
  }

  /** Stops the timer and waits for the runs under way (a run cut short by a stop is not repeated, as Forge does not retry). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.running]);
  }

  private invoke(trigger: ScheduledTriggerModule, startedAt: number): Promise<ScheduledRunResult> {
    const run = this.runOnce(trigger, startedAt).then((result) => {
      this.options.state.scheduledRunEnded(trigger.key, `${result.outcome}: ${result.detail}`);
      if (result.outcome !== 'success') this.options.log(`Scheduled trigger ${trigger.key}: ${result.outcome} (${result.detail}); not retried, it runs again when next due.`);
      return result;
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return run;
  }

  private async runOnce(trigger: ScheduledTriggerModule, startedAt: number): Promise<ScheduledRunResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), trigger.timeoutSeconds * 1000);
      timer.unref();
    });
    try {
      const answer = await Promise.race([this.options.app.runScheduledTrigger(trigger).then((value) => ({ value })), timeout]);
      if (answer === 'timeout') return { moduleKey: trigger.key, startedAt, outcome: 'timeout', detail: `ran past its ${trigger.timeoutSeconds} s timeout` };
      return { moduleKey: trigger.key, startedAt, ...readScheduledAnswer(answer.value) };
    } catch (error) {
      return { moduleKey: trigger.key, startedAt, outcome: 'error', detail: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private arm(): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    const due = Math.min(...this.options.state.scheduledTriggers().map((row) => row.nextAt));
    if (!Number.isFinite(due)) return;
    this.timer = setTimeout(() => void this.runDue().catch((error: unknown) => this.options.log(`Scheduled triggers: ${error instanceof Error ? error.message : String(error)}`)), Math.min(MAX_TIMER_MS, Math.max(0, due - this.now())));
    this.timer.unref();
  }
}
