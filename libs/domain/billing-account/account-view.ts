import type { Money } from '../money/money';
import type { PendingItem } from './billing-account.events';
import { amountRemaining, openDocuments, visibleListings, type AccountStatus, type BillingAccountState } from './billing-account.state';
import { nextDueAt } from './due-work';

export interface OpenInvoiceView {
  readonly invoiceId: string;
  readonly issuedAt: string;
  readonly dueAt: string | null;
  readonly total: Money;
  readonly amountDue: Money;
  readonly amountPaid: Money;
  readonly amountRemaining: Money;
  readonly overdue: boolean;
}

/** The JSON shape of GET /v1/accounts/{id}, from the state alone. */
export interface AccountView {
  readonly accountId: string;
  readonly businessName: string;
  readonly email: string;
  readonly openedAt: string;
  readonly status: AccountStatus;
  readonly tier: string | null;
  readonly branches: number | null;
  readonly productCount: number;
  readonly grace: { readonly startedAt: string; readonly endsAt: string } | null;
  readonly visible: boolean;
  readonly credit: Money;
  readonly currency: string;
  readonly taxRegion: string;
  readonly period: { readonly start: string; readonly end: string } | null;
  readonly pendingItems: readonly PendingItem[];
  readonly openInvoices: readonly OpenInvoiceView[];
  readonly scheduled: { readonly hibernationAt: string | null; readonly cancellationAt: string | null };
  readonly paymentMethod: { readonly gateway: string } | null;
  readonly dunning: { readonly startedAt: string; readonly stepsReached: number; readonly nextStepAt: string | null } | null;
  readonly nextDueAt: string | null;
}

export function accountView(state: BillingAccountState): AccountView {
  const currency = state.currency;
  const money = (amount: number): Money => ({ amount, currency });
  const live = state.status !== 'not_subscribed' && state.status !== 'cancelled';
  const subscription = live ? state.subscription : null;
  const dunning = state.dunning;
  return {
    accountId: state.accountId, businessName: state.businessName, email: state.email, openedAt: state.openedAt,
    status: state.status, tier: subscription?.tier ?? null, branches: subscription?.branches ?? null, productCount: state.productCount,
    grace: state.grace, visible: visibleListings(state.status), credit: money(state.credit), currency, taxRegion: state.taxRegion,
    period: subscription && state.status !== 'suspended' ? { ...subscription.period } : null,
    pendingItems: state.pending,
    openInvoices: openDocuments(state).map((document) => ({
      invoiceId: document.invoiceId, issuedAt: document.issuedAt, dueAt: document.dueAt, total: money(document.total),
      amountDue: money(document.amountDue), amountPaid: money(document.amountPaid), amountRemaining: money(amountRemaining(document)),
      overdue: document.failedAt !== null,
    })),
    scheduled: { hibernationAt: state.hibernationScheduledAt, cancellationAt: state.cancellationScheduledAt },
    paymentMethod: state.paymentMethod ? { gateway: state.paymentMethod.gateway } : null,
    dunning: dunning ? { startedAt: dunning.startedAt, stepsReached: dunning.stepsReached, nextStepAt: dunning.retryAt[dunning.stepsReached] ?? null } : null,
    nextDueAt: nextDueAt(state) ?? null,
  };
}
