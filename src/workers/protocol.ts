/**
 * Messages between the app and its two workers. Typed arrays travel as transferables (no copy).
 */
import type { PackedItems } from '../domain/optimizer/training-items';
import type { RetentionOutcome, SimulationInput } from '../domain/optimizer/simulate';

export type FitRequest = { type: 'fit'; items: PackedItems };

export type FitMessage =
  | { type: 'loading' }
  /** Training started; `reviews` sizes the time estimate when no live progress is available. */
  | { type: 'training'; reviews: number; items: number }
  /**
   * Live progress, only when the page is cross-origin isolated: fsrs-rs counts [processed, total] as two u32 at
   * `pointer` in its shared wasm memory, which the page reads while the worker is busy training.
   */
  | { type: 'shared-progress'; buffer: ArrayBufferLike; pointer: number }
  | { type: 'done'; parameters: number[]; ms: number }
  | { type: 'error'; message: string };

export type SimulationRequest = {
  type: 'simulate';
  input: SimulationInput;
  retentions: readonly number[];
  seed: number;
};

export type SimulationMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; outcomes: RetentionOutcome[] }
  | { type: 'error'; message: string };
