import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard, TokenService } from '../../libs/infra/auth/auth';
import { bindIdempotency } from '../../libs/infra/http/idempotency.interceptor';
import { ReadYourWritesGuard } from '../../libs/infra/http/read-your-writes.guard';
import { CLOCK, CONFIG, EVENT_STORE, LOGGER, POOL, READ_MODEL_NAMES } from '../../libs/infra/runtime-tokens';
import { ALL_PROJECTIONS } from '../../projections/all-projections';
import { CatalogController } from './catalog/catalog.controller';
import type { Runtime } from '../../libs/infra/runtime';
import { SystemController } from './system/system.controller';
import { SessionController } from './session/session.controller';
import { RatesController } from './admin/rates.controller';
import { RateHistoryController } from './admin/rate-history.controller';
import { OperationsController } from './admin/operations.controller';
import { AuditController } from './audit/audit.controller';
import { ACCOUNT_CONTROLLERS, ACCOUNT_PROVIDERS } from './accounts/accounts.feature';
import { PAYMENT_CONTROLLERS, paymentProviders } from './payments/payments.feature';
import { FINANCE_CONTROLLERS } from './finance/finance.feature';
import { NOTIFICATION_CONTROLLERS, notificationProviders } from './notifications/notifications.feature';
import { PREVIEW_CONTROLLERS, PREVIEW_PROVIDERS } from './preview/preview.feature';
import { DOCUMENT_CONTROLLERS } from './documents/documents.feature';
import { MANUAL_CLOCK_CONTROLLERS, MANUAL_CLOCK_PROVIDERS } from './admin/clock.feature';
import { COUPON_CONTROLLERS, COUPON_PROVIDERS } from './coupons/coupons.feature';

@Module({})
export class ApiModule {
  static register(runtime: Runtime): DynamicModule {
    // The manual clock's endpoint exists only when BILLING_CLOCK=manual (never in production).
    const manualClock = runtime.config.clock === 'manual';
    const controllers = [SystemController, SessionController, CatalogController, RatesController, RateHistoryController, OperationsController, AuditController, ...ACCOUNT_CONTROLLERS, ...PAYMENT_CONTROLLERS, ...FINANCE_CONTROLLERS, ...PREVIEW_CONTROLLERS, ...DOCUMENT_CONTROLLERS, ...COUPON_CONTROLLERS, ...NOTIFICATION_CONTROLLERS, ...(manualClock ? MANUAL_CLOCK_CONTROLLERS : [])];
    // Idempotency-Key on every command route (POST, PUT, PATCH), and no interceptor on a GET.
    bindIdempotency(controllers);
    return {
      module: ApiModule,
      imports: [CqrsModule.forRoot()],
      controllers,
      providers: [
        { provide: CONFIG, useValue: runtime.config },
        { provide: POOL, useValue: runtime.pool },
        { provide: EVENT_STORE, useValue: runtime.store },
        { provide: CLOCK, useValue: runtime.clock },
        { provide: LOGGER, useValue: runtime.logger },
        { provide: TokenService, useValue: new TokenService(runtime.config.jwtSecret) },
        // Guards run in this order: who is calling first, then ?after= (which may wait ≤ 5 s).
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ReadYourWritesGuard },
        { provide: READ_MODEL_NAMES, useValue: ALL_PROJECTIONS.map((projection) => projection.name) },
        ...ACCOUNT_PROVIDERS,
        ...PREVIEW_PROVIDERS,
        ...COUPON_PROVIDERS,
        ...paymentProviders(runtime),
        ...notificationProviders(runtime),
        ...(manualClock ? MANUAL_CLOCK_PROVIDERS : []),
      ],
    };
  }
}
