import fc from 'fast-check';

/**
 * The simulated year, generated up front from one seed so that a failing run can be replayed
 * exactly: which accounts exist (currency, tax region, payment method, opening day) and which
 * command each of them sends on which day and minute. Commands that make no sense at the time they
 * run (a refund with nothing paid, a downgrade below the product count) are kept on purpose:
 * their rejection is part of what is simulated.
 */
export const CURRENCIES = ['GBP', 'EUR', 'CAD'] as const;
export const REGIONS = ['GB', 'IE', 'FR', 'DE', 'CA-ON', 'US'] as const;
export const TIERS = ['starter', 'pro', 'enterprise'] as const;

/** Coupons finance creates before the year starts: every duration, both kinds, one that runs out. */
export const COUPONS = [
  { code: 'WELCOME-10', percentOff: '10', duration: 'once' },
  { code: 'SPRING-25', percentOff: '25', duration: 'repeating', months: 2 },
  { code: 'FIVER', amountOffGbp: 500, duration: 'forever' },
  { code: 'FREE-MONTH', percentOff: '100', duration: 'once', maxRedemptions: 15 },
  { code: 'THIRD-OFF', percentOff: '33.33', duration: 'forever' },
] as const;

export type PaymentMethodChoice = 'ok' | 'decline' | 'none';

export interface SimAccount {
  readonly accountId: string;
  readonly currency: string;
  readonly taxRegion: string;
  readonly paymentMethod: PaymentMethodChoice;
  readonly openDay: number;
  readonly tier: string;
  readonly branches: number;
}

export type SimAction =
  | { readonly kind: 'subscribe'; readonly tier: string; readonly branches: number }
  | { readonly kind: 'changeTier'; readonly tier: string }
  | { readonly kind: 'branches'; readonly delta: number }
  | { readonly kind: 'productCount'; readonly count: number }
  | { readonly kind: 'hibernate' | 'resume' | 'cancel' }
  | { readonly kind: 'paymentMethod'; readonly token: 'tok_ok' | 'tok_decline' }
  | { readonly kind: 'pay'; readonly share: 'partial' | 'full' | 'over' }
  | { readonly kind: 'refund'; readonly share: 'part' | 'all' }
  | { readonly kind: 'redeem'; readonly code: string }
  | { readonly kind: 'removeDiscount' }
  | { readonly kind: 'prices'; readonly tier: string; readonly price: number; readonly extraBranch: number | null; readonly inPeriods: 0 | 1 };

export interface SimStep {
  readonly day: number;
  /** Minute of the day (0–1439) the command is sent at. */
  readonly minute: number;
  readonly account: number;
  readonly action: SimAction;
}

export interface SimPlan {
  readonly seed: number;
  readonly days: number;
  readonly accounts: readonly SimAccount[];
  /** Ordered by day, then minute. */
  readonly steps: readonly SimStep[];
}

const actionArb: fc.Arbitrary<SimAction> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('subscribe' as const), tier: fc.constantFrom(...TIERS), branches: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('changeTier' as const), tier: fc.constantFrom(...TIERS) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('branches' as const), delta: fc.constantFrom(-2, -1, 1, 1, 2, 3) }) },
  // Counts around the Starter (10) and Pro (100) limits: overages start grace, some expire into upgrades.
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('productCount' as const), count: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 80, max: 130 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('hibernate' as const, 'resume' as const, 'cancel' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('paymentMethod' as const), token: fc.constantFrom('tok_ok' as const, 'tok_decline' as const) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('pay' as const), share: fc.constantFrom('partial' as const, 'full' as const, 'full' as const, 'over' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), share: fc.constantFrom('part' as const, 'all' as const) }) },
);

/**
 * Discounts and contract prices, drawn from a stream of their own (seed + 1) so that adding them
 * left the lifecycle commands of a given seed as they were.
 */
const termsActionArb: fc.Arbitrary<SimAction> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('redeem' as const), code: fc.constantFrom(...COUPONS.map((coupon) => coupon.code), 'NO-SUCH-CODE') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removeDiscount' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('prices' as const), tier: fc.constantFrom(...TIERS), price: fc.integer({ min: 0, max: 600 }),
      extraBranch: fc.option(fc.integer({ min: 0, max: 150 }), { nil: null }), inPeriods: fc.constantFrom(0 as const, 1 as const),
    }),
  },
);

export function generatePlan(seed: number, accountCount: number, days: number, stepsPerAccount: number, termsStepsPerAccount = 2): SimPlan {
  const accountArb = fc.record({
    currency: fc.constantFrom(...CURRENCIES),
    taxRegion: fc.constantFrom(...REGIONS),
    paymentMethod: fc.constantFrom<PaymentMethodChoice>('ok', 'ok', 'decline', 'none'),
    openDay: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: Math.floor(days / 2) }) }),
    tier: fc.constantFrom(...TIERS),
    branches: fc.integer({ min: 1, max: 3 }),
  });
  const stepArb = fc.record({ ...stepFields(accountCount, days), action: actionArb });
  const planArb = fc.tuple(fc.array(accountArb, { minLength: accountCount, maxLength: accountCount }), fc.array(stepArb, { minLength: accountCount * stepsPerAccount, maxLength: accountCount * stepsPerAccount }));
  const [drawnAccounts, drawnSteps] = fc.sample(planArb, { seed, numRuns: 1 })[0];
  const termsCount = accountCount * termsStepsPerAccount;
  const termsSteps = fc.sample(fc.array(fc.record({ ...stepFields(accountCount, days), action: termsActionArb }), { minLength: termsCount, maxLength: termsCount }), { seed: seed + 1, numRuns: 1 })[0];
  const accounts = drawnAccounts.map((account, index) => ({ ...account, accountId: `sim-${String(index).padStart(4, '0')}` }));
  const steps = [...drawnSteps, ...termsSteps]
    .filter((step) => step.day >= accounts[step.account].openDay)
    .sort((a, b) => a.day - b.day || a.minute - b.minute || a.account - b.account);
  return { seed, days, accounts, steps };
}

function stepFields(accountCount: number, days: number) {
  return { day: fc.integer({ min: 0, max: days - 1 }), minute: fc.integer({ min: 0, max: 1439 }), account: fc.integer({ min: 0, max: accountCount - 1 }) };
}

export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
}
