/**
 * Today's counts as last computed, kept in localStorage so that a cold start paints Today before IndexedDB answers
 * (opening a large database on disk and counting in it takes a second or more on a slow device).
 *
 * The snapshot is exact, not an estimate: today's counts are per study day, so they change only when the database
 * is written or when a course's study day ends (`TodayCounts.changesAt`). Every write Dexie announces for the database
 * (its own, and other tabs' through BroadcastChannel) removes the snapshot at once, and a count that was computed
 * across a write is not stored (a write generation is compared). A snapshot is never shown past its `changesAt`.
 * The live count replaces it as soon as the database answers.
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import type { CoursedeckDb } from '../db/schema';
// Only the type: the counting code (./today) is loaded on demand, so the first screen can paint a snapshot without it.
import type { TodayCounts } from './today';

/** The part of `localStorage` used (a fake in tests). */
export type SnapshotStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

type Stored = { v: 1; savedAt: number; counts: TodayCounts };

const keyOf = (db: CoursedeckDb) => `coursedeck:today:${db.name}`;

/** Writes seen per database name since this page started: a count computed across a write is not stored. */
const generations = new Map<string, number>();
const watched = new Map<SnapshotStorage, Set<string>>();
let listening = false;

function onMutated(parts: ObservabilitySet): void {
  const keys = Object.keys(parts);
  for (const [storage, names] of watched) {
    for (const name of names) {
      const prefix = `idb://${name}/`;
      if (!keys.some((k) => k.startsWith(prefix))) continue;
      generations.set(name, (generations.get(name) ?? 0) + 1);
      safely(() => storage.removeItem(`coursedeck:today:${name}`));
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
  const raw = safely(() => storage.getItem(keyOf(db)));
  if (!raw) return null;
  const stored = safely(() => JSON.parse(raw) as Stored);
  if (!stored || stored.v !== 1 || typeof stored.counts?.changesAt !== 'number') return null;
  if (now < stored.savedAt || now >= stored.counts.changesAt) return null;
  return stored.counts;
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
 * Today's counts from the database, stored as the snapshot (when `storage` is given and watched) if no write to the
 * database was announced while they were computed: the snapshot never holds counts from before a write it missed.
 */
export async function countTodayWithSnapshot(
  db: CoursedeckDb,
  storage: SnapshotStorage | undefined,
  now: number,
  count: TodayCounter,
): Promise<TodayCounts> {
  const before = generations.get(db.name) ?? 0;
  const counts = await count(db, now);
  if (storage && (generations.get(db.name) ?? 0) === before && watched.get(storage)?.has(db.name)) {
    const stored: Stored = { v: 1, savedAt: now, counts };
    safely(() => storage.setItem(keyOf(db), JSON.stringify(stored)));
  }
  return counts;
}

export type TodaySnapshotKeeperOptions = {
  document?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;
  now?: () => number;
  /** Recount this long after the last write (a pause in a session). */
  quietMs?: number;
};

/**
 * Watches `db` (see {@link watchTodaySnapshot}) and stores a fresh snapshot when there is none: after a pause in the
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
  const quietMs = options.quietMs ?? 10_000;
  const unwatch = watchTodaySnapshot(db, storage);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const recount = () => {
    clearTimeout(timer);
    if (stopped || readTodaySnapshot(db, storage, now())) return;
    // A closed database (another tab upgraded it) or a failed read: there is simply no snapshot this time.
    loadTodayCounter()
      .then((count) => countTodayWithSnapshot(db, storage, now(), count))
      .catch(() => undefined);
  };
  const prefix = `idb://${db.name}/`;
  const onWrite = (parts: ObservabilitySet) => {
    if (!Object.keys(parts).some((k) => k.startsWith(prefix))) return;
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
