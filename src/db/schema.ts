/**
 * The Dexie database. Schema versions are append-only: never edit a released `version(n)`, add `version(n + 1)` with
 * a comment saying why, and never drop or rewrite review-log rows in an upgrade.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { CardRecord, DeckRecord, ReviewLogEntry, Tombstone } from '../domain/model';
import type { CardQueue } from '../domain/card-queue';
import { DEFAULT_SETTINGS_DOC, type SettingsDoc } from '../domain/settings';
import type { DailyStats } from '../domain/stats/daily-aggregates';
import { dailyStatsOfLog } from './daily-stats';
import {
  bucketsOf,
  DUE_BUCKETS,
  dueBucketsMiddleware,
  dueEntryOf,
  type DueBucket,
  type DueEntry,
} from './due-reviews';
import { writeGenerationMiddleware } from './write-generation';

/** A card row: the record plus its derived, indexed queue field (see `queueOf`). */
export type StoredCard = CardRecord & { queue: CardQueue };

export type SettingsRow = { id: 'settings'; doc: SettingsDoc };

export type MetaRow = { key: string; value: unknown };

export type CoursedeckDb = Dexie & {
  decks: EntityTable<DeckRecord, 'id'>;
  cards: EntityTable<StoredCard, 'id'>;
  reviewLog: EntityTable<ReviewLogEntry, 'id'>;
  tombstones: EntityTable<Tombstone, 'id'>;
  settings: EntityTable<SettingsRow, 'id'>;
  meta: EntityTable<MetaRow, 'key'>;
  /** Since v2: per deck and study day, the answers the Stats screen needs (see src/db/daily-stats.ts). */
  dailyStats: EntityTable<DailyStats, 'id'>;
  /** Since v3: the dated cards' due date, stability and deck, one row per day of due dates (src/db/due-reviews.ts). */
  dueBuckets: EntityTable<DueBucket, 'b'>;
};

/** Indexes used by the queue (names must match the strings in `version(1)`). */
export const IDX = {
  /** Due learning/review cards of all decks, with what retrievability needs, read from the index keys alone. */
  queueDue: '[queue+memory.due+memory.stability+memory.lastReview]',
  /** Counts and first card per deck. */
  deckQueueDue: '[deckId+queue+memory.due]',
  /** New cards in course order. */
  queueCourseOrder: '[queue+course+chapter+position]',
  deckQueuePosition: '[deckId+queue+position]',
  cardTime: '[cardId+reviewedAt]',
} as const;

export type OpenOptions = {
  /**
   * IndexedDB transaction durability (Chrome honours it; others ignore it). 'strict' (the default here) means an
   * answer is reported saved only once it is on disk: a review must survive a crash or a killed tab.
   */
  durability?: 'strict' | 'relaxed' | 'default';
};

/** Open (lazily, on first use) the Coursedeck database. Tests pass a fresh name or use a fresh fake-indexeddb. */
export function openDatabase(name = 'coursedeck', options: OpenOptions = {}): CoursedeckDb {
  const db = new Dexie(name, {
    chromeTransactionDurability: options.durability ?? 'strict',
  }) as CoursedeckDb;

  // v1 (issue 3, first release): decks, cards with FSRS state, the append-only review log, undo tombstones,
  // settings and meta (device id, log sequence, undo stack). Card indexes serve today's counts and first card:
  // queue+due (with stability and last review so reviews can be ordered by retrievability from index keys alone),
  // per-deck queue+due, and new cards in course order; reviewLog by card (history, replay) and by time (today, streak).
  db.version(1).stores({
    decks: 'id, course, [course+chapter]',
    cards: `id, deckId, group, buriedUntil, ${IDX.queueDue}, ${IDX.deckQueueDue}, ${IDX.queueCourseOrder}, ${IDX.deckQueuePosition}`,
    reviewLog: `id, reviewedAt, deckId, ${IDX.cardTime}`,
    tombstones: 'id, cardId',
    settings: 'id',
    meta: 'key',
  });
  // v2 (issue 6): daily aggregates of the review log, per deck and study day. Reading a long log from IndexedDB
  // took seconds in Chromium (docs/benchmarks.md, "Stats"), so the Stats screen reads these and the cards instead,
  // and every log write updates them in its own transaction. The upgrade only reads the log (never rewrites or
  // drops a row) to build them; indexed by deck for a chapter's or a course's stats.
  db.version(2)
    .stores({ dailyStats: 'id, deckId' })
    .upgrade(async (tx) => {
      const [log, decks, settings] = await Promise.all([
        tx.table<ReviewLogEntry, string>('reviewLog').toArray(),
        tx.table<DeckRecord, string>('decks').toArray(),
        tx.table<SettingsRow, string>('settings').get('settings'),
      ]);
      const doc = settings?.doc ?? DEFAULT_SETTINGS_DOC;
      await tx
        .table<DailyStats, string>('dailyStats')
        .bulkAdd(dailyStatsOfLog(log, decks, doc, Date.now()));
    });
  // v3 (issue 3, review queue cold path): `dueBuckets`, what the queue and the counts need of every review and
  // (re)learning card (due, stability, last review, deck, buried-until), grouped by day of due date. Ordering today's due
  // reviews by retrievability read every due card in full through an index (a record lookup per card: 158 ms for
  // 3,850 cards, docs/benchmarks.md "Review queue"); "due before tonight" is now a read of a dozen rows. Derived from
  // `cards` only: kept by dueBucketsMiddleware in every transaction that writes cards, filled here from the cards.
  // The review log is not touched.
  db.version(3)
    .stores({ [DUE_BUCKETS]: 'b' })
    .upgrade(async (tx) => {
      const cards = await tx.table<StoredCard, string>('cards').toArray();
      const entries = cards.map(dueEntryOf).filter((e): e is DueEntry => e !== null);
      await tx.table<DueBucket, number>(DUE_BUCKETS).bulkPut(bucketsOf(entries));
    });
  db.use(dueBucketsMiddleware);
  db.use(writeGenerationMiddleware(db));
  return db;
}
