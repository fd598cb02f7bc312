/**
 * Today's review queue, as rules over plain records (the db layer feeds it candidates from its indexes).
 *
 * Order: (1) learning and relearning cards that are due, earliest first; (2) review cards due before the end of the
 * study day, lowest retrievability first; (3) new cards in course order (course, chapter, position — the deck's
 * `position` already follows its sections) up to the day's new-card allowance. Reviews are capped by the day's
 * review allowance. Buried, suspended and retired cards are never shown.
 */
import type { CardRecord, MemoryState, ReviewLogEntry } from './model';
import { retrievability } from './scheduler';
import type { Settings } from './settings';

export { queueOf, type CardQueue } from './card-queue';

/** Buried cards (a sibling was answered this study day) wait until `buriedUntil`. */
export function isBuried(card: Pick<CardRecord, 'buriedUntil'>, now: number): boolean {
  return card.buriedUntil > now;
}

/**
 * Leech rule (as Anki): a card becomes a leech when an answer brings its lapses to the threshold, and again every
 * half-threshold lapses after that (8, 12, 16, … by default); the card is then tagged and suspended.
 */
export function becomesLeech(
  lapsesBefore: number,
  lapsesAfter: number,
  threshold: number,
): boolean {
  if (lapsesAfter <= lapsesBefore || lapsesAfter < threshold) return false;
  const step = Math.max(1, Math.ceil(threshold / 2));
  return (lapsesAfter - threshold) % step === 0;
}

/** What was already done this study day, from the review log. */
export type DoneToday = { newDone: number; reviewsDone: number; total: number };

/**
 * Count today's answers: a "new" answer is one whose card was New before it; a "review" answer one whose card was in
 * Review before it (learning steps do not use the review allowance). Resets are not answers.
 */
export function countDone(rows: readonly Pick<ReviewLogEntry, 'kind' | 'before'>[]): DoneToday {
  let newDone = 0;
  let reviewsDone = 0;
  let total = 0;
  for (const r of rows) {
    if (r.kind === 'reset') continue;
    total++;
    if (r.before.phase === 'new') newDone++;
    else if (r.before.phase === 'review') reviewsDone++;
  }
  return { newDone, reviewsDone, total };
}

/** How many new cards and reviews may still be shown today: limit minus done, never below 0. */
export function allowance(
  limits: Pick<Settings, 'newPerDay' | 'reviewsPerDay'>,
  done: DoneToday,
): { newLeft: number; reviewsLeft: number } {
  return {
    newLeft: Math.max(0, limits.newPerDay - done.newDone),
    reviewsLeft: Math.max(0, limits.reviewsPerDay - done.reviewsDone),
  };
}

/** The fields the queue needs to order a review card without loading the whole record. */
export type ReviewCandidate = {
  id: string;
  due: number;
  stability: number;
  lastReview: number | null;
};

/**
 * Due reviews lowest retrievability first (the most likely to be forgotten first), ties by due date then id.
 * Retrievability uses the parameters of the settings in force.
 */
export function orderReviews<T extends ReviewCandidate>(
  candidates: readonly T[],
  now: number,
  settings: Pick<Settings, 'parameters'>,
): T[] {
  const scored = candidates.map((c) => ({
    c,
    r: retrievability(
      { phase: 'review', stability: c.stability, lastReview: c.lastReview },
      now,
      settings,
    ),
  }));
  scored.sort(
    (a, b) => a.r - b.r || a.c.due - b.c.due || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0),
  );
  return scored.map((s) => s.c);
}

/** Course order of new cards: course, chapter, position within the deck, then id for a total order. */
export function compareCourseOrder(
  a: Pick<CardRecord, 'course' | 'chapter' | 'position' | 'id'>,
  b: Pick<CardRecord, 'course' | 'chapter' | 'position' | 'id'>,
): number {
  if (a.course !== b.course) return a.course < b.course ? -1 : 1;
  if (a.chapter !== b.chapter) return a.chapter - b.chapter;
  if (a.position !== b.position) return a.position - b.position;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The three parts of a queue, each already filtered to what may be shown. */
export type QueueParts<T> = { learning: T[]; reviews: T[]; news: T[] };

/**
 * Compose the session: learning due now (earliest first), then reviews capped at `reviewsLeft`, then new cards
 * capped at `newLeft`. Inputs must already be ordered (learning by due, reviews by {@link orderReviews}, new by
 * {@link compareCourseOrder}).
 */
export function composeQueue<T>(
  parts: QueueParts<T>,
  left: { newLeft: number; reviewsLeft: number },
): T[] {
  return [
    ...parts.learning,
    ...parts.reviews.slice(0, left.reviewsLeft),
    ...parts.news.slice(0, left.newLeft),
  ];
}

/** Learning cards may be shown this much before they are due when nothing else is left (Anki's learn-ahead). */
export const LEARN_AHEAD_MS = 20 * 60_000;

/** True when a learning/relearning card may be shown at `now`. */
export function learningDueNow(
  memory: Pick<MemoryState, 'due'>,
  now: number,
  nothingElse: boolean,
): boolean {
  return memory.due <= now + (nothingElse ? LEARN_AHEAD_MS : 0);
}
