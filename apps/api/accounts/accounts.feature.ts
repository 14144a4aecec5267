import type { Provider, Type } from '@nestjs/common';
import { BillingCommands } from '../../../libs/application/commands/billing-commands';
import { CLOCK, EVENT_STORE } from '../../../libs/infra/runtime-tokens';
import type { EventStore } from '../../../libs/event-store/event-store.port';
import type { Clock } from '../../../libs/infra/clock/clock';
import { AccountCommandHandler } from './account-command.handler';
import { AccountsController } from './accounts.controller';
import { ContractPricesController } from './contract-prices.controller';
import { GetAccountHandler } from '../../../projections/accounts/get-account.query';

/** The accounts feature's controllers and providers, registered by ApiModule. */
export const ACCOUNT_CONTROLLERS: Type[] = [AccountsController, ContractPricesController];
export const ACCOUNT_PROVIDERS: Provider[] = [
  { provide: BillingCommands, useFactory: (store: EventStore, clock: Clock) => new BillingCommands(store, clock), inject: [EVENT_STORE, CLOCK] },
  AccountCommandHandler,
  GetAccountHandler,
];
