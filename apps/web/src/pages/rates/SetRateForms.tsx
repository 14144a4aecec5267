import { useState, type FormEvent } from 'react';
import { $api } from '../../rest-client/client';
import { fieldMessages, type ProblemView } from '../../rest-client/problem';
import { useCommandAnswer } from '../../rest-client/use-command';
import { localInputToInstant } from '../../format/dates';
import { Field } from '../../ui/Field';
import { Notice, RefusalNotice } from '../../ui/states';

/** Finance sets an exchange rate (from now or from a given instant); the API's refusal shows by the field. */
export function SetExchangeRateForm() {
  const [form, setForm] = useState({ currency: '', rate: '', effectiveAt: '' });
  const [done, setDone] = useState<string | undefined>();
  const { problem, callbacks } = useCommandAnswer({
    onDone: () => {
      setDone(`${form.currency.toUpperCase()} is now ${form.rate} per £1${form.effectiveAt ? ' from the instant given' : ''}.`);
      setForm({ currency: '', rate: '', effectiveAt: '' });
    },
    onRefused: () => setDone(undefined),
  });
  const save = $api.useMutation('put', '/v1/admin/exchange-rates/{currency}', callbacks);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const effectiveAt = localInputToInstant(form.effectiveAt);
    save.mutate({ params: { path: { currency: form.currency.trim().toUpperCase() } }, body: { rate: form.rate.trim(), ...(effectiveAt ? { effectiveAt } : {}) } });
  };
  return (
    <form className="set-rate" onSubmit={submit} noValidate aria-labelledby="set-exchange-rate">
      <h3 id="set-exchange-rate">Set an exchange rate</h3>
      <div className="form-row">
        <Field label="Currency" value={form.currency} onChange={(event) => setForm({ ...form, currency: event.target.value })} placeholder="EUR" maxLength={3} size={6} errors={fieldMessages(problem, 'currency')} required />
        <Field label="Units per £1" value={form.rate} onChange={(event) => setForm({ ...form, rate: event.target.value })} placeholder="1.17" inputMode="decimal" errors={fieldMessages(problem, 'rate')} required />
        <Field label="Holds from (optional)" type="datetime-local" value={form.effectiveAt} onChange={(event) => setForm({ ...form, effectiveAt: event.target.value })} hint="Empty: from now" errors={fieldMessages(problem, 'effectiveAt')} />
        <button type="submit" className="button" disabled={save.isPending}>Set rate</button>
      </div>
      <Outcome problem={problem} done={done} fields={['currency', 'rate', 'effectiveAt']} />
    </form>
  );
}

/** Finance sets a region's tax rate, in force from now. */
export function SetTaxRateForm() {
  const [form, setForm] = useState({ region: '', rate: '' });
  const [done, setDone] = useState<string | undefined>();
  const { problem, callbacks } = useCommandAnswer({
    onDone: () => {
      setDone(`${form.region.toUpperCase()} is taxed at ${form.rate} from now.`);
      setForm({ region: '', rate: '' });
    },
    onRefused: () => setDone(undefined),
  });
  const save = $api.useMutation('put', '/v1/admin/tax-rates/{region}', callbacks);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ params: { path: { region: form.region.trim().toUpperCase() } }, body: { rate: form.rate.trim() } });
  };
  return (
    <form className="set-rate" onSubmit={submit} noValidate aria-labelledby="set-tax-rate">
      <h3 id="set-tax-rate">Set a tax rate</h3>
      <div className="form-row">
        <Field label="Region" value={form.region} onChange={(event) => setForm({ ...form, region: event.target.value })} placeholder="GB or CA-ON" size={8} errors={fieldMessages(problem, 'region')} required />
        <Field label="Rate (a fraction)" value={form.rate} onChange={(event) => setForm({ ...form, rate: event.target.value })} placeholder="0.20" inputMode="decimal" errors={fieldMessages(problem, 'rate')} required />
        <button type="submit" className="button" disabled={save.isPending}>Set rate</button>
      </div>
      <Outcome problem={problem} done={done} fields={['region', 'rate']} />
    </form>
  );
}

/** The answer under the form: what was set, or why nothing was. */
function Outcome({ problem, done, fields }: { problem?: ProblemView; done?: string; fields: readonly string[] }) {
  if (done) return <Notice tone="success" live><p>{done}</p></Notice>;
  return <RefusalNotice problem={problem} fields={fields} nothing="Nothing was set" />;
}
