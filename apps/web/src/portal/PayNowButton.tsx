import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { $api, notePosition } from '../rest-client/client';
import { problemOf } from '../rest-client/problem';
import { Amount } from '../ui/Amount';

/**
 * "Pay now" for one open invoice: the card on file is charged as one more attempt. The button first
 * says what will be charged; the API's refusal (no card, nothing left) shows beside it.
 */
export function PayNowButton({ accountId, invoiceId, amount, hasCard }: { accountId: string; invoiceId: string; amount: { amount: number; currency: string }; hasCard: boolean }) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const pay = $api.useMutation('post', '/v1/accounts/{id}/invoices/{invoiceId}/pay', {
    onSuccess: (answer) => {
      notePosition(answer);
      setAsking(false);
      // The charge follows at once on the server; read again shortly to show its outcome.
      for (const delay of [300, 1_200, 3_000]) setTimeout(() => void queryClient.invalidateQueries(), delay);
    },
  });
  if (pay.isSuccess) return <span className="small" role="status">Payment of <Amount money={pay.data.amount} /> requested; the charge follows.</span>;
  return (
    <span className="confirm-inline">
      {!asking ? (
        <button type="button" className="button button-small" onClick={() => setAsking(true)}>Pay now</button>
      ) : (
        <>
          <span className="small">{hasCard ? <>Charge <Amount money={amount} /> to your card on file?</> : <>Pay <Amount money={amount} /> now?</>}</span>
          <button type="button" className="button button-small" onClick={() => pay.mutate({ params: { path: { id: accountId, invoiceId } } })} disabled={pay.isPending}>
            {pay.isPending ? 'Paying…' : 'Confirm payment'}
          </button>
          <button type="button" className="button button-quiet button-small" onClick={() => setAsking(false)} disabled={pay.isPending}>Not now</button>
        </>
      )}
      {pay.isError && <span className="field-error" role="alert">{problemOf(pay.error).detail}</span>}
    </span>
  );
}
