/**
 * Which writes can change today's queue and counts, for the caches that are dropped on writes (Today's snapshot, the
 * prepared first card). Kept apart from today.ts so the first screen can use it without loading the counting code.
 */
import Dexie, { type ObservabilitySet } from 'dexie';

/** The meta row holding the streak's past run (written by a count itself; see today.ts). */
export const STREAK_KEY = 'streakPast';

type KeyRange = { from: unknown; to: unknown; l?: unknown; r?: unknown };

/** Whether a range set Dexie announced is the single key `key`. */
function isOnly(range: unknown, key: string): boolean {
  const r = range as KeyRange | undefined;
  return !!r && r.from === key && r.to === key && !r.l && !r.r;
}

/**
 * Whether Dexie's announcement of committed writes (`storagemutated`) touches database `dbName` in a way that can
 * change today's queue: any write but the streak's stored run, which a count writes after counting (it caches a value
 * derived from the log, which the count has already read).
 */
export function changesQueue(parts: ObservabilitySet, dbName: string): boolean {
  const prefix = `idb://${dbName}/`;
  const touched = Object.keys(parts).filter((k) => k.startsWith(prefix));
  if (touched.length === 0) return false;
  const metaOnly = touched.every((k) => k.startsWith(`${prefix}meta/`));
  return !(metaOnly && isOnly(parts[`${prefix}meta/`], STREAK_KEY));
}

const counts = new Map<string, number>();
let counting = false;

function countWrites(parts: ObservabilitySet): void {
  const names = new Set<string>();
  for (const key of Object.keys(parts)) {
    const name = /^idb:\/\/([^/]+)\//.exec(key)?.[1];
    if (name !== undefined) names.add(name);
  }
  for (const name of names)
    if (changesQueue(parts, name)) counts.set(name, (counts.get(name) ?? 0) + 1);
}

/**
 * How many writes that can change today's queue (see {@link changesQueue}) Dexie has announced for database `dbName`
 * since this page started counting: a cache of queue data read when the count was n is stale once it moved. Starts
 * counting on the first call, so call it before the read the cache keeps.
 */
export function queueWriteCount(dbName: string): number {
  if (!counting) {
    counting = true;
    Dexie.on('storagemutated', countWrites);
  }
  return counts.get(dbName) ?? 0;
}
