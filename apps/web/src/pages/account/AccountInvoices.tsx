import { Link } from 'react-router';
import { $api } from '../../rest-client/client';
import type { OkBody } from '../../rest-client/types';
import { Amount } from '../../ui/Amount';
import { Badge } from '../../ui/Badge';
import { DataTable } from '../../ui/DataTable';
import { Pager, useCursorPages } from '../../ui/Pager';
import { Empty, ErrorNotice, Loading } from '../../ui/states';
import { Period, When } from '../../ui/When';

type Invoice = OkBody<'/v1/accounts/{id}/invoices', 'get'>['items'][number];

export function documentLabel(invoice: Pick<Invoice, 'kind' | 'reason'>): string {
  const reasons: Record<string, string> = { subscription: 'Subscription', renewal: 'Renewal', upgrade: 'Upgrade', resume: 'Resume', final: 'Final', reactivation: 'Reactivation', refund: 'Refund' };
  return `${reasons[invoice.reason] ?? invoice.reason}${invoice.kind === 'credit_note' ? ' credit note' : ''}`;
}

/** The account's invoices and credit notes, newest first, a page at a time. */
export function AccountInvoices({ accountId, linkTo = (id) => `/console/invoices/${encodeURIComponent(id)}` }: { accountId: string; linkTo?: (invoiceId: string) => string }) {
  const pages = useCursorPages(accountId);
  const invoices = $api.useQuery('get', '/v1/accounts/{id}/invoices', { params: { path: { id: accountId }, query: { limit: 10, ...(pages.cursor ? { cursor: pages.cursor } : {}) } } }, { placeholderData: (previous) => previous });
  return (
    <section className="card" aria-labelledby="invoices">
      <div className="card-header"><h2 id="invoices">Invoices</h2><p>Newest first</p></div>
      {invoices.isPending && <Loading what="invoices" />}
      {invoices.isError && <ErrorNotice error={invoices.error} what="invoices" retry={() => void invoices.refetch()} />}
      {invoices.data && invoices.data.items.length === 0 && <Empty>No invoice yet.</Empty>}
      {invoices.data && invoices.data.items.length > 0 && (
        <>
          <DataTable<Invoice>
            caption="Invoices and credit notes"
            testId="invoices"
            rows={invoices.data.items}
            rowKey={(row) => row.invoiceId}
            columns={[
              { header: 'Number', cell: (row) => <Link to={linkTo(row.invoiceId)}>{row.number}</Link> },
              { header: 'What', cell: documentLabel },
              { header: 'Issued', cell: (row) => <When instant={row.issuedAt} /> },
              { header: 'Period', cell: (row) => (row.period ? <Period start={row.period.start} end={row.period.end} /> : '—') },
              { header: 'Total', numeric: true, cell: (row) => <Amount money={row.total} /> },
              { header: 'Left to pay', numeric: true, cell: (row) => <Amount money={row.amountRemaining} /> },
              { header: 'Status', cell: (row) => <Badge status={row.kind === 'credit_note' ? 'credit_note' : row.status} /> },
            ]}
          />
          <Pager label="Invoices" page={pages.page} nextCursor={invoices.data.nextCursor} onNext={pages.next} onPrevious={pages.previous} />
        </>
      )}
    </section>
  );
}
