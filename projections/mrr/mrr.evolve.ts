import { billingAccountDecider } from '../../libs/domain/billing-account/billing-account.decider';
import { eventInstant, type BillingAccountEvent } from '../../libs/domain/billing-account/billing-account.events';
import type { BillingAccountState } from '../../libs/domain/billing-account/billing-account.state';
import { mrrOf } from '../../libs/domain/billing-account/mrr';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { foldAccountEvent } from '../account-fold';

/**
 * The pure half of the MRR read model. Each account's state is folded with the domain's own
 * evolve and priced with the domain's `mrrOf`, so the report can never disagree with billing about
 * what an account is worth. Movements are net per account per UTC day: the day's first and last
 * MRR decide it, so an upgrade and a downgrade on one day that cancel out move nothing.
 */
export const ACCOUNT_STREAM_PREFIX = 'account-';

export interface MrrTracker {
  readonly accountId: string;
  readonly state: BillingAccountState;
  /** The account's MRR now, in pence: the `end` of its last day row. */
  readonly mrr: number;
  /** The last UTC day its MRR changed. */
  readonly lastDay: string | null;
  /** Whether some day before `lastDay` ended with MRR above 0 (the account had been a customer). */
  readonly positiveBeforeLastDay: boolean;
}

/** One account's MRR over one UTC day on which it changed. */
export interface MrrDay {
  readonly accountId: string;
  readonly day: string;
  readonly start: number;
  readonly end: number;
  readonly positiveBefore: boolean;
}

export interface MrrChange {
  readonly accountId: string;
  readonly position: string;
  readonly at: string;
  readonly before: number;
  readonly after: number;
}

export interface MrrStep {
  readonly tracker: MrrTracker;
  /** The day row this event created or moved; undefined when the MRR did not change. */
  readonly day?: MrrDay;
  readonly change?: MrrChange;
}

export interface Movements {
  readonly new: number;
  readonly expansion: number;
  readonly contraction: number;
  readonly churn: number;
  readonly reactivation: number;
}

export function newTracker(accountId: string): MrrTracker {
  return { accountId, state: billingAccountDecider.initialState(), mrr: 0, lastDay: null, positiveBeforeLastDay: false };
}

/**
 * Folds one event of the account's stream. `lastDay` is the tracker's current day row, needed
 * when a second change lands on the same day. An event stamped on a day before the last change
 * (never expected: account instants do not go back) is counted on that last day.
 */
export function evolveMrr(tracker: MrrTracker, lastDay: MrrDay | undefined, event: StoredEvent): MrrStep {
  const domainEvent = event as unknown as BillingAccountEvent;
  const state = foldAccountEvent(tracker.state, event);
  const after = mrrOf(state);
  if (after === tracker.mrr) return { tracker: { ...tracker, state } };
  const at = eventInstant(domainEvent);
  const eventDay = at.slice(0, 10);
  const day = tracker.lastDay !== null && eventDay < tracker.lastDay ? tracker.lastDay : eventDay;
  const change: MrrChange = { accountId: tracker.accountId, position: event.position, at, before: tracker.mrr, after };
  if (day === tracker.lastDay) {
    if (lastDay === undefined || lastDay.day !== day) throw new Error(`MRR of ${tracker.accountId}: the row of ${day} was not loaded`);
    return { tracker: { ...tracker, state, mrr: after }, day: { ...lastDay, end: after }, change };
  }
  const positiveBefore = tracker.lastDay !== null && (tracker.positiveBeforeLastDay || tracker.mrr > 0);
  return {
    tracker: { ...tracker, state, mrr: after, lastDay: day, positiveBeforeLastDay: positiveBefore },
    day: { accountId: tracker.accountId, day, start: tracker.mrr, end: after, positiveBefore },
    change,
  };
}

/**
 * The day's net movement, signed so that they add up to end − start: new, expansion and
 * reactivation are positive, contraction and churn negative.
 */
export function movementsOf(day: Pick<MrrDay, 'start' | 'end' | 'positiveBefore'>): Movements {
  const none: Movements = { new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0 };
  const { start, end } = day;
  if (start === end) return none;
  if (start === 0) return day.positiveBefore ? { ...none, reactivation: end } : { ...none, new: end };
  if (end === 0) return { ...none, churn: -start };
  return end > start ? { ...none, expansion: end - start } : { ...none, contraction: end - start };
}
