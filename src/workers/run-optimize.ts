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
import type { ReviewLogEntry } from '../domain/model';
import { logSignature, optimizeParameters, type OptimizerScope } from '../services/optimizer';
import type { FitMessage } from './protocol';
import { trainReporting, type LoadedFsrs } from './run-fit';

export type OptimizeRequest = {
  scope: OptimizerScope;
  now: number;
  /** The learner's UTC offset; the device's zone (the worker's is the page's) by default. Tests fix it. */
  utcOffsetMinutes?: DayOptions['utcOffsetMinutes'];
  /**
   * The scope's log read ahead (on the panel coming on screen) with its signature then; used only when the log's
   * signature is still the same, else read again.
   */
  prefetched?: Promise<{ signature: string; log: ReviewLogEntry[] }>;
};

/** The log read ahead, when it is still the whole log now (a failed read ahead is simply not used). */
async function stillCurrent(
  db: CoursedeckDb,
  prefetched: OptimizeRequest['prefetched'],
): Promise<ReviewLogEntry[] | undefined> {
  if (!prefetched) return undefined;
  const ahead = await prefetched.catch(() => null);
  if (!ahead) return undefined;
  return ahead.signature === (await logSignature(db)) ? ahead.log : undefined;
}

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
    const { prefetched, ...rest } = request;
    const log = await stillCurrent(db, prefetched);
    const result = await optimizeParameters(db, {
      ...rest,
      ...(log ? { log } : {}),
      fitter: async (items) => trainReporting(await load(), items, post, sharedProgress),
    });
    post({ type: 'result', result });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
