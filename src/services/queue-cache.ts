/**
 * The order of today's due reviews, kept per database connection for up to half an hour: ordering by retrievability
 * needs every due review's stability and last review (read from the due buckets, src/db/due-reviews.ts); after that
 * each next card costs a few reads. Cards answered, suspended, reset or retired since are skipped when read (each is
 * re-checked), so the order only needs rebuilding when cards become due reviews by some other way: undo, sync,
 * unsuspend, restore, merge, new parameters. The use-cases that do so call {@link invalidateQueue}; anything else is
 * picked up when the order expires.
 */
import type { CoursedeckDb } from '../db/schema';
import { writeGeneration, type WatchedTable } from '../db/write-generation';

export type ReviewOrder = { key: string; builtAt: number; ids: string[]; pos: number };

/** How long an order is trusted (ms of the caller's clock). */
export const REVIEW_ORDER_TTL_MS = 30 * 60_000;

const cache = new WeakMap<CoursedeckDb, Map<string, ReviewOrder>>();

export function getReviewOrder(
  db: CoursedeckDb,
  key: string,
  now: number,
): ReviewOrder | undefined {
  const o = cache.get(db)?.get(key);
  if (!o || now < o.builtAt || now - o.builtAt > REVIEW_ORDER_TTL_MS) return undefined;
  return o;
}

export function setReviewOrder(db: CoursedeckDb, order: ReviewOrder): void {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  m.set(order.key, order);
}

/** Forget the cached review order(s) of a database: the next card is looked up afresh. */
export function invalidateQueue(db: CoursedeckDb): void {
  cache.delete(db);
}

/**
 * Forget orders built after `time`: an answer dated before an order was built (a back-dated answer, as tests and
 * simulations make) may have produced a review that is due within that order's day.
 */
export function invalidateQueueBuiltAfter(db: CoursedeckDb, time: number): void {
  const m = cache.get(db);
  if (!m) return;
  for (const [key, order] of m) if (order.builtAt > time) m.delete(key);
}

/** Reads shared by today's counts and the next card: the due cards and today's log rows. */
type SharedSlot = 'dueEntries' | 'logSince';
type Shared = { key: string; generation: number; value: unknown };
const shared = new WeakMap<CoursedeckDb, Map<SharedSlot, Shared>>();

/**
 * What was read from `table` under `key` and kept per connection, if `table` has not been written since that read
 * began (src/db/write-generation.ts): the Today screen's counts and the Review screen's first card read the same due
 * cards and the same log rows of today, and the second call reuses them. Synchronous on purpose: inside a Dexie
 * transaction only Dexie's own requests may be awaited. `generation` is to be passed to {@link keepShared} with
 * what the caller then reads.
 */
export function peekShared<T>(
  db: CoursedeckDb,
  slot: SharedSlot,
  key: string,
  table: WatchedTable,
): { value: T | undefined; generation: number } {
  const generation = writeGeneration(db, table);
  const hit = shared.get(db)?.get(slot);
  const fresh = hit !== undefined && hit.key === key && hit.generation === generation;
  return { value: fresh ? (hit.value as T) : undefined, generation };
}

/** Keep what was read (see {@link peekShared}), stamped with the generation seen before reading it. */
export function keepShared(
  db: CoursedeckDb,
  slot: SharedSlot,
  key: string,
  generation: number,
  value: unknown,
): void {
  let m = shared.get(db);
  if (!m) shared.set(db, (m = new Map()));
  m.set(slot, { key, generation, value });
}
