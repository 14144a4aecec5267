import type { Provider, Type } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { EventStore } from '../../../libs/event-store/event-store.port';
import { BillingCommands } from '../../../libs/application/commands/billing-commands';
import { DueWorkRunner } from '../../../libs/application/due-work/due-work.runner';
import type { Clock } from '../../../libs/infra/clock/clock';
import { CLOCK, EVENT_STORE, LOGGER, POOL } from '../../../libs/infra/runtime-tokens';
import { ClockController } from './clock.controller';

/**
 * The manual clock's controller and the due-work runner it drives. The runner is the same use
 * case the worker polls with under the system clock (libs/application/due-work); the api builds
 * its own over the shared database rather than reaching into the worker.
 */
export const MANUAL_CLOCK_CONTROLLERS: Type[] = [ClockController];
export const MANUAL_CLOCK_PROVIDERS: Provider[] = [
  {
    provide: DueWorkRunner,
    useFactory: (pool: Pool, store: EventStore, commands: BillingCommands, clock: Clock, logger: Logger) => new DueWorkRunner(pool, store, commands, clock, logger),
    inject: [POOL, EVENT_STORE, BillingCommands, CLOCK, LOGGER],
  },
];
