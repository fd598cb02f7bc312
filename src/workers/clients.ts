/**
 * The page side of the two workers: promises with progress callbacks, cancelled by an AbortSignal (which terminates
 * the worker: the only way to stop a synchronous wasm training run).
 */
import type { RetentionOutcome, SimulationInput } from '../domain/optimizer/simulate';
import type { PackedItems } from '../domain/optimizer/training-items';
import type { CoursedeckDb } from '../db/schema';
import type { OptimizeResult, OptimizerScope } from '../services/optimizer';
import { primedFor } from '../services/optimizer-priming';
import optimizerWorkerUrl from './optimizer.worker.ts?worker&url';
import type {
  FitMessage,
  FitRequest,
  SimulationMessage,
  SimulationRequest,
  WarmUpEnd,
} from './protocol';

export type FitProgress = {
  phase: 'loading' | 'training';
  /** 0–1. */
  fraction: number;
  /** True when the fraction is a time estimate (no cross-origin isolation, so no live count from fsrs-rs). */
  estimated: boolean;
};

export type FitOptions = { onProgress?: (progress: FitProgress) => void; signal?: AbortSignal };

/**
 * Expected training time for `reviews` packed reviews (all items' histories): ≈ 0.2 s + 14 µs a review of CPU on the
 * 2-core reference machine (docs/benchmarks.md, "Optimizer"), doubled for phones. Only drives the estimated bar.
 */
export function estimatedFitMs(reviews: number): number {
  return 2 * (200 + reviews * 0.014);
}

const aborted = () => new DOMException('The optimizer was cancelled.', 'AbortError');

/** How long an idle optimizer worker (and its wasm memory, tens of MB after a large fit) is kept for the next fit. */
export const OPTIMIZER_IDLE_MS = 10 * 60 * 1000;

/**
 * The optimizer worker left from the last fit or warm-up. A fresh worker makes V8 compile fsrs-rs's wasm again,
 * lazily, while it trains: 2–3 s of CPU per fit in Chromium (docs/benchmarks.md, "Optimizer"). Reusing one worker
 * reuses its compiled and tiered-up module, so later fits in a session cost what a warm instance does; the worker
 * makes a fresh `Fsrs` per fit (computeParameters consumes it). `warmed`: a warm-up was already asked of it.
 */
let idleWorker: { worker: Worker; release: ReturnType<typeof setTimeout>; warmed: boolean } | null =
  null;

/** Fits in progress (their workers are not idle: a warm-up asked meanwhile has nothing to do). */
let runningFits = 0;

/**
 * Names this build of the optimizer: the worker chunk's hashed URL, which changes with the worker's code and with the
 * hashed URL of fsrs-browser's wasm inside it (services/optimizer-priming.ts keys its marker on it).
 */
export const OPTIMIZER_BUILD: string = optimizerWorkerUrl;

/** localStorage, or nothing where it is missing or refuses access. */
export function browserMarks(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

const newOptimizerWorker = () =>
  new Worker(new URL('./optimizer.worker.ts', import.meta.url), { type: 'module' });

/** Told when a fit takes the idle worker over (priming, below, must not claim a worker it no longer has). */
let onIdleWorkerTaken: ((worker: Worker) => void) | null = null;

function takeOptimizerWorker(): Worker {
  if (idleWorker) {
    const { worker, release } = idleWorker;
    clearTimeout(release);
    idleWorker = null;
    onIdleWorkerTaken?.(worker);
    return worker;
  }
  return newOptimizerWorker();
}

/** True while a fit or an optimizer run is in progress in this page. */
export function optimizerBusy(): boolean {
  return runningFits > 0;
}

/** Keeps `worker` for the next fit, or drops it when another (a concurrent fit's) is already kept. */
function keepOptimizerWorker(worker: Worker, warmed: boolean): void {
  if (idleWorker) {
    worker.terminate();
    return;
  }
  const release = setTimeout(() => {
    if (idleWorker?.worker === worker) idleWorker = null;
    worker.terminate();
  }, OPTIMIZER_IDLE_MS);
  idleWorker = { worker, release, warmed };
}

/**
 * How long the panel's warm-up waits after loading before its first round in a primed browser: longer than a click
 * "at once" takes (the learner finds the button), short enough that rounds finish well within the few seconds a
 * learner usually reads the panel.
 */
export const PRIMED_WARM_UP_DELAY_MS = 1_500;

export type WarmUpOptions = {
  /** Overrides the warm-up's plan (the benchmark's experiments); warm-up.ts WARM_UP_PLAN by default. */
  maxRounds?: number;
  answers?: number;
  /**
   * Also read this scope's log ahead in the worker, so a fit asked soon after skips reading it (the worker checks
   * it is unchanged first).
   */
  prefetch?: { db: CoursedeckDb; scope: OptimizerScope };
  /** Called with the worker's report when the warm-up ends (the benchmark's). */
  onWarm?: (report: { rounds: number; roundMs: number[]; ms: number; completed: boolean }) => void;
};

/**
 * Warms the session's optimizer worker when the learner shows an intent to fit (the panel is on screen): starts it,
 * compiles fsrs-rs's wasm and trains it on a synthetic log in short rounds (warm-up.ts), so a fit asked a few seconds
 * later runs on optimised code. Off the main thread; a fit asked meanwhile takes over after the round in progress.
 * Does nothing when a fit is running or the idle worker is already warming or warm. Returns a stop function (the
 * learner left): warming stops after its current round, and the worker stays idle with what it has compiled.
 */
export function warmOptimizer(options: WarmUpOptions = {}): () => void {
  // No workers (tests' jsdom, very old browsers): the fit itself will say so.
  if (typeof Worker !== 'function' || runningFits > 0) return () => {};
  const ahead: FitRequest | null = options.prefetch
    ? { type: 'prefetch', dbName: options.prefetch.db.name, scope: options.prefetch.scope }
    : null;
  if (idleWorker?.warmed) {
    // Warm already (an earlier fit or warm-up): only the log to read ahead.
    if (ahead) idleWorker.worker.postMessage(ahead);
    return () => {};
  }
  const worker = idleWorker?.worker ?? newOptimizerWorker();
  if (idleWorker) idleWorker.warmed = true;
  else keepOptimizerWorker(worker, true);
  const { onWarm, maxRounds, answers } = options;
  // A worker that cannot even start is dropped, so the next fit starts a new one (and reports its error).
  worker.onerror = () => {
    if (idleWorker?.worker === worker) {
      clearTimeout(idleWorker.release);
      idleWorker = null;
    }
    worker.terminate();
  };
  if (onWarm) {
    worker.onmessage = (event: MessageEvent<FitMessage>) => {
      if (event.data.type === 'warm') onWarm(event.data);
    };
  }
  // Primed for this build (prime-optimizer.ts): Chromium's code cache holds fsrs-rs's optimised code, so loading the
  // module is what a click at once needs, and a round then would only delay it (~300 ms in the app bench). The rounds
  // still come a moment later: a module warmed in this worker trained 20k in 485 ms against 780 ms from the cache.
  const delayMs = primedFor(OPTIMIZER_BUILD, browserMarks()) ? PRIMED_WARM_UP_DELAY_MS : undefined;
  const request: FitRequest = { type: 'warm-up', maxRounds, answers, delayMs };
  worker.postMessage(request);
  if (ahead) worker.postMessage(ahead);
  let stopped = false;
  return () => {
    // Only while the worker still idles: a fit that took it over has stopped the warm-up already. A later call (the
    // panel shown again) resumes the warm-up where it stopped.
    if (stopped || idleWorker?.worker !== worker) return;
    stopped = true;
    idleWorker.warmed = false;
    worker.postMessage({ type: 'stop-warm-up' } satisfies FitRequest);
  };
}

/**
 * How priming the optimizer ended: `primed` (the warm-up settled or ran all its rounds, and the worker then stayed
 * alive `holdMs` more), `busy` (a fit is running, or the session's worker is already warm or warming: nothing
 * started), `stopped` (the signal, or a fit that took the worker over, came first) or `failed` (no workers, or
 * fsrs-browser did not load).
 */
export type PrimeEnd = 'primed' | 'busy' | 'stopped' | 'failed';

export type PrimeOptions = {
  /** Aborted when the learner needs the device more (the page hid): the warm-up stops after its round. */
  signal: AbortSignal;
  /**
   * How long the warmed worker must stay alive before priming counts as done: V8 hands its optimised code to Chromium
   * for the code cache only after no new optimised code for 2 s (`--wasm-caching-timeout-ms`), and Chromium then
   * serialises and writes it.
   */
  holdMs: number;
  /**
   * Also bring the optimizer's copy of this database's log up to date (services/optimizer-log-copy.ts) once warm,
   * within the hold: priming then counts as done only when the copy is written too (or could not be), so the first fit
   * of a later session reads little of the log.
   */
  dbName?: string;
};

/**
 * Runs the whole warm-up (warm-up.ts) in the session's optimizer worker in the background, so Chromium's wasm code
 * cache holds fsrs-rs's optimised code and the learner's first fit in a later session starts warm (see
 * services/optimizer-priming.ts). Unlike {@link warmOptimizer} it reports how it ended. The worker stays the
 * session's idle worker: a fit asked meanwhile takes it over after the round in progress (and priming ends
 * `stopped`), and the panel's warm-up finds it warm already.
 */
export function primeOptimizerWorker({ signal, holdMs, dbName }: PrimeOptions): Promise<PrimeEnd> {
  if (typeof Worker !== 'function') return Promise.resolve('failed');
  if (runningFits > 0 || idleWorker?.warmed) return Promise.resolve('busy');
  if (signal.aborted) return Promise.resolve('stopped');
  const worker = idleWorker?.worker ?? newOptimizerWorker();
  if (idleWorker) idleWorker.warmed = true;
  else keepOptimizerWorker(worker, true);
  return new Promise<PrimeEnd>((resolve) => {
    let hold: ReturnType<typeof setTimeout> | undefined;
    let warmedUp = false;
    const end = (how: PrimeEnd) => {
      clearTimeout(hold);
      signal.removeEventListener('abort', onAbort);
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      if (onIdleWorkerTaken === onTaken) onIdleWorkerTaken = null;
      resolve(how);
    };
    const onAbort = () => {
      // Stopped like the panel's warm-up: what is compiled stays, and a later warm-up may resume.
      if (!warmedUp && idleWorker?.worker === worker) {
        idleWorker.warmed = false;
        worker.postMessage({ type: 'stop-warm-up' } satisfies FitRequest);
      }
      end('stopped');
    };
    const onTaken = (taken: Worker) => {
      if (taken === worker) end('stopped');
    };
    const onError = () => {
      // As for the panel's warm-up: a worker that cannot start is dropped, so the next fit starts a new one.
      if (idleWorker?.worker === worker) {
        clearTimeout(idleWorker.release);
        idleWorker = null;
      }
      worker.terminate();
      end('failed');
    };
    /** What is left before priming counts as done: the hold, and the log copy when one was asked for. */
    let waiting = dbName ? 2 : 1;
    const doneWith = () => {
      if (--waiting === 0) end('primed');
    };
    const onMessage = (event: MessageEvent<FitMessage>) => {
      if (event.data.type === 'log-copy') {
        if (warmedUp) doneWith();
        return;
      }
      if (event.data.type !== 'warm') return;
      const ended: WarmUpEnd = event.data.ended;
      if (ended === 'failed') end('failed');
      else if (ended === 'stopped') end('stopped');
      else {
        warmedUp = true;
        hold = setTimeout(doneWith, holdMs);
        if (dbName) worker.postMessage({ type: 'keep-log-copy', dbName } satisfies FitRequest);
      }
    };
    signal.addEventListener('abort', onAbort);
    onIdleWorkerTaken = onTaken;
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
    worker.postMessage({ type: 'warm-up' } satisfies FitRequest);
  });
}

/**
 * Fits FSRS parameters to packed items in the session's optimizer module worker (a new one when none is idle). It is
 * kept for the next fit after a success, and terminated on cancel or error (the only way to stop a synchronous wasm
 * training run).
 */
export function fitInWorker(items: PackedItems, options: FitOptions = {}): Promise<number[]> {
  return inOptimizerWorker<number[]>(
    { type: 'fit', items },
    [items.ratings.buffer, items.deltaTs.buffer, items.lengths.buffer],
    options,
    (message) => (message.type === 'done' ? { value: message.parameters } : null),
  );
}

export type OptimizeInWorkerOptions = FitOptions & {
  scope: OptimizerScope;
  /** When the run happens (epoch ms), recorded with its result. */
  now: number;
};

/**
 * The whole optimizer run (services/optimizer.ts `optimizeParameters`: read the scope's log, training items, fit,
 * evaluation, the run recorded) in the session's optimizer worker, which opens `db`'s database itself: the page
 * posts the scope and gets the result back, so its main thread neither reads the log nor builds the items (seconds
 * at 100,000 answers: docs/benchmarks.md, "Optimizer"). Same result, progress and cancelling as a fit in the worker.
 */
export function optimizeInWorker(
  db: CoursedeckDb,
  options: OptimizeInWorkerOptions,
): Promise<OptimizeResult> {
  const { scope, now, ...rest } = options;
  return inOptimizerWorker<OptimizeResult>(
    {
      type: 'optimize',
      dbName: db.name,
      scope,
      now,
      loadAhead: primedFor(OPTIMIZER_BUILD, browserMarks()),
    },
    [],
    rest,
    (message) => (message.type === 'result' ? { value: message.result } : null),
  );
}

/**
 * Runs one request in the session's optimizer worker until `settle` picks its answer out of the worker's messages;
 * reports progress ('loading', then the estimated or live training fraction, 1 when the training returns).
 */
function inOptimizerWorker<T>(
  request: FitRequest,
  transfer: Transferable[],
  options: FitOptions,
  settle: (message: FitMessage) => { value: T } | null,
): Promise<T> {
  const { onProgress, signal } = options;
  if (signal?.aborted) return Promise.reject(aborted());
  return new Promise((resolve, reject) => {
    const worker = takeOptimizerWorker();
    runningFits++;
    let timer: ReturnType<typeof setInterval> | undefined;
    const finish = (reusable: boolean) => {
      runningFits--;
      if (timer !== undefined) clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      worker.onerror = null;
      worker.onmessage = null;
      // A worker that has fitted is as warm as a warm-up would make it.
      if (reusable) keepOptimizerWorker(worker, true);
      else worker.terminate();
    };
    const onAbort = () => {
      finish(false);
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort);
    worker.onerror = (event) => {
      finish(false);
      reject(new Error(event.message || 'The optimizer could not start.'));
    };
    const answer = (message: FitMessage) => {
      const settled = settle(message);
      if (!settled) return;
      finish(true);
      resolve(settled.value);
    };
    worker.onmessage = (event: MessageEvent<FitMessage>) => {
      const message = event.data;
      switch (message.type) {
        case 'loading':
          onProgress?.({ phase: 'loading', fraction: 0, estimated: true });
          break;
        case 'training': {
          const started = performance.now();
          const expected = estimatedFitMs(message.reviews);
          timer ??= setInterval(() => {
            const fraction = Math.min(0.95, (performance.now() - started) / expected);
            onProgress?.({ phase: 'training', fraction, estimated: true });
          }, 100);
          onProgress?.({ phase: 'training', fraction: 0, estimated: true });
          break;
        }
        case 'shared-progress': {
          if (timer !== undefined) clearInterval(timer);
          const { buffer, pointer } = message;
          timer = setInterval(() => {
            // fsrs-browser's getProgress, inlined so the page never loads its glue code: two u32 at `pointer`.
            const [itemsProcessed = 0, itemsTotal = 0] = new Uint32Array(buffer, pointer, 2);
            if (itemsTotal > 0) {
              onProgress?.({
                phase: 'training',
                fraction: Math.min(1, itemsProcessed / itemsTotal),
                estimated: false,
              });
            }
          }, 100);
          break;
        }
        case 'done': {
          // The training returned: a 'fit' is answered; an 'optimize' run evaluates (a moment) before its result.
          if (timer !== undefined) clearInterval(timer);
          timer = undefined;
          onProgress?.({ phase: 'training', fraction: 1, estimated: false });
          answer(message);
          break;
        }
        case 'result':
          answer(message);
          break;
        case 'error':
          finish(false);
          reject(new Error(message.message));
          break;
      }
    };
    worker.postMessage(request, transfer);
  });
}

export type SimulateOptions = {
  retentions: readonly number[];
  seed: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
};

/** Runs the retention simulator in a module worker. */
export function simulateInWorker(
  input: SimulationInput,
  options: SimulateOptions,
): Promise<RetentionOutcome[]> {
  const { onProgress, signal } = options;
  if (signal?.aborted) return Promise.reject(aborted());
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./simulation.worker.ts', import.meta.url), {
      type: 'module',
    });
    const finish = () => {
      signal?.removeEventListener('abort', onAbort);
      worker.terminate();
    };
    const onAbort = () => {
      finish();
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort);
    worker.onerror = (event) => {
      finish();
      reject(new Error(event.message || 'The simulator could not start.'));
    };
    worker.onmessage = (event: MessageEvent<SimulationMessage>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress?.(message.done, message.total);
      else if (message.type === 'done') {
        finish();
        resolve(message.outcomes);
      } else {
        finish();
        reject(new Error(message.message));
      }
    };
    const request: SimulationRequest = {
      type: 'simulate',
      input,
      retentions: options.retentions,
      seed: options.seed,
    };
    worker.postMessage(request);
  });
}
