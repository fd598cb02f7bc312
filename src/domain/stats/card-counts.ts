import type { CardRecord } from '../model';

export type CardCounts = {
  new: number;
  learning: number;
  review: number;
  relearning: number;
  suspended: number;
  /** All counted cards: the sum of the five above. */
  total: number;
};

/**
 * Cards by state. Each card counts once: a suspended card under "suspended" whatever its phase (it is out of
 * every queue), any other card under its FSRS phase. Retired cards (gone from the notes, history kept) are not
 * counted: the learner cannot see or study them.
 */
export function countCardsByState(cards: readonly CardRecord[]): CardCounts {
  const counts: CardCounts = {
    new: 0,
    learning: 0,
    review: 0,
    relearning: 0,
    suspended: 0,
    total: 0,
  };
  for (const card of cards) {
    if (card.retired) continue;
    counts[card.suspended ? 'suspended' : card.memory.phase]++;
    counts.total++;
  }
  return counts;
}
