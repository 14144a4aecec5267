import { Rejected } from '../../domain/decider';
import type { EventStore } from '../../event-store/event-store.port';

/**
 * The one source of time. Production reads the system clock; `BILLING_CLOCK=manual` gives a clock
 * that only moves when an admin moves it (POST /v1/admin/clock), so that tests and support can
 * replay a customer's year in seconds. Domain code never sees this: it gets instants in commands.
 *
 * Whatever a clock says, the command loop never stamps an event before the one ahead of it in its
 * stream (handle-command.ts): a clock is where an instant starts, not the last word on it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Where a manual clock starts on a ledger that holds no events yet. */
export const MANUAL_CLOCK_START = '2026-01-01T00:00:00.000Z';

export class ManualClock implements Clock {
  private current: Date;

  constructor(start: Date | string = MANUAL_CLOCK_START) {
    this.current = new Date(start);
    if (Number.isNaN(this.current.getTime())) throw new RangeError(`a manual clock needs a valid start instant, not ${String(start)}`);
  }

  now(): Date {
    return new Date(this.current);
  }

  /**
   * Moves forward only: a ledger's history cannot be rewritten by moving time back. A move back is
   * a request the business refuses (422 CLOCK_CANNOT_MOVE_BACK), not a programmer error.
   */
  advanceTo(instant: Date): void {
    if (instant.getTime() < this.current.getTime()) throw clockCannotMoveBack(this.current, instant);
    this.current = new Date(instant);
  }
}

export function clockCannotMoveBack(current: Date, asked: Date): Rejected {
  return new Rejected(
    'CLOCK_CANNOT_MOVE_BACK',
    `it is at ${current.toISOString()}, and ${asked.toISOString()} is earlier`,
  );
}

/**
 * A manual clock for a process starting on an existing ledger: at the newest event's instant when
 * that is later than `start`, so that a restart never takes the clock back behind what the ledger
 * has already recorded. Every process (api, worker, the two together) reads the same store and so
 * starts at the same instant.
 */
export async function resumeManualClock(store: EventStore, start: Date | string = MANUAL_CLOCK_START): Promise<ManualClock> {
  const clock = new ManualClock(start);
  const newest = (await store.lastEvent())?.metadata.occurredAt;
  const instant = newest === undefined ? Number.NaN : Date.parse(newest);
  if (!Number.isNaN(instant) && instant > clock.now().getTime()) clock.advanceTo(new Date(instant));
  return clock;
}
