/**
 * The optimizer's module worker: loads fsrs-browser (fsrs-rs in WebAssembly, 1.7 MB) only when a fit is asked for,
 * single-threaded (the thread pool needs cross-origin isolation and gains nothing on two cores), and fits.
 * Training is one synchronous wasm call; cancelling is terminating this worker.
 */
import wasmUrl from 'fsrs-browser/fsrs_browser_bg.wasm?url';
import type { FitMessage, FitRequest } from './protocol';
import { runFit, type LoadedFsrs } from './run-fit';

const scope = self as unknown as {
  postMessage: (message: FitMessage) => void;
  onmessage: ((event: MessageEvent<FitRequest>) => void) | null;
  crossOriginIsolated?: boolean;
};

let loading: Promise<LoadedFsrs> | null = null;

function load(): Promise<LoadedFsrs> {
  loading ??= import('fsrs-browser').then(async (mod) => {
    const output = await mod.default({ module_or_path: wasmUrl });
    return { module: mod, memory: output.memory };
  });
  return loading;
}

scope.onmessage = (event) => {
  if (event.data?.type !== 'fit') return;
  void runFit(
    load,
    event.data.items,
    (message) => scope.postMessage(message),
    scope.crossOriginIsolated === true,
  );
};
