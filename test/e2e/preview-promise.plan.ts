import fc from 'fast-check';
import type { Action } from '../support/preview-support';

/**
 * Random account histories for the preview's promise: an account (currency, tax region) and a
 * list of steps. Command steps carry bodies that are sometimes wrong on purpose (a tier that does
 * not exist, a zero delta, a negative count) and often make no sense at the time they run (a
 * downgrade below the product count, a resume of an active account): a preview must refuse those
 * exactly as the command does. Time moves in two ways: through the admin clock, which runs every
 * piece of due work, or silently, leaving due work for the next command to run first. Coupons come
 * and go, so that previews and upcoming invoices carry discount lines.
 */
export type Step =
  | { readonly kind: 'command'; readonly action: Action; readonly body?: Record<string, unknown> }
  | { readonly kind: 'advance'; readonly hours: number; readonly runDueWork: boolean }
  | { readonly kind: 'renewal' }
  | { readonly kind: 'pay' }
  | { readonly kind: 'paymentMethod'; readonly token: 'tok_ok' | 'tok_decline' }
  | { readonly kind: 'rate'; readonly what: 'exchange' | 'tax'; readonly rate: string }
  /** The vendor redeems one of COUPONS; with `code` null, finance removes the account's discount. */
  | { readonly kind: 'coupon'; readonly code: CouponCode | null };

/**
 * The coupons every history may redeem (created once, before the histories): a percentage used by
 * the first document it changes, one for a month (it expires as due work on the way), and a GBP
 * amount for good (converted at each issue, never below zero). Discounts run through the very
 * decision a preview runs, so previews and upcoming invoices must show them exactly.
 */
export const COUPONS = {
  'TEN-ONCE': { percentOff: '10', duration: 'once' },
  'QUARTER-MONTH': { percentOff: '25', duration: 'repeating', months: 1 },
  'FIVE-POUNDS': { amountOff: { amount: 500, currency: 'GBP' }, duration: 'forever' },
} as const;
export type CouponCode = keyof typeof COUPONS;

export interface History {
  readonly currency: 'GBP' | 'EUR' | 'JPY';
  readonly taxRegion: 'GB' | 'IE' | 'DE' | 'CA-ON' | 'US';
  readonly steps: readonly Step[];
}

const tier = fc.constantFrom('starter', 'starter', 'pro', 'pro', 'enterprise', 'gold');
const command = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('command' as const), action: fc.constant('subscribe' as const), body: fc.record({ tier, branches: fc.constantFrom(0, 1, 1, 2, 3) }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('command' as const), action: fc.constant('changeTier' as const), body: fc.record({ tier }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('command' as const), action: fc.constant('changeBranches' as const), body: fc.record({ delta: fc.constantFrom(-3, -1, -1, 0, 1, 1, 2) }) }) },
  // Counts around the Starter (10) and Pro (100) limits, so that graces start, end and expire.
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('command' as const), action: fc.constant('reportProductCount' as const), body: fc.record({ count: fc.constantFrom(-1, 0, 5, 10, 11, 40, 100, 101, 150) }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('command' as const), action: fc.constantFrom('hibernate' as const, 'resume' as const, 'cancel' as const) }) },
);

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: command },
  // Up to 40 days: past period ends, grace expiries, due dates and dunning steps.
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 40 * 24 }), runDueWork: fc.boolean() }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'renewal' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'pay' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('paymentMethod' as const), token: fc.constantFrom('tok_ok' as const, 'tok_decline' as const) }) },
  // Finance changes the account currency's exchange rate or its region's tax rate, effective now.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rate' as const), what: fc.constant('exchange' as const), rate: fc.constantFrom('0.85', '1.1', '1.175', '187.5') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rate' as const), what: fc.constant('tax' as const), rate: fc.constantFrom('0', '0.05', '0.13', '0.2', '0.25') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('coupon' as const), code: fc.constantFrom<CouponCode | null>('TEN-ONCE', 'QUARTER-MONTH', 'FIVE-POUNDS', 'FIVE-POUNDS', null) }) },
);

/**
 * Most histories start by subscribing, so that most steps act on a live subscription, and most
 * then pay by card (without one, an account that never pays is suspended within weeks).
 */
const subscribing = fc.record({ kind: fc.constant('command' as const), action: fc.constant('subscribe' as const), body: fc.record({ tier: fc.constantFrom('starter', 'pro', 'enterprise'), branches: fc.integer({ min: 1, max: 3 }) }) });
const card = fc.oneof(
  { weight: 3, arbitrary: fc.constant([{ kind: 'paymentMethod', token: 'tok_ok' }] as Step[]) },
  { weight: 1, arbitrary: fc.constant([{ kind: 'paymentMethod', token: 'tok_decline' }] as Step[]) },
  { weight: 2, arbitrary: fc.constant([] as Step[]) },
);
/** Half the histories redeem a coupon before subscribing, so that their first documents are discounted. */
const couponFirst = fc.oneof(
  { weight: 1, arbitrary: fc.constant([] as Step[]) },
  { weight: 1, arbitrary: fc.constantFrom<CouponCode>('TEN-ONCE', 'QUARTER-MONTH', 'FIVE-POUNDS').map((code) => [{ kind: 'coupon', code }] as Step[]) },
);
const opening = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(couponFirst, subscribing, card).map(([coupon, subscribe, method]) => [...coupon, subscribe as Step, ...method]) },
  { weight: 1, arbitrary: card },
);

export const historyArbitrary: fc.Arbitrary<History> = fc.record({
  currency: fc.constantFrom('GBP' as const, 'EUR' as const, 'JPY' as const),
  taxRegion: fc.constantFrom('GB' as const, 'IE' as const, 'DE' as const, 'CA-ON' as const, 'US' as const),
  opening,
  steps: fc.array(step, { minLength: 3, maxLength: 12 }),
}).map(({ currency, taxRegion, opening: first, steps }) => ({ currency, taxRegion, steps: [...first, ...steps] }));
