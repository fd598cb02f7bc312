/**
 * The optimizer's module worker: loads fsrs-browser (fsrs-rs in WebAssembly, 1.7 MB) only when a fit or a warm-up is
 * asked for, single-threaded (the thread pool needs cross-origin isolation and gains nothing on two cores), and fits:
 * given packed items ('fit'), or the whole run from the database on ('optimize', run-optimize.ts). The log is read
 * through a compact copy this worker keeps of it in the origin private file system (services/optimizer-log-copy.ts).
 * Training is one synchronous wasm call; cancelling is terminating this worker. A warm-up (warm-up.ts) trains on a
 * synthetic log in short rounds, between which a fit request or a stop is handled.
 */
import wasmUrl from 'fsrs-browser/fsrs_browser_bg.wasm?url';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import { readScopeLog, type OptimizerScope, type ScopeLogRead } from '../services/optimizer';
import { encodeLogCopy, readLogWithCopy, type LogCopyStore } from '../services/optimizer-log-copy';
import { opfsLogCopyStore } from './log-copy-store';
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

/** Each database's copy of the log for the optimizer (services/optimizer-log-copy.ts), in this origin's file system. */
const copies = new Map<string, LogCopyStore>();

function logCopyOf(dbName: string): LogCopyStore {
  let store = copies.get(dbName);
  if (!store) copies.set(dbName, (store = opfsLogCopyStore(dbName)));
  return store;
}

/** Reads the log through its copy and writes a new copy when that one was out of date; says what it did. */
async function keepLogCopy(dbName: string): Promise<FitMessage> {
  const started = performance.now();
  const now = Date.now();
  const store = logCopyOf(dbName);
  try {
    const read = await readLogWithCopy(databaseNamed(dbName), store, now);
    if (read.copyStale) await store.write(encodeLogCopy(read.log, now));
    const ms = performance.now() - started;
    return { type: 'log-copy', rows: read.log.length, written: read.copyStale, ms };
  } catch {
    return { type: 'log-copy', rows: 0, written: false, ms: performance.now() - started };
  }
}

/** A log read ahead for the next 'optimize' of its scope; `taken` once a fit took it. */
type Prefetched = {
  dbName: string;
  scope: OptimizerScope;
  log: Promise<ScopeLogRead>;
  drop?: ReturnType<typeof setTimeout>;
  taken: boolean;
};

/** The log read ahead (dropped when taken, or a while after it was read). */
let prefetched: Prefetched | null = null;

/** How long a log read ahead is kept for a fit (100,000 rows are tens of MB in an idle worker). */
const PREFETCH_KEEP_MS = 2 * 60_000;

/**
 * How long after reading ahead through an out-of-date copy its new copy is written, unless a fit took the log first
 * (then the fit writes it after its result): encoding 100,000 rows takes a few tens of ms on this thread, which a
 * click right after the read would wait for.
 */
const PREFETCH_COPY_DELAY_MS = 10_000;

function prefetch(dbName: string, logScope: OptimizerScope): void {
  if (prefetched?.dbName === dbName && prefetched.scope === logScope) return;
  if (prefetched) clearTimeout(prefetched.drop);
  const store = logCopyOf(dbName);
  const now = Date.now();
  const log = readScopeLog(databaseNamed(dbName), logScope, { store, now });
  const entry: Prefetched = { dbName, scope: logScope, log, taken: false };
  entry.drop = setTimeout(() => {
    if (prefetched === entry) prefetched = null;
  }, PREFETCH_KEEP_MS);
  prefetched = entry;
  log
    .then((read) => {
      const { staleCopy } = read;
      if (!staleCopy) return;
      setTimeout(() => {
        if (!entry.taken) void store.write(encodeLogCopy(staleCopy, now)).catch(() => undefined);
      }, PREFETCH_COPY_DELAY_MS);
    })
    .catch(() => undefined);
}

function takePrefetched(dbName: string, logScope: OptimizerScope) {
  const taken = prefetched?.dbName === dbName && prefetched.scope === logScope ? prefetched : null;
  if (prefetched) clearTimeout(prefetched.drop);
  prefetched = null;
  if (taken) taken.taken = true;
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
    case 'keep-log-copy':
      void keepLogCopy(request.dbName).then((message) => scope.postMessage(message));
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
          logCopy: logCopyOf(request.dbName),
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
