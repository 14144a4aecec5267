import { useId, useState, type FormEvent } from 'react';
import { session, tokenProblem } from './session-store';

/**
 * Sign-in by token. `npm start` prints a link that carries the admin token; anyone else pastes
 * the token they were given (`npm run ledger -- token --role finance`, or a vendor's own). Why the
 * last session ended, if it did not end by choice, is said here in a sentence.
 */
export function SignInPage({ notice }: { notice: string | null }) {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const inputId = useId();
  const errorId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = tokenProblem(value);
    setProblem(found);
    if (!found) session.signIn(value);
  };

  return (
    <main className="sign-in" id="main">
      <div className="card">
        <h1>
          <span className="brand-mark" aria-hidden="true" /> Billing ledger
        </h1>
        <p className="muted">Finance and admin tokens open the console; a vendor token opens that vendor&rsquo;s own portal.</p>
        {notice && (
          <div className="notice notice-warning" role="alert">
            <p>{notice}</p>
          </div>
        )}
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={inputId}>Token</label>
            <textarea
              id={inputId}
              name="token"
              value={value}
              onChange={(event) => setValue(event.target.value)}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? errorId : undefined}
              autoComplete="off"
              spellCheck={false}
              placeholder="eyJhbGciOiJIUzI1NiJ9…"
            />
            {problem && (
              <p className="field-error" id={errorId}>
                {problem}
              </p>
            )}
            <p className="hint">
              The link <code>npm start</code> prints signs you in as admin. For other roles: <code>npm run ledger -- token --role finance</code>.
            </p>
          </div>
          <div className="button-row form-actions">
            <button type="submit" className="button">
              Sign in
            </button>
          </div>
        </form>
      </div>
    </main>
  );
}
