import { billingAccountDecider } from '../../domain/billing-account/billing-account.decider';
import type { BillingAccountEvent } from '../../domain/billing-account/billing-account.events';
import { amountRemaining, openDocuments, type BillingAccountState } from '../../domain/billing-account/billing-account.state';
import type { StoredEvent } from '../../event-store/event-store.port';

/**
 * Which charges one account event calls for, with attempt numbers that follow from the stream
 * alone: the n-th event that asks to collect an invoice is attempt n, whoever processes it and
 * however often it is delivered. Attempt and invoice make the gateway's idempotency key, so a
 * redelivered event can never charge twice.
 *
 * Events that ask for a charge: an invoice issued while a payment method is on file; a dunning
 * step in `retry` mode (its overdue invoices); a new payment method (every open invoice); the
 * vendor's "Pay now" (that invoice).
 */
export type CollectionTrigger = 'issued' | 'retry' | 'method_set' | 'requested';

export interface CollectionTask {
  readonly invoiceId: string;
  readonly attempt: number;
  readonly trigger: CollectionTrigger;
}

/** The idempotency key of the command recording the outcome of one attempt. */
export function collectionKey(invoiceId: string, attempt: number): string {
  return `collect-${invoiceId}-${attempt}`;
}

function invoicesToCollect(event: StoredEvent, after: BillingAccountState): [CollectionTrigger, string[]] | undefined {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'InvoiceIssued':
      if (data.kind !== 'invoice' || Number(data.amountDue) <= 0 || after.paymentMethod === null) return undefined;
      return ['issued', [String(data.invoiceId)]];
    case 'DunningStepReached':
      if (data.mode !== 'retry') return undefined;
      return ['retry', (data.invoiceIds as string[]).filter((id) => after.documents[id]?.status === 'open')];
    case 'PaymentRequested': {
      const invoiceId = String(data.invoiceId);
      return after.documents[invoiceId]?.status === 'open' ? ['requested', [invoiceId]] : undefined;
    }
    case 'PaymentMethodSet': {
      const open = openDocuments(after)
        .filter((document) => document.kind === 'invoice' && amountRemaining(document) > 0)
        .sort((a, b) => (a.issuedAt < b.issuedAt ? -1 : a.issuedAt > b.issuedAt ? 1 : 0));
      return ['method_set', open.map((document) => document.invoiceId)];
    }
    default:
      return undefined;
  }
}

/** The tasks of the event at `revision`, counting attempts over the stream up to it. */
export function collectionTasksAt(stream: readonly StoredEvent[], revision: number): CollectionTask[] {
  const attempts = new Map<string, number>();
  let state = billingAccountDecider.initialState();
  for (const event of stream) {
    if (event.revision > revision) break;
    state = billingAccountDecider.evolve(state, event as unknown as BillingAccountEvent);
    const wanted = invoicesToCollect(event, state);
    if (!wanted) continue;
    const [trigger, invoiceIds] = wanted;
    const tasks = invoiceIds.map((invoiceId) => {
      const attempt = (attempts.get(invoiceId) ?? 0) + 1;
      attempts.set(invoiceId, attempt);
      return { invoiceId, attempt, trigger };
    });
    if (event.revision === revision) return tasks;
  }
  return [];
}

/** Event types that can call for a charge: the collector reads the stream only for these. */
export const COLLECTION_EVENT_TYPES: ReadonlySet<string> = new Set(['InvoiceIssued', 'DunningStepReached', 'PaymentMethodSet', 'PaymentRequested']);
