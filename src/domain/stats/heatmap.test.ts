import { describe, expect, it } from 'vitest';
import { createDayCalendar } from './day-calendar';
import { logEntry } from './fixtures';
import { HEATMAP_DAYS, reviewHeatmap, streaks } from './heatmap';
import { countAnswersPerDay } from './log-scan';

process.env.TZ = 'UTC';
// Thursday 2026-11-26, 15:00 UTC; study days start at 04:00, so today is [26th 04:00, 27th 04:00).
const NOW = Date.UTC(2026, 10, 26, 15, 0);
const at = (month: number, date: number, hour: number) => Date.UTC(2026, month, date, hour);
const answer = (reviewedAt: number) => logEntry({ cardId: 'c1', reviewedAt, rating: 3 });

describe('reviewHeatmap', () => {
  const log = [
    // Today: two answers, one of them at 02:00 on the 27th (still today's study day).
    answer(at(10, 26, 9)),
    answer(at(10, 27, 2)),
    // Yesterday: one (03:00 on the 26th belongs to the 25th's study day).
    answer(at(10, 26, 3)),
    // Two days ago: three.
    answer(at(10, 24, 8)),
    answer(at(10, 24, 9)),
    answer(at(10, 24, 10)),
    // Day -3 (the 23rd) has none; days -4 … -7 (22nd … 19th) one each: a four-day run.
    answer(at(10, 22, 12)),
    answer(at(10, 21, 12)),
    answer(at(10, 20, 12)),
    answer(at(10, 19, 12)),
    // More than a year ago (2025-10-01): counts for the longest streak only.
    answer(Date.UTC(2025, 9, 1, 12)),
    // Not answers: a reset today, and a row from a clock ahead (tomorrow's study day).
    logEntry({ cardId: 'c1', reviewedAt: at(10, 26, 10), rating: 0 }),
    answer(at(10, 27, 5)),
  ];
  const calendar = createDayCalendar(NOW, 4);
  const heatmap = reviewHeatmap(countAnswersPerDay(log, calendar), calendar);

  it('counts answers per study day over the past 365 days, today last', () => {
    expect(heatmap.days).toHaveLength(HEATMAP_DAYS);
    const today = heatmap.days[HEATMAP_DAYS - 1]!;
    expect(today).toEqual({ day: 0, date: '2026-11-26', weekday: 4, count: 2 });
    expect(heatmap.days.slice(-8).map((d) => d.count)).toEqual([1, 1, 1, 1, 0, 3, 1, 2]);
    // The first day shown is 364 days before today.
    expect(heatmap.days[0]!.date).toBe('2025-11-27');
  });

  it('sums the year: 2 + 1 + 3 + 4 × 1 = 10 answers on 7 days, busiest day 3', () => {
    expect(heatmap.total).toBe(10);
    expect(heatmap.activeDays).toBe(7);
    expect(heatmap.max).toBe(3);
  });

  it('sums the shown days per month, for the text alternative', () => {
    // 2025-11-27 … 2026-11-26 touches 13 calendar months; all ten answers fall in November 2026.
    expect(heatmap.months).toHaveLength(13);
    expect(heatmap.months[0]).toEqual({ month: '2025-11', count: 0, activeDays: 0 });
    expect(heatmap.months[12]).toEqual({ month: '2026-11', count: 10, activeDays: 7 });
  });

  it('reports the current streak (today, yesterday, the day before) and the longest (the four-day run)', () => {
    expect(heatmap.currentStreak).toBe(3);
    expect(heatmap.longestStreak).toBe(4);
  });

  it('shows an empty year with no streaks for an empty log', () => {
    const empty = reviewHeatmap(countAnswersPerDay([], calendar), calendar);
    expect(empty.total).toBe(0);
    expect(empty.days.every((d) => d.count === 0)).toBe(true);
    expect(empty.currentStreak).toBe(0);
    expect(empty.longestStreak).toBe(0);
  });
});

describe('streaks', () => {
  it('keeps the current streak alive while today has no answers yet', () => {
    // Last entry is today (0 so far): the run ending yesterday is two days long.
    expect(streaks([1, 0, 4, 2, 0])).toEqual({ current: 2, longest: 2 });
  });

  it('drops the current streak to zero after a whole day without answers', () => {
    expect(streaks([5, 5, 5, 0, 0])).toEqual({ current: 0, longest: 3 });
  });

  it('counts a run that reaches today', () => {
    expect(streaks([1, 0, 1, 1, 1, 1])).toEqual({ current: 4, longest: 4 });
  });
});
