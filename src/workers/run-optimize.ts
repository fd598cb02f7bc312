/**
 * The whole optimizer run inside the optimizer worker (so Node tests run it for real): read the scope's review log
 * from IndexedDB, make and pack the training items, fit, evaluate both parameter sets and record the run — the
 * service's `optimizeParameters` with a fitter that trains right here. The page only posts the scope and receives
 * the result. In the page, reading 100,000 log rows (IndexedDB hands them over on the requesting thread), making
 * 62,000 training items and the garbage they leave blocked the main thread for seconds and froze the progress bar
 * (docs/benchmarks.md, "Optimizer").
 */
import type { CoursedeckDb } from '../db/schema';
import type { DayOptions } from '../domain/optimizer/training-items';
import { optimizeParameters, type OptimizerScope } from '../services/optimizer';
import { fitParameters } from './fit';
import type { FitMessage } from './protocol';
import type { LoadedFsrs } from './run-fit';

export type OptimizeRequest = {
  scope: OptimizerScope;
  now: number;
  /** The learner's UTC offset; the device's zone (the worker's is the page's) by default. Tests fix it. */
  utcOffsetMinutes?: DayOptions['utcOffsetMinutes'];
};

/**
 * Runs `optimizeParameters` on `db` with an in-thread fitter and reports each stage through `post`: 'loading' at
 * once, 'training' once the items are ready (and the wasm loaded), 'done' when the training returns, 'result' with
 * the evaluation; a failure becomes an 'error' message. Never throws.
 */
export async function runOptimize(
  load: () => Promise<LoadedFsrs>,
  db: CoursedeckDb,
  request: OptimizeRequest,
  post: (message: FitMessage) => void,
  sharedProgress: boolean,
): Promise<void> {
  try {
    post({ type: 'loading' });
    const result = await optimizeParameters(db, {
      ...request,
      fitter: async (items) => {
        const { module, memory } = await load();
        post({ type: 'training', reviews: items.ratings.length, items: items.lengths.length });
        const started = performance.now();
        const parameters = fitParameters(module, items, (pointer) => {
          if (sharedProgress && memory)
            post({ type: 'shared-progress', buffer: memory.buffer, pointer });
        });
        post({ type: 'done', parameters, ms: performance.now() - started });
        return parameters;
      },
    });
    post({ type: 'result', result });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
