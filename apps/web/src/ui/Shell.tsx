import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { session } from '../session/session-store';

export interface NavItem {
  readonly to: string;
  readonly label: string;
  /** Match only this exact path (the section's home). */
  readonly end?: boolean;
}

/** The frame of every signed-in page: brand, navigation, who is signed in, sign-out. */
export function Shell({ home, nav, who, children }: { home: string; nav: readonly NavItem[]; who: ReactNode; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-header">
        <div className="shell-header-inner">
          <Link to={home} className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Billing ledger
          </Link>
          <nav className="shell-nav" aria-label="Main">
            {nav.map((item) => (
              <NavLink key={item.to} to={item.to} end={item.end}>
                {item.label}
              </NavLink>
            ))}
          </nav>
          <div className="shell-user">
            {who}
            <button type="button" className="button button-quiet button-small" onClick={() => session.signOut()}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main className="shell-main" id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
