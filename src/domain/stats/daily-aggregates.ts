import type { ReviewLogEntry } from '../model';
import { isAnswer } from './answers';
import type { DayCalendar } from './day-calendar';
import type { DailyAnswerCounts } from './heatmap';
import { MATURE_INTERVAL_DAYS, RETENTION_PERIODS, type TrueRetention } from './retention';

/**
 * The answers of one deck on one study day, reduced to what the heatmap, the streaks and the True Retention table
 * need. Kept up to date as answers are written (+1) and undone (−1), these let the Stats screen skip rereading a
 * long review log; {@link aggregateLog} rebuilds them from the log (after an import, a merge, or a change of the
 * next-day hour or time zone, which moves study-day boundaries).
 */
export type DailyStats = {
  /** `${deckId}|${date}`. */
  id: string;
  deckId: string;
  /** The study day, as {@link DayCalendar.dateOf} names it (`YYYY-MM-DD`). */
  date: string;
  /** Answers ({@link isAnswer}) of any phase: the heatmap's count. */
  answers: number;
  /** Answers in the review phase, split as {@link trueRetention} splits them. */
  youngPassed: number;
  youngFailed: number;
  maturePassed: number;
  matureFailed: number;
};

type Tally = Omit<DailyStats, 'id' | 'deckId' | 'date'>;

const EMPTY: Tally = {
  answers: 0,
  youngPassed: 0,
  youngFailed: 0,
  maturePassed: 0,
  matureFailed: 0,
};

/** What one log row adds to its day's {@link DailyStats} (all zero for a reset). Same rules as the log scan. */
export function dailyContribution(entry: ReviewLogEntry): Tally {
  if (!isAnswer(entry)) return EMPTY;
  const tally = { ...EMPTY, answers: 1 };
  if (entry.before.phase === 'review') {
    const mature = entry.before.scheduledDays >= MATURE_INTERVAL_DAYS;
    const failed = entry.rating === 1;
    if (mature) tally[failed ? 'matureFailed' : 'maturePassed'] = 1;
    else tally[failed ? 'youngFailed' : 'youngPassed'] = 1;
  }
  return tally;
}

/**
 * The row `stats` (or a new one) after adding (`sign` = 1, an answer written) or removing (−1, an answer undone)
 * `entry`. Pure: returns a new row.
 */
export function applyToDailyStats(
  stats: DailyStats | undefined,
  entry: ReviewLogEntry,
  calendar: DayCalendar,
  sign: 1 | -1 = 1,
): DailyStats {
  const date = calendar.dateOf(calendar.dayOf(entry.reviewedAt));
  const base = stats ?? { id: `${entry.deckId}|${date}`, deckId: entry.deckId, date, ...EMPTY };
  const add = dailyContribution(entry);
  return {
    ...base,
    answers: base.answers + sign * add.answers,
    youngPassed: base.youngPassed + sign * add.youngPassed,
    youngFailed: base.youngFailed + sign * add.youngFailed,
    maturePassed: base.maturePassed + sign * add.maturePassed,
    matureFailed: base.matureFailed + sign * add.matureFailed,
  };
}

/**
 * The daily stats of a whole log, one row per deck and study day with at least one answer: the sum of
 * {@link dailyContribution} over each day's rows (as {@link applyToDailyStats} adds them one by one; the same
 * rules, inlined here for speed, and the property test checks both against the log scan).
 */
export function aggregateLog(log: readonly ReviewLogEntry[], calendar: DayCalendar): DailyStats[] {
  // This runs over a whole log (schema upgrade, rebuilds: up to millions of rows), so rows are looked up by deck
  // and day number (no key string per log row), day names are computed once per day, and the rows, all created
  // here, are added to in place.
  const dateOfDay = new Map<number, string>();
  const byDeck = new Map<string, Map<number, DailyStats>>();
  const rows: DailyStats[] = [];
  let dayStart = NaN;
  let nextDayStart = NaN;
  let day = 0;
  for (const entry of log) {
    if (!isAnswer(entry)) continue;
    // Rows come mostly in time order: reuse the previous row's day while still inside it.
    const time = entry.reviewedAt;
    if (!(time >= dayStart && time < nextDayStart)) {
      day = calendar.dayOf(time);
      dayStart = calendar.startOf(day);
      nextDayStart = calendar.startOf(day + 1);
    }
    let days = byDeck.get(entry.deckId);
    if (!days) byDeck.set(entry.deckId, (days = new Map()));
    let row = days.get(day);
    if (!row) {
      let date = dateOfDay.get(day);
      if (date === undefined) dateOfDay.set(day, (date = calendar.dateOf(day)));
      row = { id: `${entry.deckId}|${date}`, deckId: entry.deckId, date, ...EMPTY };
      days.set(day, row);
      rows.push(row);
    }
    row.answers += 1;
    if (entry.before.phase === 'review') {
      const mature = entry.before.scheduledDays >= MATURE_INTERVAL_DAYS;
      const failed = entry.rating === 1;
      if (mature) row[failed ? 'matureFailed' : 'maturePassed'] += 1;
      else row[failed ? 'youngFailed' : 'youngPassed'] += 1;
    }
  }
  return rows;
}

/**
 * Answers per day and the True Retention table from daily stats (of the decks in scope), equal to what
 * {@link scanReviewLog} computes from the log itself. Days after today are ignored, as in the scan.
 * `dayOfDate` maps a `YYYY-MM-DD` study-day name back to its day number (see {@link dayOfDateFn}).
 */
export function statsFromDaily(
  rows: readonly DailyStats[],
  dayOfDate: (date: string) => number,
): { daily: DailyAnswerCounts; retention: TrueRetention } {
  const byDay = new Map<number, number>();
  let first = 0;
  const tally = RETENTION_PERIODS.map(() => ({ ...EMPTY }));
  for (const row of rows) {
    const day = dayOfDate(row.date);
    if (day > 0 || row.answers === 0) continue;
    byDay.set(day, (byDay.get(day) ?? 0) + row.answers);
    if (day < first) first = day;
    RETENTION_PERIODS.forEach(({ days }, p) => {
      if (-day < days) {
        const t = tally[p]!;
        t.youngPassed += row.youngPassed;
        t.youngFailed += row.youngFailed;
        t.maturePassed += row.maturePassed;
        t.matureFailed += row.matureFailed;
      }
    });
  }
  const counts = new Int32Array(1 - first);
  for (const [day, n] of byDay) counts[day - first] = n;
  const passFail = (passed: number, failed: number) => ({
    passed,
    failed,
    retention: passed + failed === 0 ? null : passed / (passed + failed),
  });
  const retention = RETENTION_PERIODS.map(({ period, days }, p) => {
    const t = tally[p]!;
    return {
      period,
      days,
      young: passFail(t.youngPassed, t.youngFailed),
      mature: passFail(t.maturePassed, t.matureFailed),
      total: passFail(t.youngPassed + t.maturePassed, t.youngFailed + t.matureFailed),
    };
  });
  return { daily: { firstDay: byDay.size === 0 ? 0 : first, counts }, retention };
}

/** Maps study-day names back to day numbers for {@link statsFromDaily}: the day named `date` starts on that local date at the next-day hour. */
export function dayOfDateFn(calendar: DayCalendar): (date: string) => number {
  const cache = new Map<string, number>();
  return (date) => {
    let day = cache.get(date);
    if (day === undefined) {
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      // The study day named `date` starts on that date at the next-day hour.
      day = calendar.dayOf(new Date(y, m - 1, d, calendar.nextDayHour).getTime());
      cache.set(date, day);
    }
    return day;
  };
}
