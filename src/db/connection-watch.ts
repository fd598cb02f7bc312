/**
 * One `storagemutated` listener for a set of database connections, each held weakly (a closed, dropped connection is
 * forgotten, never kept alive by the listener): Dexie announces every committed write of this tab and of other tabs
 * once, to every listener, so a module that keeps something per connection registers its connections here instead
 * of adding a listener per connection. And {@link onDatabaseWrite}, for a job that waits on one database's writes.
 */
import Dexie, { type ObservabilitySet } from 'dexie';

/**
 * A `watch(db)` function: the first call installs the one listener, and every watched connection that is still alive
 * gets `onMutated(db, parts)` for each announced write (`parts` names the tables and keys, `idb://<db>/<table>/…`).
 */
export function watchConnections<T extends Dexie>(
  onMutated: (db: T, parts: ObservabilitySet) => void,
): (db: T) => void {
  const connections = new Set<WeakRef<T>>();
  const seen = new WeakSet<T>();
  let listening = false;
  return (db) => {
    if (!seen.has(db)) {
      seen.add(db);
      connections.add(new WeakRef(db));
    }
    if (listening) return;
    listening = true;
    Dexie.on('storagemutated', (parts) => {
      for (const ref of connections) {
        const target = ref.deref();
        if (target) onMutated(target, parts);
        else connections.delete(ref);
      }
    });
  };
}

/**
 * Calls `listener` after every committed write to database `db` that Dexie announces (`storagemutated`: this tab's
 * writes, and other tabs' through BroadcastChannel), whatever the connection. Returns a function that stops it.
 */
export function onDatabaseWrite(db: Dexie, listener: () => void): () => void {
  const prefix = `idb://${db.name}/`;
  const onMutated = (parts: ObservabilitySet) => {
    if (Object.keys(parts).some((key) => key.startsWith(prefix))) listener();
  };
  Dexie.on('storagemutated', onMutated);
  return () => Dexie.on.storagemutated.unsubscribe(onMutated);
}
