/**
 * The `dailyStats` table (schema v2): per deck and study day, the answers the Stats screen needs, kept up to date
 * in the same transaction as every review-log write so the screen never rereads the whole log (see the "Stats"
 * section of docs/benchmarks.md). A deck's study days follow its course's next-day hour.
 */
import type { DeckRecord, ReviewLogEntry } from '../domain/model';
import { DEFAULT_SETTINGS_DOC, resolveSettings, type SettingsDoc } from '../domain/settings';
import {
  aggregateLog,
  applyToDailyStats,
  createDayCalendar,
  type DailyStats,
} from '../domain/stats';
import type { CoursedeckDb } from './schema';

/**
 * The daily stats of a whole log, each row on its deck's course's next-day hour (rows of an unknown deck use the
 * global hour). `now` only anchors the calendars: study-day names (`YYYY-MM-DD`) do not depend on it.
 */
export function dailyStatsOfLog(
  log: readonly ReviewLogEntry[],
  decks: readonly Pick<DeckRecord, 'id' | 'course'>[],
  doc: SettingsDoc,
  now: number,
): DailyStats[] {
  const courseOf = new Map(decks.map((d) => [d.id, d.course]));
  const byHour = new Map<number, ReviewLogEntry[]>();
  for (const entry of log) {
    const hour = resolveSettings(doc, courseOf.get(entry.deckId)).nextDayStartsAt;
    let rows = byHour.get(hour);
    if (!rows) byHour.set(hour, (rows = []));
    rows.push(entry);
  }
  return [...byHour].flatMap(([hour, rows]) => aggregateLog(rows, createDayCalendar(now, hour)));
}

/**
 * Replace the whole `dailyStats` table with the aggregates of the review log (after a restore, a merge, a repair
 * or a change of the next-day hour). Reads the log, never writes it. Runs in the caller's transaction when there
 * is one (it must include decks, reviewLog, settings and dailyStats), else in its own.
 */
export async function rebuildDailyStats(db: CoursedeckDb, now: number): Promise<void> {
  await db.transaction('rw', [db.decks, db.reviewLog, db.settings, db.dailyStats], async () => {
    // Settings read directly, not through repo.ts: schema.ts imports this module (no import cycle).
    const [log, decks, settings] = await Promise.all([
      db.reviewLog.toArray(),
      db.decks.toArray(),
      db.settings.get('settings'),
    ]);
    const doc = settings?.doc ?? DEFAULT_SETTINGS_DOC;
    await db.dailyStats.clear();
    await db.dailyStats.bulkPut(dailyStatsOfLog(log, decks, doc, now));
  });
}

/**
 * Add (`sign` = 1, an answer written) or remove (−1, an answer undone) one log row's contribution to its day's
 * row, inside the caller's read-write transaction over `dailyStats`. `nextDayHour` is the hour of the row's
 * deck's course. A day row left with no answers is deleted, so the table stays equal to {@link dailyStatsOfLog}.
 */
export async function applyToDailyStatsTable(
  db: CoursedeckDb,
  entry: ReviewLogEntry,
  nextDayHour: number,
  sign: 1 | -1,
): Promise<void> {
  const calendar = createDayCalendar(entry.reviewedAt, nextDayHour);
  const id = `${entry.deckId}|${calendar.dateOf(calendar.dayOf(entry.reviewedAt))}`;
  const row = applyToDailyStats(await db.dailyStats.get(id), entry, calendar, sign);
  if (row.answers <= 0) await db.dailyStats.delete(id);
  else await db.dailyStats.put(row);
}
