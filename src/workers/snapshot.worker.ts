/**
 * The periodic safety snapshot in a module worker: the check, the read of the whole collection, its JSON and gzip and
 * the write of the snapshot (the backup service's `maybeTakePeriodicSnapshot`, unchanged) run here, off the page. On
 * the page they froze the screen for 2-8 s at 100k cards and 1M log rows (IndexedDB hands the rows over on the
 * requesting thread, then `JSON.stringify` and gzip of ~100 MB). One request per worker: the page starts it when a
 * check is due and it ends when its answer is posted.
 */
import { openDatabase } from '../db/schema';
import { maybeTakePeriodicSnapshot } from '../services/backup/backup';
import type { SnapshotReply, SnapshotRequest } from './snapshot-protocol';

const scope = self as unknown as {
  postMessage: (message: SnapshotReply) => void;
  onmessage: ((event: MessageEvent<SnapshotRequest>) => void) | null;
};

scope.onmessage = (event) => {
  const db = openDatabase(event.data.dbName);
  maybeTakePeriodicSnapshot(db)
    .then((info) => scope.postMessage({ type: 'done', info }))
    .catch((error: unknown) =>
      scope.postMessage({
        type: 'error',
        message: error instanceof Error ? error.message : String(error),
      }),
    )
    .finally(() => db.close());
};
