/**
 * The demo's story, drawn up front from one seed so that the same command gives the same ledger:
 * which vendors open and when, in which currency and region, how they pay, and what each of them
 * does over the months (upgrades, branches, product counts that overrun a tier, a seasonal
 * hibernation, a card that declines and is replaced, bank transfers finance records, a
 * cancellation). Nothing here touches the ledger; run-demo.ts plays the plan through the same
 * commands the API sends, and the ledger's own rules decide every invoice and every refusal.
 */
export type DemoPayment = 'card' | 'declining-card' | 'bank-transfer';

export interface DemoVendor {
  readonly accountId: string;
  readonly businessName: string;
  readonly email: string;
  readonly currency: string;
  readonly taxRegion: string;
  readonly payment: DemoPayment;
  readonly tier: 'starter' | 'pro' | 'enterprise';
  readonly branches: number;
}

export type DemoAction =
  | { readonly kind: 'open'; readonly vendor: DemoVendor }
  | { readonly kind: 'changeTier'; readonly tier: string }
  | { readonly kind: 'branches'; readonly delta: number }
  | { readonly kind: 'productCount'; readonly count: number }
  | { readonly kind: 'hibernate' | 'resume' | 'cancel' }
  | { readonly kind: 'replaceCard' }
  | { readonly kind: 'settleByTransfer' };

export interface DemoStep {
  readonly at: Date;
  readonly accountId: string;
  readonly action: DemoAction;
}

export interface DemoPlan {
  readonly start: Date;
  readonly end: Date;
  readonly vendors: readonly DemoVendor[];
  /** In time order. */
  readonly steps: readonly DemoStep[];
  /** Exchange rates at the start (units per £1), and one change a third of the way in. */
  readonly exchangeRates: Readonly<Record<string, string>>;
  readonly rateChange: { readonly at: Date; readonly currency: string; readonly rate: string };
}

const DAY_MS = 86_400_000;
const TIERS = ['starter', 'pro', 'enterprise'] as const;
const LIMITS: Record<string, number> = { starter: 10, pro: 100 };

const MARKETS = [
  { currency: 'GBP', region: 'GB', weight: 55 },
  { currency: 'EUR', region: 'IE', weight: 10 },
  { currency: 'EUR', region: 'FR', weight: 8 },
  { currency: 'EUR', region: 'DE', weight: 8 },
  { currency: 'CAD', region: 'CA-ON', weight: 8 },
  { currency: 'USD', region: 'US', weight: 7 },
  { currency: 'JPY', region: 'JP', weight: 4 },
] as const;

export const DEMO_EXCHANGE_RATES: Readonly<Record<string, string>> = { EUR: '1.17', CAD: '1.86', USD: '1.27', JPY: '191.5' };

const NAME_FIRST = ['Harbour', 'Northside', 'Old Town', 'Riverside', 'Golden', 'Hillcrest', 'Market Street', 'Maple', 'Bluebell', 'Copper', 'Station', 'Greenway', 'Lighthouse', 'Orchard', 'Castle', 'Willow', 'Meadow', 'Bridge', 'Ivy', 'Summit'];
const NAME_SECOND = ['Bakery', 'Florist', 'Books', 'Coffee', 'Bikes', 'Barbers', 'Deli', 'Hardware', 'Yoga', 'Pharmacy', 'Tailors', 'Pets', 'Kitchen', 'Gallery', 'Opticians', 'Brewery', 'Records', 'Garden Centre', 'Dental', 'Laundry'];

/** A small seeded generator (mulberry32): the same seed, the same demo. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Draw {
  constructor(private readonly random: () => number) {}

  chance(p: number): boolean {
    return this.random() < p;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  weighted<T extends { weight: number }>(items: readonly T[]): T {
    let roll = this.random() * items.reduce((sum, item) => sum + item.weight, 0);
    for (const item of items) {
      roll -= item.weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1];
  }
}

export interface DemoPlanOptions {
  readonly accounts: number;
  readonly months: number;
  /** The instant the history ends: the wall clock when the demo starts. */
  readonly end: Date;
  readonly seed?: number;
}

export function planDemo({ accounts, months, end, seed = 2026 }: DemoPlanOptions): DemoPlan {
  const draw = new Draw(seededRandom(seed));
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - months, end.getUTCDate()));
  const spanDays = Math.max(1, Math.floor((end.getTime() - start.getTime()) / DAY_MS));
  const steps: DemoStep[] = [];
  const vendors: DemoVendor[] = [];
  for (let index = 0; index < accounts; index++) {
    const vendor = drawVendor(draw, index);
    vendors.push(vendor);
    // A third were customers from the first day; the rest joined as the months went by.
    const openDay = draw.chance(0.35) ? 0 : draw.int(0, Math.max(0, spanDays - 3));
    const openAt = instant(start, openDay, draw.int(7 * 60, 19 * 60));
    steps.push({ at: openAt, accountId: vendor.accountId, action: { kind: 'open', vendor } });
    for (const step of drawStory(draw, vendor, openAt, end)) steps.push(step);
  }
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  const rateChange = { at: instant(start, Math.floor(spanDays / 3), 9 * 60), currency: 'EUR', rate: '1.19' };
  return { start, end, vendors, steps, exchangeRates: DEMO_EXCHANGE_RATES, rateChange };
}

function drawVendor(draw: Draw, index: number): DemoVendor {
  const name = `${draw.pick(NAME_FIRST)} ${draw.pick(NAME_SECOND)}`;
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const accountId = `${slug}-${String(index + 1).padStart(4, '0')}`;
  const market = draw.weighted(MARKETS);
  const payment: DemoPayment = draw.chance(0.7) ? 'card' : draw.chance(0.5) ? 'declining-card' : 'bank-transfer';
  const tier = draw.weighted([{ tier: 'starter' as const, weight: 55 }, { tier: 'pro' as const, weight: 35 }, { tier: 'enterprise' as const, weight: 10 }]).tier;
  const branches = draw.chance(0.75) ? 1 : draw.int(2, 4);
  return { accountId, businessName: name, email: `owner@${slug}-${index + 1}.example`, currency: market.currency, taxRegion: market.region, payment, tier, branches };
}

function instant(start: Date, day: number, minute: number): Date {
  return new Date(start.getTime() + day * DAY_MS + minute * 60_000);
}

/** What one vendor does after opening: a handful of moves, each at a working-hours minute. */
function drawStory(draw: Draw, vendor: DemoVendor, openAt: Date, end: Date): DemoStep[] {
  const steps: DemoStep[] = [];
  const lifeDays = Math.floor((end.getTime() - openAt.getTime()) / DAY_MS);
  const at = (day: number) => new Date(openAt.getTime() + day * DAY_MS + draw.int(-180, 300) * 60_000);
  const add = (day: number, action: DemoAction) => {
    if (day >= 1 && day < lifeDays) steps.push({ at: at(day), accountId: vendor.accountId, action });
  };
  let tierIndex = TIERS.indexOf(vendor.tier);
  let products = vendor.tier === 'starter' ? draw.int(2, 8) : draw.int(15, 80);
  add(1, { kind: 'productCount', count: products });
  // Catalogue growth: a report every few weeks; some overrun their tier's limit and meet the grace.
  for (let day = draw.int(15, 40); day < lifeDays; day += draw.int(20, 50)) {
    products += draw.int(-2, tierIndex === 0 ? 5 : 25);
    products = Math.max(0, products);
    add(day, { kind: 'productCount', count: products });
    const limit = LIMITS[TIERS[tierIndex]];
    if (limit !== undefined && products > limit) {
      // Half bring the count back within the grace; the rest are upgraded when it runs out.
      if (draw.chance(0.5)) {
        products = limit - draw.int(0, 2);
        add(day + draw.int(1, 5), { kind: 'productCount', count: products });
      } else {
        tierIndex = products > LIMITS.pro ? 2 : Math.max(tierIndex, 1);
      }
    }
  }
  if (draw.chance(0.28) && tierIndex < TIERS.length - 1) add(draw.int(10, Math.max(11, lifeDays - 1)), { kind: 'changeTier', tier: TIERS[++tierIndex] });
  if (draw.chance(0.06)) add(draw.int(20, Math.max(21, lifeDays - 1)), { kind: 'changeTier', tier: 'starter' });
  if (draw.chance(0.3)) add(draw.int(5, Math.max(6, lifeDays - 1)), { kind: 'branches', delta: draw.chance(0.7) ? 1 : 2 });
  if (draw.chance(0.08)) add(draw.int(40, Math.max(41, lifeDays - 1)), { kind: 'branches', delta: -1 });
  if (draw.chance(0.1)) {
    const from = draw.int(30, Math.max(31, lifeDays - 1));
    add(from, { kind: 'hibernate' });
    if (draw.chance(0.7)) add(from + draw.int(45, 110), { kind: 'resume' });
  }
  addPaymentStory(draw, vendor, lifeDays, add);
  if (draw.chance(0.07)) add(draw.int(30, Math.max(31, lifeDays - 1)), { kind: 'cancel' });
  return steps;
}

function addPaymentStory(draw: Draw, vendor: DemoVendor, lifeDays: number, add: (day: number, action: DemoAction) => void): void {
  if (vendor.payment === 'declining-card') {
    // The card declines from the start: dunning runs; most replace it within days, a few only
    // after the account was suspended (and is then reactivated), some never.
    const roll = draw.int(1, 10);
    if (roll <= 6) add(draw.int(2, 12), { kind: 'replaceCard' });
    else if (roll <= 8) add(draw.int(25, 60), { kind: 'replaceCard' });
  }
  if (vendor.payment === 'bank-transfer') {
    // Finance records the transfers as they arrive: usually within the week, sometimes late.
    for (let day = draw.int(3, 9); day < lifeDays; day += draw.int(26, 38)) add(day, { kind: 'settleByTransfer' });
  }
}
