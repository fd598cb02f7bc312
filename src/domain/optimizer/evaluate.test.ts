import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMETERS } from '../scheduler/memory';
import { evaluateParameters, isImprovement, predictions, rmseBin } from './evaluate';
import type { TrainingItem } from './training-items';

// Defaults with S₀(Good) = w2 = 10 days and decay w20 = 0.5, so factor = 0.9^(−2) − 1 = 19/81 and
// R(10 days, S = 10) = (1 + 19/81)^(−0.5) = 0.9 exactly.
const W = DEFAULT_PARAMETERS.map((w, i) => (i === 2 ? 10 : i === 20 ? 0.5 : w));

const item = (cardId: string, reviews: [1 | 2 | 3 | 4, number][], at = 0): TrainingItem => ({
  cardId,
  reviews: reviews.map(([rating, deltaT]) => ({ rating, deltaT })),
  reviewedAt: at,
});

describe('evaluating parameters on held-out items', () => {
  it('predicts R(Δt, S) of the last review from the state after the others', () => {
    const [p] = predictions(W, [
      item('a', [
        [3, 0],
        [3, 10],
      ]),
    ]);
    expect(p?.p).toBeCloseTo(0.9, 10);
    expect(p?.y).toBe(1);
  });

  it('computes log loss and RMSE (bins) as the FSRS benchmark does', () => {
    // Both items predict 0.9; one was recalled (Good), one forgotten (Again). Same bin (Δt 10, 1 long-term review).
    // Log loss = (−ln 0.9 − ln 0.1) / 2 = (0.1053605 + 2.3025851) / 2 = 1.2039728.
    // RMSE (bins) = √(2·(0.9 − 0.5)² / 2) = 0.4.
    const result = evaluateParameters(W, [
      item('a', [
        [3, 0],
        [3, 10],
      ]),
      item('b', [
        [3, 0],
        [1, 10],
      ]),
    ]);
    expect(result.count).toBe(2);
    expect(result.logLoss).toBeCloseTo(1.2039728, 6);
    expect(result.rmseBins).toBeCloseTo(0.4, 10);
  });

  it('weighs each bin by its size', () => {
    // Bin Δt 10: two recalled items predicted 0.9 → error 0.1, weight 2.
    // Bin Δt 1: one recalled item predicted R(1, 10) = (1 + 19/810)^(−0.5) → error 1 − that, weight 1.
    const items = [
      item('a', [
        [3, 0],
        [3, 10],
      ]),
      item('b', [
        [3, 0],
        [3, 10],
      ]),
      item('c', [
        [3, 0],
        [3, 1],
      ]),
    ];
    const r1 = Math.pow(1 + 19 / 810, -0.5);
    const r = evaluateParameters(W, items);
    expect(r.rmseBins).toBeCloseTo(Math.sqrt((2 * 0.1 ** 2 + (1 - r1) ** 2) / 3), 10);
  });

  it('replays a card once for all its prefixes and gets the same answer as item by item', () => {
    const history: [1 | 2 | 3 | 4, number][] = [
      [3, 0],
      [3, 0],
      [1, 4],
      [3, 1],
      [3, 6],
      [4, 15],
    ];
    const items = [5, 3, 4].map((n, i) => item('same', history.slice(0, n + 1), i));
    const together = predictions(DEFAULT_PARAMETERS, items).map((x) => x.p);
    const apart = items.map((one) => predictions(DEFAULT_PARAMETERS, [one])[0]?.p);
    expect(together).toEqual(apart);
  });

  it("bins by Δt, review count and lapses with fsrs-rs' bases 3.62, 1.89 and 1.73", () => {
    // Δt 10: 2.48·3.62^⌊log₃.₆₂ 10⌋·100 = 897.76 → 898; length 1 + 1 = 2: 1.99·1.89 = 3.76 → 4; no lapse → 0.
    expect(
      rmseBin(
        item('a', [
          [3, 0],
          [3, 10],
        ]),
      ),
    ).toBe('898/4/0');
    // Δt 1 → 248; 2 long-term reviews + 1 = 3 → 1.99·1.89 → 4; one long-term lapse: 1.65·1.73⁰ → 2.
    expect(
      rmseBin(
        item('a', [
          [3, 0],
          [1, 2],
          [3, 1],
        ]),
      ),
    ).toBe('248/4/2');
    // A same-day Again is not a lapse.
    expect(
      rmseBin(
        item('a', [
          [1, 0],
          [3, 0],
          [3, 1],
        ]),
      ),
    ).toBe('248/4/0');
  });

  it('evaluates FSRS-5 parameter vectors (19 numbers) by migrating them, and refuses malformed ones', () => {
    const fsrs5 = [
      0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192, 1.01925,
      1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621,
    ];
    // FSRS-5's curve has decay 0.5: R(3.173 days, S₀(Good) = 3.173) = 0.9.
    expect(
      predictions(fsrs5, [
        item('a', [
          [3, 0],
          [3, 3],
        ]),
      ])[0]?.p,
    ).toBeCloseTo(Math.pow(1 + (19 / 81) * (3 / 3.173), -0.5), 6);
    expect(() =>
      predictions(
        [1, 2, 3],
        [
          item('a', [
            [3, 0],
            [3, 3],
          ]),
        ],
      ),
    ).toThrow();
  });

  it('calls new parameters better only when no metric is worse and one is lower', () => {
    const base = { logLoss: 0.4, rmseBins: 0.05, count: 100 };
    expect(isImprovement(base, { ...base, logLoss: 0.39 })).toBe(true);
    expect(isImprovement(base, { ...base, logLoss: 0.39, rmseBins: 0.06 })).toBe(false);
    expect(isImprovement(base, base)).toBe(false);
    expect(isImprovement(base, { logLoss: NaN, rmseBins: NaN, count: 0 })).toBe(false);
  });
});
