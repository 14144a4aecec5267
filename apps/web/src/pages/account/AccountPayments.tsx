import { $api } from '../../rest-client/client';
import type { OkBody } from '../../rest-client/types';
import { Amount } from '../../ui/Amount';
import { Badge } from '../../ui/Badge';
import { DataTable } from '../../ui/DataTable';
import { Pager, useCursorPages } from '../../ui/Pager';
import { Empty, ErrorNotice, Loading } from '../../ui/states';
import { When } from '../../ui/When';
import { capitalise } from '../accounts/AccountsPage';

type Activity = OkBody<'/v1/accounts/{id}/payments', 'get'>['items'][number];

/** Payments, refunds and disputes of the account, newest first. */
export function AccountPayments({ accountId, currency, invoiceId }: { accountId: string; currency: string; invoiceId?: string }) {
  const pages = useCursorPages(`${accountId}|${invoiceId ?? ''}`);
  const payments = $api.useQuery('get', '/v1/accounts/{id}/payments', {
    params: { path: { id: accountId }, query: { limit: 10, ...(invoiceId ? { invoiceId } : {}), ...(pages.cursor ? { cursor: pages.cursor } : {}) } },
  }, { placeholderData: (previous) => previous });
  return (
    <section className="card" aria-labelledby="payments">
      <div className="card-header"><h2 id="payments">Payments</h2><p>Payments, refunds and disputes in {currency}</p></div>
      {payments.isPending && <Loading what="payments" />}
      {payments.isError && <ErrorNotice error={payments.error} what="payments" retry={() => void payments.refetch()} />}
      {payments.data && payments.data.items.length === 0 && <Empty>No payment yet.</Empty>}
      {payments.data && payments.data.items.length > 0 && (
        <>
          <DataTable<Activity>
            caption="Payments, refunds and disputes"
            testId="payments"
            rows={payments.data.items}
            rowKey={(row) => `${row.kind}-${row.refundId ?? row.disputeId ?? row.paymentId}`}
            columns={[
              { header: 'When', cell: (row) => <When instant={row.occurredAt} /> },
              { header: 'What', cell: (row) => capitalise(row.kind) },
              { header: 'Amount', numeric: true, cell: (row) => <Amount money={row.kind === 'payment' ? row.amount : { ...row.amount, amount: -row.amount.amount }} tone /> },
              { header: 'Through', cell: (row) => capitalise(row.gateway) },
              { header: 'Reference', cell: (row) => <span className="mono">{row.reference ?? row.reason ?? '—'}</span> },
              { header: 'Status', cell: (row) => <Badge status={row.status === 'succeeded' || row.status === 'won' ? 'succeeded' : row.status === 'lost' ? 'failed' : 'pending'} label={capitalise(row.status)} /> },
            ]}
          />
          <Pager label="Payments" page={pages.page} nextCursor={payments.data.nextCursor} onNext={pages.next} onPrevious={pages.previous} />
        </>
      )}
    </section>
  );
}
