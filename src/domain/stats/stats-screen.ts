import type { CardRecord, ReviewLogEntry } from '../model';
import { countCardsByState, type CardCounts } from './card-counts';
import { dayOfDateFn, statsFromDaily, type DailyStats } from './daily-aggregates';
import { createDayCalendar } from './day-calendar';
import { memoryDistributions, type MemoryDistributions } from './distributions';
import { dueForecast, type DueForecast } from './forecast';
import type { ForgettingCurve } from './forgetting-curve';
import { reviewHeatmap, type ReviewHeatmap } from './heatmap';
import { scanReviewLog } from './log-scan';
import type { TrueRetention } from './retention';

export type StatsInput = {
  log: readonly ReviewLogEntry[];
  /**
   * Daily stats kept up to date as answers are written ({@link DailyStats}); when given, the heatmap, streaks and
   * retention come from them and `log` is not read (pass []).
   */
  daily?: readonly DailyStats[];
  cards: readonly CardRecord[];
  /** Epoch ms. */
  now: number;
  /** Local hour at which a new study day starts (0–23). */
  nextDayHour: number;
  curve: ForgettingCurve;
  /** Decks to include (one chapter, or the decks of one course); null for everything. */
  deckIds: ReadonlySet<string> | null;
};

export type StatsScreenData = {
  heatmap: ReviewHeatmap;
  forecast: DueForecast;
  retention: TrueRetention;
  counts: CardCounts;
  distributions: MemoryDistributions;
};

/**
 * Everything the Stats screen shows, for the decks in scope: the heatmap and streaks, the due forecast, the True
 * Retention table, card counts by state and the memory distributions. Each part documents which rows it counts.
 */
export function computeStatsScreen(input: StatsInput): StatsScreenData {
  const { now, nextDayHour, curve, deckIds } = input;
  const inScope = <T extends { deckId: string }>(rows: readonly T[]) =>
    deckIds ? rows.filter((row) => deckIds.has(row.deckId)) : rows;
  const cards = inScope(input.cards);
  const calendar = createDayCalendar(now, nextDayHour);
  const scan = input.daily
    ? statsFromDaily(inScope(input.daily), dayOfDateFn(calendar))
    : scanReviewLog(inScope(input.log), calendar);
  return {
    heatmap: reviewHeatmap(scan.daily, calendar),
    forecast: dueForecast(cards, calendar),
    retention: scan.retention,
    counts: countCardsByState(cards),
    distributions: memoryDistributions(cards, now, curve),
  };
}
