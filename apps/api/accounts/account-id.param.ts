import { Matches } from 'class-validator';
import { ACCOUNT_ID_PATTERN } from './account.dto';

/** `:id` in account paths; anything else is a 400, never a query with a strange id. */
export class AccountIdParam {
  @Matches(ACCOUNT_ID_PATTERN, { message: 'id must be 1–64 letters, digits, - or _' })
  id!: string;
}
