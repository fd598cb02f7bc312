/**
 * The page side of priming the optimizer (services/optimizer-priming.ts): called when a review session ends (the
 * summary shows, or the learner leaves the review screen) and at the app's quiet minute after start-up
 * (app/optimizer-priming.ts), it waits until the browser is idle and then, unless this browser was primed for this
 * optimizer build, warms the optimizer worker in the background. Loaded on demand, so
 * none of it is in the first screen's JS.
 */
import type { CoursedeckDb } from '../db/schema';
import {
  createOptimizerPrimer,
  type OptimizerPrimer,
  type PrimeOutcome,
} from '../services/optimizer-priming';
import { browserMarks, OPTIMIZER_BUILD, optimizerBusy, primeOptimizerWorker } from './clients';

/**
 * How long the warmed worker stays alive before priming counts as done: V8 offers its optimised code for caching 2 s
 * after the last piece was compiled, and Chromium then serialises and writes it; 5 s leaves room for a busy device.
 * Checked by bench/optimizer-app.bench.ts ("first click after priming": a new browser started as soon as the marker
 * was stored fits warm).
 */
export const PRIME_HOLD_MS = 5_000;

/** How long to wait for the browser to be idle before priming anyway (the warm-up runs in the worker regardless). */
const IDLE_TIMEOUT_MS = 5_000;

let primer: OptimizerPrimer | null = null;
let primerDb: CoursedeckDb | null = null;

function primerFor(db: CoursedeckDb): OptimizerPrimer {
  if (!primer || primerDb !== db) {
    primerDb = db;
    primer = createOptimizerPrimer({
      db,
      build: OPTIMIZER_BUILD,
      marks: browserMarks(),
      fitRunning: optimizerBusy,
      warmUp: (signal) => primeOptimizerWorker({ signal, holdMs: PRIME_HOLD_MS, dbName: db.name }),
    });
  }
  return primer;
}

/**
 * Primes the optimizer once the browser is idle (a review session just ended, or the app's quiet minute after
 * start-up: app/optimizer-priming.ts) and says how it ended. Stops, without noting the build as primed, when the page
 * is hidden before the warm-up and its hold are over (`stopped`; not started at all when it is hidden already); a fit
 * asked meanwhile takes the worker over (clients.ts). Without workers it does nothing (`failed`).
 */
export function primeOptimizerWhenIdle(db: CoursedeckDb): Promise<PrimeOutcome> {
  if (typeof Worker !== 'function' || typeof document === 'undefined')
    return Promise.resolve('failed');
  if (document.visibilityState === 'hidden') return Promise.resolve('stopped');
  const controller = new AbortController();
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') controller.abort();
  };
  document.addEventListener('visibilitychange', onVisibility);
  return new Promise((resolve) => {
    const run = () => {
      void primerFor(db)
        .prime(controller.signal)
        .then(resolve)
        .finally(() => document.removeEventListener('visibilitychange', onVisibility));
    };
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(run, 1_000);
  });
}
