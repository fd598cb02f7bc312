/**
 * Today's counts as last computed, kept in localStorage so that a cold start paints Today before IndexedDB answers
 * (opening a large database on disk and counting in it takes a second or more on a slow device).
 *
 * The snapshot is exact, not an estimate: today's counts are per study day, so they change only when the database
 * is written or when a course's study day ends (`TodayCounts.changesAt`). Every write Dexie announces for the database
 * (its own, and other tabs' through BroadcastChannel) removes the snapshot at once, and counts are stored so that any
 * write they did not see is announced after the store. A snapshot is never shown past its `changesAt`.
 * The live count replaces it as soon as the database answers.
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import type { CoursedeckDb } from '../db/schema';
import { changesQueue, queueWriteCount } from './queue-writes';
import type { Settings } from '../domain/settings';
// Only types: the counting code (./today) is loaded on demand, so the first screen can paint a snapshot without it.
import type { NextCard, TodayCounts } from './today';

/** The part of `localStorage` used (a fake in tests). */
export type SnapshotStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What is kept in storage, counts or first card: valid from `savedAt` until `validUntil` (epoch ms). */
type Kept<T> = { v: 1; savedAt: number; validUntil: number; value: T };

/** Stores `value`, valid from `savedAt` until `validUntil`. */
function keep<T>(storage: SnapshotStorage, key: string, kept: Omit<Kept<T>, 'v'>): void {
  safely(() => storage.setItem(key, JSON.stringify({ v: 1, ...kept } satisfies Kept<T>)));
}

/** The value kept under `key` if it is in this code's format and holds at `now`, else null. */
function readKept<T>(storage: SnapshotStorage, key: string, now: number): T | null {
  const raw = safely(() => storage.getItem(key));
  if (!raw) return null;
  const kept = safely(() => JSON.parse(raw) as Kept<T>);
  if (!kept || kept.v !== 1 || typeof kept.validUntil !== 'number' || kept.value == null)
    return null;
  if (now < kept.savedAt || now >= kept.validUntil) return null;
  return kept.value;
}

const keyOf = (db: CoursedeckDb) => `coursedeck:today:${db.name}`;
const cardKeyOf = (db: CoursedeckDb) => `coursedeck:first-card:${db.name}`;

const watched = new Map<SnapshotStorage, Set<string>>();
let listening = false;

function onMutated(parts: ObservabilitySet): void {
  for (const [storage, names] of watched) {
    for (const name of names) {
      if (!changesQueue(parts, name)) continue;
      safely(() => storage.removeItem(`coursedeck:today:${name}`));
      safely(() => storage.removeItem(`coursedeck:first-card:${name}`));
    }
  }
}

/** localStorage may be missing, full or refused (privacy settings): the snapshot is a convenience, never an error. */
function safely<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}

/**
 * Starts dropping the snapshot of `db` whenever the database is written; call before anything writes. Returns a
 * function that stops watching.
 */
export function watchTodaySnapshot(db: CoursedeckDb, storage: SnapshotStorage): () => void {
  let names = watched.get(storage);
  if (!names) watched.set(storage, (names = new Set()));
  names.add(db.name);
  // Counting the writes from now on (snapshotFirstCard compares counts).
  queueWriteCount(db.name);
  if (!listening) {
    listening = true;
    Dexie.on('storagemutated', onMutated);
  }
  return () => {
    names.delete(db.name);
    if (names.size === 0) watched.delete(storage);
    if (watched.size === 0 && listening) {
      listening = false;
      Dexie.on.storagemutated.unsubscribe(onMutated);
    }
  };
}

/**
 * The stored counts of `db`, if they still hold at `now`: saved by this code's format, not in the future, and before
 * the counts change by themselves. Null otherwise (or when nothing is stored).
 */
export function readTodaySnapshot(
  db: CoursedeckDb,
  storage: SnapshotStorage,
  now: number,
): TodayCounts | null {
  return readKept<TodayCounts>(storage, keyOf(db), now);
}

/** `getTodayCounts`, passed in so that the first screen can load the counting code on demand. */
export type TodayCounter = (db: CoursedeckDb, now: number) => Promise<TodayCounts>;

/**
 * Loads the counting code (services/today.ts and the queue and scheduler behind it: not part of the first screen's
 * JS). Load it before a live query runs: a Dexie live query must await nothing but database calls, or it stops
 * noticing the writes that should re-run it.
 */
export const loadTodayCounter = (): Promise<TodayCounter> =>
  import('./today').then((m) => m.getTodayCounts);

/**
 * Today's counts from the database, stored as the snapshot when `storage` is given and watched. The snapshot never
 * holds counts from before a write it has not seen (see the ordering argument below).
 */
export async function countTodayWithSnapshot(
  db: CoursedeckDb,
  storage: SnapshotStorage | undefined,
  now: number,
  count: TodayCounter,
): Promise<TodayCounts> {
  const counts = await count(db, now);
  // Stored in the microtasks that follow the count's read transaction. A write that waited for that transaction
  // commits later, so its announcement (which drops the snapshot) comes after this store; a write committed before
  // the read began is in the counts. So no generation check here: it would only drop good counts (a write's
  // announcement can arrive after a later read has begun).
  if (storage && watched.get(storage)?.has(db.name)) {
    keep(storage, keyOf(db), { savedAt: now, validUntil: counts.changesAt, value: counts });
  }
  return counts;
}

/** A session's first card (all decks) as kept for a cold start, with its course's settings to preview it again. */
export type FirstCardSnapshot = { next: Extract<NextCard, { queue: unknown }>; settings: Settings };

/**
 * Keeps the first card of a session over all decks beside the counts, so "Study now" on a cold start shows it before
 * the database has opened. Kept only for as long as the queue's head cannot move by itself until the next write: until
 * the study day ends (`counts.changesAt`) or, when the card is not a learning card, until the next learning card
 * comes due (it would go first). The review order is the one of the moment it was taken. Nothing is kept if the
 * database was written meanwhile.
 */
export async function snapshotFirstCard(
  db: CoursedeckDb,
  storage: SnapshotStorage,
  now: number,
  counts: TodayCounts,
  next: Promise<NextCard>,
): Promise<void> {
  const card = await next;
  // As for the counts (see countTodayWithSnapshot), taken as the look-up's read completes; what is read after it
  // (learning due times, settings) is read with a write announced meanwhile meaning nothing is kept.
  const before = queueWriteCount(db.name);
  if (!card.card) {
    safely(() => storage.removeItem(cardKeyOf(db)));
    return;
  }
  let validUntil = counts.changesAt;
  if (card.queue !== 'learning') {
    // A learning card coming due later today goes first then: the kept card holds until the earliest one is due.
    const { firstDueBetween } = await import('../db/repo');
    const dues = await Promise.all(
      (['learning', 'relearning'] as const).map((q) => firstDueBetween(db, q, now, validUntil)),
    );
    for (const due of dues) if (due !== null) validUntil = Math.min(validUntil, due);
  }
  const { getCourseSettings } = await import('./settings');
  const settings = await getCourseSettings(db, card.card.course);
  if (queueWriteCount(db.name) !== before || !watched.get(storage)?.has(db.name)) return;
  keep<FirstCardSnapshot>(storage, cardKeyOf(db), {
    savedAt: now,
    validUntil,
    value: { next: card, settings },
  });
}

/** The kept first card if it still holds at `now` (see {@link snapshotFirstCard}), or null. */
export function readFirstCardSnapshot(
  db: CoursedeckDb,
  storage: SnapshotStorage,
  now: number,
): FirstCardSnapshot | null {
  const kept = readKept<FirstCardSnapshot>(storage, cardKeyOf(db), now);
  return kept?.next?.card ? kept : null;
}

export type TodaySnapshotKeeperOptions = {
  document?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;
  now?: () => number;
  /** Recount this long after the last write (a pause in a session). */
  quietMs?: number;
};

/**
 * Watches `db` (see {@link watchTodaySnapshot}) and stores a fresh snapshot (counts and first card) when there is none: after a pause in the
 * writes and when the page is hidden (the learner leaves the app), so the next cold start has one even when the
 * last screen was a review. Returns a function that stops it.
 */
export function keepTodaySnapshot(
  db: CoursedeckDb,
  storage: SnapshotStorage,
  options: TodaySnapshotKeeperOptions = {},
): () => void {
  const doc = options.document ?? globalThis.document;
  const now = options.now ?? (() => Date.now());
  // Right after a burst of writes (a count is a few cheap reads): a learner often closes the app right after the
  // last answer, and a later recount would never run.
  const quietMs = options.quietMs ?? 150;
  const unwatch = watchTodaySnapshot(db, storage);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const recount = () => {
    clearTimeout(timer);
    if (stopped) return;
    // A closed database (another tab upgraded it) or a failed read: there is simply no snapshot this time.
    const at = now();
    loadTodayCounter()
      .then(async (count) => {
        const counts = await countTodayWithSnapshot(db, storage, at, count);
        const { nextCard } = await import('./today');
        await snapshotFirstCard(db, storage, at, counts, nextCard(db, at));
      })
      .catch(() => undefined);
  };
  const onWrite = (parts: ObservabilitySet) => {
    if (!changesQueue(parts, db.name)) return;
    clearTimeout(timer);
    timer = setTimeout(recount, quietMs);
  };
  const onVisibility = () => {
    if (doc?.visibilityState === 'hidden') recount();
  };
  Dexie.on('storagemutated', onWrite);
  doc?.addEventListener('visibilitychange', onVisibility);
  return () => {
    stopped = true;
    clearTimeout(timer);
    Dexie.on.storagemutated.unsubscribe(onWrite);
    doc?.removeEventListener('visibilitychange', onVisibility);
    unwatch();
  };
}
