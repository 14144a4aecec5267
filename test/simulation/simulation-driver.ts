import assert from 'node:assert/strict';
import { fold, Rejected } from '../../libs/domain/decider';
import { accountStreamId, billingAccountDecider } from '../../libs/domain/billing-account/billing-account.decider';
import type { BillingAccountEvent } from '../../libs/domain/billing-account/billing-account.events';
import { amountRemaining, openDocuments, type BillingAccountState } from '../../libs/domain/billing-account/billing-account.state';
import { BillingCommands, type AccountCommandInput } from '../../libs/application/commands/billing-commands';
import { CouponCommands } from '../../libs/application/coupons/coupon-commands';
import type { TestApp } from '../support/test-app';
import { COUPONS, type SimAccount, type SimAction, type SimPlan } from './simulation-plan';

/**
 * Plays a plan against the running service: finance sets the rates, then the manual clock moves
 * one day at a time (so renewals, grace expiries, dunning and collection all run as they fall
 * due) and each planned command is sent at its minute through the same BillingCommands the API
 * uses. A Rejected is a normal answer and is counted by code; anything else fails the run.
 */
export const EXCHANGE_RATES: Readonly<Record<string, string>> = { EUR: '1.17', CAD: '1.86' };
export const TAX_RATES: Readonly<Record<string, string>> = { GB: '0.20', IE: '0.23', FR: '0.20', DE: '0.19', 'CA-ON': '0.13', US: '0' };
const DAY_MS = 86_400_000;

export interface SimStats {
  readonly sent: Map<string, number>;
  readonly accepted: Map<string, number>;
  readonly rejected: Map<string, number>;
}

export function dayInstant(start: string, day: number, minute = 0): Date {
  return new Date(new Date(start).getTime() + day * DAY_MS + minute * 60_000);
}

export async function setRates(app: TestApp, start: string): Promise<void> {
  const finance = await app.token({ sub: 'sim-finance', role: 'finance' });
  for (const [currency, rate] of Object.entries(EXCHANGE_RATES)) {
    const response = await app.request('PUT', `/v1/admin/exchange-rates/${currency}`, { token: finance, body: { rate, effectiveAt: start } });
    assert.ok(response.status < 300, JSON.stringify(response.body));
  }
  for (const [region, rate] of Object.entries(TAX_RATES)) {
    const response = await app.request('PUT', `/v1/admin/tax-rates/${region}`, { token: finance, body: { rate } });
    assert.ok(response.status < 300, JSON.stringify(response.body));
  }
}

/** Finance moves the EUR rate mid-year: documents issued after it convert at the new rate. */
export async function changeEuroRate(app: TestApp): Promise<void> {
  const finance = await app.token({ sub: 'sim-finance', role: 'finance' });
  const response = await app.request('PUT', '/v1/admin/exchange-rates/EUR', { token: finance, body: { rate: '1.19' } });
  assert.ok(response.status < 300, JSON.stringify(response.body));
}

export async function runPlan(app: TestApp, plan: SimPlan, start: string): Promise<SimStats> {
  const commands = new BillingCommands(app.runtime.store, app.clock);
  const coupons = new CouponCommands(app.runtime.store, app.clock, commands);
  for (const { code, ...terms } of COUPONS) await coupons.create({ code, ...terms }, { actor: 'sim-finance' });
  const stats: SimStats = { sent: new Map(), accepted: new Map(), rejected: new Map() };
  let payments = 0;
  const send = async (account: SimAccount, input: AccountCommandInput | SimRedeem | undefined, label: string): Promise<void> => {
    bump(stats.sent, label);
    if (input === undefined) {
      bump(stats.rejected, `${label}:NOTHING_TO_DO`);
      return;
    }
    try {
      if (input.type === 'Redeem') await coupons.redeem(account.accountId, input.code, { actor: 'sim' });
      else await commands.execute(account.accountId, input, { actor: 'sim' });
      bump(stats.accepted, label);
    } catch (error) {
      if (!(error instanceof Rejected)) throw error;
      bump(stats.rejected, `${label}:${error.code}`);
    }
  };
  let stepIndex = 0;
  for (let day = 0; day < plan.days; day++) {
    await app.worker.dueWork.advanceClockTo(dayInstant(start, day));
    if (day === Math.floor(plan.days / 3)) await changeEuroRate(app);
    for (const account of plan.accounts.filter((candidate) => candidate.openDay === day)) {
      await send(account, { type: 'OpenAccount', accountId: account.accountId, businessName: `Sim ${account.accountId}`, email: `${account.accountId}@example.com`, currency: account.currency, taxRegion: account.taxRegion }, 'open');
      if (account.paymentMethod !== 'none') await send(account, { type: 'SetPaymentMethod', gateway: 'sandbox', token: account.paymentMethod === 'ok' ? 'tok_ok' : 'tok_decline' }, 'paymentMethod');
      await send(account, { type: 'Subscribe', tier: account.tier, branches: account.branches }, 'subscribe');
    }
    for (; stepIndex < plan.steps.length && plan.steps[stepIndex].day === day; stepIndex++) {
      const step = plan.steps[stepIndex];
      const at = dayInstant(start, day, step.minute);
      if (at.getTime() > app.clock.now().getTime()) await app.worker.dueWork.advanceClockTo(at);
      const account = plan.accounts[step.account];
      const needsState = step.action.kind === 'pay' || step.action.kind === 'refund' || step.action.kind === 'prices';
      const state = needsState ? await accountState(app, account.accountId) : undefined;
      await send(account, commandFor(step.action, account, state, () => `sim-payment-${++payments}`), step.action.kind);
    }
  }
  await app.worker.dueWork.advanceClockTo(dayInstant(start, plan.days));
  return stats;
}

export async function accountState(app: TestApp, accountId: string): Promise<BillingAccountState> {
  const events = await app.runtime.store.readStream(accountStreamId(accountId));
  return fold(billingAccountDecider, events as unknown as BillingAccountEvent[]);
}

/** A redemption goes through the coupon's stream first, so it is not an account command. */
interface SimRedeem {
  readonly type: 'Redeem';
  readonly code: string;
}

function commandFor(action: SimAction, account: SimAccount, state: BillingAccountState | undefined, reference: () => string): AccountCommandInput | SimRedeem | undefined {
  switch (action.kind) {
    case 'redeem':
      return { type: 'Redeem', code: action.code };
    case 'removeDiscount':
      return { type: 'RemoveDiscount' };
    case 'prices': {
      // Either from the next period start (the default) or from a later date, which a change
      // made before it takes effect may replace.
      const later = state?.subscription ? state.subscription.period.end : undefined;
      return {
        type: 'SetContractPrices', tierPricesGbp: { [action.tier]: action.price }, ...(action.extraBranch === null ? {} : { extraBranchPriceGbp: action.extraBranch }),
        ...(action.inPeriods === 1 && later ? { effectiveFrom: later } : {}),
      };
    }
    case 'subscribe':
      return { type: 'Subscribe', tier: action.tier, branches: action.branches };
    case 'changeTier':
      return { type: 'ChangeTier', tier: action.tier };
    case 'branches':
      return { type: 'ChangeBranches', delta: action.delta };
    case 'productCount':
      return { type: 'ReportProductCount', count: action.count };
    case 'hibernate':
      return { type: 'Hibernate' };
    case 'resume':
      return { type: 'Resume' };
    case 'cancel':
      return { type: 'Cancel' };
    case 'paymentMethod':
      return { type: 'SetPaymentMethod', gateway: 'sandbox', token: action.token };
    case 'pay': {
      const invoice = state && openDocuments(state).filter((document) => document.kind === 'invoice' && amountRemaining(document) > 0)[0];
      if (!invoice) return undefined;
      const remaining = amountRemaining(invoice);
      const amount = action.share === 'partial' ? Math.max(1, Math.floor(remaining / 2)) : action.share === 'full' ? remaining : remaining + 1 + (remaining % 97);
      return { type: 'RecordPayment', invoiceId: invoice.invoiceId, amount: { amount, currency: account.currency }, reference: reference(), gateway: 'manual' };
    }
    case 'refund': {
      const payment = state && Object.values(state.payments).find((candidate) => candidate.amount - candidate.refunded - candidate.disputed > 0);
      if (!payment) return undefined;
      const left = payment.amount - payment.refunded - payment.disputed;
      const amount = action.share === 'all' ? left : Math.max(1, Math.floor(left / 3));
      return { type: 'RefundPayment', paymentId: payment.paymentId, amount: { amount, currency: account.currency }, reason: 'simulation' };
    }
  }
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
