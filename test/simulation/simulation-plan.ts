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
  | { readonly kind: 'refund'; readonly share: 'part' | 'all' };

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

export function generatePlan(seed: number, accountCount: number, days: number, stepsPerAccount: number): SimPlan {
  const accountArb = fc.record({
    currency: fc.constantFrom(...CURRENCIES),
    taxRegion: fc.constantFrom(...REGIONS),
    paymentMethod: fc.constantFrom<PaymentMethodChoice>('ok', 'ok', 'decline', 'none'),
    openDay: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: Math.floor(days / 2) }) }),
    tier: fc.constantFrom(...TIERS),
    branches: fc.integer({ min: 1, max: 3 }),
  });
  const stepArb = fc.record({
    day: fc.integer({ min: 0, max: days - 1 }),
    minute: fc.integer({ min: 0, max: 1439 }),
    account: fc.integer({ min: 0, max: accountCount - 1 }),
    action: actionArb,
  });
  const planArb = fc.tuple(fc.array(accountArb, { minLength: accountCount, maxLength: accountCount }), fc.array(stepArb, { minLength: accountCount * stepsPerAccount, maxLength: accountCount * stepsPerAccount }));
  const [drawnAccounts, drawnSteps] = fc.sample(planArb, { seed, numRuns: 1 })[0];
  const accounts = drawnAccounts.map((account, index) => ({ ...account, accountId: `sim-${String(index).padStart(4, '0')}` }));
  const steps = drawnSteps
    .filter((step) => step.day >= accounts[step.account].openDay)
    .sort((a, b) => a.day - b.day || a.minute - b.minute || a.account - b.account);
  return { seed, days, accounts, steps };
}

export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
}
