import type { ReactNode } from 'react';
import { useEffect } from 'react';

/** The page's one h1, its title in the tab, and the actions that belong to the whole page. */
export function PageHeader({ title, subtitle, breadcrumb, actions }: { title: string; subtitle?: ReactNode; breadcrumb?: ReactNode; actions?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Billing ledger`;
  }, [title]);
  return (
    <div className="page-header">
      <div>
        {breadcrumb && <nav aria-label="Breadcrumb" className="breadcrumb">{breadcrumb}</nav>}
        <h1>{title}</h1>
        {subtitle && <p>{subtitle}</p>}
      </div>
      {actions && <div className="button-row">{actions}</div>}
    </div>
  );
}
