import { describe, expect, it } from 'vitest';
import type { MemoryState } from './model';
import { allowance, becomesLeech, composeQueue, countDone, orderReviews, queueOf } from './queue';
import { DEFAULT_SETTINGS } from './settings';

const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 26);
const mem = (phase: MemoryState['phase']) => ({ phase }) as MemoryState;

describe('queue rules', () => {
  it('files a card under retired, then suspended, then its phase', () => {
    expect(queueOf({ retired: true, suspended: true, memory: mem('review') })).toBe('retired');
    expect(queueOf({ retired: false, suspended: true, memory: mem('review') })).toBe('suspended');
    expect(queueOf({ retired: false, suspended: false, memory: mem('relearning') })).toBe(
      'relearning',
    );
  });

  it('makes a card a leech at 8 lapses and again every 4 more, only when an answer adds a lapse', () => {
    expect(becomesLeech(6, 7, 8)).toBe(false);
    expect(becomesLeech(7, 8, 8)).toBe(true);
    expect(becomesLeech(8, 8, 8)).toBe(false);
    expect(becomesLeech(9, 10, 8)).toBe(false);
    expect(becomesLeech(11, 12, 8)).toBe(true);
  });

  it('counts new and review answers of the day, leaving resets out', () => {
    const rows = [
      { kind: 'review' as const, before: mem('new') },
      { kind: 'quiz' as const, before: mem('review') },
      { kind: 'review' as const, before: mem('learning') },
      { kind: 'reset' as const, before: mem('review') },
    ];
    expect(countDone(rows)).toEqual({ newDone: 1, reviewsDone: 1, total: 3 });
    expect(allowance({ newPerDay: 1, reviewsPerDay: 5 }, countDone(rows))).toEqual({
      newLeft: 0,
      reviewsLeft: 4,
    });
  });

  it('orders reviews by retrievability, lowest first', () => {
    const cands = [
      { id: 'fresh', due: T, stability: 30, lastReview: T - DAY },
      { id: 'old', due: T, stability: 2, lastReview: T - 20 * DAY },
      { id: 'mid', due: T, stability: 10, lastReview: T - 10 * DAY },
    ];
    expect(orderReviews(cands, T, DEFAULT_SETTINGS).map((c) => c.id)).toEqual([
      'old',
      'mid',
      'fresh',
    ]);
  });

  it('composes learning, capped reviews, then capped new cards', () => {
    expect(
      composeQueue(
        { learning: ['l'], reviews: ['r1', 'r2', 'r3'], news: ['n1', 'n2'] },
        { newLeft: 1, reviewsLeft: 2 },
      ),
    ).toEqual(['l', 'r1', 'r2', 'n1']);
  });
});
