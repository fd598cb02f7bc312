import { describe, expect, it } from 'vitest';
import { DAY_MS } from './day-calendar';
import { memoryDistributions } from './distributions';
import { cardRecord } from './fixtures';
import type { ForgettingCurve } from './forgetting-curve';

const NOW = Date.UTC(2026, 10, 26, 15, 0);
// FSRS's curve with decay −1: factor = 0.9^(1/−1) − 1 = 1/9, so R(t,S) = 1 / (1 + t/(9S)) = 9S / (9S + t).
// Chosen for the tests because its values are easy fractions; the app passes the scheduler's real curve.
const curve: ForgettingCurve = (t, s) => (9 * s) / (9 * s + t);

const reviewed = (stability: number, difficulty: number, daysAgo: number) => ({
  phase: 'review' as const,
  stability,
  difficulty,
  lastReview: NOW - daysAgo * DAY_MS,
});

describe('memoryDistributions', () => {
  const cards = [
    // S 10, D 5, reviewed now: R = 1.
    cardRecord('a', { memory: reviewed(10, 5, 0) }),
    // S 1, D 10, 27 days ago: R = 9 / (9 + 27) = 0.25.
    cardRecord('b', { memory: reviewed(1, 10, 27) }),
    // S 4, D 1, 6 days ago: R = 36 / 42 = 6/7 ≈ 0.857.
    cardRecord('c', { memory: reviewed(4, 1, 6) }),
    // Suspended cards keep a memory: S 400, D 5.5, reviewed now: R = 1.
    cardRecord('d', { suspended: true, memory: reviewed(400, 5.5, 0) }),
    // No memory or not shown: a new card, a retired card.
    cardRecord('new'),
    cardRecord('retired', { retired: true, memory: reviewed(3, 3, 1) }),
  ];
  const { stability, difficulty, retrievability } = memoryDistributions(cards, NOW, curve);
  const countsOf = (h: typeof stability) =>
    Object.fromEntries(h.bins.map((b) => [b.label, b.count]));

  it('bins stability in days: 1 → 1–3 d, 4 → 3–7 d, 10 → 7–14 d, 400 → ≥ 365 d; mean 103.75', () => {
    expect(countsOf(stability)).toEqual({
      '< 1 d': 0,
      '1–3 d': 1,
      '3–7 d': 1,
      '7–14 d': 1,
      '14–30 d': 0,
      '30–60 d': 0,
      '60–90 d': 0,
      '90–180 d': 0,
      '180–365 d': 0,
      '≥ 365 d': 1,
    });
    expect(stability.count).toBe(4);
    expect(stability.mean).toBe((10 + 1 + 4 + 400) / 4);
  });

  it('bins difficulty by whole points, D = 10 in the last bin; mean 5.375', () => {
    expect(difficulty.bins.map((b) => b.count)).toEqual([1, 0, 0, 0, 2, 0, 0, 0, 1]);
    expect(difficulty.bins[8]!.label).toBe('9–10');
    expect(difficulty.mean).toBe((5 + 10 + 1 + 5.5) / 4);
  });

  it('bins current retrievability by 10 %: 0.25 → 20–30 %, 6/7 → 80–90 %, two at 100 % → 90–100 %', () => {
    expect(retrievability.bins.map((b) => b.count)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 1, 2]);
    expect(retrievability.bins[2]!.label).toBe('20–30 %');
    expect(retrievability.mean).toBeCloseTo((1 + 0.25 + 6 / 7 + 1) / 4, 12);
  });

  it('has no mean when no card has a memory yet', () => {
    const empty = memoryDistributions([cardRecord('new')], NOW, curve);
    expect(empty.stability.count).toBe(0);
    expect(empty.stability.mean).toBeNull();
  });
});
