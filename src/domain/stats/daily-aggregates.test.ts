import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Grade, MemoryState } from '../model';
import { aggregateLog, applyToDailyStats, dayOfDateFn, statsFromDaily } from './daily-aggregates';
import { createDayCalendar, DAY_MS } from './day-calendar';
import { logEntry } from './fixtures';
import { scanReviewLog } from './log-scan';

process.env.TZ = 'UTC';
const NOW = Date.UTC(2026, 10, 26, 15, 0);
const calendar = createDayCalendar(NOW, 4);

describe('daily stats', () => {
  it('sums a deck’s answers per study day with the True Retention split', () => {
    const log = [
      // Today, deck A: a young pass, a mature fail, a learning step (an answer, not a retention row), a reset.
      logEntry({
        cardId: 'x',
        deckId: 'A',
        reviewedAt: NOW,
        rating: 3,
        before: { phase: 'review', scheduledDays: 3 },
      }),
      logEntry({
        cardId: 'y',
        deckId: 'A',
        reviewedAt: NOW,
        rating: 1,
        before: { phase: 'review', scheduledDays: 30 },
      }),
      logEntry({
        cardId: 'z',
        deckId: 'A',
        reviewedAt: NOW,
        rating: 1,
        before: { phase: 'learning' },
      }),
      logEntry({ cardId: 'z', deckId: 'A', reviewedAt: NOW, rating: 0 }),
      // 03:00 on the 26th belongs to the 25th's study day.
      logEntry({
        cardId: 'x',
        deckId: 'A',
        reviewedAt: Date.UTC(2026, 10, 26, 3),
        rating: 4,
        before: { phase: 'review', scheduledDays: 1 },
      }),
      logEntry({
        cardId: 'w',
        deckId: 'B',
        reviewedAt: NOW,
        rating: 2,
        before: { phase: 'review', scheduledDays: 25 },
      }),
    ];
    const rows = aggregateLog(log, calendar).sort((a, b) => a.id.localeCompare(b.id));
    expect(rows).toEqual([
      {
        id: 'A|2026-11-25',
        deckId: 'A',
        date: '2026-11-25',
        answers: 1,
        youngPassed: 1,
        youngFailed: 0,
        maturePassed: 0,
        matureFailed: 0,
      },
      {
        id: 'A|2026-11-26',
        deckId: 'A',
        date: '2026-11-26',
        answers: 3,
        youngPassed: 1,
        youngFailed: 0,
        maturePassed: 0,
        matureFailed: 1,
      },
      {
        id: 'B|2026-11-26',
        deckId: 'B',
        date: '2026-11-26',
        answers: 1,
        youngPassed: 0,
        youngFailed: 0,
        maturePassed: 1,
        matureFailed: 0,
      },
    ]);
  });

  it('takes an undone answer back out (−1) to where it was', () => {
    const entry = logEntry({
      cardId: 'x',
      deckId: 'A',
      reviewedAt: NOW,
      rating: 1,
      before: { phase: 'review', scheduledDays: 40 },
    });
    const added = applyToDailyStats(undefined, entry, calendar, 1);
    expect(added.matureFailed).toBe(1);
    const removed = applyToDailyStats(added, entry, calendar, -1);
    expect(removed).toEqual({ ...added, answers: 0, matureFailed: 0 });
  });

  it('gives the same heatmap counts and retention table as scanning the log itself', () => {
    const phases: MemoryState['phase'][] = ['new', 'learning', 'review', 'relearning'];
    const row = fc.record({
      daysAgo: fc.integer({ min: -2, max: 400 }),
      minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
      rating: fc.constantFrom<Grade | 0>(0, 1, 2, 3, 4),
      phase: fc.constantFrom(...phases),
      scheduledDays: fc.integer({ min: 0, max: 60 }),
      deck: fc.constantFrom('A', 'B'),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 80 }), (rows) => {
        const log = rows.map((r) =>
          logEntry({
            cardId: 'c',
            deckId: r.deck,
            reviewedAt: Date.UTC(2026, 10, 26) - r.daysAgo * DAY_MS + r.minute * 60_000,
            rating: r.rating,
            before: { phase: r.phase, scheduledDays: r.scheduledDays },
          }),
        );
        const aggregated = aggregateLog(log, calendar);
        // The same rows as adding the answers one by one (what the answer transaction does).
        const folded = new Map<string, ReturnType<typeof applyToDailyStats>>();
        for (const entry of log.filter((e) => e.rating !== 0)) {
          const next = applyToDailyStats(undefined, entry, calendar);
          folded.set(next.id, applyToDailyStats(folded.get(next.id), entry, calendar));
        }
        const byId = (x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id);
        expect([...aggregated].sort(byId)).toEqual([...folded.values()].sort(byId));
        const fromDaily = statsFromDaily(aggregated, dayOfDateFn(calendar));
        const scanned = scanReviewLog(log, calendar);
        expect(fromDaily.retention).toEqual(scanned.retention);
        expect(fromDaily.daily.firstDay).toBe(scanned.daily.firstDay);
        expect([...fromDaily.daily.counts]).toEqual([...scanned.daily.counts]);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
