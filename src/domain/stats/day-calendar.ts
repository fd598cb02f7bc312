/**
 * Study days in the learner's local time. A study day starts at the "next day" hour (default 4:00), as in Anki:
 * a review at 01:30 on Tuesday still belongs to Monday's study day. Days are numbered relative to today's study
 * day (0 = today, -1 = yesterday, 1 = tomorrow), so every stat can index plain arrays with them.
 *
 * Day lengths are not constant (daylight saving gives 23 h and 25 h days), so day starts are computed with the
 * local calendar (`new Date(y, m, d + k, hour)`) and cached; `dayOf` guesses `floor(Δt / 24 h)` and corrects the
 * guess against the cached starts, which keeps 1,000,000 lookups at a few milliseconds.
 */

export const DAY_MS = 86_400_000;

/** Anki's default: a new study day starts at 4:00 local time. */
export const DEFAULT_NEXT_DAY_HOUR = 4;

export type DayCalendar = {
  /** The next-day hour this calendar was built with (0–23). */
  readonly nextDayHour: number;
  /** Epoch ms at which study day `day` starts. */
  startOf(day: number): number;
  /** The study day containing `time` (epoch ms), relative to today. */
  dayOf(time: number): number;
  /** The local calendar date (`YYYY-MM-DD`) a study day is named after (the date on which it starts). */
  dateOf(day: number): string;
  /** Day of the week of a study day: 0 Sunday … 6 Saturday. */
  weekdayOf(day: number): number;
};

/**
 * Builds the study-day calendar around `now`.
 * Rule: the study day of an instant is its local calendar date, minus one day when its local hour is before
 * `nextDayHour`; study day `k` starts at local `nextDayHour`:00 on (today's date + k days).
 * @throws RangeError when `nextDayHour` is not an integer in 0–23.
 */
export function createDayCalendar(
  now: number,
  nextDayHour: number = DEFAULT_NEXT_DAY_HOUR,
): DayCalendar {
  if (!Number.isInteger(nextDayHour) || nextDayHour < 0 || nextDayHour > 23) {
    throw new RangeError(
      `The next-day hour must be a whole hour from 0 to 23, got ${nextDayHour}.`,
    );
  }
  const local = new Date(now);
  const shift = local.getHours() < nextDayHour ? -1 : 0;
  const year = local.getFullYear();
  const month = local.getMonth();
  const date = local.getDate() + shift;

  const computeStart = (day: number) => new Date(year, month, date + day, nextDayHour).getTime();

  // starts[i] is the start of day (lo + i); the cache covers days lo … lo + starts.length - 1.
  let lo = -400;
  let starts = new Float64Array(441);
  for (let i = 0; i < starts.length; i++) starts[i] = computeStart(lo + i);

  const ensure = (day: number) => {
    const hi = lo + starts.length - 1;
    if (day >= lo && day <= hi) return;
    // Grow geometrically so a log read in any order extends the cache a handful of times at most.
    const newLo = day < lo ? Math.min(day, lo - starts.length) : lo;
    const newHi = day > hi ? Math.max(day, hi + starts.length) : hi;
    const grown = new Float64Array(newHi - newLo + 1);
    grown.set(starts, lo - newLo);
    for (let d = newLo; d < lo; d++) grown[d - newLo] = computeStart(d);
    for (let d = hi + 1; d <= newHi; d++) grown[d - newLo] = computeStart(d);
    starts = grown;
    lo = newLo;
  };

  const startOf = (day: number) => {
    ensure(day);
    return starts[day - lo]!;
  };

  const start0 = startOf(0);

  const dayOf = (time: number) => {
    // Guess by 24-hour blocks, then correct: real days differ from 24 h only by a DST or zone shift (≤ 2 days
    // of margin is far more than any shift on record).
    const day = Math.floor((time - start0) / DAY_MS);
    if (day - 2 < lo || day + 3 > lo + starts.length - 1) {
      ensure(day - 2);
      ensure(day + 3);
    }
    let i = day - lo;
    while (i > 0 && starts[i]! > time) i--;
    while (i + 1 < starts.length && starts[i + 1]! <= time) i++;
    return i + lo;
  };

  const localDate = (day: number) => new Date(year, month, date + day, 12);

  return {
    nextDayHour,
    startOf,
    dayOf,
    dateOf(day) {
      const d = localDate(day);
      const mm = String(d.getMonth() + 1).padStart(2, '0');
      const dd = String(d.getDate()).padStart(2, '0');
      return `${d.getFullYear()}-${mm}-${dd}`;
    },
    weekdayOf(day) {
      return localDate(day).getDay();
    },
  };
}
