import { Link, Route, Routes } from 'react-router';
import type { Session } from '../api/types';
import { Shell, type NavItem } from '../ui/Shell';
import { PageHeader } from '../ui/PageHeader';
import { Notice } from '../ui/states';
import { OverviewPage } from '../pages/overview/OverviewPage';
import { AccountsPage } from '../pages/accounts/AccountsPage';
import { AccountPage } from '../pages/account/AccountPage';
import { InvoicePage } from '../pages/invoice/InvoicePage';
import { ReportsPage } from '../pages/reports/ReportsPage';
import { RatesPage } from '../pages/rates/RatesPage';
import { OperationsPage } from '../pages/operations/OperationsPage';

const NAV: readonly NavItem[] = [
  { to: '/console', label: 'Overview', end: true },
  { to: '/console/accounts', label: 'Accounts' },
  { to: '/console/reports', label: 'Reports' },
  { to: '/console/rates', label: 'Rates' },
  { to: '/console/operations', label: 'Operations' },
];

/** The console, for finance and admin. A vendor token never sees it, whatever the address says. */
export function ConsoleRoutes({ who }: { who: Session }) {
  if (who.role === 'vendor') {
    return (
      <main className="shell-main" id="main">
        <PageHeader title="Not available" />
        <Notice tone="warning">
          <p>The console is for finance. Your token opens your own account&rsquo;s portal.</p>
          <p>
            <Link to="/portal">Go to your portal</Link>
          </p>
        </Notice>
      </main>
    );
  }
  return (
    <Shell home="/console" nav={NAV} who={<span className="role-chip">{who.role}</span>}>
      <Routes>
        <Route index element={<OverviewPage />} />
        <Route path="accounts" element={<AccountsPage />} />
        <Route path="accounts/:accountId" element={<AccountPage />} />
        <Route path="invoices/:invoiceId" element={<InvoicePage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="rates" element={<RatesPage />} />
        <Route path="operations" element={<OperationsPage who={who} />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Shell>
  );
}

function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is no such page in the console. <Link to="/console">Back to the overview</Link>.
      </p>
    </>
  );
}
