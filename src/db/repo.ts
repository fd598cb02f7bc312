/** Repository functions: small reads and writes over the schema, each taking `db` (or running in the caller's transaction). */
import Dexie from 'dexie';
import type { CardRecord, DeckRecord, ReviewLogEntry } from '../domain/model';
import { queueOf, type CardQueue } from '../domain/card-queue';
import { DEFAULT_SETTINGS_DOC, type SettingsDoc } from '../domain/settings';
import { IDX, type CoursedeckDb, type StoredCard } from './schema';
import { bucketOf, entriesOf, type DueEntry } from './due-reviews';

/** A card record with its derived queue field, ready to store. */
export function toStored(card: CardRecord): StoredCard {
  const { queue: _q, ...rest } = card as CardRecord & { queue?: unknown };
  return { ...rest, queue: queueOf(card) };
}

/** The card record without the storage-only queue field. */
export function fromStored(card: StoredCard): CardRecord {
  const { queue: _q, ...rest } = card;
  return rest;
}

export async function getSettingsDoc(db: CoursedeckDb): Promise<SettingsDoc> {
  const row = await db.settings.get('settings');
  return row?.doc ?? DEFAULT_SETTINGS_DOC;
}

export async function putSettingsDoc(db: CoursedeckDb, doc: SettingsDoc): Promise<void> {
  await db.settings.put({ id: 'settings', doc });
}

export async function getMeta<T>(db: CoursedeckDb, key: string, fallback: T): Promise<T> {
  const row = await db.meta.get(key);
  return row === undefined ? fallback : (row.value as T);
}

export async function setMeta(db: CoursedeckDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}

export async function getCard(db: CoursedeckDb, id: string): Promise<StoredCard | undefined> {
  return db.cards.get(id);
}

export async function putCards(db: CoursedeckDb, cards: readonly CardRecord[]): Promise<void> {
  await db.cards.bulkPut(cards.map(toStored));
}

export async function listDeckRecords(db: CoursedeckDb): Promise<DeckRecord[]> {
  const decks = await db.decks.toArray();
  return decks.sort(
    (a, b) => (a.course < b.course ? -1 : a.course > b.course ? 1 : 0) || a.chapter - b.chapter,
  );
}

/** A card's review log, oldest first. */
export async function logOfCard(db: CoursedeckDb, cardId: string): Promise<ReviewLogEntry[]> {
  return db.reviewLog
    .where(IDX.cardTime)
    .between([cardId, Dexie.minKey], [cardId, Dexie.maxKey])
    .toArray();
}

/** Review-log rows with `start ≤ reviewedAt < end`. */
export async function logBetween(
  db: CoursedeckDb,
  start: number,
  end: number,
): Promise<ReviewLogEntry[]> {
  return db.reviewLog.where('reviewedAt').between(start, end, true, false).toArray();
}

/** Whether any review-log row falls in `start ≤ reviewedAt < end` (reads one key at most). */
export async function hasLogBetween(
  db: CoursedeckDb,
  start: number,
  end: number,
): Promise<boolean> {
  const first = await db.reviewLog.where('reviewedAt').between(start, end, true, false).first();
  return first !== undefined;
}

/**
 * Whether the review log holds at least `rows` rows, reading at most that many keys. A count walks the whole log in
 * Chromium (40 ms at 20,000 rows, 150 ms at 100,000; Dexie's `limit(n).count()` counts everything too), and the
 * optimizer panel asks this on its way to reading the log ahead.
 */
export async function logHasAtLeast(db: CoursedeckDb, rows: number): Promise<boolean> {
  if (rows <= 0) return true;
  return (await db.reviewLog.limit(rows).primaryKeys()).length >= rows;
}

/** Cards buried until after `now` (few: siblings of today's answers). */
export async function buriedCards(db: CoursedeckDb, now: number): Promise<StoredCard[]> {
  return db.cards.where('buriedUntil').above(now).toArray();
}

/** Number of cards of a deck in `queue` due before `end` (exclusive). */
export async function countDeckDue(
  db: CoursedeckDb,
  deckId: string,
  queue: CardQueue,
  end: number,
): Promise<number> {
  return db.cards
    .where(IDX.deckQueueDue)
    .between([deckId, queue, Dexie.minKey], [deckId, queue, end], true, false)
    .count();
}

/** Number of cards of a deck in `queue` (any due date). */
export async function countDeckQueue(
  db: CoursedeckDb,
  deckId: string,
  queue: CardQueue,
): Promise<number> {
  return db.cards
    .where(IDX.deckQueueDue)
    .between([deckId, queue, Dexie.minKey], [deckId, queue, Dexie.maxKey])
    .count();
}

/** Index entries (no records loaded) of cards in `queue` due before `end`: id, due, stability, last review. */
export async function dueKeys(
  db: CoursedeckDb,
  queue: CardQueue,
  end: number,
): Promise<{ id: string; due: number; stability: number; lastReview: number | null }[]> {
  const out: { id: string; due: number; stability: number; lastReview: number | null }[] = [];
  await db.cards
    .where(IDX.queueDue)
    .between([queue, Dexie.minKey], [queue, end], true, false)
    .eachKey((key, cursor) => {
      const k = key as [string, number, number, number];
      out.push({ id: String(cursor.primaryKey), due: k[1], stability: k[2], lastReview: k[3] });
    });
  return out;
}

/** Cards of a deck in `queue` due before `end`, earliest first. */
export async function deckDueCards(
  db: CoursedeckDb,
  deckId: string,
  queue: CardQueue,
  end: number,
): Promise<StoredCard[]> {
  return db.cards
    .where(IDX.deckQueueDue)
    .between([deckId, queue, Dexie.minKey], [deckId, queue, end], true, false)
    .toArray();
}

/** The first `limit` new cards in course order (all decks), skipping the ids in `skip`. */
export async function firstNewCards(
  db: CoursedeckDb,
  limit: number,
  skip: ReadonlySet<string>,
  deckId?: string,
): Promise<StoredCard[]> {
  if (limit <= 0) return [];
  const coll =
    deckId === undefined
      ? db.cards.where(IDX.queueCourseOrder).between(['new', Dexie.minKey], ['new', Dexie.maxKey])
      : db.cards
          .where(IDX.deckQueuePosition)
          .between([deckId, 'new', Dexie.minKey], [deckId, 'new', Dexie.maxKey]);
  // Without a filter Dexie reads the range in one request (getAll with a count) instead of a cursor step per card.
  if (skip.size === 0) return coll.limit(limit).toArray();
  return coll
    .filter((c) => !skip.has(c.id))
    .limit(limit)
    .toArray();
}

/** Cards sharing `group` (siblings). */
export async function cardsOfGroup(db: CoursedeckDb, group: string): Promise<StoredCard[]> {
  return db.cards.where('group').equals(group).toArray();
}

/** Cards in `queue` due before `end` (all decks), read in one request. */
export async function dueCards(
  db: CoursedeckDb,
  queue: CardQueue,
  end: number,
): Promise<StoredCard[]> {
  return db.cards
    .where(IDX.queueDue)
    .between([queue, Dexie.minKey], [queue, end], true, false)
    .toArray();
}

/** The earliest due date (epoch ms) of a card in `queue` with `from ≤ due < end`, of one deck or all; null if none. */
export async function firstDueBetween(
  db: CoursedeckDb,
  queue: CardQueue,
  from: number,
  end: number,
  deckId?: string,
): Promise<number | null> {
  if (from >= end) return null;
  const first =
    deckId === undefined
      ? await db.cards.where(IDX.queueDue).between([queue, from], [queue, end], true, false).first()
      : await db.cards
          .where(IDX.deckQueueDue)
          .between([deckId, queue, from], [deckId, queue, end], true, false)
          .first();
  return first ? first.memory.due : null;
}

/**
 * Review and (re)learning cards due before `end` (exclusive), as their due-bucket entries (src/db/due-reviews.ts):
 * one read of the day rows up to `end`, in no particular order.
 */
export async function dueEntries(db: CoursedeckDb, end: number): Promise<DueEntry[]> {
  const rows = await db.dueBuckets
    .where('b')
    .between(Dexie.minKey, bucketOf(end - 1), true, true)
    .toArray();
  return entriesOf(rows, end);
}
