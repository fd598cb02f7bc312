/**
 * What the optimizer worker does with one request, apart from the worker plumbing (so Node tests run it for real).
 */
import type { PackedItems } from '../domain/optimizer/training-items';
import { fitParameters, type FsrsModule } from './fit';
import type { FitMessage } from './protocol';

export type LoadedFsrs = { module: FsrsModule; memory?: WebAssembly.Memory };

/** Loads fsrs-browser, fits `items`, and reports each stage through `post`; never throws (errors become messages). */
export async function runFit(
  load: () => Promise<LoadedFsrs>,
  items: PackedItems,
  post: (message: FitMessage) => void,
  sharedProgress: boolean,
): Promise<void> {
  try {
    post({ type: 'loading' });
    trainReporting(await load(), items, post, sharedProgress);
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Fits `items` with a loaded fsrs-browser, reporting 'training' before, the wasm memory's progress while (when
 * `sharedProgress`) and 'done' after; returns the parameters. The one training step of a fit request and of a
 * whole optimizer run.
 */
export function trainReporting(
  { module, memory }: LoadedFsrs,
  items: PackedItems,
  post: (message: FitMessage) => void,
  sharedProgress: boolean,
): number[] {
  post({ type: 'training', reviews: items.ratings.length, items: items.lengths.length });
  const started = performance.now();
  const parameters = fitParameters(module, items, (pointer) => {
    if (sharedProgress && memory) post({ type: 'shared-progress', buffer: memory.buffer, pointer });
  });
  post({ type: 'done', parameters, ms: performance.now() - started });
  return parameters;
}
