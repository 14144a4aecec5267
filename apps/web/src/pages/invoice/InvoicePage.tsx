import { Link, useParams } from 'react-router';
import { $api } from '../../rest-client/client';
import { problemOf } from '../../rest-client/problem';
import type { OkBody } from '../../rest-client/types';
import { formatPercent } from '../../format/rates';
import { Amount, ExactAmount } from '../../ui/Amount';
import { Badge } from '../../ui/Badge';
import { DataTable } from '../../ui/DataTable';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorNotice, Loading, Notice } from '../../ui/states';
import { Period, When } from '../../ui/When';
import { AccountPayments } from '../account/AccountPayments';
import { documentLabel } from '../account/AccountInvoices';
import { PdfButton } from './PdfButton';

export type Invoice = OkBody<'/v1/invoices/{invoiceId}', 'get'>;
type Line = Invoice['lines'][number];

/** One invoice or credit note: its lines exact and rounded, its totals, its payments. */
export function InvoicePage() {
  const { invoiceId = '' } = useParams();
  const invoice = $api.useQuery('get', '/v1/invoices/{invoiceId}', { params: { path: { invoiceId } } });
  if (invoice.isPending) return <Loading what="the invoice" />;
  if (invoice.isError) {
    const missing = problemOf(invoice.error).status === 404;
    return missing ? <Notice tone="warning"><p>There is no invoice <code>{invoiceId}</code>.</p></Notice> : <ErrorNotice error={invoice.error} what="the invoice" retry={() => void invoice.refetch()} />;
  }
  const doc = invoice.data;
  return (
    <>
      <PageHeader
        title={`${doc.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${doc.number}`}
        subtitle={<>{documentLabel(doc)} for <Link to={`/console/accounts/${encodeURIComponent(doc.accountId)}`}>{doc.accountId}</Link></>}
        breadcrumb={<><Link to="/console/accounts">Accounts</Link> / <Link to={`/console/accounts/${encodeURIComponent(doc.accountId)}`}>{doc.accountId}</Link></>}
        actions={<Badge status={doc.kind === 'credit_note' ? 'credit_note' : doc.status} />}
      />
      <InvoiceDocument invoice={doc} />
      {doc.kind === 'invoice' && <AccountPayments accountId={doc.accountId} currency={doc.currency} invoiceId={doc.invoiceId} />}
    </>
  );
}

/** The document itself, shared by the console and the vendor's portal. */
export function InvoiceDocument({ invoice }: { invoice: Invoice }) {
  return (
    <div className="grid grid-2 invoice-layout">
      <section className="card" aria-labelledby="invoice-facts">
        <div className="card-header"><h2 id="invoice-facts">Details</h2></div>
        <dl className="facts">
          <dt>Issued</dt>
          <dd><When instant={invoice.issuedAt} /></dd>
          <dt>Due</dt>
          <dd>{invoice.dueAt ? <When instant={invoice.dueAt} /> : '—'}</dd>
          <dt>Period</dt>
          <dd>{invoice.period ? <Period start={invoice.period.start} end={invoice.period.end} /> : '—'}</dd>
          <dt>Tax</dt>
          <dd>{formatPercent(invoice.taxRate)} ({invoice.taxRegion})</dd>
          {invoice.currency !== 'GBP' && (<><dt>Exchange rate</dt><dd>{invoice.exchangeRate} {invoice.currency} per £1, in force at issue</dd></>)}
          {invoice.refundOf && (<><dt>Refund of</dt><dd>payment <span className="mono">{invoice.refundOf.paymentId}</span></dd></>)}
        </dl>
        <PdfButton invoiceId={invoice.invoiceId} number={invoice.number} />
      </section>
      <section className="card" aria-labelledby="invoice-totals">
        <div className="card-header"><h2 id="invoice-totals">Totals</h2></div>
        <dl className="facts totals" data-testid="invoice-totals">
          <dt>Subtotal</dt><dd data-total="subtotal"><Amount money={invoice.subtotal} /></dd>
          <dt>Tax</dt><dd data-total="tax"><Amount money={invoice.tax} /></dd>
          <dt>Total</dt><dd data-total="total"><strong><Amount money={invoice.total} /></strong></dd>
          <dt>Credit applied</dt><dd data-total="creditApplied"><Amount money={invoice.creditApplied} /></dd>
          <dt>Amount due</dt><dd data-total="amountDue"><Amount money={invoice.amountDue} /></dd>
          <dt>Paid</dt><dd data-total="amountPaid"><Amount money={invoice.amountPaid} /></dd>
          <dt>Left to pay</dt><dd data-total="amountRemaining"><strong><Amount money={invoice.amountRemaining} /></strong></dd>
        </dl>
      </section>
      <section className="card span-2" aria-labelledby="invoice-lines">
        <div className="card-header"><h2 id="invoice-lines">Lines</h2><p>Each line exact, then rounded half-even once</p></div>
        <DataTable<Line>
          caption="Invoice lines"
          testId="invoice-lines"
          rows={invoice.lines}
          rowKey={(line) => `${line.kind}-${line.description}-${line.exact}`}
          columns={[
            { header: 'Description', cell: (line) => line.description },
            { header: 'Quantity', numeric: true, cell: (line) => line.quantity },
            // A discount or refund line is not a share of a period: it has no days to show.
            { header: 'Days', numeric: true, cell: (line) => (line.kind === 'discount' || line.kind === 'refund' ? '—' : `${line.days} of ${line.periodDays}`) },
            { header: 'Exact', numeric: true, cell: (line) => <ExactAmount exact={line.exact} currency={invoice.currency} /> },
            { header: 'Amount', numeric: true, cell: (line) => <Amount money={line.amount} /> },
          ]}
        />
      </section>
    </div>
  );
}
