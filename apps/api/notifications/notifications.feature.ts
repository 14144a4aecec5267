import type { Provider, Type } from '@nestjs/common';
import { WebhookEndpoints } from '../../../libs/application/webhooks/webhook-endpoints';
import type { Runtime } from '../../../libs/infra/runtime';
import { OutboxController } from './outbox.controller';
import { WebhookEndpointsController } from './webhook-endpoints.controller';

/** Outgoing webhooks and the email outbox, registered by ApiModule; delivery itself runs in the worker. */
export const NOTIFICATION_CONTROLLERS: Type[] = [WebhookEndpointsController, OutboxController];

export function notificationProviders(runtime: Runtime): Provider[] {
  return [{ provide: WebhookEndpoints, useValue: new WebhookEndpoints(runtime.pool, runtime.store, runtime.retryClock, runtime.config.webhookAllowPrivate) }];
}
