import type { Pool } from 'pg';
import { createPool } from '../../infra/database/pool';
import type { Runtime } from '../../infra/runtime';
import { FeedFollower } from '../../infra/feed/feed-follower';
import { WebhookDispatcher, type DispatcherOptions } from './webhook-dispatcher';
import { WEBHOOK_FOLLOWER, webhookFanOut } from './webhook-fanout';
import { WebhookSender } from './webhook-sender';

/**
 * Outgoing webhooks in the worker: a feed follower that records deliveries (its batch handler is
 * database work only) and a dispatcher that sends them. Two separate loops, so that no endpoint
 * can hold up the feed, and the feed never waits on the network.
 */
export interface RunningWebhooks {
  readonly follower: FeedFollower;
  readonly dispatcher: WebhookDispatcher;
  stop(): Promise<void>;
}

/**
 * The dispatcher's own connections. Its claims and outcomes commit without waiting for the WAL
 * flush: a database crash can then forget the last fraction of a second of them, which only
 * means sending those deliveries again (receivers dedupe on webhook-id), and every delivery
 * skips two flushes. Other sessions see the commits at once, so a worker's crash changes nothing.
 */
export function createDispatchPool(databaseUrl: string): Pool {
  return createPool(databaseUrl, { max: 4, application_name: 'billing-ledger-webhooks', options: '-c synchronous_commit=off' });
}

/** What webhook delivery needs of the worker's runtime. */
export type WebhookRuntime = Pick<Runtime, 'pool' | 'store' | 'logger' | 'retryClock' | 'databaseUrl'> & { readonly config: Pick<Runtime['config'], 'webhookAllowPrivate'> };

export async function startWebhookDelivery(runtime: WebhookRuntime, overrides: Partial<DispatcherOptions> = {}): Promise<RunningWebhooks> {
  const logger = runtime.logger.child({ component: 'webhooks' });
  const sender = new WebhookSender({ allowPrivate: runtime.config.webhookAllowPrivate });
  const dispatchPool = createDispatchPool(runtime.databaseUrl);
  const dispatcher = new WebhookDispatcher({ pool: dispatchPool, sender, retryClock: runtime.retryClock, logger, ...overrides });
  const follower = new FeedFollower({
    name: WEBHOOK_FOLLOWER,
    store: runtime.store,
    pool: runtime.pool,
    batchSize: 500,
    // From the first event, not the head: an endpoint registered before this worker first ran
    // must still get what followed its creation. Each endpoint's own position skips the rest.
    startFrom: 'beginning',
    logger,
    kind: 'webhook fan-out',
    handle: webhookFanOut(runtime.pool, runtime.retryClock, () => dispatcher.wake()),
  });
  await follower.start();
  dispatcher.start();
  return {
    follower,
    dispatcher,
    stop: async () => {
      await follower.stop();
      await dispatcher.stop();
      sender.close();
      await dispatchPool.end();
    },
  };
}
