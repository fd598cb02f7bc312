/**
 * fsrs-browser in Node (tests and benchmarks): the wasm-bindgen glue looks for `self`, so a stand-in goes on
 * globalThis before the import, and the wasm is instantiated synchronously from the file (see ../shared/STACK.md).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FsrsModule } from '../../src/workers/fit';

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
