import { useId, useState, type KeyboardEvent } from 'react';
import { $api } from '../../rest-client/client';
import { useCommandAnswer } from '../../rest-client/use-command';
import { RefusalNotice } from '../../ui/states';

/**
 * Deletes one endpoint (DELETE /v1/webhook-endpoints/{id}) after a confirm step in its own row.
 * The API deletes the endpoint's delivery log with it (ON DELETE CASCADE), which cannot be undone,
 * so the question says so and points to disabling, which stops deliveries and keeps the log.
 * The row leaves the list once deleted, taking this button with it: the panel moves focus and
 * announces the deletion (`onDeleted`).
 */
export function DeleteEndpointButton({ endpoint, onDeleted }: { endpoint: { endpointId: string; url: string }; onDeleted: () => void }) {
  // 'kept' differs from 'idle' only in giving the Delete button back the focus Keep had.
  const [step, setStep] = useState<'idle' | 'asking' | 'kept'>('idle');
  const questionId = useId();
  const { problem, callbacks } = useCommandAnswer({ onDone: onDeleted });
  const remove = $api.useMutation('delete', '/v1/webhook-endpoints/{endpointId}', callbacks);
  const keep = () => setStep('kept');
  const confirm = () => {
    if (!remove.isPending) remove.mutate({ params: { path: { endpointId: endpoint.endpointId } } });
  };
  const escapeKeeps = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !remove.isPending) keep();
  };

  if (remove.isSuccess) return <span className="small">Deleted.</span>;
  return (
    <div>
      {step !== 'asking' ? (
        <button type="button" className="button button-quiet button-small" aria-label={`Delete ${endpoint.url}`} autoFocus={step === 'kept'} onClick={() => setStep('asking')}>
          Delete
        </button>
      ) : (
        <span className="confirm-inline" role="group" aria-labelledby={questionId} onKeyDown={escapeKeeps}>
          <span className="small" id={questionId}>
            Delete <span className="mono">{endpoint.url}</span>? Its delivery log is deleted with it and cannot be brought back; disabling it instead stops deliveries and keeps the log.
          </span>
          {/* aria-disabled, not disabled, while it works: a disabled button drops the focus, and
              after a refusal the focus should still be here, beside the notice. */}
          <button type="button" className="button button-danger button-small" aria-disabled={remove.isPending} onClick={confirm}>
            {remove.isPending ? 'Deleting…' : 'Confirm'}
          </button>
          {/* Keep takes the focus when the question opens, so that pressing Enter twice cancels rather than deletes. */}
          <button type="button" className="button button-quiet button-small" disabled={remove.isPending} autoFocus onClick={keep}>
            Keep
          </button>
        </span>
      )}
      <RefusalNotice problem={problem} fields={[]} nothing="Nothing was deleted" />
    </div>
  );
}
