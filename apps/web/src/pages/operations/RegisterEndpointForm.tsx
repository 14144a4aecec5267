import { useState, type FormEvent } from 'react';
import { $api } from '../../rest-client/client';
import { fieldMessages } from '../../rest-client/problem';
import { useCommandAnswer } from '../../rest-client/use-command';
import { Field } from '../../ui/Field';
import { Notice, RefusalNotice } from '../../ui/states';
import { eventTypesOf } from './event-types';

/**
 * An admin registers an outgoing webhook endpoint, as with POST /v1/webhook-endpoints. The API
 * shows the endpoint's signing secret in its answer only, so the form shows it once, where it can
 * be copied, and says so; the receiver needs it to verify every delivery.
 */
export function RegisterEndpointForm() {
  const empty = { url: '', eventTypes: '', description: '' };
  const [form, setForm] = useState(empty);
  const { problem, callbacks } = useCommandAnswer({ onDone: () => setForm(empty) });
  const register = $api.useMutation('post', '/v1/webhook-endpoints', callbacks);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const description = form.description.trim();
    register.mutate({ body: { url: form.url.trim(), eventTypes: eventTypesOf(form.eventTypes), ...(description ? { description } : {}) } });
  };
  const registered = register.isSuccess ? register.data : undefined;
  return (
    <form className="set-rate" onSubmit={submit} noValidate aria-labelledby="register-endpoint">
      <h3 id="register-endpoint">Register an endpoint</h3>
      <div className="form-row">
        <Field label="URL" type="url" value={form.url} onChange={(event) => setForm({ ...form, url: event.target.value })} placeholder="https://hooks.example.com/billing" errors={fieldMessages(problem, 'url')} required />
        <Field label="Event types" value={form.eventTypes} onChange={(event) => setForm({ ...form, eventTypes: event.target.value })} placeholder="InvoiceIssued, PaymentFailed" hint="Separated by commas; empty for every event" errors={fieldMessages(problem, 'eventTypes')} />
        <Field label="Description (optional)" value={form.description} onChange={(event) => setForm({ ...form, description: event.target.value })} placeholder="Accounting system" maxLength={500} errors={fieldMessages(problem, 'description')} />
        <button type="submit" className="button" disabled={register.isPending}>Register</button>
      </div>
      {registered && (
        <Notice tone="success" live>
          <p>
            <span className="mono">{registered.url}</span> is registered and receives events from now on. Its signing secret, shown this once:
          </p>
          <p><code className="mono" data-testid="webhook-secret">{registered.secret}</code></p>
          <p className="small">Keep it where the receiver checks the webhook-signature header. Neither the API nor this page will show it again.</p>
        </Notice>
      )}
      <RefusalNotice problem={problem} fields={['url', 'eventTypes', 'description']} nothing="Nothing was registered" />
    </form>
  );
}
