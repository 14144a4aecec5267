import { useState, type FormEvent } from 'react';
import { $api } from '../rest-client/client';
import { fieldMessages } from '../rest-client/problem';
import { useCommandAnswer } from '../rest-client/use-command';
import { discountSentence } from '../format/terms';
import { Field } from '../ui/Field';
import { Notice } from '../ui/states';
import type { PortalAccount } from './PortalHome';

/**
 * A coupon code the vendor was given, redeemed on its own account (POST /v1/accounts/{id}/discount).
 * The API's refusal (no such coupon, archived, used up) shows under the code, and nothing changes.
 */
export function CouponForm({ account }: { account: PortalAccount }) {
  const [code, setCode] = useState('');
  const { problem, callbacks } = useCommandAnswer({ onDone: () => setCode('') });
  const redeem = $api.useMutation('post', '/v1/accounts/{id}/discount', callbacks);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    redeem.reset();
    redeem.mutate({ params: { path: { id: account.accountId } }, body: { code: code.trim() } });
  };
  const onField = fieldMessages(problem, 'code');
  const errors = problem ? (onField.length > 0 ? onField : [`Nothing changed. ${problem.detail}`]) : [];
  return (
    <section className="card" aria-labelledby="coupon">
      <div className="card-header">
        <h2 id="coupon">Coupon</h2>
        <p>{account.discount ? discountSentence(account.discount, account.currency) : 'None on your account'}</p>
      </div>
      <form onSubmit={submit} noValidate className="form-row payment-form">
        <Field label="Coupon code" value={code} onChange={(event) => setCode(event.target.value)} errors={errors} autoComplete="off" hint={account.discount ? 'A new code replaces the one you have' : undefined} />
        <button type="submit" className="button" disabled={redeem.isPending || code.trim() === ''}>Redeem</button>
      </form>
      {redeem.isSuccess && <Notice tone="success" live><p>Coupon redeemed: {redeem.data.account.discount ? discountSentence(redeem.data.account.discount, account.currency) : 'it applies to your next invoice.'}</p></Notice>}
    </section>
  );
}
