import type { CardRecord } from '../model';
import type { DayCalendar } from './day-calendar';

/** How many days the due forecast covers: today and the 29 days after it. */
export const FORECAST_DAYS = 30;

export type ForecastDay = {
  /** 0 today, 1 tomorrow … */
  day: number;
  date: string;
  count: number;
};

export type DueForecast = {
  /** {@link FORECAST_DAYS} days from today; today's count includes the overdue cards. */
  days: ForecastDay[];
  /** Cards due on an earlier study day and not yet answered (included in today's count). */
  overdue: number;
  /** Cards due after the forecast window. */
  later: number;
  /** Sum of `days`. */
  total: number;
};

/**
 * Cards due per study day for the next {@link FORECAST_DAYS} days, by each card's `memory.due`.
 * Counted: cards in learning, review or relearning that are neither suspended nor retired. New cards have no due
 * date to forecast (they are introduced by the daily new-card limit), so they are left out, as in Anki.
 * A card due on an earlier day is still due today, so it is counted today and reported as `overdue` too.
 * Burying is ignored: it only moves a card by a day and would make the forecast depend on today's answers.
 */
export function dueForecast(cards: readonly CardRecord[], calendar: DayCalendar): DueForecast {
  const counts = new Array<number>(FORECAST_DAYS).fill(0);
  let overdue = 0;
  let later = 0;
  const endOfWindow = calendar.startOf(FORECAST_DAYS);
  const startOfToday = calendar.startOf(0);
  for (const card of cards) {
    const { memory } = card;
    if (card.retired || card.suspended || memory.phase === 'new') continue;
    if (memory.due >= endOfWindow) {
      later++;
    } else if (memory.due < startOfToday) {
      overdue++;
      counts[0]!++;
    } else {
      counts[calendar.dayOf(memory.due)]!++;
    }
  }
  const days = counts.map((count, day) => ({ day, date: calendar.dateOf(day), count }));
  return { days, overdue, later, total: counts.reduce((sum, n) => sum + n, 0) };
}
