import { runLoad, type LoadJob } from './load-runner';

/**
 * The load generator in a process of its own (load-generator.ts forks it): one job per process,
 * answered over IPC, so that the server under test does not run the client's work on its event
 * loop, as no real client does.
 */
process.once('message', (job: LoadJob) => {
  runLoad(job).then(
    (summary) => process.send?.({ summary }, () => process.exit(0)),
    (error: unknown) => process.send?.({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1)),
  );
});
