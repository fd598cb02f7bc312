import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMETERS } from '../scheduler/memory';
import {
  learningAnswers,
  RETENTION_GRID,
  simulate,
  simulateRetentions,
  type SimulationInput,
} from './simulate';

// Hand-checkable parameters: S₀(Good) = w2 = 10 days, no short-term growth for Good (w17 = 0), decay w20 = 0.5
// so factor = 19/81, R(t, S) = (1 + 19t/(81S))^(−0.5), and at retention 0.9 the interval equals S (10 days).
const W = DEFAULT_PARAMETERS.map((w, i) => (i === 2 ? 10 : i === 17 ? 0 : i === 20 ? 0.5 : w));
const R = (t: number, s: number) => Math.pow(1 + (19 * t) / (81 * s), -0.5);
const constant = (x: number) => () => x;

const base: SimulationInput = {
  parameters: W,
  cards: [],
  newCards: 0,
  newPerDay: 0,
  reviewsPerDay: 100,
  learningSteps: 0,
  relearningSteps: 0,
  maximumIntervalDays: 36500,
  days: 5,
  firstRatingOdds: [0, 0, 1, 0],
  recallRatingOdds: [0, 1, 0],
};

describe('the retention simulator', () => {
  it('counts new cards and their learning steps on a tiny collection, by hand', () => {
    // 3 new cards, 2 a day, always Good first with 2 learning steps → 1 more same-day Good each (2 answers a card).
    // Day 0: 2 cards → 4 answers; day 1: the third → 2; S stays 10, so nothing is due again within 5 days.
    const outcome = simulate(
      { ...base, newCards: 3, newPerDay: 2, learningSteps: 2, knownEveryDays: 1 },
      0.9,
      constant(0.5),
    );
    expect(outcome.reviewsPerDay).toEqual([4, 2, 0, 0, 0]);
    expect(outcome.totalReviews).toBe(6);
    expect(outcome.averageReviewsPerDay).toBeCloseTo(6 / 5, 12);
    // Known at the end of day d: Σ R(d − last review, 10): day 0 → 2; day 1 → 2·R(1) + 1; day 4 → 2·R(4) + R(3).
    expect(outcome.known.map((k) => k.day)).toEqual([0, 1, 2, 3, 4]);
    expect(outcome.known[0]?.cards).toBeCloseTo(2, 12);
    expect(outcome.known[1]?.cards).toBeCloseTo(2 * R(1, 10) + 1, 12);
    expect(outcome.knownAtEnd).toBeCloseTo(2 * R(4, 10) + R(3, 10), 12);
  });

  it('counts the cards known weekly by default, and on the last day', () => {
    const outcome = simulate({ ...base, newCards: 1, newPerDay: 1, days: 16 }, 0.9, constant(0.5));
    expect(outcome.known.map((k) => k.day)).toEqual([0, 7, 14, 15]);
    // Learnt on day 0, reviewed (recalled) on day 10 with a larger S: on day 7, R(7, 10).
    expect(outcome.known[1]?.cards).toBeCloseTo(R(7, 10), 12);
  });

  it('schedules at the interval where R falls to the desired retention', () => {
    // At retention 0.9 the interval is S = 10 days: a card learnt on day 0 comes back on day 10.
    const outcome = simulate({ ...base, newCards: 1, newPerDay: 1, days: 12 }, 0.9, constant(0.5));
    expect(outcome.reviewsPerDay.map((n, day) => (n > 0 ? day : -1)).filter((d) => d >= 0)).toEqual(
      [0, 10],
    );
  });

  it('postpones due reviews beyond the daily limit to the next day', () => {
    // 5 cards with S = 100 last seen 100 days ago (R = 0.9 > 0.5: recalled, Good), limit 3 a day.
    const cards = Array.from({ length: 5 }, () => ({
      stability: 100,
      difficulty: 5,
      lastReviewDay: -100,
      dueDay: 0,
    }));
    const outcome = simulate({ ...base, cards, reviewsPerDay: 3, days: 4 }, 0.9, constant(0.5));
    expect(outcome.reviewsPerDay).toEqual([3, 2, 0, 0]);
    expect(outcome.totalReviews).toBe(5);
  });

  it('adds the relearning steps to the day of a lapse', () => {
    // S = 1 last seen 1000 days ago: R ≈ 0.15 < 0.5, forgotten; one relearning step → 2 answers that day.
    const cards = [{ stability: 1, difficulty: 5, lastReviewDay: -1000, dueDay: 0 }];
    const outcome = simulate({ ...base, cards, relearningSteps: 1, days: 1 }, 0.9, constant(0.5));
    expect(outcome.reviewsPerDay).toEqual([2]);
  });

  it('counts same-day learning answers as ts-fsrs steps them', () => {
    expect([1, 2, 3, 4].map((g) => learningAnswers(g as 1 | 2 | 3 | 4, 2))).toEqual([2, 2, 1, 0]);
    expect(learningAnswers(1, 0)).toBe(0);
  });

  it('costs more reviews and keeps more cards known at higher retention, repeatably for a seed', () => {
    const input: SimulationInput = {
      parameters: DEFAULT_PARAMETERS,
      cards: [],
      newCards: 400,
      newPerDay: 10,
      reviewsPerDay: 9999,
      learningSteps: 2,
      relearningSteps: 1,
      maximumIntervalDays: 36500,
      days: 120,
    };
    const [low, high] = simulateRetentions(input, [0.75, 0.95], 7);
    expect(high?.totalReviews).toBeGreaterThan(low?.totalReviews ?? Infinity);
    expect(high?.knownAtEnd).toBeGreaterThan(low?.knownAtEnd ?? Infinity);
    expect(simulateRetentions(input, [0.75], 7)[0]).toEqual(low);
  });

  it('offers retentions from 0.70 to 0.97', () => {
    expect(RETENTION_GRID[0]).toBe(0.7);
    expect(RETENTION_GRID.at(-1)).toBe(0.97);
    expect(RETENTION_GRID).toHaveLength(28);
  });
});
