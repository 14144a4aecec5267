import { billingAccountDecider } from '../../domain/billing-account/billing-account.decider';
import type { Cancel, ChangeBranches, ChangeTier, Hibernate, ReportProductCount, Resume, Subscribe } from '../../domain/billing-account/billing-account.commands';
import type { BillingAccountEvent } from '../../domain/billing-account/billing-account.events';
import type { BillingAccountState } from '../../domain/billing-account/billing-account.state';
import type { BillingContext } from '../../domain/billing-account/billing-context';
import { periodEndInstant } from '../../domain/calendar/billing-period';
import type { BillingCommands } from '../commands/billing-commands';
import { PlaceholderIds, previewAccount, previewDocuments, previewPendingItems, type PreviewAccountView, type PreviewDocument, type PreviewPendingItem } from './preview-views';

/**
 * "What would this cost?" answered by the command itself: a preview is BillingCommands.dryRun —
 * the same decider, due work first, on the same state with the same catalog and rate books, at
 * the same instant — with the events shown instead of appended. There is no second copy of any
 * billing rule here, only the shaping of what the decider said (preview-views.ts); a refusal is
 * the command's own Rejected, thrown unchanged.
 */
type Previewable = Subscribe | ChangeTier | ChangeBranches | ReportProductCount | Hibernate | Resume | Cancel;
export type PreviewInput = Previewable extends infer C ? (C extends Previewable ? Omit<C, 'now'> : never) : never;

export interface PreviewResult {
  /** Every document the command would issue at this instant, due work's included, in issue order. */
  readonly documents: readonly PreviewDocument[];
  /** The lines it would leave pending for the next document. */
  readonly pendingItems: readonly PreviewPendingItem[];
  /** The account as it would be. */
  readonly account: PreviewAccountView;
}

/** The upcoming renewal, or why there is none. */
export type Upcoming = { readonly document: PreviewDocument } | { readonly none: string };

export class AccountPreviews {
  constructor(private readonly commands: BillingCommands) {}

  async preview(accountId: string, input: PreviewInput): Promise<PreviewResult> {
    const ids = new PlaceholderIds();
    const run = await this.commands.dryRun(accountId, input, ids.next);
    return {
      documents: previewDocuments(accountId, run.events),
      pendingItems: previewPendingItems(run.after, ids),
      account: previewAccount(run.after, ids),
    };
  }

  /**
   * The renewal the next period start would issue if nothing changed before then: the work due
   * now is decided first (as any command would), then time alone is decided forward to the end of
   * the period that leaves — grace expiries and dunning steps on the way included, exactly as the
   * worker would run them — with the exchange and tax rates in force now (api.md). When that issues
   * no renewal (not subscribed, cancelled or cancelling, suspended now or by then) it says why.
   */
  async upcomingInvoice(accountId: string): Promise<Upcoming> {
    const ids = new PlaceholderIds();
    const current = await this.commands.dryRun(accountId, { type: 'AdvanceTime' }, ids.next);
    const subscription = current.after.subscription;
    if (subscription === null) return { none: whyNoRenewal(current.after) };
    const renewalAt = periodEndInstant(subscription.period);
    const ratesNow: BillingContext = {
      ...current.context,
      exchangeRates: current.context.exchangeRates.inForceAt(current.now),
      taxRates: current.context.taxRates.inForceAt(current.now),
    };
    const events = billingAccountDecider.decide({ type: 'AdvanceTime', now: renewalAt }, current.after, ratesNow);
    const renewal = previewDocuments(accountId, events).find((document) => document.reason === 'renewal' && document.issuedAt === renewalAt);
    return renewal ? { document: renewal } : { none: whyNoRenewal(current.after, events) };
  }
}

/** Why no renewal is coming, in words for the 404's detail. */
function whyNoRenewal(state: BillingAccountState, ahead: readonly BillingAccountEvent[] = []): string {
  if (state.status === 'not_subscribed' || state.status === 'cancelled') return 'is not subscribed';
  if (state.cancellationScheduledAt !== null) return `is cancelling at ${state.cancellationScheduledAt}`;
  if (state.status === 'suspended') return 'is suspended until it pays what it owes';
  const suspension = ahead.find((event) => event.type === 'AccountSuspended');
  if (suspension) return `will be suspended at ${suspension.data.suspendedAt} unless its open invoices are paid before then`;
  return 'issues no renewal at the end of its period';
}
