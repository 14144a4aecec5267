import { Link, Route, Routes } from 'react-router';
import type { Session } from '../rest-client/types';
import { Shell } from '../ui/Shell';
import { PageHeader } from '../ui/PageHeader';
import { Notice } from '../ui/states';
import { PortalHome } from './PortalHome';
import { PortalInvoicePage } from './PortalInvoicePage';

/** The vendor's portal: only the token's own account, whatever is typed in the address bar. */
export function PortalRoutes({ who }: { who: Session }) {
  if (who.role !== 'vendor' || !who.accountId) {
    return (
      <main className="shell-main" id="main">
        <PageHeader title="Not available" />
        <Notice tone="info">
          <p>The portal shows a vendor its own account; your {who.role} token opens the console.</p>
          <p>
            <Link to="/console">Go to the console</Link>
          </p>
        </Notice>
      </main>
    );
  }
  const accountId = who.accountId;
  return (
    <Shell home="/portal" nav={[{ to: '/portal', label: 'Subscription', end: true }]} who={<span className="role-chip account-chip">{accountId}</span>}>
      <Routes>
        <Route index element={<PortalHome accountId={accountId} />} />
        <Route path="invoices/:invoiceId" element={<PortalInvoicePage accountId={accountId} />} />
        <Route path="*" element={<Notice tone="warning"><p>There is no such page. <Link to="/portal">Back to your subscription</Link>.</p></Notice>} />
      </Routes>
    </Shell>
  );
}
