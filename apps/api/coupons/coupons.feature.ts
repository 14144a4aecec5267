import type { Provider, Type } from '@nestjs/common';
import { BillingCommands } from '../../../libs/application/commands/billing-commands';
import { CouponCommands } from '../../../libs/application/coupons/coupon-commands';
import type { EventStore } from '../../../libs/event-store/event-store.port';
import type { Clock } from '../../../libs/infra/clock/clock';
import { CLOCK, EVENT_STORE } from '../../../libs/infra/runtime-tokens';
import { AccountDiscountController } from './account-discount.controller';
import { CouponsController } from './coupons.controller';

/** Coupons and account discounts, registered by ApiModule. */
export const COUPON_CONTROLLERS: Type[] = [CouponsController, AccountDiscountController];
export const COUPON_PROVIDERS: Provider[] = [
  {
    provide: CouponCommands,
    useFactory: (store: EventStore, clock: Clock, accounts: BillingCommands) => new CouponCommands(store, clock, accounts),
    inject: [EVENT_STORE, CLOCK, BillingCommands],
  },
];
