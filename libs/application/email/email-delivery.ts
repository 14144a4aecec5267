import { defaultCatalog } from '../../domain/catalog/catalog';
import { FeedFollower } from '../../infra/feed/feed-follower';
import type { Runtime } from '../../infra/runtime';
import { loadInvoiceDocument, renderInvoiceDocument, sellerOf } from '../documents/invoice-document';
import { EMAIL_FOLLOWER, emailNotifier } from './email-notifier';
import { createMailTransport } from './email-transport';

/**
 * Email in the worker: a feed follower that mails the vendor about what happened to its account.
 * It starts at the feed's head the first time, so that turning it on for an existing ledger does
 * not mail the past. An SMTP outage holds up only this follower, retried with backoff.
 */
export interface RunningEmail {
  readonly follower: FeedFollower;
  stop(): Promise<void>;
}

export async function startEmailDelivery(runtime: Runtime): Promise<RunningEmail> {
  const { config } = runtime;
  const logger = runtime.logger.child({ component: 'email' });
  const transport = createMailTransport({ smtpUrl: config.smtpUrl, dataDir: config.dataDir });
  const follower = new FeedFollower({
    name: EMAIL_FOLLOWER,
    store: runtime.store,
    pool: runtime.pool,
    batchSize: 100,
    startFrom: 'head',
    retry: { initialDelayMs: 500, maxDelayMs: 60_000, maxAttempts: Number.POSITIVE_INFINITY },
    logger,
    kind: 'email',
    handleStep: 'send',
    handle: emailNotifier({
      pool: runtime.pool, store: runtime.store, transport, from: config.mailFrom, catalog: defaultCatalog, clock: runtime.retryClock, logger,
      documentPdf: async (invoiceId) => {
        // Loaded and rendered as GET /v1/invoices/{invoiceId}/pdf does, so that both hand out the same bytes.
        const document = await loadInvoiceDocument(runtime.pool, runtime.store, invoiceId);
        if (!document) throw new Error(`invoice ${invoiceId} is not in the invoices read model yet`);
        return renderInvoiceDocument(document, sellerOf(config.seller));
      },
    }),
  });
  await follower.start();
  return {
    follower,
    stop: async () => {
      await follower.stop();
      transport.close();
    },
  };
}
