/**
 * The benches' synthetic learner (the same log as bench/optimizer.bench.ts), browser-safe so that the app bench's
 * seeder can make the identical log in the page.
 */
import { seededRandom, type SyntheticLogOptions } from '../../src/domain/optimizer';

/** The synthetic learner's true parameters: the same vector as bench/optimizer.bench.ts. */
export const TRUTH = [
  1.2, 3.5, 8, 20, 5.5, 0.6, 2, 0.01, 1.6, 0.2, 1.1, 1.8, 0.08, 0.3, 1.5, 0.4, 2.5, 0.3, 0.3, 0.1,
  0.35,
];

/** Issue 8's sizes and targets (ms) on the 2-core reference machine. */
export const SIZES = [
  { answers: 20_000, target: 1000 },
  { answers: 100_000, target: 5000 },
];

/** The log options of `answers` answers, exactly as bench/optimizer.bench.ts makes its log. */
export const logOptions = (answers: number): SyntheticLogOptions => ({
  truth: TRUTH,
  cards: 1_000_000,
  newPerDay: Math.round(answers / 500),
  days: 100_000,
  maxReviews: answers,
  desiredRetention: 0.9,
  random: seededRandom(answers),
  start: Date.UTC(2025, 0, 1),
});
