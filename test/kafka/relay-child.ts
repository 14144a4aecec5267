/**
 * The relay in a process of its own, for the crash test. With RELAY_CRASH_AFTER_BATCHES=n it
 * kills itself with SIGKILL right after the broker acknowledged batch n and before that batch's
 * checkpoint is written: the worst moment to die, with no chance to clean up.
 */
import { EventRelay } from '../../apps/relay/event-relay';
import { PostgresEventStore } from '../../libs/event-store/postgres/postgres-event-store';
import { createPool } from '../../libs/infra/database/pool';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const pool = createPool(required('RELAY_DATABASE_URL'));
  const store = new PostgresEventStore(pool, { pollIntervalMs: 20 });
  const crashAfter = Number(process.env.RELAY_CRASH_AFTER_BATCHES ?? 0);
  let batches = 0;
  const relay = new EventRelay({
    eventStore: store,
    pool,
    brokers: required('RELAY_BROKERS').split(','),
    topic: required('RELAY_TOPIC'),
    name: required('RELAY_NAME'),
    idempotent: false,
    batchSize: Number(required('RELAY_BATCH_SIZE')),
    lagIntervalMs: 0,
    onBatchPublished: (events) => {
      batches++;
      process.stdout.write(`published ${batches} ${events.map((event) => event.id).join(',')}\n`);
      if (batches === crashAfter) process.kill(process.pid, 'SIGKILL');
    },
  });
  await relay.start();
  process.stdout.write('started\n');
  process.on('SIGTERM', () => void relay.stop().then(() => pool.end()).then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
