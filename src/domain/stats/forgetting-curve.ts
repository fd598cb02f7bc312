import type { MemoryState } from '../model';
import { DAY_MS } from './day-calendar';

/**
 * FSRS's forgetting curve R(t, S): the probability of recalling a card `elapsedDays` after its last review when
 * its stability is `stability` days. The scheduling adapter (src/domain/scheduler/) owns the formula and the
 * learner's parameters — FSRS-6: R(t,S) = (1 + factor·t/S)^decay with factor = 0.9^(1/decay) − 1, so R(S,S) = 0.9 —
 * and stats take it as a parameter instead of importing ts-fsrs.
 */
export type ForgettingCurve = (elapsedDays: number, stability: number) => number;

/**
 * A card's current retrievability: R(t, S) with t the fractional days since its last review (never negative),
 * or null for a card that has no memory yet (new, never reviewed, or stability 0 after a reset).
 */
export function currentRetrievability(
  memory: MemoryState,
  now: number,
  curve: ForgettingCurve,
): number | null {
  if (memory.phase === 'new' || memory.lastReview === null || !(memory.stability > 0)) return null;
  return curve(Math.max(0, now - memory.lastReview) / DAY_MS, memory.stability);
}
