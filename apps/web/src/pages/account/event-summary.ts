/**
 * A timeline line for each event type: the type in words and the one fact that matters about it,
 * read from the event's data as docs/events.md documents it. Unknown types (added later) still
 * show, by their name.
 */
const WORDS: Record<string, string> = {
  AccountOpened: 'Account opened',
  Subscribed: 'Subscribed',
  TierChanged: 'Tier changed',
  BranchesChanged: 'Branches changed',
  ProductCountReported: 'Product count reported',
  GraceStarted: 'Grace started',
  GraceEnded: 'Grace ended',
  ProrationLineAdded: 'Proration line added',
  ProrationLineNetted: 'Proration line netted',
  PeriodRenewed: 'Period renewed',
  InvoiceIssued: 'Invoice issued',
  InvoicePaid: 'Invoice paid',
  HibernationRequested: 'Hibernation requested',
  HibernationRequestCancelled: 'Hibernation request cancelled',
  HibernationStarted: 'Hibernation started',
  Resumed: 'Resumed',
  CancellationRequested: 'Cancellation requested',
  SubscriptionCancelled: 'Subscription cancelled',
  PaymentMethodSet: 'Payment method set',
  PaymentRequested: 'Payment requested',
  PaymentRecorded: 'Payment recorded',
  PaymentFailed: 'Payment failed',
  DunningStepReached: 'Dunning step reached',
  NotificationRequested: 'Notification requested',
  DunningResolved: 'Dunning resolved',
  AccountSuspended: 'Account suspended',
  AccountReactivated: 'Account reactivated',
  RefundIssued: 'Refund issued',
  DisputeOpened: 'Dispute opened',
  DisputeClosed: 'Dispute closed',
  DiscountApplied: 'Discount applied',
  DiscountEnded: 'Discount ended',
  ContractPricesSet: 'Own prices set',
  ContractPricesTookEffect: 'Own prices took effect',
};

export function eventTitle(type: string): string {
  return WORDS[type] ?? type.replace(/([a-z])([A-Z])/g, '$1 $2');
}

type Data = Record<string, unknown>;
const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** One short sentence of what the event says, or '' when its title says it all. */
export function eventDetail(type: string, data: Data): string {
  switch (type) {
    case 'AccountOpened':
      return `${text(data.businessName)}, billed in ${text(data.currency)}, tax region ${text(data.taxRegion)}`;
    case 'Subscribed':
      return `${text(data.tier)} with ${text(data.branches)} branch${data.branches === 1 ? '' : 'es'}`;
    case 'TierChanged':
      return `${text(data.from)} → ${text(data.to)}${data.automatic ? ' (automatic, after the grace)' : ''}`;
    case 'BranchesChanged':
      return `${text(data.from)} → ${text(data.to)} branches`;
    case 'ProductCountReported':
      return `${text(data.count)} products`;
    case 'PaymentMethodSet':
      return `${text(data.gateway)}`;
    case 'PaymentFailed':
      return `${text(data.reason)}`;
    case 'DunningStepReached':
      return `step ${text(data.step)} of ${text(data.steps)} (${text(data.mode)})`;
    case 'DiscountApplied':
      return `${text(data.code)}: ${data.percentOff !== null && data.percentOff !== undefined ? `${text(data.percentOff)}%` : `${text(data.amountOffGbp)}p`} off, ${text(data.duration)}`;
    case 'DiscountEnded':
      return `${text(data.code)} (${text(data.reason)})`;
    case 'ContractPricesSet':
      return `from ${text(data.effectiveFrom)}`;
    case 'NotificationRequested':
      return text(data.notification).replace(/_/g, ' ');
    default:
      return '';
  }
}
