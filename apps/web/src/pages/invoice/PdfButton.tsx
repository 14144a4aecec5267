import { useState } from 'react';
import { fetchClient } from '../../rest-client/client';
import { problemOf } from '../../rest-client/problem';
import { downloadFile } from '../../ui/download';

/**
 * The document's PDF (GET /v1/invoices/{invoiceId}/pdf). A plain link would reach the API without
 * the token, so the page fetches it with the session and hands the file to the browser's downloads.
 */
export function PdfButton({ invoiceId, number }: { invoiceId: string; number: string }) {
  const [state, setState] = useState<{ busy: boolean; problem?: string }>({ busy: false });
  const download = async () => {
    setState({ busy: true });
    const { data, error } = await fetchClient.GET('/v1/invoices/{invoiceId}/pdf', { params: { path: { invoiceId } }, parseAs: 'blob' });
    if (data) {
      downloadFile(`${number}.pdf`, data);
      setState({ busy: false });
    } else {
      setState({ busy: false, problem: problemOf(error).detail });
    }
  };
  return (
    <p className="pdf-note">
      <button type="button" className="button button-quiet" onClick={() => void download()} disabled={state.busy}>
        {state.busy ? 'Preparing the PDF…' : `Download ${number}.pdf`}
      </button>
      {state.problem && <span className="field-error" role="alert"> {state.problem}</span>}
    </p>
  );
}
