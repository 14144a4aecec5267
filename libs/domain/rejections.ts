/**
 * Every business refusal the ledger can answer, by its contract code (api.md, errors), with the
 * words a person reads: what is wrong, then what to do about it. This is the one place they are
 * written. `Rejected(code, specifics)` takes its code from this list (the type checker refuses any
 * other), and the API's `detail` is `rejectionSentence(code, specifics)`: a newcomer who meets
 * PRODUCT_LIMIT_EXCEEDED reads why and what would be accepted, not the bare code.
 *
 * Codes raised outside the domain (the payment gateways, idempotency) live here too, so that the
 * list of refusals a client may meet is complete in one file.
 */
export interface RejectionWords {
  /** What is wrong, without a final full stop; the specifics of one case follow in parentheses. */
  readonly problem: string;
  /** What the caller can do instead: a whole sentence. */
  readonly remedy: string;
}

export const REJECTIONS = {
  VALIDATION_FAILED: { problem: 'The request is not valid', remedy: 'Correct the field named in errors and send the request again.' },
  ACCOUNT_NOT_FOUND: { problem: 'No billing account has this id', remedy: 'Check the account id, or open the account first.' },
  ACCOUNT_ALREADY_EXISTS: { problem: 'A billing account with this id is already open', remedy: 'Choose another accountId, or work with the account that exists.' },
  ACCOUNT_SUSPENDED: { problem: 'The account is suspended because invoices went unpaid', remedy: 'Pay the overdue invoices to reactivate the account, then try again.' },
  ALREADY_SUBSCRIBED: { problem: 'The account already has a subscription', remedy: 'Change its tier or branches instead of subscribing again.' },
  NOT_SUBSCRIBED: { problem: 'The account has no subscription', remedy: 'Subscribe the account to a tier first.' },
  TIER_UNCHANGED: { problem: 'The account is already on this tier', remedy: 'Choose a different tier.' },
  PRODUCT_LIMIT_EXCEEDED: { problem: 'The account has more products than the tier allows', remedy: 'Report a lower product count first, or choose a tier with a higher limit (see GET /v1/catalog).' },
  BRANCHES_BELOW_MINIMUM: { problem: 'An account keeps at least one branch', remedy: 'Remove fewer branches, or cancel the subscription instead.' },
  INVALID_STATE: { problem: 'This cannot be done in the current state', remedy: "Read the account's status and scheduled changes, and act on what they say first." },
  NO_EXCHANGE_RATE: { problem: 'No exchange rate is set for this currency at this time', remedy: 'Ask finance to set an exchange rate for the currency, or bill the account in GBP.' },
  CURRENCY_MISMATCH: { problem: "The amount is not in the account's currency", remedy: "Send the amount in the currency the account bills in (its currency field)." },
  INVOICE_NOT_FOUND: { problem: 'The account has no invoice with this id', remedy: "Take the invoiceId from the account's open invoices or its invoice list." },
  INVOICE_VOID: { problem: 'The invoice is void and takes no payments', remedy: 'Apply the payment to another open invoice of the account.' },
  PAYMENT_NOT_FOUND: { problem: 'No payment has this id', remedy: "Take the paymentId from the account's payments (GET /v1/accounts/{id}/payments)." },
  PAYMENT_REFERENCE_REUSED: { problem: 'This payment reference was already recorded with another invoice or amount', remedy: 'Use a new reference for a new payment, or repeat the first payment exactly.' },
  REFUND_EXCEEDS_PAYMENT: { problem: 'The amount is more than is left of the payment', remedy: 'Refund at most what remains of the payment after earlier refunds and disputes.' },
  DISPUTE_NOT_FOUND: { problem: 'The account has no dispute with this id', remedy: 'Check the dispute id; a dispute must be opened before it can be closed.' },
  COUPON_NOT_FOUND: { problem: 'No coupon has this code', remedy: 'Check the code as finance wrote it (capitals, digits and -); finance creates coupons with POST /v1/coupons.' },
  COUPON_ALREADY_EXISTS: { problem: 'A coupon with this code exists already', remedy: 'Choose another code: a code names one coupon for good, even after it is archived.' },
  COUPON_NOT_REDEEMABLE: { problem: 'The coupon takes no new redemptions', remedy: 'Ask finance for a coupon that is still open: an archived coupon, one past its redeemBy and one redeemed its maxRedemptions times take no more.' },
  COUPON_ALREADY_APPLIED: { problem: "This coupon is the account's discount already", remedy: "Nothing needs doing: it applies to the account's next documents. Redeem a different code to replace it." },
  DISCOUNT_NOT_FOUND: { problem: 'The account has no discount', remedy: "There is nothing to remove; the account's discount field (GET /v1/accounts/{id}) shows the one in force." },
  NO_UPCOMING_INVOICE: { problem: 'No renewal invoice is coming for this account', remedy: 'Subscribe the account (again, once a cancellation has taken effect), or pay its open invoices so that the subscription continues, then ask again.' },
  CLOCK_CANNOT_MOVE_BACK: { problem: 'The manual clock only moves forward', remedy: 'Ask for the instant the clock shows or a later one.' },
  IDEMPOTENCY_KEY_REUSED: { problem: 'This Idempotency-Key was already used with a different request', remedy: 'Use a new key for a new request, or repeat the first request exactly.' },
  GATEWAY_NOT_CONFIGURED: { problem: 'This payment gateway is not configured on this server', remedy: 'Use the sandbox gateway, or ask the operator to configure Stripe (STRIPE_SECRET_KEY).' },
  REFUND_REJECTED_BY_GATEWAY: { problem: 'The payment gateway refused the refund', remedy: 'Nothing was refunded; check the payment at the gateway, then try again or refund by hand.' },
} as const satisfies Readonly<Record<string, RejectionWords>>;

export type RejectionCode = keyof typeof REJECTIONS;

export function isRejectionCode(code: string): code is RejectionCode {
  return Object.hasOwn(REJECTIONS, code);
}

/**
 * The `detail` of a refusal: the problem, the specifics of this case in parentheses, and the
 * remedy. `NOT_SUBSCRIBED` alone gives "The account has no subscription. Subscribe the account to
 * a tier first."
 */
export function rejectionSentence(code: RejectionCode, specifics?: string): string {
  const words: RejectionWords = REJECTIONS[code];
  const detail = specifics && specifics !== code ? ` (${specifics})` : '';
  return `${words.problem}${detail}. ${words.remedy}`;
}
