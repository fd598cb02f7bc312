/**
 * The optimizer's module worker: loads fsrs-browser (fsrs-rs in WebAssembly, 1.7 MB) only when a fit or a warm-up is
 * asked for, single-threaded (the thread pool needs cross-origin isolation and gains nothing on two cores), and fits:
 * given packed items ('fit'), or the whole run from the database on ('optimize', run-optimize.ts).
 * Training is one synchronous wasm call; cancelling is terminating this worker. A warm-up (warm-up.ts) trains on a
 * synthetic log in short rounds, between which a fit request or a stop is handled.
 */
import wasmUrl from 'fsrs-browser/fsrs_browser_bg.wasm?url';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import type { ReviewLogEntry } from '../domain/model';
import { readScopeLog, type OptimizerScope } from '../services/optimizer';
import type { FitMessage, FitRequest } from './protocol';
import { runFit, type LoadedFsrs } from './run-fit';
import { runOptimize } from './run-optimize';
import { WARM_UP_PLAN, runWarmUp } from './warm-up';

const scope = self as unknown as {
  postMessage: (message: FitMessage) => void;
  onmessage: ((event: MessageEvent<FitRequest>) => void) | null;
  crossOriginIsolated?: boolean;
};

/** The worker's start, reported with an 'optimize' run's steps (the 'stages' message). */
const started = {
  origin: performance.timeOrigin,
  evaluated: performance.timeOrigin + performance.now(),
};

let loading: Promise<LoadedFsrs> | null = null;

function load(): Promise<LoadedFsrs> {
  loading ??= import('fsrs-browser')
    .then(async (mod) => {
      const output = await mod.default({ module_or_path: wasmUrl });
      return { module: mod, memory: output.memory };
    })
    .catch((error: unknown) => {
      // Not kept: a warm-up that failed (offline, say) must not fail the fit asked later.
      loading = null;
      throw error;
    });
  return loading;
}

/**
 * True when fetching the wasm downloads nothing: it is in this origin's Cache Storage, where the service worker's
 * `coursedeck-wasm` route (vite.config.ts) answers it from. False where there is no Cache Storage or it refuses.
 */
async function wasmInCache(): Promise<boolean> {
  if (typeof caches === 'undefined') return false;
  try {
    return (await caches.match(new URL(wasmUrl, self.location.href).href)) !== undefined;
  } catch {
    return false;
  }
}

/** The app's database, opened here on the first 'optimize' and kept for the worker's life (Dexie opens lazily). */
let database: CoursedeckDb | null = null;

function databaseNamed(name: string): CoursedeckDb {
  if (database?.name !== name) database = openDatabase(name);
  return database;
}

/** The log read ahead for the next 'optimize' of this scope (dropped when taken, or a while after it was read). */
let prefetched: {
  dbName: string;
  scope: OptimizerScope;
  log: Promise<{ signature: string; log: ReviewLogEntry[] }>;
  drop: ReturnType<typeof setTimeout>;
} | null = null;

/** How long a log read ahead is kept for a fit (100,000 rows are tens of MB in an idle worker). */
const PREFETCH_KEEP_MS = 2 * 60_000;

function prefetch(dbName: string, logScope: OptimizerScope): void {
  if (prefetched?.dbName === dbName && prefetched.scope === logScope) return;
  if (prefetched) clearTimeout(prefetched.drop);
  const log = readScopeLog(databaseNamed(dbName), logScope);
  log.catch(() => undefined);
  const drop = setTimeout(() => (prefetched = null), PREFETCH_KEEP_MS);
  prefetched = { dbName, scope: logScope, log, drop };
}

function takePrefetched(dbName: string, logScope: OptimizerScope) {
  const taken = prefetched?.dbName === dbName && prefetched.scope === logScope ? prefetched : null;
  if (prefetched) clearTimeout(prefetched.drop);
  prefetched = null;
  return taken?.log;
}

/** The warm-up: not started (or stopped before it settled), running, or over (settled, failed or capped). */
let warmUp: 'idle' | 'running' | 'over' = 'idle';
let stopWarming = false;

function startWarmUp(request: { maxRounds?: number; answers?: number; delayMs?: number }): void {
  warmUp = 'running';
  stopWarming = false;
  void runWarmUp(load, (message) => scope.postMessage(message), {
    plan: {
      maxRounds: request.maxRounds ?? WARM_UP_PLAN.maxRounds,
      answers: request.answers ?? WARM_UP_PLAN.answers,
      delayMs: request.delayMs ?? 0,
    },
    shouldStop: () => stopWarming,
    yieldToEvents: () => new Promise((resolve) => setTimeout(resolve, 0)),
  }).then(() => {
    // Stopped early, it may run again when asked (the panel shown again); otherwise it is done for this worker.
    if (warmUp === 'running') warmUp = stopWarming ? 'idle' : 'over';
  });
}

scope.onmessage = (event) => {
  const request = event.data;
  switch (request?.type) {
    case 'warm-up':
      if (warmUp === 'idle') startWarmUp(request);
      // Asked again before the round that would have stopped it: keep going.
      else if (warmUp === 'running') stopWarming = false;
      break;
    case 'stop-warm-up':
      stopWarming = true;
      break;
    case 'fit':
      // The fit takes over: no warm-up round starts after the one in progress (if any) ends, and none later (a fit
      // warms the module as well as a warm-up does).
      stopWarming = true;
      warmUp = 'over';
      void runFit(
        load,
        request.items,
        (message) => scope.postMessage(message),
        scope.crossOriginIsolated === true,
      );
      break;
    case 'prefetch':
      prefetch(request.dbName, request.scope);
      break;
    case 'optimize': {
      stopWarming = true;
      warmUp = 'over';
      const ahead = takePrefetched(request.dbName, request.scope);
      void runOptimize(
        load,
        databaseNamed(request.dbName),
        {
          scope: request.scope,
          now: request.now,
          stages: started,
          ...(ahead ? { prefetched: ahead } : {}),
          // Primed (the page says so) and the wasm still cached: load it during the read, as nothing is downloaded.
          ...(request.loadAhead ? { loadAhead: wasmInCache() } : {}),
        },
        (message) => scope.postMessage(message),
        scope.crossOriginIsolated === true,
      );
      break;
    }
  }
};
