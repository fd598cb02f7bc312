/**
 * fsrs-browser in Node (tests and benchmarks): the wasm-bindgen glue looks for `self`, so a stand-in goes on
 * globalThis before the import, and the wasm is instantiated synchronously from the file (see ../shared/STACK.md).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { PackedItems } from '../../src/domain/optimizer/training-items';
import type { FitProgress } from '../../src/services/optimizer';
import { fitParameters, type FsrsModule } from '../../src/workers/fit';

let loaded: Promise<FsrsModule> | null = null;

/** Loads and initialises fsrs-browser once per process. */
export function loadFsrsInNode(): Promise<FsrsModule> {
  loaded ??= (async () => {
    const global = globalThis as { self?: unknown };
    global.self ??= new EventTarget();
    const mod = await import('fsrs-browser');
    const wasmPath = createRequire(import.meta.url).resolve('fsrs-browser/fsrs_browser_bg.wasm');
    mod.initSync({ module: readFileSync(wasmPath) });
    return mod;
  })();
  return loaded;
}

/** The optimizer service's fitter for Node: fsrs-browser in-process (no worker). */
export async function nodeFitter(
  items: PackedItems,
  options: { onProgress?: (p: FitProgress) => void; signal?: AbortSignal } = {},
): Promise<number[]> {
  const fsrs = await loadFsrsInNode();
  if (options.signal?.aborted) throw new DOMException('The optimizer was cancelled.', 'AbortError');
  options.onProgress?.({ phase: 'training', fraction: 0, estimated: true });
  try {
    return fitParameters(fsrs, items);
  } finally {
    options.onProgress?.({ phase: 'training', fraction: 1, estimated: false });
  }
}
