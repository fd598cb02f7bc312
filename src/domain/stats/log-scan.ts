import type { ReviewLogEntry } from '../model';
import { isAnswer } from './answers';
import type { DayCalendar } from './day-calendar';
import type { DailyAnswerCounts } from './heatmap';
import { MATURE_INTERVAL_DAYS, RETENTION_PERIODS, type TrueRetention } from './retention';

export type LogScan = {
  daily: DailyAnswerCounts;
  retention: TrueRetention;
};

/**
 * One pass over the review log for everything the Stats screen derives from it: answers per study day (for the
 * heatmap and streaks) and the True Retention tallies. One pass because the log may hold a million rows and
 * walking it is what costs; the counting rules are documented on {@link countAnswersPerDay} and
 * {@link trueRetention}, which call this.
 */
export function scanReviewLog(log: readonly ReviewLogEntry[], calendar: DayCalendar): LogScan {
  const endOfToday = calendar.startOf(1);
  // back[k] = answers on study day −k; grown by doubling.
  let back = new Int32Array(512);
  let maxBack = -1;
  // tally[(period * 2 + mature) * 2 + failed]
  const tally = new Int32Array(RETENTION_PERIODS.length * 4);
  const periodDays = RETENTION_PERIODS.map((p) => p.days);
  const retentionDays = Math.max(...periodDays);
  // The study day of the previous row: [dayStart, dayEnd) is day −k.
  let dayStart = Infinity;
  let dayEnd = -Infinity;
  let k = 0;
  for (let n = 0; n < log.length; n++) {
    const entry = log[n]!;
    const at = entry.reviewedAt;
    // Future rows (a device clock ahead) are left out rather than counted on a day that has not come.
    if (at >= endOfToday || !isAnswer(entry)) continue;
    if (at < dayStart || at >= dayEnd) {
      // Rows usually come in time order (log ids start with the time), so most share the previous row's day.
      const day = calendar.dayOf(at);
      dayStart = calendar.startOf(day);
      dayEnd = calendar.startOf(day + 1);
      k = -day;
    }
    if (k >= back.length) {
      const grown = new Int32Array(Math.max(k + 1, back.length * 2));
      grown.set(back);
      back = grown;
    }
    back[k]!++;
    if (k > maxBack) maxBack = k;
    if (k < retentionDays && entry.before.phase === 'review') {
      const mature = entry.before.scheduledDays >= MATURE_INTERVAL_DAYS ? 1 : 0;
      const failed = entry.rating === 1 ? 1 : 0;
      for (let p = 0; p < periodDays.length; p++) {
        if (k < periodDays[p]!) tally[(p * 2 + mature) * 2 + failed]!++;
      }
    }
  }
  const counts = new Int32Array(Math.max(1, maxBack + 1));
  for (let k = 0; k <= maxBack; k++) counts[maxBack - k] = back[k]!;
  const retention = RETENTION_PERIODS.map(({ period, days }, p) => {
    const at = (mature: number, failed: number) => tally[(p * 2 + mature) * 2 + failed]!;
    return {
      period,
      days,
      young: passFail(at(0, 0), at(0, 1)),
      mature: passFail(at(1, 0), at(1, 1)),
      total: passFail(at(0, 0) + at(1, 0), at(0, 1) + at(1, 1)),
    };
  });
  return { daily: { firstDay: maxBack < 0 ? 0 : -maxBack, counts }, retention };
}

function passFail(passed: number, failed: number) {
  return { passed, failed, retention: passed + failed === 0 ? null : passed / (passed + failed) };
}

/**
 * Counts answers ({@link isAnswer}) per study day, from the first answered day to today.
 * Rows in the future (a device clock ahead) are left out rather than counted on a day that has not come.
 */
export function countAnswersPerDay(
  log: readonly ReviewLogEntry[],
  calendar: DayCalendar,
): DailyAnswerCounts {
  return scanReviewLog(log, calendar).daily;
}

/**
 * True retention, as Anki's True Retention table: the share of review answers that were not Again.
 *
 * Which rows count (Anki's rule, `revlog.type = review`): answers ({@link isAnswer}: reviews and quiz answers)
 * given while the card was in the review phase (`before.phase === 'review'`). Answers during learning or
 * relearning steps are left out: they test minutes-old memories and would inflate retention; new cards have
 * nothing to retain yet.
 * - passed: rating Hard, Good or Easy (2–4); failed: Again (1).
 * - young / mature: the interval the card was on when answered (`before.scheduledDays`) is below / at least
 *   {@link MATURE_INTERVAL_DAYS} days (Anki's `lastIvl`).
 * - periods: today's study day; the last 7 and last 30 study days, today included.
 */
export function trueRetention(
  log: readonly ReviewLogEntry[],
  calendar: DayCalendar,
): TrueRetention {
  return scanReviewLog(log, calendar).retention;
}
