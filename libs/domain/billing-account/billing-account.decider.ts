import { Rejected, type Decider } from '../decider';
import { isAtOrBefore, isInstant, normalizeInstant } from '../calendar/calendar';
import { isCurrencyCode } from '../money/currency';
import { isTaxRegion } from '../rates/rates.decider';
import type { BillingAccountCommand, OpenAccount } from './billing-account.commands';
import type { BillingAccountEvent } from './billing-account.events';
import { evolve } from './billing-account.evolve';
import { initialState, type BillingAccountState } from './billing-account.state';
import type { BillingContext } from './billing-context';
import { runDueWork } from './due-work';
import { Emitter } from './emitter';
import { closeDispute, openDispute, recordPayment, recordPaymentFailure, refundPayment, setPaymentMethod } from './payments.decide';
import { cancel, changeBranches, changeTier, hibernate, reportProductCount, resume, subscribe } from './subscription.decide';
import { applyDiscount, removeDiscount } from './discount';
import { setContractPrices } from './contract-prices';

export { evolve } from './billing-account.evolve';
export { nextDueAt } from './due-work';

export function accountStreamId(accountId: string): string {
  return `account-${accountId}`;
}

/**
 * The instant a command happens at. A command stamped before the latest instant the account has
 * seen (clock skew between processes) is taken to happen at that latest instant, so that history
 * never runs backwards.
 */
function commandInstant(command: BillingAccountCommand, state: BillingAccountState): string {
  if (!isInstant(command.now)) throw new Rejected('VALIDATION_FAILED', 'now must be an ISO-8601 instant', 'now');
  const now = normalizeInstant(command.now);
  return state.clock !== null && isAtOrBefore(now, state.clock) ? state.clock : now;
}

function requireText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength) {
    throw new Rejected('VALIDATION_FAILED', `${field} must be a non-empty string of at most ${maxLength} characters`, field);
  }
  return value;
}

function openAccount(command: OpenAccount, state: BillingAccountState, context: BillingContext, at: string): BillingAccountEvent[] {
  const accountId = requireText(command.accountId, 'accountId', 200);
  const businessName = requireText(command.businessName, 'businessName', 500);
  const email = requireText(command.email, 'email', 320);
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Rejected('VALIDATION_FAILED', 'email must be an email address', 'email');
  if (!isCurrencyCode(command.currency)) throw new Rejected('VALIDATION_FAILED', 'currency must be an ISO 4217 code', 'currency');
  if (!isTaxRegion(command.taxRegion)) throw new Rejected('VALIDATION_FAILED', 'taxRegion must be a country code with an optional -SUBDIVISION', 'taxRegion');
  if (state.exists) throw new Rejected('ACCOUNT_ALREADY_EXISTS');
  if (context.exchangeRates.rateAt(command.currency, at) === undefined) throw new Rejected('NO_EXCHANGE_RATE', `none for ${command.currency}`);
  return [{ type: 'AccountOpened', data: { accountId, businessName, email, currency: command.currency, taxRegion: command.taxRegion, openedAt: at } }];
}

function decideOnAccount(out: Emitter, at: string, command: Exclude<BillingAccountCommand, OpenAccount>): void {
  switch (command.type) {
    case 'Subscribe': return subscribe(out, at, command);
    case 'ChangeTier': return changeTier(out, at, command);
    case 'ChangeBranches': return changeBranches(out, at, command);
    case 'ReportProductCount': return reportProductCount(out, at, command);
    case 'Hibernate': return hibernate(out, at);
    case 'Resume': return resume(out, at);
    case 'Cancel': return cancel(out, at);
    case 'AdvanceTime': return;
    case 'SetPaymentMethod': return setPaymentMethod(out, at, command);
    case 'RecordPayment': return recordPayment(out, at, command);
    case 'RecordPaymentFailure': return recordPaymentFailure(out, at, command);
    case 'RefundPayment': return refundPayment(out, at, command);
    case 'OpenDispute': return openDispute(out, at, command);
    case 'CloseDispute': return closeDispute(out, at, command);
    case 'ApplyDiscount': return applyDiscount(out, at, command);
    case 'RemoveDiscount': return removeDiscount(out, at);
    case 'SetContractPrices': return setContractPrices(out, at, command);
    default: {
      const unknown: never = command;
      throw new Rejected('VALIDATION_FAILED', `unknown command ${(unknown as { type: string }).type}`, 'type');
    }
  }
}

/**
 * Runs every piece of work due up to the command's instant, each stamped with its own due instant,
 * then the command itself on the state that work left. A rejection discards both: a failed request
 * leaves no event behind, and the due work simply runs with the next command or the worker.
 */
export function decide(command: BillingAccountCommand, state: BillingAccountState, context: BillingContext): BillingAccountEvent[] {
  const at = commandInstant(command, state);
  if (command.type === 'OpenAccount') return openAccount(command, state, context, at);
  if (!state.exists) throw new Rejected('ACCOUNT_NOT_FOUND');
  const out = new Emitter(state, context);
  runDueWork(out, at);
  decideOnAccount(out, at, command);
  return out.events;
}

export const billingAccountDecider: Decider<BillingAccountCommand, BillingAccountEvent, BillingAccountState, BillingContext> = {
  initialState,
  decide,
  evolve,
};
