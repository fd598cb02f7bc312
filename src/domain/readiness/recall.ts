import type { MemoryState } from '../model';

/**
 * Predicted recall of a memory at a moment: FSRS retrievability R ∈ [0, 1]. Passed in (the scheduling adapter
 * provides it under the parameters in force), so this folder stays independent of ts-fsrs.
 */
export type RecallFn = (memory: MemoryState, now: number) => number;

/** The card fields readiness, quiz selection and pacing read. `CardRecord` satisfies it. */
export type ReadinessCard = {
  id: string;
  deckId: string;
  chapter: number;
  kind: string;
  front: string;
  back: string;
  position: number;
  memory: MemoryState;
  suspended: boolean;
  retired: boolean;
};

/** True once a card has been answered at least once (a reset card counts as never reviewed again). */
export function isReviewed(memory: MemoryState): boolean {
  return memory.phase !== 'new' && memory.lastReview !== null;
}

/**
 * Predicted recall now, with the rule readiness depends on: a card never reviewed counts as 0 (nothing is
 * remembered yet), otherwise `recall(memory, now)` clamped to [0, 1] (NaN, from a corrupt state, counts as 0).
 */
export function recallNow(memory: MemoryState, now: number, recall: RecallFn): number {
  if (!isReviewed(memory)) return 0;
  const r = recall(memory, now);
  return Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 0;
}
