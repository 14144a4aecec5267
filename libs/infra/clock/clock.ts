/**
 * The one source of time. Production reads the system clock; `BILLING_CLOCK=manual` gives a clock
 * that only moves when an admin moves it (POST /v1/admin/clock), so that tests and support can
 * replay a customer's year in seconds. Domain code never sees this: it gets instants in commands.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  private current: Date;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves forward only: a ledger's history cannot be rewritten by moving time back. */
  advanceTo(instant: Date): void {
    if (instant.getTime() < this.current.getTime()) throw new RangeError(`the clock only moves forward (now ${this.current.toISOString()})`);
    this.current = new Date(instant);
  }
}
