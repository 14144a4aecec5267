import { $api } from '../rest-client/client';
import { Amount } from '../ui/Amount';
import { Badge } from '../ui/Badge';
import { CalendarDate, When } from '../ui/When';
import type { Catalog, PortalAccount } from './PortalHome';
import { discountSentence } from '../format/terms';
import { monthlyPrice, planSentence, situationSentences, tierName } from './subscription-words';

/** The subscription as a vendor reads it: what it pays for, and what happens next. */
export function SubscriptionCard({ account, catalog }: { account: PortalAccount; catalog: Catalog }) {
  const situation = situationSentences(account, catalog);
  const price = account.tier ? monthlyPrice(catalog, account.tier, account.branches ?? 1) : undefined;
  // The renewal to the penny, as the ledger would issue it now (none is due when cancelling or suspended: a 404).
  const upcoming = $api.useQuery('get', '/v1/accounts/{id}/upcoming-invoice', { params: { path: { id: account.accountId } } }, { retry: false });
  return (
    <section className="card" aria-labelledby="subscription">
      <div className="card-header">
        <h2 id="subscription">Your subscription</h2>
        <Badge status={account.status} />
      </div>
      <p className="lead" data-testid="plan-sentence">{planSentence(account, catalog)}</p>
      {situation.map((sentence) => (
        <p key={sentence} className={account.status === 'active' ? undefined : 'situation'}>{sentence}</p>
      ))}
      <dl className="facts">
        <dt>Tier</dt>
        <dd data-fact="tier">{account.tier ? tierName(account.tier) : '—'}</dd>
        <dt>Branches</dt>
        <dd data-fact="branches">{account.branches ?? '—'}</dd>
        <dt>Monthly price</dt>
        <dd data-fact="price">{price ? <><Amount money={price} /> <span className="muted small">before tax{account.currency !== price.currency ? `, billed in ${account.currency} at the rate of the day` : ''}</span></> : '—'}</dd>
        {account.discount && (<><dt>Discount</dt><dd data-fact="discount">{discountSentence(account.discount, account.currency)}</dd></>)}
        {upcoming.data && (
          <>
            <dt>Next invoice</dt>
            <dd data-fact="next-invoice">
              <Amount money={upcoming.data.amountDue} /> <span className="muted small">on <When instant={upcoming.data.issuedAt} />, with tax{account.discount ? ' and your discount' : ''}, if nothing changes before then</span>
            </dd>
          </>
        )}
        <dt>Products listed</dt>
        <dd>{account.productCount}</dd>
        <dt>This period</dt>
        <dd>{account.period ? <><CalendarDate date={account.period.start} /> – <CalendarDate date={account.period.end} /></> : '—'}</dd>
        <dt>Credit</dt>
        <dd><Amount money={account.credit} /></dd>
      </dl>
    </section>
  );
}
