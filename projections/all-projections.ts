import type { Projection } from '../libs/infra/projections/projection';
import { paymentLookupProjection } from './payment-lookup/payment-lookup.projection';
import { accountsProjection } from './accounts/accounts.projection';
import { accountPaymentsProjection } from './account-payments/account-payments.projection';
import { invoicesProjection } from './invoices/invoices.projection';
import { journalProjection } from './journal/journal.projection';
import { mrrProjection } from './mrr/mrr.projection';
import { taxProjection } from './tax/tax.projection';
import { couponsProjection } from './coupons/coupons.projection';

/** Every read model the worker keeps, in the order they are started. */
export const ALL_PROJECTIONS: readonly Projection[] = [accountsProjection, paymentLookupProjection, accountPaymentsProjection, invoicesProjection, journalProjection, mrrProjection, taxProjection, couponsProjection];
