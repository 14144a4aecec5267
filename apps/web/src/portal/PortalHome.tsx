import { $api } from '../rest-client/client';
import type { OkBody } from '../rest-client/types';
import { PageHeader } from '../ui/PageHeader';
import { ErrorNotice, Loading } from '../ui/states';
import { AccountInvoices } from '../pages/account/AccountInvoices';
import { ChangePlan } from './ChangePlan';
import { CouponForm } from './CouponForm';
import { OpenInvoices } from './OpenInvoices';
import { PaymentMethodCard } from './PaymentMethodCard';
import { SubscriptionCard } from './SubscriptionCard';
import { withAccountPrices } from './subscription-words';

export type PortalAccount = OkBody<'/v1/accounts/{id}', 'get'>;
export type Catalog = OkBody<'/v1/catalog', 'get'>;

/** The vendor's own account: the subscription in words, its changes, its invoices and payment method. */
export function PortalHome({ accountId }: { accountId: string }) {
  const account = $api.useQuery('get', '/v1/accounts/{id}', { params: { path: { id: accountId } } });
  const catalog = $api.useQuery('get', '/v1/catalog', {}, { staleTime: 5 * 60_000 });
  if (account.isPending || catalog.isPending) return <Loading what="your subscription" />;
  if (account.isError) return <ErrorNotice error={account.error} what="your account" retry={() => void account.refetch()} />;
  if (catalog.isError) return <ErrorNotice error={catalog.error} what="the price list" retry={() => void catalog.refetch()} />;
  // What this account pays: its own prices where finance set them, the catalog's otherwise.
  const prices = withAccountPrices(catalog.data, account.data.prices);
  return (
    <>
      <PageHeader title={account.data.businessName} subtitle={account.data.email} />
      <SubscriptionCard account={account.data} catalog={prices} />
      <OpenInvoices account={account.data} />
      <ChangePlan account={account.data} catalog={prices} />
      <CouponForm account={account.data} />
      <AccountInvoices accountId={accountId} linkTo={(invoiceId) => `/portal/invoices/${encodeURIComponent(invoiceId)}`} />
      <PaymentMethodCard account={account.data} />
    </>
  );
}
