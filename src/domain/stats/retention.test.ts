import { describe, expect, it } from 'vitest';
import { createDayCalendar, DAY_MS } from './day-calendar';
import { logEntry } from './fixtures';
import type { Grade, MemoryState, ReviewKind } from '../model';
import { trueRetention } from './log-scan';

process.env.TZ = 'UTC';
const NOW = Date.UTC(2026, 10, 26, 15, 0);
// Noon of study day `day` (0 = today).
const noon = (day: number) => Date.UTC(2026, 10, 26, 12) + day * DAY_MS;

const answer = (
  reviewedAt: number,
  rating: Grade,
  scheduledDays: number,
  phase: MemoryState['phase'] = 'review',
  kind: ReviewKind = 'review',
) => logEntry({ cardId: 'c', reviewedAt, rating, kind, before: { phase, scheduledDays } });

describe('trueRetention', () => {
  const log = [
    // Today — young: 1 pass (Good), 1 fail (Again); mature: 1 pass (Easy), 1 fail (a quiz Again on a card at
    // exactly 21 days, which is mature).
    answer(noon(0), 3, 5),
    answer(noon(0), 1, 10),
    answer(noon(0), 4, 30),
    answer(noon(0), 1, 21, 'review', 'quiz'),
    // Left out: learning and relearning steps, a new card, a reset.
    answer(noon(0), 1, 0, 'learning'),
    answer(noon(0), 3, 0, 'relearning'),
    answer(noon(0), 3, 0, 'new'),
    logEntry({ cardId: 'c', reviewedAt: noon(0), rating: 0, before: { phase: 'review' } }),
    // 03:00 on the 26th is yesterday's study day — young pass.
    answer(Date.UTC(2026, 10, 26, 3), 3, 2),
    // Three days ago — young pass (Hard is a pass), mature pass.
    answer(noon(-3), 2, 7),
    answer(noon(-3), 3, 40),
    // Ten days ago — young fail, mature pass.
    answer(noon(-10), 1, 3),
    answer(noon(-10), 3, 60),
    // Thirty days ago — outside the last 30 study days (today is the first of them).
    answer(noon(-30), 1, 60),
  ];
  const [today, week, month] = trueRetention(log, createDayCalendar(NOW, 4));

  it('counts today: young 1/2, mature 1/2, total 2/4 = 50 %', () => {
    expect(today).toEqual({
      period: 'today',
      days: 1,
      young: { passed: 1, failed: 1, retention: 0.5 },
      mature: { passed: 1, failed: 1, retention: 0.5 },
      total: { passed: 2, failed: 2, retention: 0.5 },
    });
  });

  it('counts the last 7 days: young 3/4 = 75 %, mature 2/3, total 5/7', () => {
    expect(week!.young).toEqual({ passed: 3, failed: 1, retention: 0.75 });
    expect(week!.mature).toEqual({ passed: 2, failed: 1, retention: 2 / 3 });
    expect(week!.total).toEqual({ passed: 5, failed: 2, retention: 5 / 7 });
  });

  it('counts the last 30 days: young 3/5 = 60 %, mature 3/4 = 75 %, total 6/9', () => {
    expect(month!.young).toEqual({ passed: 3, failed: 2, retention: 0.6 });
    expect(month!.mature).toEqual({ passed: 3, failed: 1, retention: 0.75 });
    expect(month!.total).toEqual({ passed: 6, failed: 3, retention: 6 / 9 });
  });

  it('reports no retention (null, not 0 %) when nothing was reviewed', () => {
    const [empty] = trueRetention([], createDayCalendar(NOW, 4));
    expect(empty!.total).toEqual({ passed: 0, failed: 0, retention: null });
  });
});
