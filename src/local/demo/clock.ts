/**
 * Time travel for seeding the demo: while active, `new Date()` and `Date.now()` answer a chosen instant (moving on
 * with real time from there), so that plans created "ten weeks ago" carry ten-week-old audit entries and due dates,
 * computed by the real code. Only `startRuntime` uses it, before the server accepts any request, and it always
 * travels forward: audit timestamps never go back.
 */
const RealDate = Date;

export class DemoClock {
  private offset = 0;
  private active = false;

  now(): Date {
    return new RealDate(RealDate.now() + this.offset);
  }

  /** Moves to `instant` (never backwards: an earlier instant keeps the current time). */
  at(instant: Date): void {
    const target = this.active ? Math.max(instant.getTime(), RealDate.now() + this.offset) : instant.getTime();
    this.install();
    this.offset = target - RealDate.now();
  }

  /** Moves on by `minutes`. */
  wait(minutes: number): void {
    this.at(new RealDate(RealDate.now() + this.offset + minutes * 60_000));
  }

  /** Back to real time. */
  restore(): void {
    if (!this.active) return;
    globalThis.Date = RealDate;
    this.active = false;
    this.offset = 0;
  }

  private install(): void {
    if (this.active) return;
    const clock = this;
    const Travelling = function (this: unknown, ...args: unknown[]): unknown {
      const instant = new RealDate(RealDate.now() + clock.offset);
      if (!new.target) return instant.toString();
      return args.length === 0 ? instant : new RealDate(...(args as [string]));
    } as unknown as DateConstructor;
    Object.assign(Travelling, { now: () => RealDate.now() + clock.offset, parse: RealDate.parse, UTC: RealDate.UTC });
    Object.defineProperty(Travelling, 'prototype', { value: RealDate.prototype });
    globalThis.Date = Travelling;
    this.active = true;
  }
}

/** Real time, whatever the demo clock says. */
export const realNow = (): Date => new RealDate();
