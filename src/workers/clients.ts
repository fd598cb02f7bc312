/**
 * The page side of the two workers: promises with progress callbacks, cancelled by an AbortSignal (which terminates
 * the worker: the only way to stop a synchronous wasm training run).
 */
import type { RetentionOutcome, SimulationInput } from '../domain/optimizer/simulate';
import type { PackedItems } from '../domain/optimizer/training-items';
import type { FitMessage, FitRequest, SimulationMessage, SimulationRequest } from './protocol';

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
 * The optimizer worker left from the last fit. A fresh worker makes V8 compile fsrs-rs's wasm again, lazily, while it
 * trains: 2–3 s of CPU per fit in Chromium (docs/benchmarks.md, "Optimizer"). Reusing one worker reuses its compiled
 * and tiered-up module, so later fits in a session cost what a warm instance does; the worker makes a fresh `Fsrs`
 * per fit (computeParameters consumes it).
 */
let idleWorker: { worker: Worker; release: ReturnType<typeof setTimeout> } | null = null;

function takeOptimizerWorker(): Worker {
  if (idleWorker) {
    const { worker, release } = idleWorker;
    clearTimeout(release);
    idleWorker = null;
    return worker;
  }
  return new Worker(new URL('./optimizer.worker.ts', import.meta.url), { type: 'module' });
}

/** Keeps `worker` for the next fit, or drops it when another (a concurrent fit's) is already kept. */
function keepOptimizerWorker(worker: Worker): void {
  if (idleWorker) {
    worker.terminate();
    return;
  }
  const release = setTimeout(() => {
    if (idleWorker?.worker === worker) idleWorker = null;
    worker.terminate();
  }, OPTIMIZER_IDLE_MS);
  idleWorker = { worker, release };
}

/**
 * Fits FSRS parameters in the session's optimizer module worker (a new one when none is idle). It is kept for the
 * next fit after a success, and terminated on cancel or error (the only way to stop a synchronous wasm training run).
 */
export function fitInWorker(items: PackedItems, options: FitOptions = {}): Promise<number[]> {
  const { onProgress, signal } = options;
  if (signal?.aborted) return Promise.reject(aborted());
  return new Promise((resolve, reject) => {
    const worker = takeOptimizerWorker();
    let timer: ReturnType<typeof setInterval> | undefined;
    const finish = (reusable: boolean) => {
      if (timer !== undefined) clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      worker.onerror = null;
      worker.onmessage = null;
      if (reusable) keepOptimizerWorker(worker);
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
        case 'done':
          finish(true);
          onProgress?.({ phase: 'training', fraction: 1, estimated: false });
          resolve(message.parameters);
          break;
        case 'error':
          finish(false);
          reject(new Error(message.message));
          break;
      }
    };
    const request: FitRequest = { type: 'fit', items };
    worker.postMessage(request, [items.ratings.buffer, items.deltaTs.buffer, items.lengths.buffer]);
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
