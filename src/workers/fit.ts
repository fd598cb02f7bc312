/**
 * The one call into fsrs-browser's optimizer, shared by the Web Worker and the Node tests and benchmark.
 */
import type { Fsrs, Progress } from 'fsrs-browser';
import type { PackedItems } from '../domain/optimizer/training-items';

/** The parts of the fsrs-browser module the fit needs (the module itself, once its wasm is initialised). */
export type FsrsModule = { Fsrs: typeof Fsrs; Progress: typeof Progress };

/**
 * Fits the 21 FSRS-6 parameters to `items` with fsrs-rs (short-term reviews enabled, as our scheduler).
 * `onStart` receives the progress record's address in wasm memory ([processed, total] as two u32) before the
 * synchronous training begins; it is valid only until this function returns.
 */
export function fitParameters(
  fsrs: FsrsModule,
  items: PackedItems,
  onStart?: (progressPointer: number) => void,
): number[] {
  const model = new fsrs.Fsrs();
  const progress = fsrs.Progress.new();
  onStart?.(progress.pointer());
  // fsrs-rs reports every epoch through console.info/debug: silenced for the call (errors still show).
  const { info, debug } = console;
  console.info = () => {};
  console.debug = () => {};
  try {
    // computeParameters consumes `model` and `progress` (Rust frees both), so neither is used afterwards.
    const fitted = model.computeParameters(
      items.ratings,
      items.deltaTs,
      items.lengths,
      progress,
      true,
    );
    return Array.from(fitted, (x) => Math.round(x * 1e6) / 1e6);
  } finally {
    console.info = info;
    console.debug = debug;
  }
}
