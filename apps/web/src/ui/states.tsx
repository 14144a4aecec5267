import type { ReactNode } from 'react';
import { problemOf, type ProblemView } from '../rest-client/problem';

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

/**
 * A form's refusal under it: when the API blamed one of the form's fields, a pointer to the
 * messages beside them; otherwise the API's own sentence. `nothing` says what did not happen
 * ("Nothing was set").
 */
export function RefusalNotice({ problem, fields, nothing }: { problem?: ProblemView; fields: readonly string[]; nothing: string }) {
  if (!problem) return null;
  const onFields = problem.errors.some((error) => fields.includes(error.field));
  return (
    <Notice tone="error" live>
      <p>{onFields ? `${nothing}: correct the fields marked above.` : `${nothing}. ${problem.detail}`}</p>
    </Notice>
  );
}
