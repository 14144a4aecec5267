import type { OkBody } from '../../rest-client/types';
import { Amount } from '../../ui/Amount';
import { Badge } from '../../ui/Badge';
import { CalendarDate, Period, When } from '../../ui/When';
import { discountSentence, priceBookSentence } from '../../format/terms';
import { capitalise } from '../accounts/AccountsPage';

export type Account = OkBody<'/v1/accounts/{id}', 'get'>;

/** The account's state as facts: what it pays for, where it stands, what is coming. */
export function AccountFacts({ account }: { account: Account }) {
  return (
    <dl className="facts" data-testid="account-facts">
      <dt>Status</dt>
      <dd><Badge status={account.status} /> {account.visible ? <span className="muted small">listings visible</span> : <span className="muted small">listings hidden</span>}</dd>
      <dt>Tier</dt>
      <dd data-fact="tier">{account.tier ? `${capitalise(account.tier)}, ${account.branches} branch${account.branches === 1 ? '' : 'es'}` : 'None'}</dd>
      <dt>Products</dt>
      <dd>
        {account.productCount}
        {account.grace && <> · <span className="badge badge-past_due">Grace</span> until <When instant={account.grace.endsAt} /></>}
      </dd>
      <dt>Period</dt>
      <dd>{account.period ? <Period start={account.period.start} end={account.period.end} /> : '—'}</dd>
      <dt>Credit</dt>
      <dd data-fact="credit"><Amount money={account.credit} /></dd>
      <dt>Prices</dt>
      <dd data-fact="prices">
        {priceBookSentence(account.prices)}
        {account.prices.scheduled && <span className="muted small"> From the period starting on or after <CalendarDate date={account.prices.scheduled.effectiveFrom} />: {priceBookSentence(account.prices.scheduled)}</span>}
      </dd>
      <dt>Discount</dt>
      <dd data-fact="discount">{account.discount ? discountSentence(account.discount, account.currency) : 'None'}</dd>
      <dt>Currency, tax</dt>
      <dd>{account.currency} · {account.taxRegion}</dd>
      <dt>Payment method</dt>
      <dd>{account.paymentMethod ? capitalise(account.paymentMethod.gateway) : 'None: invoices are due 7 days after issue'}</dd>
      {account.scheduled.hibernationAt && (<><dt>Hibernates</dt><dd><When instant={account.scheduled.hibernationAt} /></dd></>)}
      {account.scheduled.cancellationAt && (<><dt>Cancels</dt><dd><When instant={account.scheduled.cancellationAt} /></dd></>)}
      {account.dunning && (
        <>
          <dt>Dunning</dt>
          <dd>
            Since <When instant={account.dunning.startedAt} />, {account.dunning.stepsReached} step{account.dunning.stepsReached === 1 ? '' : 's'} taken
            {account.dunning.nextStepAt && <>; next <When instant={account.dunning.nextStepAt} /></>}
          </dd>
        </>
      )}
      <dt>Opened</dt>
      <dd><When instant={account.openedAt} /></dd>
    </dl>
  );
}
