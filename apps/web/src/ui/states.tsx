import type { ReactNode } from 'react';
import { problemOf } from '../rest-client/problem';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>Loading {what}…</span>
    </div>
  );
}

/** What went wrong, in the API's own sentence, with a way to try again. */
export function ErrorNotice({ error, what, retry }: { error: unknown; what: string; retry?: () => void }) {
  const problem = problemOf(error);
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>Could not load {what}.</strong> {problem.detail}
      </p>
      {retry && (
        <button type="button" className="button button-quiet button-small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

export function Notice({ tone, children, live = false }: { tone: 'info' | 'warning' | 'error' | 'success'; children: ReactNode; live?: boolean }) {
  return (
    <div className={`notice notice-${tone}`} role={live ? (tone === 'error' ? 'alert' : 'status') : undefined}>
      {children}
    </div>
  );
}
