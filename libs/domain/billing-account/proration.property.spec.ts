// Properties of proration and invoicing over generated dates and histories: exact values stay exact, rounding is per line and half-even.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rejected } from '../decider';
import { addDays, daysBetween, daysInMonth, startOf } from '../calendar/calendar';
import { defaultCatalog } from '../catalog/catalog';
import { divideHalfEven, exact, roundHalfEven } from '../money/rounding';
import { billingAccountDecider } from './billing-account.decider';
import type { BillingAccountCommand } from './billing-account.commands';
import type { BillingAccountEvent, InvoiceIssuedData } from './billing-account.events';
import { contextFactory, exchangeRate, historyOf, open, setPaymentMethod, stateOf, subscribe } from './billing-account.fixtures';

const anchorArb = fc.record({ year: fc.integer({ min: 2024, max: 2030 }), month: fc.integer({ min: 1, max: 12 }), day: fc.oneof(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 29, max: 31 })) })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, daysInMonth(year, month))).padStart(2, '0')}`);
const tierArb = fc.constantFrom(...defaultCatalog.tiers);

test('property: a tier change credits −old × (e − d)/(e − s) and charges +new × the same, each rounded half-even alone', () => {
  fc.assert(fc.property(anchorArb, tierArb, tierArb, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 86_399 }), (anchor, from, to, dayOffset, second) => {
    fc.pre(from.name !== to.name);
    const history = historyOf([open(`${anchor}T00:00:00Z`), setPaymentMethod(`${anchor}T00:00:00Z`), subscribe(from.name, 1, `${anchor}T00:00:00Z`)]);
    const period = stateOf(history).subscription?.period;
    assert.ok(period);
    const changeDate = addDays(startOf(anchor), dayOffset).slice(0, 10);
    fc.pre(daysBetween(changeDate, period.end) > 0);
    const at = new Date(Date.parse(startOf(changeDate)) + second * 1000).toISOString();
    const events = billingAccountDecider.decide({ type: 'ChangeTier', tier: to.name, now: at }, stateOf(history), contextFactory('p')());
    const items = events.flatMap((event) => (event.type === 'ProrationLineAdded' ? [event.data.item] : []));
    const days = daysBetween(changeDate, period.end);
    const periodDays = daysBetween(period.start, period.end);
    assert.deepEqual(items.map((item) => [item.quantity * item.unitAmountGbp, item.days, item.periodDays]), [[-from.priceGbp, days, periodDays], [to.priceGbp, days, periodDays]]);
    for (const item of items) {
      // The exact value times the period length gives back price × days (to the printed precision).
      assert.ok(exact(item.exactGbp).times(periodDays).minus(item.quantity * item.unitAmountGbp * days).abs().lessThan('1e-25'));
    }
    if (dayOffset === 0) assert.deepEqual(items.map((item) => item.exactGbp), [String(-from.priceGbp), String(to.priceGbp)]);
    const invoice = events.find((event) => event.type === 'InvoiceIssued');
    assert.equal(invoice !== undefined, to.priceGbp > from.priceGbp, 'only an upgrade invoices at once');
    if (invoice?.type === 'InvoiceIssued') {
      assert.equal(invoice.data.subtotal, divideHalfEven(-from.priceGbp * days, periodDays) + divideHalfEven(to.priceGbp * days, periodDays));
    }
  }), { numRuns: 300 });
});

function assertInvoiceArithmetic(data: InvoiceIssuedData): void {
  let subtotal = 0;
  for (const line of data.lines) {
    assert.ok(Number.isSafeInteger(line.amount));
    assert.equal(roundHalfEven(line.exact), line.amount, 'a line rounds its own exact value');
    subtotal += line.amount;
  }
  assert.equal(data.subtotal, subtotal);
  if (data.reason !== 'refund') assert.equal(data.tax, roundHalfEven(exact(data.subtotal).times(data.taxRate)));
  assert.equal(data.total, data.subtotal + data.tax);
  assert.equal(data.kind === 'credit_note', data.total < 0);
}

const commandArb: fc.Arbitrary<(now: string) => BillingAccountCommand> = fc.oneof(
  tierArb.map((tier) => (now: string): BillingAccountCommand => ({ type: 'ChangeTier', tier: tier.name, now })),
  fc.integer({ min: -3, max: 3 }).map((delta) => (now: string): BillingAccountCommand => ({ type: 'ChangeBranches', delta, now })),
  fc.integer({ min: 0, max: 150 }).map((count) => (now: string): BillingAccountCommand => ({ type: 'ReportProductCount', count, now })),
  fc.constantFrom<BillingAccountCommand['type']>('Hibernate', 'Resume', 'Cancel', 'AdvanceTime').map((type) => (now: string) => ({ type, now }) as BillingAccountCommand),
);
const stepsArb = fc.array(fc.tuple(commandArb, fc.integer({ min: 1, max: 24 * 40 })), { minLength: 1, maxLength: 15 });

/** Decides the commands in order, dropping rejected ones, optionally with an AdvanceTime before each. */
function play(steps: readonly [(now: string) => BillingAccountCommand, number][], tick: boolean, currency: string): BillingAccountEvent[] {
  const options = { exchangeRates: [exchangeRate('EUR', '1.1734'), exchangeRate('JPY', '187.25')] };
  const context = contextFactory('p', options)();
  let state = stateOf(historyOf([open('2026-01-31T10:00:00Z', { currency }), subscribe('starter', 1, '2026-01-31T10:00:00Z')], options));
  const events: BillingAccountEvent[] = [];
  let clock = Date.parse('2026-01-31T10:00:00Z');
  const apply = (command: BillingAccountCommand): void => {
    try {
      const decided = billingAccountDecider.decide(command, state, context);
      for (const event of decided) state = billingAccountDecider.evolve(state, event);
      events.push(...decided);
    } catch (error) {
      if (!(error instanceof Rejected)) throw error;
    }
  };
  for (const [make, hours] of steps) {
    const halfway = new Date(clock + (hours * 3_600_000) / 2).toISOString();
    clock += hours * 3_600_000;
    if (tick) apply({ type: 'AdvanceTime', now: halfway });
    apply(make(new Date(clock).toISOString()));
  }
  // A rejected command discards the due work it ran; a last tick makes both runs reach the same end.
  apply({ type: 'AdvanceTime', now: new Date(clock + 3_600_000).toISOString() });
  return events;
}

/** Ids in order of first appearance, so that two runs that drew ids for discarded decisions compare. */
function renumberIds(events: readonly BillingAccountEvent[]): unknown {
  const seen = new Map<string, string>();
  const text = JSON.stringify(events).replace(/"p-\d+"/g, (id) => {
    if (!seen.has(id)) seen.set(id, `"n-${seen.size + 1}"`);
    return seen.get(id) ?? id;
  });
  return JSON.parse(text);
}

test('property: any history keeps invoice arithmetic exact, JSON-clean and replayable', () => {
  fc.assert(fc.property(stepsArb, fc.constantFrom('GBP', 'EUR', 'JPY'), (steps, currency) => {
    const events = play(steps, false, currency);
    for (const event of events) if (event.type === 'InvoiceIssued') assertInvoiceArithmetic(event.data);
    const replayed = JSON.parse(JSON.stringify(events)) as BillingAccountEvent[];
    assert.deepEqual(replayed, events, 'events are plain JSON');
  }), { numRuns: 200 });
});

test('property: a worker running due work in between changes nothing in the history', () => {
  fc.assert(fc.property(stepsArb, (steps) => {
    assert.deepEqual(renumberIds(play(steps, true, 'GBP')), renumberIds(play(steps, false, 'GBP')));
  }), { numRuns: 200 });
});
