import { describe, expect, it } from 'vitest';
import { cardForgettingCurve, cardHistory } from './card-history';
import { DAY_MS } from './day-calendar';
import { logEntry } from './fixtures';
import type { ForgettingCurve } from './forgetting-curve';

// R(t,S) = 9S / (9S + t): FSRS's curve with decay −1 (factor 1/9), whose values are easy fractions.
const curve: ForgettingCurve = (t, s) => (9 * s) / (9 * s + t);
const T0 = Date.UTC(2026, 10, 1, 10);
const NOW = Date.UTC(2026, 10, 9, 10);

// A card first answered Good on Nov 1 (S 3), failed on Nov 4 (S 1), then Good on Nov 5 (S 5, due Nov 10).
const first = logEntry({
  cardId: 'card',
  reviewedAt: T0,
  rating: 3,
  before: { phase: 'new' },
  after: {
    phase: 'review',
    stability: 3,
    difficulty: 5,
    scheduledDays: 3,
    due: T0 + 3 * DAY_MS,
    lastReview: T0,
  },
});
const lapse = logEntry({
  cardId: 'card',
  reviewedAt: T0 + 3 * DAY_MS,
  rating: 1,
  before: first.after,
  after: {
    phase: 'relearning',
    stability: 1,
    difficulty: 7,
    scheduledDays: 0,
    due: T0 + 3 * DAY_MS + 600_000,
    lastReview: T0 + 3 * DAY_MS,
  },
});
const relearned = logEntry({
  cardId: 'card',
  reviewedAt: T0 + 4 * DAY_MS,
  rating: 3,
  before: lapse.after,
  after: {
    phase: 'review',
    stability: 5,
    difficulty: 6.8,
    scheduledDays: 5,
    due: T0 + 9 * DAY_MS,
    lastReview: T0 + 4 * DAY_MS,
  },
});
const otherCard = logEntry({ cardId: 'other', reviewedAt: T0 + DAY_MS, rating: 4 });

describe('cardHistory', () => {
  // Given out of order and mixed with another card's rows.
  const history = cardHistory([relearned, otherCard, lapse, first], 'card', curve);

  it('lists only this card’s answers, oldest first', () => {
    expect(history.map((h) => h.rating)).toEqual([3, 1, 3]);
  });

  it('gives D and S after each answer', () => {
    expect(history.map((h) => [h.difficulty, h.stability])).toEqual([
      [5, 3],
      [7, 1],
      [6.8, 5],
    ]);
  });

  it('gives R at each answer: none for the first, 27/30 = 0.9 after 3 days at S 3, 9/10 after 1 day at S 1', () => {
    expect(history[0]!.retrievability).toBeNull();
    expect(history[0]!.elapsedDays).toBeNull();
    expect(history[1]!.elapsedDays).toBe(3);
    expect(history[1]!.retrievability).toBeCloseTo(0.9, 12);
    expect(history[2]!.elapsedDays).toBe(1);
    expect(history[2]!.retrievability).toBeCloseTo(0.9, 12);
    expect(history[2]!.phaseBefore).toBe('relearning');
  });
});

describe('cardForgettingCurve', () => {
  const history = cardHistory([first, lapse, relearned], 'card', curve);
  const result = cardForgettingCurve(history, relearned.after, NOW, curve, 4);

  it('draws one decaying segment per answer, restarting at R = 1', () => {
    expect(result.segments).toHaveLength(3);
    // First segment: Nov 1 → Nov 4 in 4 steps of 0.75 days at S 3: R = 27 / (27 + t).
    expect(result.segments[0]!.map((p) => p.retrievability)).toEqual(
      [0, 0.75, 1.5, 2.25, 3].map((t) => 27 / (27 + t)),
    );
    expect(result.segments[1]![0]).toEqual({ time: T0 + 3 * DAY_MS, retrievability: 1 });
  });

  it('ends a quarter interval past the due date: Nov 10 + 5/4 days', () => {
    expect(result.end).toBe(T0 + 9 * DAY_MS + 1.25 * DAY_MS);
    expect(result.segments[2]!.at(-1)!.time).toBe(result.end);
  });

  it('marks R now (4 days after S 5: 45/49) and at the due date (5 days: 45/50 = 0.9)', () => {
    expect(result.now!.retrievability).toBeCloseTo(45 / 49, 12);
    expect(result.atDue!.retrievability).toBeCloseTo(0.9, 12);
  });

  it('marks each answer at the R it was given at', () => {
    expect(result.answers.map((a) => [a.rating, a.retrievability])).toEqual([
      [3, 1],
      [1, history[1]!.retrievability],
      [3, history[2]!.retrievability],
    ]);
  });
});
