// The preview's promise (api.md, Preview), as a property over random account histories on the
// real service: every command of a history is sent twice at the same instant of the manual clock,
// first as a preview and then for real, and the documents the command issues equal the previewed
// ones line for line and amount for amount (as GET /v1/invoices/{invoiceId} shows them), the pending lines
// and the account equal what the preview said, and a refusal is the same refusal (status, code,
// field errors). At random points the upcoming invoice is read and the clock then moved to the next
// period start with nothing in between: the renewal issued then is the upcoming invoice, and none
// is issued when the upcoming invoice was 404.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { apiClient, ok, type ApiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { answerOf, documentsIssuedAfter, refusalOf, runCommand, runPreview, streamRevision } from '../support/preview-support';
import { COUPONS, historyArbitrary, type CouponCode, type History, type Step } from './preview-promise.plan';

/**
 * How many random histories `npm test` runs (each 3–14 steps); PREVIEW_HISTORIES overrides it, and
 * PREVIEW_SEED replays the seed a failure reports.
 */
export const PREVIEW_HISTORIES = Number(process.env.PREVIEW_HISTORIES ?? 50);
const DAY_MS = 86_400_000;

interface Tally {
  histories: number;
  previews: number;
  documents: number;
  refusals: number;
  upcoming: number;
  noUpcoming: number;
  /** Upcoming checks not held to the promise: the gateway declined a charge in between. */
  declinedInBetween: number;
  /** Coupons redeemed and discounts removed; discountLines: discount lines among the documents compared. */
  discountChanges: number;
  discountLines: number;
}

describe("the preview's promise over random account histories", () => {
  let app: TestApp;
  /** Typed clients (test/support/api-client.ts): every answer is checked against the document. */
  let admin: ApiClient;
  let finance: ApiClient;
  const tally: Tally = { histories: 0, previews: 0, documents: 0, refusals: 0, upcoming: 0, noUpcoming: 0, declinedInBetween: 0, discountChanges: 0, discountLines: 0 };

  const moveClock = async (now: string) => {
    ok(await admin.POST('/v1/admin/clock', { body: { now } }));
  };

  before(async () => {
    app = await startTestApp({}, '2026-01-31T10:00:00.000Z');
    admin = apiClient(app.url, await app.token({ sub: 'promise-admin', role: 'admin' }));
    finance = apiClient(app.url, await app.token({ sub: 'promise-finance', role: 'finance' }));
    for (const [currency, rate] of [['EUR', '1.17'], ['JPY', '187.5']]) {
      ok(await admin.PUT('/v1/admin/exchange-rates/{currency}', { params: { path: { currency } }, body: { rate } }));
    }
    for (const [code, terms] of Object.entries(COUPONS)) ok(await finance.POST('/v1/coupons', { body: { code, ...terms } }));
  });
  after(async () => app?.close());

  /** One history on a fresh account, driven step by step; the log says what ran if it fails. */
  class HistoryRun {
    readonly log: string[] = [];
    paymentMethod = false;

    constructor(
      readonly accountId: string,
      readonly history: History,
      readonly vendor: ApiClient,
    ) {}

    async run(): Promise<void> {
      const { accountId, history } = this;
      ok(await admin.POST('/v1/accounts', { body: { accountId, businessName: `Promise ${accountId}`, email: `${accountId}@example.com`, currency: history.currency, taxRegion: history.taxRegion } }));
      for (const step of history.steps) {
        this.log.push(`${app.clock.now().toISOString()} ${JSON.stringify(step)}`);
        await this.step(step);
      }
      // A finished history's account stops renewing, so that later histories' clock moves stay cheap.
      await runCommand(this.vendor, accountId, 'cancel');
    }

    private async step(step: Step): Promise<void> {
      switch (step.kind) {
        case 'command':
          return this.command(step.action, step.body);
        case 'advance': {
          const target = new Date(app.clock.now().getTime() + step.hours * 3_600_000);
          if (step.runDueWork) return moveClock(target.toISOString());
          // Time passes with nothing run: the next command runs the due work first, and so must its preview.
          app.clock.advanceTo(target);
          return;
        }
        case 'renewal':
          return this.renewal();
        case 'pay':
          return this.pay();
        case 'paymentMethod': {
          const set = await this.vendor.PUT('/v1/accounts/{id}/payment-method', { params: { path: { id: this.accountId } }, body: { gateway: 'sandbox', token: step.token } });
          if (set.response.status === 200) this.paymentMethod = true;
          return;
        }
        case 'rate': {
          if (step.what === 'exchange' && this.history.currency === 'GBP') return;
          const body = { rate: step.rate };
          if (step.what === 'exchange') ok(await finance.PUT('/v1/admin/exchange-rates/{currency}', { params: { path: { currency: this.history.currency } }, body }));
          else ok(await finance.PUT('/v1/admin/tax-rates/{region}', { params: { path: { region: this.history.taxRegion } }, body }));
          return;
        }
        case 'coupon':
          return this.coupon(step.code);
      }
    }

    /**
     * A redemption or removal, not itself previewed (the preview covers api.md's seven actions): it
     * may be refused (the same coupon twice, no discount to remove), which changes nothing. The
     * typed client still holds its answer, refusal or not, to the document.
     */
    private async coupon(code: CouponCode | null): Promise<void> {
      const params = { path: { id: this.accountId } };
      const answer = code === null ? await finance.DELETE('/v1/accounts/{id}/discount', { params }) : await this.vendor.POST('/v1/accounts/{id}/discount', { params, body: { code } });
      if (answer.response.status < 300) tally.discountChanges++;
    }

    private async command(action: Parameters<typeof runCommand>[2], body: Record<string, unknown> | undefined): Promise<void> {
      const { accountId } = this;
      // Nothing in between: whatever reacts to the last step (read models, the collector) is done.
      await app.worker.dueWork.settle();
      const revision = await streamRevision(app, accountId);
      const preview = await runPreview(this.vendor, accountId, action, body);
      const command = await runCommand(this.vendor, accountId, action, body);
      if (preview.status !== 200) {
        assert.deepEqual(refusalOf(command), refusalOf(preview), 'the command refuses as its preview did');
        assert.equal(await streamRevision(app, accountId), revision);
        tally.refusals++;
        return;
      }
      assert.ok([200, 201].includes(command.status), `previewed fine, but the command answered ${command.status} ${JSON.stringify(command.body)}`);
      const issued = await documentsIssuedAfter(app, finance, accountId, revision, command.body.position);
      assert.deepEqual(this.settled(preview.body.documents), this.settled(issued), 'the documents issued are the previewed ones');
      assert.deepEqual(withoutIds(preview.body.account), withoutIds(command.body.account), 'the account is as previewed');
      tally.previews++;
      tally.documents += issued.length;
      tally.discountLines += discountLines(issued);
    }

    private async renewal(): Promise<void> {
      const { accountId } = this;
      await app.worker.dueWork.settle();
      const upcoming = answerOf(await this.vendor.GET('/v1/accounts/{id}/upcoming-invoice', { params: { path: { id: accountId } } }));
      assert.ok(upcoming.status === 200 || upcoming.body.code === 'NO_UPCOMING_INVOICE', JSON.stringify(upcoming.body));
      const revision = await streamRevision(app, accountId);
      const now = app.clock.now().toISOString();
      const target: string = upcoming.status === 200 ? upcoming.body.issuedAt : new Date(app.clock.now().getTime() + 32 * DAY_MS).toISOString();
      await moveClock(target);
      const between = await app.runtime.store.readStream(`account-${accountId}`, { fromRevision: revision + 1 });
      // A charge the gateway declined on the way is something happening (it may suspend the account).
      if (between.some((event) => event.type === 'PaymentFailed' && event.metadata.actor === 'collector' && (event.data.failedAt as string) < target)) {
        tally.declinedInBetween++;
        return;
      }
      // A renewal due before now that nothing has run yet is overdue work, not the upcoming invoice.
      const renewals = (await documentsIssuedAfter(app, finance, accountId, revision, (await app.runtime.store.headPosition()) as string)).filter(
        (document) => document.reason === 'renewal' && document.issuedAt > now,
      );
      if (upcoming.status === 200) {
        assert.deepEqual(this.settled(renewals), this.settled([upcoming.body]), 'the renewal issued is the upcoming invoice');
        tally.upcoming++;
        tally.discountLines += discountLines(renewals);
      } else {
        assert.deepEqual(renewals, [], `no upcoming invoice (${upcoming.body.detail}), and no renewal came`);
        tally.noUpcoming++;
      }
    }

    /** Finance records a payment of every open invoice in full. */
    private async pay(): Promise<void> {
      await app.worker.dueWork.settle();
      const path = { id: this.accountId };
      const account = ok(await finance.GET('/v1/accounts/{id}', { params: { path } }));
      for (const invoice of account.openInvoices) {
        if (invoice.amountRemaining.amount === 0) continue;
        ok(await finance.POST('/v1/accounts/{id}/payments', { params: { path }, body: { invoiceId: invoice.invoiceId, amount: invoice.amountRemaining, reference: `bank-${invoice.invoiceId}` } }));
      }
    }

    /**
     * With a payment method the collector may have charged a document by the time it is read back,
     * so its payment fields are the collector's, not the issue's: those are left out then.
     */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- documents as the JSON the API answers
    private settled(documents: any[]): unknown[] {
      if (!this.paymentMethod) return documents;
      return documents.map(({ status: _status, amountPaid: _paid, amountRemaining: _remaining, ...issued }) => issued);
    }
  }

  test(`in ${PREVIEW_HISTORIES} random histories every command issues what its preview showed, and every renewal what the upcoming invoice showed`, async (t) => {
    let next = 0;
    await fc.assert(
      fc.asyncProperty(historyArbitrary, async (history) => {
        const accountId = `promise-${++next}`;
        const run = new HistoryRun(accountId, history, apiClient(app.url, await app.token({ sub: `vendor-${accountId}`, role: 'vendor', accountId })));
        try {
          await run.run();
        } catch (error) {
          const failed = error as Error & { actual?: unknown; expected?: unknown };
          const sides = 'actual' in failed ? `\nactual:   ${JSON.stringify(failed.actual)}\nexpected: ${JSON.stringify(failed.expected)}` : '';
          failed.message += `${sides}\n${accountId} (${history.currency}, ${history.taxRegion}) steps:\n  ${run.log.join('\n  ')}`;
          throw error;
        }
        tally.histories++;
      }),
      { numRuns: PREVIEW_HISTORIES, endOnFailure: true, ...(process.env.PREVIEW_SEED ? { seed: Number(process.env.PREVIEW_SEED) } : {}) },
    );
    t.diagnostic(
      `${tally.histories} histories: ${tally.previews} previews matched their command (${tally.documents} documents), ${tally.refusals} refusals matched, ` +
        `${tally.upcoming} upcoming invoices matched their renewal, ${tally.noUpcoming} 404s had none, ${tally.declinedInBetween} left aside (a charge declined in between); ` +
        `${tally.discountChanges} discounts redeemed or removed, ${tally.discountLines} discount lines among the documents matched`,
    );
    // Not vacuous: each kind of comparison happened, and often.
    assert.ok(tally.previews >= PREVIEW_HISTORIES && tally.documents >= PREVIEW_HISTORIES / 2, JSON.stringify(tally));
    assert.ok(tally.refusals >= PREVIEW_HISTORIES / 2 && tally.upcoming >= PREVIEW_HISTORIES / 10, JSON.stringify(tally));
    assert.ok(tally.discountLines >= PREVIEW_HISTORIES / 10, JSON.stringify(tally));
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- documents as the JSON the API answers
function discountLines(documents: any[]): number {
  return documents.flatMap((document) => document.lines).filter((line) => line.kind === 'discount').length;
}

/** An account view with the ids a preview cannot know (invoices and items it makes up) left out. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the account as the JSON the API answers
function withoutIds(account: any): unknown {
  return {
    ...account,
    openInvoices: account.openInvoices.map(({ invoiceId: _id, ...invoice }: { invoiceId: unknown }) => invoice),
    pendingItems: account.pendingItems.map(({ itemId: _id, ...item }: { itemId: unknown }) => item),
  };
}
