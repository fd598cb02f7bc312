/**
 * Review log → FSRS training items, the way fsrs-rs (Anki's optimizer) expects them:
 * one item per prefix of a card's history, each review as (rating, Δt in whole days), the last review of an item
 * being the one whose outcome the model must predict.
 */
import type { MemoryState, ReviewLogEntry } from '../model';
import type { HistoryStep } from '../scheduler/memory';

/**
 * What the conversion reads of a review-log row: which card, when, what kind of row and grade, and whether the card
 * was new before it. (The optimizer worker keeps a compact copy of just this: services/optimizer-log-copy.ts.)
 */
export type TrainingLogEntry = Pick<
  ReviewLogEntry,
  'id' | 'cardId' | 'kind' | 'rating' | 'reviewedAt'
> & {
  before: Pick<MemoryState, 'phase'>;
};

/** One review as FSRS sees it. Δt is 0 for the first review and for same-day reviews. */
export type TrainingReview = HistoryStep;

/** A card's history up to and including one review; `reviewedAt` (epoch ms) is that last review's time. */
export type TrainingItem = { cardId: string; reviews: TrainingReview[]; reviewedAt: number };

export type DayOptions = {
  /** Local hour at which a new day starts (Anki's "next day starts at"); reviews before it count for the day before. */
  nextDayHour?: number;
  /** Minutes east of UTC at a given instant (the learner's zone, DST included): `-new Date(ms).getTimezoneOffset()`. */
  utcOffsetMinutes: (epochMs: number) => number;
};

/** Anki's default for "next day starts at". */
export const DEFAULT_NEXT_DAY_HOUR = 4;

const DAY_MS = 86_400_000;

/**
 * The learner's day number of an instant: ⌊(t + offset(t) − nextDayHour·1 h) / 1 day⌋.
 * Two reviews are `dayNumber(b) − dayNumber(a)` days apart, whatever their clock times.
 */
export function dayNumber(epochMs: number, options: DayOptions): number {
  const hour = options.nextDayHour ?? DEFAULT_NEXT_DAY_HOUR;
  const local = epochMs + options.utcOffsetMinutes(epochMs) * 60_000;
  return Math.floor((local - hour * 3_600_000) / DAY_MS);
}

const isAnswer = <T extends TrainingLogEntry>(entry: T): entry is T & { rating: 1 | 2 | 3 | 4 } =>
  entry.kind !== 'reset' && entry.rating >= 1 && entry.rating <= 4;

/**
 * Each card's usable history, oldest first: answers (normal reviews and quiz answers alike) after the card's last
 * manual reset. A card whose surviving history does not start from a new card (its earlier log is missing, e.g. a
 * state restored without its log) is left out, since its memory state cannot be replayed from zero.
 */
export function cardHistories<T extends TrainingLogEntry>(log: readonly T[]): Map<string, T[]> {
  const byCard = new Map<string, T[]>();
  for (const entry of log) {
    const list = byCard.get(entry.cardId);
    if (list) list.push(entry);
    else byCard.set(entry.cardId, [entry]);
  }
  const histories = new Map<string, T[]>();
  for (const [cardId, entries] of byCard) {
    entries.sort((a, b) => a.reviewedAt - b.reviewedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let lastReset = -1;
    entries.forEach((entry, index) => {
      if (entry.kind === 'reset') lastReset = index;
    });
    const answers = entries.slice(lastReset + 1).filter(isAnswer);
    const first = answers[0];
    if (!first) continue;
    if (lastReset < 0 && first.before.phase !== 'new') continue;
    histories.set(cardId, answers);
  }
  return histories;
}

/** A card's answers as FSRS reviews: Δt = day number of this review − day number of the previous one. */
export function toReviews(
  history: readonly TrainingLogEntry[],
  options: DayOptions,
): TrainingReview[] {
  const reviews: TrainingReview[] = [];
  let previousDay: number | null = null;
  for (const entry of history) {
    if (!isAnswer(entry)) continue;
    const day = dayNumber(entry.reviewedAt, options);
    reviews.push({
      rating: entry.rating,
      deltaT: previousDay === null ? 0 : Math.max(0, day - previousDay),
    });
    previousDay = day;
  }
  return reviews;
}

/**
 * Training items from a review log: for every card and every review i ≥ 2 of its history whose Δt ≥ 1 day,
 * the prefix reviews[0..i]. Same-day reviews stay in the histories (FSRS-6 models them) but are not predicted,
 * as in fsrs-rs, which trains only on long-term reviews.
 */
export function toTrainingItems(
  log: readonly TrainingLogEntry[],
  options: DayOptions,
): TrainingItem[] {
  const items: TrainingItem[] = [];
  for (const [cardId, history] of cardHistories(log)) {
    const reviews = toReviews(history, options);
    for (let i = 1; i < reviews.length; i++) {
      const current = reviews[i];
      const entry = history[i];
      if (!current || !entry || current.deltaT < 1) continue;
      items.push({ cardId, reviews: reviews.slice(0, i + 1), reviewedAt: entry.reviewedAt });
    }
  }
  items.sort((a, b) => a.reviewedAt - b.reviewedAt);
  return items;
}

/** fsrs-browser's `computeParameters` input: all items' reviews concatenated, with each item's length. */
export type PackedItems = { ratings: Uint32Array; deltaTs: Uint32Array; lengths: Uint32Array };

/** Flattens items for fsrs-browser (typed arrays transfer to a worker without copying). */
export function packItems(items: readonly TrainingItem[]): PackedItems {
  const total = items.reduce((sum, item) => sum + item.reviews.length, 0);
  const ratings = new Uint32Array(total);
  const deltaTs = new Uint32Array(total);
  const lengths = new Uint32Array(items.length);
  let at = 0;
  items.forEach((item, index) => {
    lengths[index] = item.reviews.length;
    for (const review of item.reviews) {
      ratings[at] = review.rating;
      deltaTs[at] = review.deltaT;
      at++;
    }
  });
  return { ratings, deltaTs, lengths };
}

/**
 * Time-series split (as the FSRS benchmark's TimeSeriesSplit): items whose predicted review is earlier than the
 * cut-off train the model, later ones test it. The cut-off is the review time below which `1 − testFraction` of the
 * items fall, so no item used for fitting happens after one used for testing.
 */
export function timeSeriesSplit(
  items: readonly TrainingItem[],
  testFraction = 0.2,
): { train: TrainingItem[]; test: TrainingItem[]; cutoff: number } {
  const sorted = [...items].sort((a, b) => a.reviewedAt - b.reviewedAt);
  if (sorted.length === 0) return { train: [], test: [], cutoff: 0 };
  const index = Math.min(sorted.length - 1, Math.floor(sorted.length * (1 - testFraction)));
  const cutoff = sorted[index]?.reviewedAt ?? 0;
  return {
    train: sorted.filter((item) => item.reviewedAt < cutoff),
    test: sorted.filter((item) => item.reviewedAt >= cutoff),
    cutoff,
  };
}
