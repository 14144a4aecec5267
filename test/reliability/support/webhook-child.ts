/**
 * Webhook delivery (fan-out follower and dispatcher) in a process of its own, for the crash test.
 * With CRASH_AFTER_ANSWERS=n it kills itself with SIGKILL right after the n-th 2xx answer and
 * before that outcome is recorded: the worst moment to die.
 */
import { startWebhookDelivery } from '../../../libs/application/webhooks/webhook-delivery';
import { loadConfig } from '../../../libs/infra/config/config';
import { createRuntime } from '../../../libs/infra/runtime';

export const HELD_MAX = 8;

async function main(): Promise<void> {
  const config = loadConfig({ DATABASE_URL: process.env.CHILD_DATABASE_URL, JWT_SECRET: 'c'.repeat(40), WEBHOOK_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'silent' });
  const runtime = await createRuntime(config);
  const crashAfter = Number(process.env.CRASH_AFTER_ANSWERS ?? 0);
  let answers = 0;
  const webhooks = await startWebhookDelivery(runtime, {
    // The claims the killed worker held run out after a second, not a minute, so that the
    // restarted one sends them again without the test waiting.
    leaseMs: 1_000,
    // What may come back after the kill is what the dispatcher held: at most this many.
    maxInFlight: HELD_MAX,
    onAnswered: (delivery) => {
      answers++;
      process.stdout.write(`answered ${delivery.event_id}\n`);
      if (answers === crashAfter) process.kill(process.pid, 'SIGKILL');
    },
  });
  process.stdout.write('started\n');
  process.on('SIGTERM', () => void webhooks.stop().then(() => runtime.close()).then(() => process.exit(0)));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
