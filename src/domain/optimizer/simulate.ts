/**
 * The desired-retention helper's model: a day-by-day Monte Carlo simulation of the learner's next year under their
 * parameters, collection, daily limits and learning steps, for each candidate retention (as Anki's workload
 * simulator). Pure: randomness is passed in.
 */
import { memoryModel, type FsrsParameters, type MemoryPoint } from '../scheduler/memory';
import { pick, seededRandom, type Random } from './random';

/** A card already studied, in day numbers relative to today (day 0): last review ≤ 0, due any day. */
export type SimulationCard = MemoryPoint & { lastReviewDay: number; dueDay: number };

export type SimulationInput = {
  parameters: FsrsParameters;
  cards: readonly SimulationCard[];
  /** Cards not studied yet, introduced `newPerDay` a day. */
  newCards: number;
  newPerDay: number;
  /** Most reviews of due cards a day; the rest wait for the next day (learning steps are not limited). */
  reviewsPerDay: number;
  /** Number of learning steps (same-day reviews of a new card before it graduates). */
  learningSteps: number;
  /** Number of relearning steps (same-day reviews after a lapse). */
  relearningSteps: number;
  maximumIntervalDays: number;
  days?: number;
  /** P(first answer = Again, Hard, Good, Easy). */
  firstRatingOdds?: readonly number[];
  /** P(Hard, Good, Easy | recalled). */
  recallRatingOdds?: readonly number[];
  /**
   * Count the cards known every this many days (and on the last day); 7 by default. Summing R over every card is the
   * simulation's costliest step (Math.pow per card per day), and the helper needs only the weekly curve.
   */
  knownEveryDays?: number;
};

export type RetentionOutcome = {
  desiredRetention: number;
  /** Answers per day, learning and relearning steps included. */
  reviewsPerDay: number[];
  /**
   * Cards known at the end of the sampled days (every `knownEveryDays` days from day 0, and the last day):
   * Σ over studied cards of R(days since last review, S).
   */
  known: { day: number; cards: number }[];
  totalReviews: number;
  averageReviewsPerDay: number;
  knownAtEnd: number;
};

/** Anki's simulator defaults (from its users' average answer distribution). */
export const FIRST_RATING_ODDS = [0.24, 0.094, 0.495, 0.171] as const;
export const RECALL_RATING_ODDS = [0.224, 0.632, 0.144] as const;

/** The candidate retentions the helper compares: 0.70, 0.71, …, 0.97. */
export const RETENTION_GRID: readonly number[] = Array.from(
  { length: 28 },
  (_, i) => Math.round((0.7 + i / 100) * 100) / 100,
);

/**
 * Same-day answers a new card gets after its first one, each answered Good: Again and Hard go through every
 * learning step, Good skips the first (ts-fsrs moves Good to the next step), Easy graduates at once.
 */
export function learningAnswers(firstRating: 1 | 2 | 3 | 4, steps: number): number {
  if (steps <= 0 || firstRating === 4) return 0;
  return firstRating === 3 ? steps - 1 : steps;
}

/**
 * Simulates `days` days at one desired retention. Each day: due cards (earliest first, up to `reviewsPerDay`) are
 * recalled with probability R(t,S); a lapse adds the relearning steps as same-day Good answers; then up to `newPerDay`
 * new cards are studied. After each card's last answer of the day its next interval is
 * clamp(round(S/factor·(r^{−1/w20} − 1)), 1, maximum).
 */
export function simulate(
  input: SimulationInput,
  desiredRetention: number,
  random: Random,
): RetentionOutcome {
  const days = input.days ?? 365;
  const model = memoryModel(input.parameters);
  const firstOdds = input.firstRatingOdds ?? FIRST_RATING_ODDS;
  const recallOdds = input.recallRatingOdds ?? RECALL_RATING_ODDS;
  const cards: SimulationCard[] = input.cards.map((card) => ({ ...card }));
  // buckets[d]: indices of cards due on day d (overdue ones on day 0); later due dates fall outside the horizon.
  const buckets: number[][] = Array.from({ length: days + 1 }, () => []);
  const enqueue = (index: number) => {
    const card = cards[index];
    if (card && card.dueDay <= days) buckets[Math.max(0, card.dueDay)]?.push(index);
  };
  cards
    .map((card, index) => ({ card, index }))
    .sort((a, b) => a.card.dueDay - b.card.dueDay)
    .forEach(({ index }) => enqueue(index));

  const interval = (stability: number) =>
    Math.min(
      input.maximumIntervalDays,
      Math.max(1, Math.round(model.intervalFor(stability, desiredRetention))),
    );
  const reviewsPerDay: number[] = [];
  const known: { day: number; cards: number }[] = [];
  const every = Math.max(1, Math.floor(input.knownEveryDays ?? 7));
  let remainingNew = input.newCards;
  const decay = model.parameters[20] ?? 0.1542;
  const factor = Math.pow(0.9, -1 / decay) - 1;
  const stabilities = cards.map((card) => card.stability);
  const lastDays = cards.map((card) => card.lastReviewDay);

  for (let day = 0; day < days; day++) {
    let answers = 0;
    const due = buckets[day] ?? [];
    const taken = due.slice(0, Math.max(0, input.reviewsPerDay));
    const postponed = due.slice(taken.length);
    if (postponed.length > 0 && day + 1 <= days)
      buckets[day + 1] = [...postponed, ...(buckets[day + 1] ?? [])];
    for (const index of taken) {
      const card = cards[index];
      if (!card) continue;
      const elapsed = day - card.lastReviewDay;
      const recalled = random() < model.retrievability(elapsed, card.stability);
      const rating = recalled ? ((2 + pick(random, recallOdds)) as 2 | 3 | 4) : 1;
      let memory = model.step(card, elapsed, rating);
      answers++;
      if (rating === 1) {
        for (let s = 0; s < input.relearningSteps; s++) {
          memory = model.step(memory, 0, 3);
          answers++;
        }
      }
      card.stability = memory.stability;
      card.difficulty = memory.difficulty;
      card.lastReviewDay = day;
      card.dueDay = day + interval(memory.stability);
      stabilities[index] = memory.stability;
      lastDays[index] = day;
      enqueue(index);
    }
    const introduce = Math.min(remainingNew, Math.max(0, input.newPerDay));
    for (let n = 0; n < introduce; n++) {
      const first = (1 + pick(random, firstOdds)) as 1 | 2 | 3 | 4;
      let memory = model.step(null, 0, first);
      answers++;
      for (let s = learningAnswers(first, input.learningSteps); s > 0; s--) {
        memory = model.step(memory, 0, 3);
        answers++;
      }
      cards.push({ ...memory, lastReviewDay: day, dueDay: day + interval(memory.stability) });
      stabilities.push(memory.stability);
      lastDays.push(day);
      enqueue(cards.length - 1);
    }
    remainingNew -= introduce;
    reviewsPerDay.push(answers);
    if (day % every === 0 || day === days - 1) {
      // The hot loop (cards × sampled days): R(t,S) inlined over flat arrays that mirror `cards`.
      let sum = 0;
      for (let i = 0; i < stabilities.length; i++) {
        sum += Math.pow(
          1 + (factor * (day - (lastDays[i] ?? day))) / (stabilities[i] ?? 1),
          -decay,
        );
      }
      known.push({ day, cards: sum });
    }
  }
  const totalReviews = reviewsPerDay.reduce((sum, n) => sum + n, 0);
  return {
    desiredRetention,
    reviewsPerDay,
    known,
    totalReviews,
    averageReviewsPerDay: days > 0 ? totalReviews / days : 0,
    knownAtEnd: known[known.length - 1]?.cards ?? 0,
  };
}

/**
 * Simulates every retention in `retentions`, each with its own generator seeded by `seed` (common random numbers:
 * the retentions differ by policy, not by luck).
 */
export function simulateRetentions(
  input: SimulationInput,
  retentions: readonly number[] = RETENTION_GRID,
  seed = 42,
  onProgress?: (done: number, total: number) => void,
): RetentionOutcome[] {
  return retentions.map((retention, index) => {
    const outcome = simulate(input, retention, seededRandom(seed));
    onProgress?.(index + 1, retentions.length);
    return outcome;
  });
}
