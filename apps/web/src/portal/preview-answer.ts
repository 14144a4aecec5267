import type { paths } from '../../../../libs/contract/openapi';
import type { OkBody } from '../rest-client/types';
import type { MoneyAmount } from '../format/money';
import type { ChangeAction } from './preview-flow';

/**
 * What POST /v1/accounts/{id}/preview is asked and what it answers, for the change dialog: the
 * body that previews a change (the command's own body with `action` beside it, api.md "Preview"),
 * and the sum the vendor would owe at once. The documents themselves are shown as the API gives
 * them; nothing here recomputes a line.
 */
export type PreviewAnswer = OkBody<'/v1/accounts/{id}/preview', 'post'>;
export type PreviewedDocument = PreviewAnswer['documents'][number];
export type PreviewBody = paths['/v1/accounts/{id}/preview']['post']['requestBody']['content']['application/json'];
export type Tier = Extract<PreviewBody, { action: 'changeTier' }>['tier'];

export function previewBodyOf(action: ChangeAction): PreviewBody {
  switch (action.kind) {
    case 'changeTier':
      // The API names its tiers; one it does not know is refused by the preview as by the command.
      return { action: 'changeTier', tier: action.tier as Tier };
    case 'changeBranches':
      return { action: 'changeBranches', delta: action.delta };
    case 'hibernate':
    case 'resume':
    case 'cancel':
      return { action: action.kind };
  }
}

/**
 * What the invoices the change issues now leave to pay, in the account's currency (credit notes
 * owe nothing); zero when the change issues no invoice.
 */
export function dueNowOf(answer: Pick<PreviewAnswer, 'documents'>, currency: string): MoneyAmount {
  let amount = 0;
  for (const document of answer.documents) {
    if (document.kind !== 'invoice') continue;
    if (document.amountDue.currency !== currency) throw new RangeError(`a previewed invoice in ${document.amountDue.currency} on an account billed in ${currency}`);
    amount += document.amountDue.amount;
  }
  return { amount, currency };
}
