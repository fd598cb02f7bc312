import { describe, expect, it } from 'vitest';
import { aggregateLog } from './daily-aggregates';
import { createDayCalendar, DAY_MS } from './day-calendar';
import { cardRecord, logEntry } from './fixtures';
import { computeStatsScreen } from './stats-screen';

process.env.TZ = 'UTC';
const NOW = Date.UTC(2026, 10, 26, 15, 0);

describe('computeStatsScreen', () => {
  const cards = [
    cardRecord('a', { deckId: 'ch-1', memory: { phase: 'review', due: NOW + DAY_MS } }),
    cardRecord('b', { deckId: 'ch-2', memory: { phase: 'review', due: NOW + DAY_MS } }),
    cardRecord('c', { deckId: 'ch-2' }),
  ];
  const log = [
    logEntry({ cardId: 'a', deckId: 'ch-1', reviewedAt: NOW - DAY_MS, rating: 3 }),
    logEntry({
      cardId: 'b',
      deckId: 'ch-2',
      reviewedAt: NOW,
      rating: 1,
      before: { phase: 'review' },
    }),
  ];
  const input = { log, cards, now: NOW, nextDayHour: 4, curve: () => 1 };

  it('uses every deck when no scope is given', () => {
    const data = computeStatsScreen({ ...input, deckIds: null });
    expect(data.heatmap.total).toBe(2);
    expect(data.counts.total).toBe(3);
    expect(data.forecast.days[1]!.count).toBe(2);
  });

  it('computes the same from daily stats as from the log', () => {
    const fromLog = computeStatsScreen({ ...input, deckIds: new Set(['ch-2']) });
    const daily = aggregateLog(log, createDayCalendar(NOW, 4));
    const fromDaily = computeStatsScreen({ ...input, log: [], daily, deckIds: new Set(['ch-2']) });
    expect(fromDaily).toEqual(fromLog);
  });

  it('keeps only the cards and answers of the decks in scope', () => {
    const data = computeStatsScreen({ ...input, deckIds: new Set(['ch-2']) });
    // Only b's Again today: one answer, a failed young review; cards b (review) and c (new).
    expect(data.heatmap.total).toBe(1);
    expect(data.retention[0]!.total).toEqual({ passed: 0, failed: 1, retention: 0 });
    expect(data.counts).toEqual({
      new: 1,
      learning: 0,
      review: 1,
      relearning: 0,
      suspended: 0,
      total: 2,
    });
    expect(data.forecast.days[1]!.count).toBe(1);
  });
});
