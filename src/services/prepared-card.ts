/**
 * A session's first card, looked up before the learner asks for it: Today prepares it once its counts are shown, so
 * "Study now" opens on a card without the queue's reads (a few round trips to the storage, about 100 ms on a large
 * collection on disk). A prepared card is used only if nothing was written to the database since it was looked up
 * (Dexie announces every write, also other tabs') and it is recent; otherwise the screen looks it up afresh.
 */
import type { CoursedeckDb } from '../db/schema';
import { queueWriteCount } from './queue-writes';
import type { NextCard, SessionOptions } from './today';

/** How long a prepared card is trusted: a learning card coming due meanwhile would otherwise wait one card more. */
export const PREPARED_MAX_AGE_MS = 2 * 60_000;

type Prepared = {
  key: string;
  generation: number;
  preparedAt: number;
  result: Promise<NextCard>;
};

const prepared = new WeakMap<CoursedeckDb, Prepared>();
const keyOf = (opts: SessionOptions) => opts.deckId ?? '*';

/**
 * Looks up the first card of a session (all decks, or `opts.deckId`) now, in the background, for
 * {@link takePreparedCard}; returns the look-up. A failed one is forgotten: the screen then looks the card up itself.
 */
export function prepareFirstCard(
  db: CoursedeckDb,
  now: number,
  opts: SessionOptions = {},
): Promise<NextCard> {
  const entry: Prepared = {
    key: keyOf(opts),
    generation: queueWriteCount(db.name),
    preparedAt: now,
    result: import('./today').then(({ nextCard }) => nextCard(db, now, { deckId: opts.deckId })),
  };
  entry.result.catch(() => {
    if (prepared.get(db) === entry) prepared.delete(db);
  });
  prepared.set(db, entry);
  return entry.result;
}

/**
 * The prepared first card for this session if it still holds at `now` (same scope, no write since, recent), once
 * only; null when there is none and the caller must look the card up.
 */
export async function takePreparedCard(
  db: CoursedeckDb,
  now: number,
  opts: SessionOptions = {},
): Promise<NextCard | null> {
  const entry = prepared.get(db);
  if (!entry) return null;
  prepared.delete(db);
  const fresh = () =>
    entry.key === keyOf(opts) &&
    now >= entry.preparedAt &&
    now - entry.preparedAt <= PREPARED_MAX_AGE_MS &&
    queueWriteCount(db.name) === entry.generation;
  if (!fresh()) return null;
  const result = await entry.result.catch(() => null);
  // A write may have landed while the lookup was still running.
  return result && fresh() ? result : null;
}
