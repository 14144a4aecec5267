import { useId, type InputHTMLAttributes } from 'react';

/**
 * A labelled input whose refusal, in the API's own words, sits right under it and is tied to it
 * for screen readers (aria-describedby, aria-invalid).
 */
export function Field({ label, hint, errors = [], ...input }: { label: string; hint?: string; errors?: readonly string[] } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const errorId = useId();
  const hintId = useId();
  const describedBy = [errors.length > 0 ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={errors.length > 0 ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint && <span className="hint" id={hintId}>{hint}</span>}
      {errors.length > 0 && (
        <p className="field-error" id={errorId}>
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}
