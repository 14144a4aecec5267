import type { Projection } from '../libs/infra/projections/projection';
import { paymentLookupProjection } from '../libs/infra/payments/payment-lookup.projection';
import { accountsProjection } from './accounts/accounts.projection';

/** Every read model the worker keeps, in the order they are started. */
export const ALL_PROJECTIONS: readonly Projection[] = [accountsProjection, paymentLookupProjection];
