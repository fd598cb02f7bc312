/**
 * Where the optimizer worker keeps its compact copy of the review log (services/optimizer-log-copy.ts): one file per
 * database in the origin private file system. Outside IndexedDB, so the copy is never part of the database or of a
 * backup, and it goes with the site's data when the learner clears it. Where the file system is missing or refuses,
 * there is simply no copy (the log is read whole).
 */
import type { LogCopyStore } from '../services/optimizer-log-copy';

/** The synchronous handle dedicated workers get (Safari before 26 has no `createWritable`); not in TS's DOM lib. */
type SyncAccessHandle = {
  truncate: (size: number) => void;
  write: (buffer: ArrayBufferView, options?: { at?: number }) => number;
  flush: () => void;
  close: () => void;
};

export function opfsLogCopyStore(dbName: string): LogCopyStore {
  const name = `optimizer-log-copy-${encodeURIComponent(dbName)}.bin`;
  const directory = () => navigator.storage.getDirectory();
  return {
    read: async () => {
      try {
        const handle = await (await directory()).getFileHandle(name);
        return await (await handle.getFile()).arrayBuffer();
      } catch {
        return null;
      }
    },
    write: async (bytes) => {
      const handle = await (await directory()).getFileHandle(name, { create: true });
      if (typeof handle.createWritable === 'function') {
        // Written to a temporary file and swapped in on close: a reader never sees half a copy.
        const writable = await handle.createWritable();
        await writable.write(bytes);
        await writable.close();
        return;
      }
      const access = await (
        handle as unknown as { createSyncAccessHandle: () => Promise<SyncAccessHandle> }
      ).createSyncAccessHandle();
      try {
        access.truncate(0);
        access.write(new Uint8Array(bytes), { at: 0 });
        access.flush();
      } finally {
        access.close();
      }
    },
  };
}
