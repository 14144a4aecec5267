import { ACCOUNT_ID_ACCEPTED, ACCOUNT_ID_PATTERN } from './account.dto';
import { PatternField } from '../common/fields';

/** `:id` in account paths; anything else is a 400, never a query with a strange id. */
export class AccountIdParam {
  @PatternField(ACCOUNT_ID_PATTERN, ACCOUNT_ID_ACCEPTED, { example: 'acme-bakery', description: 'The account id' })
  id!: string;
}
