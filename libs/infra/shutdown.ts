/**
 * One orderly shutdown on SIGINT/SIGTERM: stop taking work, finish what is in hand, close the
 * database last. The embedded server runs in a process group of its own, so a Ctrl-C reaches only
 * this process, and the runtime stops the server after everything that uses it.
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

/**
 * Runs an entry point (`npm start`, api, worker, relay): a configuration error exits 2 with its
 * one-line message, a start that cannot go on for a reason the person can fix (StartupError)
 * exits 1 with its one line, anything else exits 1 with the error.
 */
export function runEntryPoint(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const configError = error instanceof Error && error.name === 'ConfigError';
    const startupError = error instanceof Error && error.name === 'StartupError';
    console.error(configError || startupError ? (error as Error).message : (error ?? 'stopped before the service was ready'));
    process.exit(configError ? 2 : 1);
  });
}
