/**
 * The page side of `bench/optimizer-browser.bench.ts`: fits packed training items through the app's own module worker
 * (src/workers/clients.ts → optimizer.worker.ts → fsrs-browser's wasm, single-threaded), exactly as Settings does.
 * The items come from Node, made by the same seeded synthetic learner and conversion as bench/optimizer.bench.ts, so
 * both benches fit the identical log (generating it here gives a slightly different log: the two V8s' floating-point
 * maths differ in the last bits, and rounding to whole days amplifies that).
 */
import wasmUrl from 'fsrs-browser/fsrs_browser_bg.wasm?url';
import type { PackedItems } from '../../src/domain/optimizer';
import { fitInWorker, warmOptimizer } from '../../src/workers/clients';
import { fitParameters, type FsrsModule } from '../../src/workers/fit';

/** Packed items as plain arrays (what `page.evaluate` can carry). */
export type PlainItems = { ratings: number[]; deltaTs: number[]; lengths: number[] };

/** One fit as the app runs it, in page time: the whole call (worker start and wasm load if first, training) and training alone. */
export type FitTiming = { totalMs: number; trainingMs: number; parameters: number };

let plain: PlainItems = { ratings: [], deltaTs: [], lengths: [] };

/** Fresh typed arrays for each fit: `fitInWorker` transfers (detaches) them. */
const pack = (items: PlainItems, count = items.lengths.length): PackedItems => {
  const lengths = Uint32Array.from(items.lengths.slice(0, count));
  const reviews = lengths.reduce((sum, n) => sum + n, 0);
  return {
    ratings: Uint32Array.from(items.ratings.slice(0, reviews)),
    deltaTs: Uint32Array.from(items.deltaTs.slice(0, reviews)),
    lengths,
  };
};

async function fit(packed: PackedItems): Promise<FitTiming> {
  const started = performance.now();
  let trainingStarted = Number.NaN;
  const parameters = await fitInWorker(packed, {
    onProgress: (progress) => {
      if (progress.phase === 'training' && Number.isNaN(trainingStarted))
        trainingStarted = performance.now();
    },
  });
  const ended = performance.now();
  return {
    totalMs: ended - started,
    trainingMs: ended - trainingStarted,
    parameters: parameters.length,
  };
}

/** What the warm-up reported, if it ended before the fit was asked for. */
export type WarmReport = { rounds: number; roundMs: number[]; ms: number; completed: boolean };

let warm: WarmReport | null = null;

/** The optimizer panel comes on screen: the app calls `warmOptimizer` (the bench notes its report when it ends). */
function startWarmUp(): void {
  warm = null;
  warmOptimizer({ onWarm: (report) => (warm = report) });
}

/** The learner clicks "Optimize": a fit as `fit`, with how far the warm-up had got by then (null: still running). */
async function fitAfterWarmUp(): Promise<FitTiming & { warm: WarmReport | null }> {
  const atClick = warm;
  return { ...(await fit(pack(plain))), warm: atClick };
}

let instance: Promise<FsrsModule> | null = null;

/**
 * For comparison with the Node bench only: one fsrs-browser instance kept in the page and fitted again and again, so
 * its wasm is already compiled and tiered up (the app keeps one worker per session and a fresh instance per fit).
 */
async function fitWarmInstance(packed: PackedItems): Promise<FitTiming> {
  instance ??= import('fsrs-browser').then(async (mod) => {
    await mod.default({ module_or_path: wasmUrl });
    return mod;
  });
  const fsrs = await instance;
  const started = performance.now();
  const parameters = fitParameters(fsrs, packed);
  const ms = performance.now() - started;
  return { totalMs: ms, trainingMs: ms, parameters: parameters.length };
}

const bench = {
  /** Keeps the items to fit. */
  load(items: PlainItems) {
    plain = items;
    return { items: plain.lengths.length, reviews: plain.ratings.length };
  },
  /** A small fit (the first 2,000 items) that puts the worker script and the wasm in the HTTP cache. */
  warmUp: () => fit(pack(plain, 2000)),
  fit: () => fit(pack(plain)),
  startWarmUp,
  fitAfterWarmUp,
  warmUpInstance: () => fitWarmInstance(pack(plain, 2000)),
  fitInstance: () => fitWarmInstance(pack(plain)),
};

export type OptimizerBench = typeof bench;
Object.assign(window, { optimizerBench: bench });
const status = document.getElementById('status');
if (status) status.textContent = 'ready';
