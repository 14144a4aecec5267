import type { ApiExtras } from '../api/api.module';
import { ProjectionRunner } from '../../libs/infra/projections/projection-runner';
import type { Runtime } from '../../libs/infra/runtime';
import { ALL_PROJECTIONS } from '../../projections/all-projections';

/**
 * The worker: keeps the read models up to date and runs the work that falls due with time.
 * Returns what the API needs from it when both run in one process.
 */
export interface RunningWorker {
  readonly projections: ProjectionRunner;
  readonly apiExtras: ApiExtras;
  stop(): Promise<void>;
}

export async function startWorker(runtime: Runtime): Promise<RunningWorker> {
  const projections = new ProjectionRunner(runtime.pool, runtime.store, ALL_PROJECTIONS, runtime.logger);
  await projections.start();
  return {
    projections,
    apiExtras: {},
    stop: async () => {
      await projections.stop();
    },
  };
}
