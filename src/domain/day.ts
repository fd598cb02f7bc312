/**
 * Study days. A study day runs from the local "next day starts at" hour (default 4) to the same hour the next
 * calendar day, in the device's local time zone, as in Anki. Built with local `Date` fields so a daylight-saving
 * change gives a 23- or 25-hour day rather than a shifted boundary.
 */

export type StudyDay = {
  /** Epoch ms of the day's start (inclusive). */
  start: number;
  /** Epoch ms of the next day's start (exclusive). */
  end: number;
  /** The local calendar date the day starts on, `YYYY-MM-DD`. */
  key: string;
};

/**
 * The study day containing `now`: start = today's local date at `hour`:00, or yesterday's when the local time is
 * still before `hour`; end = the following local date at `hour`:00.
 */
export function studyDay(now: number, hour: number): StudyDay {
  const d = new Date(now);
  let y = d.getFullYear();
  let m = d.getMonth();
  let day = d.getDate();
  let start = new Date(y, m, day, hour).getTime();
  if (start > now) {
    const prev = new Date(y, m, day - 1, hour);
    y = prev.getFullYear();
    m = prev.getMonth();
    day = prev.getDate();
    start = prev.getTime();
  }
  const end = new Date(y, m, day + 1, hour).getTime();
  return { start, end, key: dateKey(y, m, day) };
}

/** The study day `offset` days after (negative: before) the one containing `now`. */
export function studyDayOffset(now: number, hour: number, offset: number): StudyDay {
  const today = studyDay(now, hour);
  const d = new Date(today.start);
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate() + offset, hour);
  return studyDay(start.getTime(), hour);
}

function dateKey(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Current streak: the number of consecutive study days with at least one review, ending today, or ending yesterday
 * when nothing was reviewed yet today (the streak is not broken until the day is over).
 * `hasReviews(offset)` tells whether study day `offset` (0 today, −1 yesterday, …) has reviews.
 */
export function streakLength(hasReviews: (offset: number) => boolean, maxDays = 3650): number {
  let offset = hasReviews(0) ? 0 : -1;
  let n = 0;
  while (n < maxDays && hasReviews(offset)) {
    n++;
    offset--;
  }
  return n;
}
