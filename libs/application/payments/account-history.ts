import type { Pool, PoolClient } from 'pg';
import { fold } from '../../domain/decider';
import { accountStreamId, billingAccountDecider } from '../../domain/billing-account/billing-account.decider';
import type { BillingAccountEvent } from '../../domain/billing-account/billing-account.events';
import type { BillingAccountState } from '../../domain/billing-account/billing-account.state';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port';
import { withLockOn, withSessionLock } from '../../infra/database/session-lock';

/** One account's stream and the state it folds to: the authority every payment decision reads. */
export interface AccountHistory {
  readonly events: readonly StoredEvent[];
  readonly state: BillingAccountState;
}

export async function readAccount(store: EventStore, accountId: string): Promise<AccountHistory> {
  const events = await store.readStream(accountStreamId(accountId));
  return { events, state: fold(billingAccountDecider, events as unknown as BillingAccountEvent[]) };
}

/** Whether a command sent with this idempotency key already left its events in the stream. */
export function hasIdempotencyKey(events: readonly StoredEvent[], key: string): boolean {
  return events.some((event) => event.metadata.idempotencyKey === key);
}

/**
 * Serialises the payment work on one account across processes (the refund endpoint, Stripe
 * webhooks, the collector's retries): a refund made here and the `charge.refunded` webhook that
 * follows it must not both see the refund as new.
 */
export async function withAccountPaymentLock<T>(pool: Pool, accountId: string, work: () => Promise<T>): Promise<T> {
  return withSessionLock(pool, accountLockName(accountId), () => work());
}

/** The same lock taken on a connection the caller holds already (the webhook's event lock). */
export async function withAccountPaymentLockOn<T>(client: PoolClient, accountId: string, work: () => Promise<T>): Promise<T> {
  return withLockOn(client, accountLockName(accountId), work);
}

function accountLockName(accountId: string): string {
  return `payments:${accountId}`;
}
