import { Link, useParams } from 'react-router';
import { $api } from '../rest-client/client';
import { problemOf } from '../rest-client/problem';
import { PageHeader } from '../ui/PageHeader';
import { ErrorNotice, Loading, Notice } from '../ui/states';
import { Badge } from '../ui/Badge';
import { InvoiceDocument } from '../pages/invoice/InvoicePage';
import { PayNowButton } from './PayNowButton';

/** One of the vendor's own invoices; another account's invoice is "not found", whatever the address says. */
export function PortalInvoicePage({ accountId }: { accountId: string }) {
  const { invoiceId = '' } = useParams();
  const invoice = $api.useQuery('get', '/v1/invoices/{invoiceId}', { params: { path: { invoiceId } } });
  const account = $api.useQuery('get', '/v1/accounts/{id}', { params: { path: { id: accountId } } });
  if (invoice.isPending) return <Loading what="the invoice" />;
  if (invoice.isError) {
    return problemOf(invoice.error).status === 404
      ? <Notice tone="warning"><p>You have no invoice <code>{invoiceId}</code>. <Link to="/portal">Back to your subscription</Link>.</p></Notice>
      : <ErrorNotice error={invoice.error} what="the invoice" retry={() => void invoice.refetch()} />;
  }
  const doc = invoice.data;
  const payable = doc.kind === 'invoice' && doc.status === 'open' && doc.amountRemaining.amount > 0 && Boolean(account.data?.paymentMethod);
  return (
    <>
      <PageHeader
        title={`${doc.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${doc.number}`}
        breadcrumb={<Link to="/portal">Your subscription</Link>}
        actions={<>
          <Badge status={doc.kind === 'credit_note' ? 'credit_note' : doc.status} />
          {payable && <PayNowButton accountId={accountId} invoiceId={doc.invoiceId} amount={doc.amountRemaining} hasCard={Boolean(account.data?.paymentMethod)} />}
        </>}
      />
      <InvoiceDocument invoice={doc} />
    </>
  );
}
