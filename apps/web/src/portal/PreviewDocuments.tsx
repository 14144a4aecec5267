import { documentLabel } from '../pages/account/AccountInvoices';
import { formatPercent } from '../format/rates';
import { Amount, ExactAmount } from '../ui/Amount';
import { dueNowOf, type PreviewAnswer, type PreviewedDocument } from './preview-answer';

/**
 * What a change would issue, as the API previewed it (POST /v1/accounts/{id}/preview): each
 * document's lines with their amounts (a coupon's discount line among them), subtotal, tax, total
 * and amount due, then what it leaves pending for the next invoice. Every figure is the API's; the
 * command, sent at once after, issues the same documents to the penny.
 */
export function PreviewDocuments({ answer, currency }: { answer: PreviewAnswer; currency: string }) {
  const dueNow = dueNowOf(answer, currency);
  return (
    <div className="preview" data-testid="preview">
      <p className="preview-headline" data-testid="preview-due-now">
        {answer.documents.length === 0 ? 'Nothing is issued now.' : <>You pay now: <strong><Amount money={dueNow} /></strong></>}
      </p>
      {answer.documents.map((document, index) => (
        <PreviewDocument key={`${document.kind}-${document.reason}-${index}`} document={document} index={index} />
      ))}
      {answer.pendingItems.length > 0 && (
        <div className="preview-pending" data-testid="preview-pending">
          <h3>On your next invoice</h3>
          <p className="muted small">Exact amounts in GBP before tax, converted and rounded when that invoice is issued.</p>
          <ul>
            {answer.pendingItems.map((item, index) => (
              <li key={item.itemId ?? `new-${index}`}>
                <span>{item.description}</span>
                <ExactAmount exact={item.exactGbp} currency="GBP" />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function PreviewDocument({ document, index }: { document: PreviewedDocument; index: number }) {
  const headingId = `preview-document-${index}`;
  const title = `${documentLabel(document)}${document.kind === 'invoice' ? ' invoice' : ''}`;
  const credit = document.creditApplied.amount !== 0;
  return (
    <section className="preview-document" aria-labelledby={headingId} data-testid="preview-document">
      <h3 id={headingId}>{title}, issued now</h3>
      <table className="preview-lines">
        <caption className="visually-hidden">{title}: lines and totals</caption>
        <thead className="visually-hidden">
          <tr><th scope="col">Line</th><th scope="col">Amount</th></tr>
        </thead>
        <tbody>
          {document.lines.map((line) => (
            <tr key={`${line.kind}-${line.description}-${line.exact}`} data-line-kind={line.kind}>
              <td>
                <span className="line-description">{line.description}</span>
                {/* A share of a period says how much of it; a discount or refund line has no days. */}
                {line.kind !== 'discount' && line.kind !== 'refund' && line.days !== line.periodDays && <span className="line-days">{line.days} of {line.periodDays} days</span>}
              </td>
              <td className="num"><Amount money={line.amount} /></td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr><th scope="row">Subtotal</th><td className="num" data-preview-total="subtotal"><Amount money={document.subtotal} /></td></tr>
          <tr><th scope="row">Tax ({formatPercent(document.taxRate)}, {document.taxRegion})</th><td className="num" data-preview-total="tax"><Amount money={document.tax} /></td></tr>
          <tr><th scope="row">Total</th><td className="num" data-preview-total="total"><Amount money={document.total} /></td></tr>
          {credit && <tr><th scope="row">Credit applied</th><td className="num" data-preview-total="creditApplied"><Amount money={document.creditApplied} /></td></tr>}
          <tr className="preview-due"><th scope="row">Amount due</th><td className="num" data-preview-total="amountDue"><Amount money={document.amountDue} /></td></tr>
        </tfoot>
      </table>
      {document.currency !== 'GBP' && <p className="muted small">At {document.exchangeRate} {document.currency} per £1, the rate in force now.</p>}
    </section>
  );
}
