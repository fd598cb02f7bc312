/**
 * The whole optimizer run inside the optimizer worker (so Node tests run it for real): read the scope's review log
 * from IndexedDB, make and pack the training items, fit, evaluate both parameter sets and record the run — the
 * service's `optimizeParameters` with a fitter that trains right here. The page only posts the scope and receives
 * the result. In the page, reading 100,000 log rows (IndexedDB hands them over on the requesting thread), making
 * 62,000 training items and the garbage they leave blocked the main thread for seconds and froze the progress bar
 * (docs/benchmarks.md, "Optimizer").
 */
import type { CoursedeckDb } from '../db/schema';
import type { DayOptions, TrainingLogEntry } from '../domain/optimizer/training-items';
import {
  logSignature,
  optimizeParameters,
  readScopeLog,
  type OptimizeResult,
  type OptimizerScope,
  type ScopeLogRead,
} from '../services/optimizer';
import {
  encodeLogCopy,
  type LogCopyStore,
  type OptimizerLogRow,
} from '../services/optimizer-log-copy';
import type { FitMessage, OptimizeStage } from './protocol';
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
  prefetched?: Promise<ScopeLogRead>;
  /**
   * The optimizer's compact copy of the log (services/optimizer-log-copy.ts; the worker's is a file in the origin
   * private file system): the log is read through it, and after the result a new copy is written when it was out of
   * date. Without it the log is read whole from the database.
   */
  logCopy?: LogCopyStore;
  /**
   * Resolves true when loading fsrs-browser now would download nothing (the worker: this browser was primed for this
   * optimizer build and the wasm is in Cache Storage). The module then loads while the log is read and the items are
   * made, instead of after them; without it, or false, it loads only once the items show the log can be fitted, so a
   * log too small to fit never downloads the wasm.
   */
  loadAhead?: Promise<boolean>;
  /** Steps timed before the request reached `runOptimize` (the worker's start), as epoch ms. */
  stages?: Partial<Record<OptimizeStage, number>>;
};

/** Now as epoch ms with sub-millisecond precision, comparable with the page's clock (see the 'stages' message). */
const epochNow = () => performance.timeOrigin + performance.now();

/** The log read ahead turned out to be out of date: the run starts again from a fresh read. */
class StaleLog extends Error {}

/**
 * Runs `optimizeParameters` on `db` with an in-thread fitter and reports each stage through `post`: 'loading' at
 * once, 'stages' and 'training' once the items are ready and the wasm loaded, 'done' when the training returns,
 * 'result' with the evaluation; a failure becomes an 'error' message. Never throws.
 *
 * Nothing waits that need not: the module loads during the read when `loadAhead` allows it, and a log read ahead is
 * checked against the log's signature while the items are made from it (the check counts the log: 40 ms at 20,000
 * rows and 150 ms at 100,000 in Chromium); only the training waits for both.
 */
export async function runOptimize(
  load: () => Promise<LoadedFsrs>,
  db: CoursedeckDb,
  request: OptimizeRequest,
  post: (message: FitMessage) => void,
  sharedProgress: boolean,
): Promise<void> {
  const { prefetched, loadAhead, logCopy, stages: before, ...rest } = request;
  const stages: Partial<Record<OptimizeStage, number>> = { ...before, request: epochNow() };
  const mark = (stage: OptimizeStage) => (stages[stage] = epochNow());
  post({ type: 'loading' });
  // A load that fails here is not reported: the fitter's own load tries again and reports its error.
  void loadAhead
    ?.then(async (allowed) => {
      if (allowed) await load();
      if (allowed) stages.module ??= epochNow();
    })
    .catch(() => undefined);
  /** The whole log to keep as the new copy, when the log was read through an out-of-date one. */
  let staleCopy: readonly OptimizerLogRow[] | undefined;
  /** The log read now: through the copy, or (without one) left to `optimizeParameters`. */
  const readNow = async (): Promise<readonly TrainingLogEntry[] | undefined> => {
    if (!logCopy) return undefined;
    const read = await readScopeLog(db, rest.scope, { store: logCopy, now: rest.now });
    staleCopy = read.staleCopy;
    return read.log;
  };
  /** One run: on the log given (with the check that it is still current), or read now. */
  const attempt = async (
    log?: readonly TrainingLogEntry[],
    current?: Promise<boolean>,
  ): Promise<OptimizeResult> => {
    const result = await optimizeParameters(db, {
      ...rest,
      ...(log ? { log } : {}),
      onStage: mark,
      fitter: async (items) => {
        mark('items');
        if (current && !(await current)) throw new StaleLog();
        const loaded = await load();
        stages.module ??= epochNow();
        mark('training');
        post({ type: 'stages', stages });
        return trainReporting(loaded, items, post, sharedProgress);
      },
    });
    // Too small a log is said so only of the current log.
    if (current && !(await current)) throw new StaleLog();
    return result;
  };
  try {
    const ahead = prefetched ? await prefetched.catch(() => null) : null;
    let result: OptimizeResult;
    try {
      staleCopy = ahead?.staleCopy;
      result = ahead
        ? await attempt(
            ahead.log,
            logSignature(db)
              .then((signature) => signature === ahead.signature)
              .catch(() => false),
          )
        : await attempt(await readNow());
    } catch (error) {
      if (!(error instanceof StaleLog)) throw error;
      result = await attempt(await readNow());
    }
    if (stages.training === undefined) post({ type: 'stages', stages });
    post({ type: 'result', result });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
  // After the result, so the learner never waits for it; a copy that cannot be written is only a slower next read.
  if (logCopy && staleCopy) {
    await logCopy.write(encodeLogCopy(staleCopy, rest.now)).catch(() => undefined);
  }
}
