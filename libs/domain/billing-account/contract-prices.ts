import { invariant, rejectInvalid, type FieldProblem } from '../decider';
import { dateOf, isIsoDate } from '../calendar/calendar';
import type { Catalog } from '../catalog/catalog';
import type { SetContractPrices } from './billing-account.commands';
import type { BilledPrices, OwnPrices } from './billing-account.events';
import type { BillingAccountState } from './billing-account.state';
import type { Emitter } from './emitter';

/**
 * Contract prices (billing-rules.md): finance gives an account its own tier, extra-branch and
 * hibernation prices. A change never prorates: it waits for a period start on or after its
 * effective date, and from then on the period's invoice and every proration inside the period use
 * the prices billed for it (the subscription's `prices`).
 */
export interface PriceBook {
  /** Every catalog tier with the account's price for it. */
  readonly tierPricesGbp: Readonly<Record<string, number>>;
  readonly extraBranchPriceGbp: number;
  readonly hibernationFeeGbp: number;
}

/** The highest price finance may set, far inside the safe integer range: £1,000,000 a month. */
export const CONTRACT_PRICE_GBP_MAX = 100_000_000;

/** Own prices over the catalog: each price the account does not have of its own is the catalog's. */
export function resolvePriceBook(own: OwnPrices | null, catalog: Catalog): PriceBook {
  const tierPricesGbp: Record<string, number> = {};
  for (const tier of catalog.tiers) tierPricesGbp[tier.name] = own?.tierPricesGbp[tier.name] ?? tier.priceGbp;
  return {
    tierPricesGbp,
    extraBranchPriceGbp: own?.extraBranchPriceGbp ?? catalog.extraBranchPriceGbp,
    hibernationFeeGbp: own?.hibernationFeeGbp ?? catalog.hibernationFeeGbp,
  };
}

/** The account's prices in force now: what a tier change or a new subscription is priced at. */
export function accountPriceBook(state: BillingAccountState, catalog: Catalog): PriceBook {
  return resolvePriceBook(state.contractPrices.current, catalog);
}

export function billedPricesFor(book: PriceBook, tier: string): BilledPrices {
  const tierPriceGbp = book.tierPricesGbp[tier];
  invariant(tierPriceGbp !== undefined, `tier ${tier} is missing from the price book`);
  return { tierPriceGbp, extraBranchPriceGbp: book.extraBranchPriceGbp, hibernationFeeGbp: book.hibernationFeeGbp };
}

function priceProblem(value: unknown, field: string): FieldProblem | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= CONTRACT_PRICE_GBP_MAX) return undefined;
  return { field, message: `${field} must be an integer of GBP pence from 0 to ${CONTRACT_PRICE_GBP_MAX}` };
}

function ownPricesOf(command: SetContractPrices, catalog: Catalog): { prices: OwnPrices; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const tierPricesGbp: Record<string, number> = {};
  const given = command.tierPricesGbp ?? {};
  for (const [tier, price] of Object.entries(given)) {
    const field = `tierPrices.${tier}`;
    if (!catalog.tiers.some((candidate) => candidate.name === tier)) problems.push({ field, message: `unknown tier; the tiers are ${catalog.tiers.map((candidate) => candidate.name).join(', ')}` });
    const problem = priceProblem(price, field);
    if (problem) problems.push(problem);
    else if (typeof price === 'number') tierPricesGbp[tier] = price;
  }
  for (const [value, field] of [[command.extraBranchPriceGbp, 'extraBranchPrice'], [command.hibernationFeeGbp, 'hibernationFee']] as const) {
    const problem = priceProblem(value, field);
    if (problem) problems.push(problem);
  }
  const price = (value: unknown): number | null => (typeof value === 'number' ? value : null);
  return { prices: { tierPricesGbp, extraBranchPriceGbp: price(command.extraBranchPriceGbp), hibernationFeeGbp: price(command.hibernationFeeGbp) }, problems };
}

/** A period is running while the account bills: its end is the next period start. */
function nextPeriodStart(state: BillingAccountState, today: string): string {
  const running = state.status === 'active' || state.status === 'past_due' || state.status === 'hibernating';
  return running && state.subscription !== null ? state.subscription.period.end : today;
}

export function setContractPrices(out: Emitter, at: string, command: SetContractPrices): void {
  const today = dateOf(at);
  const { prices, problems } = ownPricesOf(command, out.context.catalog);
  if (command.effectiveFrom !== undefined) {
    if (!isIsoDate(command.effectiveFrom)) problems.push({ field: 'effectiveFrom', message: 'effectiveFrom must be a date YYYY-MM-DD' });
    else if (command.effectiveFrom < today) problems.push({ field: 'effectiveFrom', message: `effectiveFrom must be today (${today}) or later: prices never change a period already billed` });
  }
  rejectInvalid(problems);
  const effectiveFrom = command.effectiveFrom ?? nextPeriodStart(out.state, today);
  const replacedEffectiveFrom = out.state.contractPrices.scheduled?.effectiveFrom ?? null;
  out.emit({ type: 'ContractPricesSet', data: { setAt: at, effectiveFrom, prices, replacedEffectiveFrom } });
}

/**
 * Called at every period start (subscription, renewal, reactivation) before the period is billed:
 * a change waiting for a start on or after its effective date takes effect now.
 */
export function bringPricesInForce(out: Emitter, at: string, periodStart: string): void {
  const scheduled = out.state.contractPrices.scheduled;
  if (scheduled === null || periodStart < scheduled.effectiveFrom) return;
  const subscription = out.state.subscription;
  const subscriptionPrices = subscription === null ? null : billedPricesFor(resolvePriceBook(scheduled.prices, out.context.catalog), subscription.tier);
  out.emit({ type: 'ContractPricesTookEffect', data: { tookEffectAt: at, effectiveFrom: scheduled.effectiveFrom, periodStart, prices: scheduled.prices, subscriptionPrices } });
}
