/**
 * Priming the optimizer: after a review session and at the app's first quiet minute after start-up
 * (app/optimizer-priming.ts), at an idle moment, the app warms fsrs-rs's wasm in the optimizer worker once per browser
 * and optimizer build, so Chromium's wasm code cache holds its optimised code and the learner's first click on
 * "Optimize my parameters", in that session or a later one, starts on it instead of compiling lazily
 * while it trains (1.6–2.0 s for 20,000 answers, 4.9–7.2 s for 100,000, against ≤ 1 s and ≤ 5 s warm:
 * docs/benchmarks.md, "Optimizer"). This module decides whether and records that it happened; the warm-up itself
 * is passed in (`primeOptimizerWorker` in workers/clients.ts in the app).
 */
import { logHasAtLeast } from '../db/repo';
import type { CoursedeckDb } from '../db/schema';

/**
 * Fewest answers in the log before priming is worth its cost (2–3 s of CPU on the worker thread, once per device and
 * optimizer build). A fit needs about 300 answers at all (MIN_TRAIN_ITEMS + MIN_TEST_ITEMS usable reviews), and
 * parameters fitted to so few rarely differ much from the defaults; from about 1,000 answers a fit has several
 * hundred later-day reviews to learn from, so a learner is likely to ask for one, and the log is large enough that
 * the cold fit's delay shows. A judgement, not a measurement.
 */
export const PRIME_MIN_ANSWERS = 1_000;

/** Where the build last primed is noted (localStorage in the app): its value is that build's key. */
export const OPTIMIZER_PRIMED_KEY = 'coursedeck.optimizer-primed';

/** How the injected warm-up ended (workers/clients.ts `PrimeEnd`). */
export type PrimeWarmUpEnd = 'primed' | 'busy' | 'stopped' | 'failed';

/** What one call to prime did. */
export type PrimeOutcome =
  | PrimeWarmUpEnd
  /** The marker names this build: primed before, nothing to do. */
  | 'already-primed'
  /** Fewer than the threshold's answers in the log. */
  | 'too-few-answers'
  /** Another call is priming now. */
  | 'in-progress';

export type OptimizerPrimerDeps = {
  db: CoursedeckDb;
  /**
   * Names the optimizer build: changes whenever the worker or fsrs-browser's wasm changes (the app passes the worker
   * chunk's hashed URL, which embeds the wasm's), so a new build is primed again and an unchanged one never twice.
   */
  build: string;
  /** Where the marker is kept (localStorage in the app). */
  marks: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  /** True while a fit or optimizer run is in progress: priming never competes with it. */
  fitRunning: () => boolean;
  /** Runs the warm-up to its end and says how it ended; must stop when `signal` aborts. */
  warmUp: (signal: AbortSignal) => Promise<PrimeWarmUpEnd>;
  /** Fewest answers (default {@link PRIME_MIN_ANSWERS}). */
  minAnswers?: number;
};

export type OptimizerPrimer = {
  /**
   * Primes unless the marker names this build, the log is too small, a fit runs or another call is priming; stores
   * the marker only when the warm-up says `primed` and `signal` was not aborted meanwhile. Never throws.
   */
  prime: (signal: AbortSignal) => Promise<PrimeOutcome>;
};

/** localStorage may be missing or refuse access: then there is no marker, and none is kept. */
function tryMarks<T>(access: () => T): T | undefined {
  try {
    return access();
  } catch {
    return undefined;
  }
}

/** True when the marker in `marks` says this browser was primed for `build` (false when storage refuses access). */
export function primedFor(build: string, marks: Pick<Storage, 'getItem'> | undefined): boolean {
  return tryMarks(() => marks?.getItem(OPTIMIZER_PRIMED_KEY)) === build;
}

export function createOptimizerPrimer(deps: OptimizerPrimerDeps): OptimizerPrimer {
  const { db, build, marks, fitRunning, warmUp, minAnswers = PRIME_MIN_ANSWERS } = deps;
  let priming = false;
  const prime = async (signal: AbortSignal): Promise<PrimeOutcome> => {
    if (primedFor(build, marks)) return 'already-primed';
    if (!(await logHasAtLeast(db, minAnswers).catch(() => false))) return 'too-few-answers';
    if (signal.aborted) return 'stopped';
    if (fitRunning()) return 'busy';
    const end = await warmUp(signal).catch((): PrimeWarmUpEnd => 'failed');
    if (end !== 'primed') return end;
    if (signal.aborted) return 'stopped';
    tryMarks(() => marks?.setItem(OPTIMIZER_PRIMED_KEY, build));
    return 'primed';
  };
  return {
    prime: async (signal) => {
      if (priming) return 'in-progress';
      priming = true;
      try {
        return await prime(signal);
      } finally {
        priming = false;
      }
    },
  };
}
