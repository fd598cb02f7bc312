/**
 * The page side of the snapshot worker: {@link periodicSnapshotOffPage} runs the periodic snapshot check in a worker
 * of its own, which ends with its answer. Where there are no module workers (the tests' jsdom, Node), it runs the
 * same check on this thread.
 */
import type { CoursedeckDb } from '../db/schema';
import type { SnapshotInfo } from '../services/backup/snapshots';
import type { SnapshotReply, SnapshotRequest } from './snapshot-protocol';

/**
 * Takes the periodic snapshot of `db` when one is due (see `maybeTakePeriodicSnapshot`), off the page: resolves with
 * the snapshot taken, or null when none was due; rejects with the worker's reason when it failed.
 */
export async function periodicSnapshotOffPage(db: CoursedeckDb): Promise<SnapshotInfo | null> {
  if (typeof Worker !== 'function') {
    const { maybeTakePeriodicSnapshot } = await import('../services/backup/backup');
    return maybeTakePeriodicSnapshot(db);
  }
  const worker = new Worker(new URL('./snapshot.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<SnapshotInfo | null>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<SnapshotReply>) => {
        const reply = event.data;
        if (reply.type === 'done') resolve(reply.info);
        else reject(new Error(reply.message));
      };
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(event.message || 'The snapshot worker failed to start.'));
      };
      worker.postMessage({ dbName: db.name } satisfies SnapshotRequest);
    });
  } finally {
    worker.terminate();
  }
}
