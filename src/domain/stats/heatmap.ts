import type { DayCalendar } from './day-calendar';

/** How many past days the heatmap shows: today and the 364 before it. */
export const HEATMAP_DAYS = 365;

export type HeatmapDay = {
  /** Study day relative to today (0 today, -1 yesterday …). */
  day: number;
  /** Local calendar date the study day starts on, `YYYY-MM-DD`. */
  date: string;
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
  count: number;
};

export type HeatmapMonth = {
  /** `YYYY-MM` of the study days it sums. */
  month: string;
  count: number;
  activeDays: number;
};

export type ReviewHeatmap = {
  /** The past year, oldest first; the last entry is today. */
  days: HeatmapDay[];
  /** The same days summed per calendar month, oldest first (the text alternative of the heatmap). */
  months: HeatmapMonth[];
  /** Answers in the past year. */
  total: number;
  /** Days of the past year with at least one answer. */
  activeDays: number;
  /** The busiest day's count in the past year (0 when none), for scaling the colours. */
  max: number;
  /** Consecutive study days with answers ending today, or ending yesterday while today has none yet. */
  currentStreak: number;
  /** The longest run of consecutive study days with answers in the whole log. */
  longestStreak: number;
};

/** Answers per study day from the first answered day to today; rows dated after today are ignored. */
export type DailyAnswerCounts = {
  /** Study day of `counts[0]`; 0 when the log has no answers. */
  firstDay: number;
  /** `counts[i]` = answers on study day `firstDay + i`; the last entry is today. */
  counts: Int32Array;
};

/**
 * Streaks over daily counts (last entry = today).
 * Current streak: the run of days with answers ending today; if today has none yet the day is not over, so the
 * run ending yesterday still counts (as Anki and most habit trackers do). Longest streak: the longest such run.
 */
export function streaks(counts: ArrayLike<number>): { current: number; longest: number } {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < counts.length; i++) {
    run = (counts[i] ?? 0) > 0 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  let end = counts.length - 1;
  if (end >= 0 && (counts[end] ?? 0) === 0) end--;
  let current = 0;
  while (end >= 0 && (counts[end] ?? 0) > 0) {
    current++;
    end--;
  }
  return { current, longest };
}

/**
 * The calendar heatmap: answers per study day over the past {@link HEATMAP_DAYS} days (today included), monthly
 * sums of those days, and the current and longest streak (the longest over the whole log, not only the year).
 */
export function reviewHeatmap(daily: DailyAnswerCounts, calendar: DayCalendar): ReviewHeatmap {
  const { firstDay, counts } = daily;
  const days: HeatmapDay[] = [];
  const months: HeatmapMonth[] = [];
  let total = 0;
  let activeDays = 0;
  let max = 0;
  for (let day = 1 - HEATMAP_DAYS; day <= 0; day++) {
    const count = day >= firstDay ? (counts[day - firstDay] ?? 0) : 0;
    const date = calendar.dateOf(day);
    days.push({ day, date, weekday: calendar.weekdayOf(day), count });
    total += count;
    if (count > 0) activeDays++;
    if (count > max) max = count;
    const month = date.slice(0, 7);
    let last = months[months.length - 1];
    if (!last || last.month !== month) {
      last = { month, count: 0, activeDays: 0 };
      months.push(last);
    }
    last.count += count;
    if (count > 0) last.activeDays++;
  }
  const { current, longest } = streaks(counts);
  return { days, months, total, activeDays, max, currentStreak: current, longestStreak: longest };
}
