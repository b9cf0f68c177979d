import type { DemoClock } from './clock';

export interface TimedStep {
  readonly at: Date;
  readonly what: string;
  readonly run: () => Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The demo's history as dated steps. Stories of different organizations interleave; the steps run in date order,
 * each with the demo clock set to its date, so that every record the app and Jira keep carries that date.
 */
export class Timeline {
  private readonly steps: TimedStep[] = [];

  constructor(readonly now: Date) {}

  /** `days` before now, at `hh:mm` UTC (never later than now). */
  daysAgo(days: number, time = '09:00'): Date {
    return this.atTime(new Date(this.now.getTime() - days * DAY_MS), time);
  }

  /** `days` working days (Monday to Friday, the demo's calendar) before the UTC day of `day`, at `hh:mm` UTC (never later than now). */
  workingDaysBefore(day: Date, days: number, time = '09:00'): Date {
    const date = new Date(day);
    // UTC days, whatever the machine's zone (date-fns' business days count in the local zone).
    for (let left = days; left > 0; ) {
      date.setUTCDate(date.getUTCDate() - 1);
      if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) left -= 1;
    }
    return this.atTime(date, time);
  }

  /** `day` at `hh:mm` UTC, or a minute ago if that is still to come. */
  private atTime(day: Date, time: string): Date {
    const [h, m] = time.split(':').map(Number);
    const date = new Date(day);
    date.setUTCHours(h ?? 9, m ?? 0, 0, 0);
    return date.getTime() > this.now.getTime() ? new Date(this.now.getTime() - 60_000) : date;
  }

  add(at: Date, what: string, run: () => Promise<void>): void {
    if (at.getTime() > this.now.getTime()) throw new Error(`demo step "${what}" is dated in the future (${at.toISOString()})`);
    this.steps.push({ at, what, run });
  }

  /** The steps added so far, as added. */
  get dated(): readonly TimedStep[] {
    return this.steps;
  }

  /** Runs every step in date order (steps of the same date in the order they were added). */
  async run(clock: DemoClock, log: (line: string) => void = () => undefined): Promise<void> {
    const ordered = this.steps.map((step, i) => ({ step, i })).sort((a, b) => a.step.at.getTime() - b.step.at.getTime() || a.i - b.i);
    for (const { step } of ordered) {
      clock.at(step.at);
      try {
        await step.run();
      } catch (error) {
        throw new Error(`demo step "${step.what}" (${step.at.toISOString()}) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      log(`  ${step.at.toISOString().slice(0, 16).replace('T', ' ')}  ${step.what}`);
    }
  }
}
