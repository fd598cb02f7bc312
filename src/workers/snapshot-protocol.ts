/** Messages between the page and the snapshot worker (snapshot.worker.ts). */
import type { SnapshotInfo } from '../services/backup/snapshots';

export type SnapshotRequest = { dbName: string };

export type SnapshotReply =
  { type: 'done'; info: SnapshotInfo | null } | { type: 'error'; message: string };
