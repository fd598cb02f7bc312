/**
 * Which automatic snapshots to keep, as Anki keeps its backups: the most recent few, then the newest one of each of
 * the last days, weeks and months that have any. Pruning a pruned list keeps it whole (idempotent).
 */

export type SnapshotPolicy = {
  /** The newest snapshots kept whatever their age. */
  recent: number;
  /** Newest snapshot of each of this many most recent days (that have one). */
  daily: number;
  /** Likewise per week (weeks start on Monday). */
  weekly: number;
  /** Likewise per calendar month. */
  monthly: number;
};

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = {
  recent: 8,
  daily: 7,
  weekly: 4,
  monthly: 12,
};

/** At most one automatic snapshot after changes per this interval (30 minutes, as Anki's periodic backup). */
export const SNAPSHOT_INTERVAL_MS = 30 * 60 * 1000;

/**
 * How long the database must go without a write before a snapshot check may run, at start-up and every few minutes.
 * A snapshot reads the whole collection in one read transaction, and every answer's write waits behind it (35 s for
 * 100k cards and 1M log rows on disk in the browser benchmark): during a review session it would hold back the
 * learner's answers, so it waits for a pause in their work.
 */
export const SNAPSHOT_QUIET_MS = 60_000;

const DAY_MS = 24 * 60 * 60 * 1000;

export type SnapshotStamp = { id: string; createdAt: number };

/**
 * Splits snapshots into those to keep and those to delete.
 * `offsetMs` shifts times into the learner's local day (e.g. minus the time-zone offset), since days, weeks and
 * months are calendar ones.
 */
export function pruneSnapshots<X extends SnapshotStamp>(
  snapshots: readonly X[],
  policy: SnapshotPolicy = DEFAULT_SNAPSHOT_POLICY,
  offsetMs = 0,
): { keep: X[]; remove: X[] } {
  const newestFirst = [...snapshots].sort(
    (a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
  const keepIds = new Set<string>(newestFirst.slice(0, policy.recent).map((s) => s.id));
  const day = (s: X) => Math.floor((s.createdAt + offsetMs) / DAY_MS);
  // 1970-01-01 was a Thursday: shifting by 3 days makes week buckets start on Monday.
  const week = (s: X) => Math.floor((day(s) + 3) / 7);
  const month = (s: X) => {
    const date = new Date(s.createdAt + offsetMs);
    return date.getUTCFullYear() * 12 + date.getUTCMonth();
  };
  for (const [bucket, limit] of [
    [day, policy.daily],
    [week, policy.weekly],
    [month, policy.monthly],
  ] as const) {
    const seen = new Set<number>();
    for (const snapshot of newestFirst) {
      const key = bucket(snapshot);
      if (seen.has(key)) continue;
      if (seen.size >= limit) break;
      seen.add(key);
      keepIds.add(snapshot.id);
    }
  }
  return {
    keep: newestFirst.filter((s) => keepIds.has(s.id)),
    remove: newestFirst.filter((s) => !keepIds.has(s.id)),
  };
}

/** Whether a periodic snapshot is due: something changed since the last one and it is at least 30 minutes old. */
export function periodicSnapshotDue(input: {
  now: number;
  lastSnapshotAt: number | null;
  lastChangeAt: number | null;
}): boolean {
  const { now, lastSnapshotAt, lastChangeAt } = input;
  if (lastChangeAt === null) return false;
  if (lastSnapshotAt === null) return true;
  return lastChangeAt > lastSnapshotAt && now - lastSnapshotAt >= SNAPSHOT_INTERVAL_MS;
}

/** How long after the last export the learner is reminded, when the browser may evict the storage. */
export const EXPORT_REMINDER_AFTER_MS = 14 * DAY_MS;

/** Whether to remind the learner to export: storage not persistent, reviews exist, and no export for 14 days. */
export function exportReminderDue(input: {
  now: number;
  persisted: boolean;
  lastExportAt: number | null;
  reviewCount: number;
}): boolean {
  if (input.persisted || input.reviewCount === 0) return false;
  return input.lastExportAt === null || input.now - input.lastExportAt >= EXPORT_REMINDER_AFTER_MS;
}
