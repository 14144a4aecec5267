import { useId, useState, type FormEvent } from 'react';
import { instantToLocalInput, localInputToInstant } from '../../format/dates';

/** Picks an instant in the viewer's own zone (a datetime-local input) and hands it on in UTC. */
export function AsOfPicker({ value, onChange }: { value: string | undefined; onChange: (instant: string | undefined) => void }) {
  const [text, setText] = useState(value ? instantToLocalInput(value) : '');
  const [problem, setProblem] = useState<string | undefined>();
  const inputId = useId();
  const errorId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const instant = localInputToInstant(text);
    setProblem(instant ? undefined : 'Pick a date and a time.');
    if (instant) onChange(instant);
  };
  return (
    <form className="form-row" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={inputId}>Date and time (your time zone)</label>
        <input id={inputId} type="datetime-local" value={text} onChange={(event) => setText(event.target.value)} aria-invalid={problem ? true : undefined} aria-describedby={problem ? errorId : undefined} />
        {problem && <p className="field-error" id={errorId}>{problem}</p>}
      </div>
      <button type="submit" className="button">Show</button>
      {value && (
        <button type="button" className="button button-quiet" onClick={() => { setText(''); onChange(undefined); }}>
          Clear
        </button>
      )}
    </form>
  );
}
