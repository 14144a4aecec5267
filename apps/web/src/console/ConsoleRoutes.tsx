import { Link, Route, Routes } from 'react-router';
import type { Session } from '../rest-client/types';
import { Shell, type NavItem } from '../ui/Shell';
import { PageHeader } from '../ui/PageHeader';
import { Notice } from '../ui/states';
import { lazy, Suspense } from 'react';
import { Loading } from '../ui/states';

// One chunk per page (Lago's front end: a folder per page): the first screen parses only itself.
const OverviewPage = lazy(() => import('../pages/overview/OverviewPage').then((module) => ({ default: module.OverviewPage })));
const AccountsPage = lazy(() => import('../pages/accounts/AccountsPage').then((module) => ({ default: module.AccountsPage })));
const AccountPage = lazy(() => import('../pages/account/AccountPage').then((module) => ({ default: module.AccountPage })));
const InvoicePage = lazy(() => import('../pages/invoice/InvoicePage').then((module) => ({ default: module.InvoicePage })));
const ReportsPage = lazy(() => import('../pages/reports/ReportsPage').then((module) => ({ default: module.ReportsPage })));
const RatesPage = lazy(() => import('../pages/rates/RatesPage').then((module) => ({ default: module.RatesPage })));
const OperationsPage = lazy(() => import('../pages/operations/OperationsPage').then((module) => ({ default: module.OperationsPage })));

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
      <Suspense fallback={<Loading what="the page" />}>
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
      </Suspense>
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
