import { useState, type FormEvent } from 'react';
import { $api } from '../rest-client/client';
import { fieldMessages } from '../rest-client/problem';
import { useCommandAnswer } from '../rest-client/use-command';
import { Field } from '../ui/Field';
import { Notice } from '../ui/states';
import type { PortalAccount } from './PortalHome';

/** The card on file, and setting another (a gateway token: never a card number). */
export function PaymentMethodCard({ account }: { account: PortalAccount }) {
  const [gateway, setGateway] = useState<'sandbox' | 'stripe'>('sandbox');
  const [token, setToken] = useState('');
  const { problem, callbacks } = useCommandAnswer({ onDone: () => setToken('') });
  const save = $api.useMutation('put', '/v1/accounts/{id}/payment-method', callbacks);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ params: { path: { id: account.accountId } }, body: { gateway, token: token.trim() } });
  };
  return (
    <section className="card" aria-labelledby="payment-method">
      <div className="card-header">
        <h2 id="payment-method">Payment method</h2>
        <p>{account.paymentMethod ? `On file: ${account.paymentMethod.gateway === 'stripe' ? 'a card through Stripe' : 'a sandbox card'}` : 'None on file'}</p>
      </div>
      <p className="muted small">Invoices are charged to it when issued; with none, an invoice is due 7 days after issue. Setting one charges every open invoice at once.</p>
      <form onSubmit={submit} noValidate className="form-row payment-form">
        <div className="field">
          <label htmlFor="gateway">Through</label>
          <select id="gateway" value={gateway} onChange={(event) => setGateway(event.target.value as 'sandbox' | 'stripe')}>
            <option value="sandbox">Sandbox</option>
            <option value="stripe">Stripe</option>
          </select>
        </div>
        <Field label="Token" value={token} onChange={(event) => setToken(event.target.value)} placeholder={gateway === 'stripe' ? 'pm_…' : 'tok_ok'} hint="A token from the payment form, never a card number" errors={fieldMessages(problem, 'token')} autoComplete="off" />
        <button type="submit" className="button" disabled={save.isPending}>{account.paymentMethod ? 'Replace' : 'Add'}</button>
      </form>
      {save.isSuccess && <Notice tone="success" live><p>Payment method saved. Open invoices are being charged.</p></Notice>}
      {problem && !problem.errors.some((error) => error.field === 'token') && <Notice tone="error" live><p>Nothing was changed. {problem.detail}</p></Notice>}
    </section>
  );
}
