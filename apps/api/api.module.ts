import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard, TokenService } from '../../libs/infra/auth/auth';
import { IdempotencyInterceptor } from '../../libs/infra/http/idempotency.interceptor';
import { CLOCK, CONFIG, EVENT_STORE, LOGGER, POOL } from '../../libs/infra/runtime-tokens';
import type { Runtime } from '../../libs/infra/runtime';
import { SystemController } from './system/system.controller';
import { RatesController } from './admin/rates.controller';
import { AuditController } from './audit/audit.controller';
import { ACCOUNT_CONTROLLERS, ACCOUNT_PROVIDERS } from './accounts/accounts.feature';
import { PAYMENT_CONTROLLERS, paymentProviders } from './payments/payments.feature';
import { FINANCE_CONTROLLERS } from './finance/finance.feature';

/** Extra controllers and providers (the admin clock, tests' hooks) a caller can add. */
export interface ApiExtras {
  readonly controllers?: Type[];
  readonly providers?: Provider[];
}

@Module({})
export class ApiModule {
  static register(runtime: Runtime, extras: ApiExtras = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [CqrsModule.forRoot()],
      controllers: [SystemController, RatesController, AuditController, ...ACCOUNT_CONTROLLERS, ...PAYMENT_CONTROLLERS, ...FINANCE_CONTROLLERS, ...(extras.controllers ?? [])],
      providers: [
        { provide: CONFIG, useValue: runtime.config },
        { provide: POOL, useValue: runtime.pool },
        { provide: EVENT_STORE, useValue: runtime.store },
        { provide: CLOCK, useValue: runtime.clock },
        { provide: LOGGER, useValue: runtime.logger },
        { provide: TokenService, useValue: new TokenService(runtime.config.jwtSecret) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        ...ACCOUNT_PROVIDERS,
        ...paymentProviders(runtime),
        ...(extras.providers ?? []),
      ],
    };
  }
}
