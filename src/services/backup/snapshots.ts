/**
 * Automatic local snapshots, as Anki keeps backups: a full backup (gzip) stored in a small IndexedDB database of its
 * own (`<db name>-snapshots`), so the main schema is untouched and a snapshot survives a failed restore of the main
 * one. Taken before each restore, merge and schema upgrade, and at most every 30 minutes after changes; pruned to
 * recent, daily, weekly and monthly ones.
 */
import Dexie, { type EntityTable } from 'dexie';
import {
  DEFAULT_SNAPSHOT_POLICY,
  pruneSnapshots,
  SNAPSHOT_INTERVAL_MS,
  type SnapshotPolicy,
} from '../../domain/backup';
import type { CoursedeckDb } from '../../db/schema';

export type SnapshotReason =
  | 'before-restore'
  | 'before-merge'
  | 'before-upgrade'
  | 'before-import'
  | 'before-repair'
  | 'periodic';

/** What Settings lists: when, why, and how much it holds. */
export type SnapshotInfo = {
  id: string;
  createdAt: number;
  reason: SnapshotReason;
  /** Compressed size in bytes. */
  size: number;
  cards: number;
  reviews: number;
  /** Review-log count, tombstone count and latest answer time: equal signatures hold the same history. */
  signature: string;
};

type SnapshotBlob = { id: string; bytes: Uint8Array };

export type SnapshotDb = Dexie & {
  info: EntityTable<SnapshotInfo, 'id'>;
  blobs: EntityTable<SnapshotBlob, 'id'>;
};

/** Open handles per IndexedDB factory (tests give each test a fresh factory) and database name. */
const open = new WeakMap<object, Map<string, SnapshotDb>>();

/** The snapshot store that belongs to a Coursedeck database. */
export function snapshotDbFor(name: string): SnapshotDb {
  const factory = Dexie.dependencies.indexedDB as object;
  let byName = open.get(factory);
  if (!byName) {
    byName = new Map();
    open.set(factory, byName);
  }
  const key = `${name}-snapshots`;
  let db = byName.get(key);
  if (!db) {
    db = new Dexie(key) as SnapshotDb;
    // v1: snapshot descriptions (listed) apart from their bytes (loaded only to restore).
    db.version(1).stores({ info: 'id, createdAt', blobs: 'id' });
    byName.set(key, db);
  }
  return db;
}

/** Snapshots, newest first. */
export async function listSnapshots(db: CoursedeckDb): Promise<SnapshotInfo[]> {
  return await snapshotDbFor(db.name).info.orderBy('createdAt').reverse().toArray();
}

export async function readSnapshotBytes(
  db: CoursedeckDb,
  id: string,
): Promise<Uint8Array | undefined> {
  return (await snapshotDbFor(db.name).blobs.get(id))?.bytes;
}

export async function storeSnapshot(
  db: CoursedeckDb,
  info: SnapshotInfo,
  bytes: Uint8Array,
): Promise<void> {
  const store = snapshotDbFor(db.name);
  await store.transaction('rw', [store.info, store.blobs], async () => {
    await store.info.put(info);
    await store.blobs.put({ id: info.id, bytes });
  });
}

/**
 * Snapshots may take at most this much space together (compressed). A phone's storage is shared with the
 * collection itself; past the budget the oldest snapshots go first, the newest one always stays.
 */
export const SNAPSHOT_BUDGET_BYTES = 256 * 1024 * 1024;

/** Delete the snapshots the policy does not keep, then the oldest beyond the size budget; returns how many went. */
export async function pruneStoredSnapshots(
  db: CoursedeckDb,
  options: { policy?: SnapshotPolicy; offsetMs?: number; budgetBytes?: number } = {},
): Promise<number> {
  const store = snapshotDbFor(db.name);
  return store.transaction('rw', [store.info, store.blobs], async () => {
    const all = await store.info.toArray();
    const { keep, remove } = pruneSnapshots(
      all,
      options.policy ?? DEFAULT_SNAPSHOT_POLICY,
      options.offsetMs ?? 0,
    );
    const budget = options.budgetBytes ?? SNAPSHOT_BUDGET_BYTES;
    // `keep` is newest first: walk it and drop whatever no longer fits.
    let used = 0;
    keep.forEach((snapshot, i) => {
      used += snapshot.size;
      if (i > 0 && used > budget) remove.push(snapshot);
    });
    const ids = remove.map((s) => s.id);
    await store.info.bulkDelete(ids);
    await store.blobs.bulkDelete(ids);
    return ids.length;
  });
}

export { SNAPSHOT_INTERVAL_MS };
