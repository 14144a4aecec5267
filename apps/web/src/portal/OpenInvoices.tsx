import { Link } from 'react-router';
import { Amount } from '../ui/Amount';
import { DataTable } from '../ui/DataTable';
import { When } from '../ui/When';
import { PayNowButton } from './PayNowButton';
import type { PortalAccount } from './PortalHome';

type OpenInvoice = PortalAccount['openInvoices'][number];

/** What the vendor owes now, invoice by invoice, each payable at once. */
export function OpenInvoices({ account }: { account: PortalAccount }) {
  const owing = account.openInvoices.filter((invoice) => invoice.amountRemaining.amount > 0);
  if (owing.length === 0) return null;
  return (
    <section className="card" aria-labelledby="to-pay">
      <div className="card-header">
        <h2 id="to-pay">To pay</h2>
        <p>{account.paymentMethod ? 'Charged to your card on file' : 'No card on file: pay by transfer, or add a card below and open invoices are charged at once'}</p>
      </div>
      <DataTable<OpenInvoice>
        caption="Open invoices"
        testId="open-invoices"
        rows={owing}
        rowKey={(row) => row.invoiceId}
        columns={[
          { header: 'Invoice', cell: (row) => <Link to={`/portal/invoices/${encodeURIComponent(row.invoiceId)}`}>Issued <When instant={row.issuedAt} /></Link> },
          { header: 'Due', cell: (row) => (row.dueAt ? <When instant={row.dueAt} /> : '—') },
          { header: 'Left to pay', numeric: true, cell: (row) => <><Amount money={row.amountRemaining} />{row.overdue && <span className="badge badge-past_due">Overdue</span>}</> },
          ...(account.paymentMethod ? [{ header: 'Pay', label: '', cell: (row: OpenInvoice) => <PayNowButton accountId={account.accountId} invoiceId={row.invoiceId} amount={row.amountRemaining} hasCard /> }] : []),
        ]}
      />
    </section>
  );
}
