import { useLiveQuery } from 'dexie-react-hooks';
import {
  loadCardStats,
  loadStats,
  type CardStatsData,
  type CoursedeckDb,
  type StatsLoad,
} from '../../services';

export type Loadable<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

function settle<T>(promise: Promise<T>): Promise<Loadable<T>> {
  return promise.then(
    (value) => ({ status: 'ready', value }),
    (reason: unknown) => ({
      status: 'error',
      message: reason instanceof Error ? reason.message : String(reason),
    }),
  );
}

/**
 * The Stats screen's data for a scope. A live query: it is recomputed when cards or the review log change (an
 * answer in another tab, a sync, a restored backup), and errors become a state rather than a crash.
 */
export function useStats(
  db: CoursedeckDb,
  scopeId: string | null,
  now: number,
): Loadable<StatsLoad> {
  return (
    useLiveQuery(() => settle(loadStats(db, scopeId, now)), [db, scopeId, now]) ?? {
      status: 'loading',
    }
  );
}

/** One card's history and forgetting curve (live); `value` is null when the card does not exist. */
export function useCardStats(
  db: CoursedeckDb,
  cardId: string,
  now: number,
): Loadable<CardStatsData | null> {
  return (
    useLiveQuery(() => settle(loadCardStats(db, cardId, now)), [db, cardId, now]) ?? {
      status: 'loading',
    }
  );
}
