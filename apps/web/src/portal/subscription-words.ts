import { formatCalendarDate, formatInstant } from '../format/dates';
import { formatMoney, type MoneyAmount } from '../format/money';
import type { ChangeAction } from './preview-flow';

/**
 * The vendor's subscription, and what each change would do, in sentences. The numbers come from
 * the account and the catalog as the API gives them; what a change will cost to the penny is the
 * preview's to say (the API's preview endpoint), so these sentences describe the rule, never
 * recompute an invoice.
 */
export interface TierInfo {
  readonly name: string;
  readonly monthlyPrice: MoneyAmount;
  readonly productLimit?: number | null;
}

export interface CatalogInfo {
  readonly tiers: readonly TierInfo[];
  readonly extraBranchPrice: MoneyAmount;
  readonly hibernationFee: MoneyAmount;
}

export interface AccountInfo {
  readonly status: string;
  readonly tier?: string | null;
  readonly branches?: number | null;
  readonly productCount: number;
  readonly period?: { readonly start: string; readonly end: string } | null;
  readonly grace?: { readonly startedAt: string; readonly endsAt: string } | null;
  readonly scheduled: { readonly hibernationAt?: string | null; readonly cancellationAt?: string | null };
  readonly dunning?: { readonly startedAt: string; readonly stepsReached: number; readonly nextStepAt?: string | null } | null;
  readonly openInvoices: ReadonlyArray<{ readonly amountRemaining: MoneyAmount; readonly overdue: boolean }>;
  readonly paymentMethod?: { readonly gateway: string } | null;
  readonly currency: string;
}

export interface WordOptions {
  readonly locale?: string;
  readonly timeZone?: string;
}

export const tierName = (tier: string) => tier.charAt(0).toUpperCase() + tier.slice(1);

/**
 * The catalog as this account is charged: the account's price book (its own contract prices over
 * the catalog's, as GET /v1/accounts/{id} answers it) in place of the list prices, the limits kept.
 */
export function withAccountPrices<C extends CatalogInfo>(catalog: C, prices: { readonly tierPrices: Readonly<Record<string, MoneyAmount>>; readonly extraBranchPrice: MoneyAmount; readonly hibernationFee: MoneyAmount }): C {
  return {
    ...catalog,
    tiers: catalog.tiers.map((tier) => ({ ...tier, monthlyPrice: prices.tierPrices[tier.name] ?? tier.monthlyPrice })),
    extraBranchPrice: prices.extraBranchPrice,
    hibernationFee: prices.hibernationFee,
  };
}

function tierOf(catalog: CatalogInfo, name: string | null | undefined): TierInfo | undefined {
  return catalog.tiers.find((tier) => tier.name === name);
}

/** Tier plus extra branches, in the price book's currency (GBP), before tax. */
export function monthlyPrice(catalog: CatalogInfo, tier: string, branches: number): MoneyAmount | undefined {
  const found = tierOf(catalog, tier);
  if (!found) return undefined;
  return { amount: found.monthlyPrice.amount + Math.max(0, branches - 1) * catalog.extraBranchPrice.amount, currency: found.monthlyPrice.currency };
}

function money(value: MoneyAmount, options: WordOptions): string {
  return formatMoney(value, { locale: options.locale });
}

function owed(account: AccountInfo, overdueOnly: boolean): MoneyAmount {
  const amount = account.openInvoices.filter((invoice) => !overdueOnly || invoice.overdue).reduce((sum, invoice) => sum + invoice.amountRemaining.amount, 0);
  return { amount, currency: account.currency };
}

/** What the vendor pays for now, in one sentence. */
export function planSentence(account: AccountInfo, catalog: CatalogInfo, options: WordOptions = {}): string {
  if (account.status === 'not_subscribed') return 'You have no subscription yet.';
  if (account.status === 'cancelled') return 'Your subscription has ended. Your data is kept.';
  const tier = account.tier ?? '';
  const branches = account.branches ?? 1;
  const price = monthlyPrice(catalog, tier, branches);
  const where = `${tierName(tier)} with ${branches} branch${branches === 1 ? '' : 'es'}`;
  if (account.status === 'hibernating') return `You are hibernating on ${where}: you pay the hibernation fee of ${money(catalog.hibernationFee, options)} a month before tax.`;
  return `You are on ${where}: ${price ? money(price, options) : 'your tier’s price'} a month before tax.`;
}

/** What happens next, and what the vendor can do about it: grace, dunning, suspension, schedules. */
export function situationSentences(account: AccountInfo, catalog: CatalogInfo, options: WordOptions = {}): string[] {
  const at = (instant: string) => formatInstant(instant, options);
  const sentences: string[] = [];
  if (account.grace) {
    const limit = tierOf(catalog, account.tier)?.productLimit;
    const fits = catalog.tiers.find((tier) => tier.productLimit === null || tier.productLimit === undefined || tier.productLimit >= account.productCount);
    sentences.push(
      `You list ${account.productCount} products, over ${tierName(account.tier ?? '')}’s limit of ${limit ?? '—'}. ` +
        `Unless you bring it down to ${limit ?? '—'} or fewer by ${at(account.grace.endsAt)}, you will be moved to ${fits ? tierName(fits.name) : 'the next tier'}, prorated from then.`,
    );
  }
  if (account.status === 'past_due' && account.dunning) {
    const next = account.dunning.nextStepAt;
    sentences.push(
      `A payment failed on ${at(account.dunning.startedAt)}; ${money(owed(account, true), options)} is overdue. ` +
        (next ? `We will ${account.paymentMethod ? 'try your card again' : 'remind you'} on ${at(next)}. ` : '') +
        'If it is still unpaid after the last try, your listings are hidden until you pay.',
    );
  }
  if (account.status === 'suspended') {
    sentences.push(`Your listings are hidden because ${money(owed(account, false), options)} was not paid. Pay it and your account is active again at once, with a new period starting that day.`);
  }
  if (account.scheduled.hibernationAt) sentences.push(`Hibernation starts at the end of this period, on ${at(account.scheduled.hibernationAt)}; from then you pay ${money(catalog.hibernationFee, options)} a month and your listings are hidden. Resume before then and nothing changes.`);
  if (account.scheduled.cancellationAt) sentences.push(`Your subscription ends on ${at(account.scheduled.cancellationAt)}. You keep your listings until then; nothing is refunded.`);
  if (account.status === 'active' && account.period && !account.scheduled.cancellationAt && !account.scheduled.hibernationAt) {
    const price = monthlyPrice(catalog, account.tier ?? '', account.branches ?? 1);
    const amount = price ? ` for ${money(price, options)} before tax${price.currency === account.currency ? '' : `, converted to ${account.currency} at that day’s rate`}` : '';
    sentences.push(`It renews on ${formatCalendarDate(account.period.end, options)}${amount}, billed in advance for the month that follows.`);
  }
  return sentences;
}

/** What a change will do, before the vendor confirms it. */
export function changeSentence(action: ChangeAction, account: AccountInfo, catalog: CatalogInfo, options: WordOptions = {}): string {
  const periodEnd = account.period ? formatCalendarDate(account.period.end, options) : 'the end of this period';
  const current = tierOf(catalog, account.tier);
  switch (action.kind) {
    case 'changeTier': {
      const next = tierOf(catalog, action.tier);
      if (!next || !current) return `Moves you to ${tierName(action.tier)}.`;
      const upgrade = next.monthlyPrice.amount > current.monthlyPrice.amount;
      const prices = `${tierName(next.name)} costs ${money(next.monthlyPrice, options)} a month, ${tierName(current.name)} ${money(current.monthlyPrice, options)}`;
      return upgrade
        ? `${prices}. The upgrade takes effect now: an invoice is issued at once that credits the unused time on ${tierName(current.name)} and charges the rest of this period on ${tierName(next.name)}, plus tax.`
        : `${prices}. The change takes effect now: the unused time on ${tierName(current.name)} is credited and the rest of this period on ${tierName(next.name)} charged, both on your next invoice; nothing is refunded.`;
    }
    case 'changeBranches': {
      const count = Math.abs(action.delta);
      const each = money(catalog.extraBranchPrice, options);
      return action.delta > 0
        ? `Adds ${count} branch${count === 1 ? '' : 'es'} at ${each} a month each, from today. The rest of this period is charged on your next invoice, on ${periodEnd}.`
        : `Removes ${count} branch${count === 1 ? '' : 'es'} from today. The unused rest of this period (${each} a month each) is credited on your next invoice, on ${periodEnd}.`;
    }
    case 'hibernate':
      return `From the end of this period, on ${periodEnd}, you pay the hibernation fee of ${money(catalog.hibernationFee, options)} a month instead of your plan, and your listings are hidden until you resume. Nothing changes before then.`;
    case 'resume':
      return account.status === 'hibernating'
        ? 'Your plan is active again at once and your listings visible: an invoice is issued now for the rest of this period at your plan’s price, less the hibernation fee already billed.'
        : 'Cancels the hibernation you asked for; nothing is charged and nothing changes.';
    case 'cancel':
      return `Your subscription ends at the end of this period, on ${periodEnd}. You keep your listings until then; nothing is refunded, and anything still pending is billed on a final invoice then.`;
  }
}

/** The words on the button that confirms a change. */
export function confirmLabel(action: ChangeAction): string {
  switch (action.kind) {
    case 'changeTier':
      return `Change to ${tierName(action.tier)}`;
    case 'changeBranches':
      return action.delta > 0 ? `Add ${action.delta} branch${action.delta === 1 ? '' : 'es'}` : `Remove ${-action.delta} branch${action.delta === -1 ? '' : 'es'}`;
    case 'hibernate':
      return 'Hibernate';
    case 'resume':
      return 'Resume';
    case 'cancel':
      return 'Cancel my subscription';
  }
}
