/**
 * Data for the Stats screen and the per-card stats: reads the cards and the daily stats (aggregates of the review
 * log kept by every log write, schema v2) of a scope (one chapter, one course, or everything) and hands them to the
 * pure functions in src/domain/stats/. The whole log is never reread here: in Chromium that took seconds at 50,000
 * rows (docs/benchmarks.md, "Stats"). A card's own history still reads that card's log rows by index.
 */
import { fromStored, getSettingsDoc, listDeckRecords, logOfCard } from '../db/repo';
import type { CoursedeckDb } from '../db/schema';
import type { CardRecord, DeckRecord } from '../domain/model';
import { retrievability } from '../domain/scheduler';
import { resolveSettings, type Settings } from '../domain/settings';
import {
  cardForgettingCurve,
  cardHistory,
  computeStatsScreen,
  currentRetrievability,
  DAY_MS,
  type CardForgettingCurve,
  type CardHistoryEntry,
  type DailyStats,
  type ForgettingCurve,
  type StatsScreenData,
} from '../domain/stats';

export type StatsScope = {
  /** `all`, `course:<name>` or `deck:<deck id>`. */
  id: string;
  label: string;
  /** The course whose settings (FSRS parameters, next-day hour) apply; null for all courses together. */
  course: string | null;
  /** Null for everything. */
  deckIds: string[] | null;
};

export type StatsLoad = {
  /** What the selector offers: each course, then its chapters (and "All courses" first when there are several). */
  scopes: StatsScope[];
  scope: StatsScope;
  data: StatsScreenData;
  /** The settings in force for the scope (next-day hour, desired retention). */
  settings: Settings;
};

/** The FSRS forgetting curve R(t, S) under the learner's parameters, through the scheduling adapter. */
export function curveFor(settings: Pick<Settings, 'parameters'>): ForgettingCurve {
  return (elapsedDays, stability) =>
    retrievability({ phase: 'review', stability, lastReview: 0 }, elapsedDays * DAY_MS, settings);
}

/** Scopes from the (non-retired) decks: course-wide and per chapter, in course order. */
export function statsScopes(decks: readonly DeckRecord[]): StatsScope[] {
  const courses = [...new Set(decks.map((d) => d.course))];
  const scopes: StatsScope[] = [];
  if (courses.length !== 1)
    scopes.push({ id: 'all', label: 'All courses', course: null, deckIds: null });
  for (const course of courses) {
    const chapters = decks.filter((d) => d.course === course);
    scopes.push({
      id: `course:${course}`,
      label: `${course}: whole course`,
      course,
      deckIds: chapters.map((d) => d.id),
    });
    for (const deck of chapters) {
      scopes.push({
        id: `deck:${deck.id}`,
        label: `${course}: chapter ${deck.chapter}, ${deck.title}`,
        course,
        deckIds: [deck.id],
      });
    }
  }
  return scopes;
}

async function readScope(
  db: CoursedeckDb,
  deckIds: string[] | null,
): Promise<{ cards: CardRecord[]; daily: DailyStats[] }> {
  return db.transaction('r', db.cards, db.dailyStats, async () => {
    if (deckIds === null) {
      const [cards, daily] = await Promise.all([db.cards.toArray(), db.dailyStats.toArray()]);
      return { cards, daily };
    }
    const [cards, daily] = await Promise.all([
      db.cards.where('deckId').anyOf(deckIds).toArray(),
      db.dailyStats.where('deckId').anyOf(deckIds).toArray(),
    ]);
    return { cards, daily };
  });
}

/**
 * Everything the Stats screen shows for `scopeId` at `now` (an unknown or missing scope falls back to the first
 * offered: the whole course when there is one course). Cards and daily stats are read in one read transaction so
 * they agree. Each deck's days follow its course's next-day hour (as stored); "All courses" counts them on the
 * global hour's calendar.
 */
export async function loadStats(
  db: CoursedeckDb,
  scopeId: string | null,
  now: number,
): Promise<StatsLoad> {
  const decks = (await listDeckRecords(db)).filter((d) => !d.retired);
  const scopes = statsScopes(decks);
  const scope = scopes.find((s) => s.id === scopeId) ??
    scopes[0] ?? { id: 'all', label: 'All courses', course: null, deckIds: null };
  const settings = resolveSettings(await getSettingsDoc(db), scope.course ?? undefined);
  const { cards, daily } = await readScope(db, scope.deckIds);
  const data = computeStatsScreen({
    log: [],
    daily,
    cards,
    now,
    nextDayHour: settings.nextDayStartsAt,
    curve: curveFor(settings),
    deckIds: null,
  });
  return { scopes, scope, data, settings };
}

export type CardStatsData = {
  card: CardRecord;
  history: CardHistoryEntry[];
  curve: CardForgettingCurve;
  /** R now, or null for a card without memory (new). */
  retrievability: number | null;
  desiredRetention: number;
};

/** A card's review history with D, S, R per answer and its forgetting curve; null for an unknown card. */
export async function loadCardStats(
  db: CoursedeckDb,
  cardId: string,
  now: number,
): Promise<CardStatsData | null> {
  const stored = await db.cards.get(cardId);
  if (!stored) return null;
  const card = fromStored(stored);
  const settings = resolveSettings(await getSettingsDoc(db), card.course);
  const curve = curveFor(settings);
  const history = cardHistory(await logOfCard(db, cardId), cardId, curve);
  return {
    card,
    history,
    curve: cardForgettingCurve(history, card.memory, now, curve),
    retrievability: currentRetrievability(card.memory, now, curve),
    desiredRetention: settings.desiredRetention,
  };
}
