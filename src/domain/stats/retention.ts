import type { ReviewLogEntry } from '../model';
import { isAnswer } from './answers';
import type { DayCalendar } from './day-calendar';

/** A card is mature once its interval is 21 days or more (Anki's threshold). */
export const MATURE_INTERVAL_DAYS = 21;

export type RetentionPeriod = 'today' | 'week' | 'month';

export type PassFail = {
  passed: number;
  failed: number;
  /** passed / (passed + failed), or null when there were no answers to count. */
  retention: number | null;
};

export type RetentionRow = {
  period: RetentionPeriod;
  /** Study days the row covers: today only, the last 7 or the last 30 (today included). */
  days: number;
  young: PassFail;
  mature: PassFail;
  total: PassFail;
};

/** The True Retention table: one row per period, today first. */
export type TrueRetention = RetentionRow[];

const PERIODS: readonly { period: RetentionPeriod; days: number }[] = [
  { period: 'today', days: 1 },
  { period: 'week', days: 7 },
  { period: 'month', days: 30 },
];

const passFail = (passed: number, failed: number): PassFail => ({
  passed,
  failed,
  retention: passed + failed === 0 ? null : passed / (passed + failed),
});

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
export function trueRetention(log: readonly ReviewLogEntry[], calendar: DayCalendar): TrueRetention {
  const from = calendar.startOf(-29);
  const until = calendar.startOf(1);
  // [period][young=0|mature=1][passed=0|failed=1]
  const tally = PERIODS.map(() => [
    [0, 0],
    [0, 0],
  ]);
  for (const entry of log) {
    const at = entry.reviewedAt;
    if (at < from || at >= until || entry.before.phase !== 'review' || !isAnswer(entry)) continue;
    const day = calendar.dayOf(at);
    const maturity = entry.before.scheduledDays >= MATURE_INTERVAL_DAYS ? 1 : 0;
    const outcome = entry.rating === 1 ? 1 : 0;
    for (let p = 0; p < PERIODS.length; p++) {
      if (-day < PERIODS[p]!.days) tally[p]![maturity]![outcome]! += 1;
    }
  }
  return PERIODS.map(({ period, days }, p) => {
    const [[yp, yf], [mp, mf]] = tally[p] as [[number, number], [number, number]];
    return {
      period,
      days,
      young: passFail(yp, yf),
      mature: passFail(mp, mf),
      total: passFail(yp + mp, yf + mf),
    };
  });
}
