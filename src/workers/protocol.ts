/**
 * Messages between the app and its two workers. Typed arrays travel as transferables (no copy).
 */
import type { PackedItems } from '../domain/optimizer/training-items';
import type { RetentionOutcome, SimulationInput } from '../domain/optimizer/simulate';
import type { OptimizeResult, OptimizerScope } from '../services/optimizer';

export type FitRequest =
  | { type: 'fit'; items: PackedItems }
  /**
   * The whole run in the worker (run-optimize.ts): it opens the database `dbName` itself, reads the scope's log, fits,
   * evaluates and records the run, so nothing large crosses the thread boundary or runs on the page's thread.
   */
  | {
      type: 'optimize';
      dbName: string;
      scope: OptimizerScope;
      now: number;
      /**
       * This browser was primed for this optimizer build (services/optimizer-priming.ts): the wasm was fetched and
       * the log held enough answers, so the worker may load the module while it reads the log (if the wasm is still
       * in Cache Storage) instead of after making the items.
       */
      loadAhead?: boolean;
    }
  /** Warm the optimizer (compile fsrs-rs and train on a synthetic log) before a fit is asked for; see warm-up.ts. */
  | { type: 'warm-up'; maxRounds?: number; answers?: number; delayMs?: number }
  /** Stop warming after the round in progress (the panel went away); the compiled module is kept. */
  | { type: 'stop-warm-up' }
  /**
   * Read the scope's log ahead (the panel is on screen: a fit is likely), so an 'optimize' asked soon after only makes
   * the items and trains; it checks the log is unchanged first (run-optimize.ts).
   */
  | { type: 'prefetch'; dbName: string; scope: OptimizerScope }
  /**
   * Bring the optimizer's compact copy of the log up to date (services/optimizer-log-copy.ts), so a later fit reads
   * little from IndexedDB; answered with 'log-copy'. Asked by priming.
   */
  | { type: 'keep-log-copy'; dbName: string };

export type FitMessage =
  | { type: 'loading' }
  /** Training started; `reviews` sizes the time estimate when no live progress is available. */
  | { type: 'training'; reviews: number; items: number }
  /**
   * Live progress, only when the page is cross-origin isolated: fsrs-rs counts [processed, total] as two u32 at
   * `pointer` in its shared wasm memory, which the page reads while the worker is busy training.
   */
  | { type: 'shared-progress'; buffer: ArrayBufferLike; pointer: number }
  /** The training returned (a 'fit', or the fit of an 'optimize', whose 'result' follows). */
  | { type: 'done'; parameters: number[]; ms: number }
  /** An 'optimize' request's outcome: the evaluation of both parameter sets, or too small a log. */
  | { type: 'result'; result: OptimizeResult }
  /**
   * When each step of an 'optimize' run happened (posted just before 'training', or before a 'result' that needed
   * no training), as epoch ms (`performance.timeOrigin + performance.now()`, comparable across threads): the app
   * ignores it; bench/optimizer-app.bench.ts reports where the time before the training goes.
   */
  | { type: 'stages'; stages: Partial<Record<OptimizeStage, number>> }
  | { type: 'error'; message: string }
  /** A 'keep-log-copy' done: the log's rows, whether a new copy was written (false: it was up to date, or failed). */
  | { type: 'log-copy'; rows: number; written: boolean; ms: number }
  /**
   * The warm-up ended: `completed` when its rounds' times settled (not stopped by a fit, a stop, a failure or the cap);
   * `ended` says how: settled, capped (all its rounds run without settling: as warm as the warm-up makes it), stopped
   * (a fit or a stop wanted the worker first) or failed (fsrs-browser did not load or train).
   */
  | {
      type: 'warm';
      rounds: number;
      roundMs: number[];
      ms: number;
      completed: boolean;
      ended: WarmUpEnd;
    };

/**
 * The steps of an 'optimize' run in the worker: the worker's time origin and its script evaluated, the request
 * received, the log in hand (read, or read ahead), the training items made, fsrs-browser's module loaded, and the
 * training started.
 */
export type OptimizeStage =
  'origin' | 'evaluated' | 'request' | 'log' | 'items' | 'module' | 'training';

/** How a warm-up ended (see the 'warm' message). */
export type WarmUpEnd = 'settled' | 'capped' | 'stopped' | 'failed';

export type SimulationRequest = {
  type: 'simulate';
  input: SimulationInput;
  retentions: readonly number[];
  seed: number;
};

export type SimulationMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; outcomes: RetentionOutcome[] }
  | { type: 'error'; message: string };
