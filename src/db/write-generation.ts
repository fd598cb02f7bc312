/**
 * A counter per connection and table (`cards`, `reviewLog`) that moves whenever that table may have changed: every write
 * made through this connection bumps it when requested and again when done (a middleware), and Dexie's
 * `storagemutated` event bumps it for writes of other connections and other tabs. A service may keep what it read
 * from a table for as long as the counter it saw before reading has not moved (today's counts and the next card share
 * the due cards and today's log rows this way instead of reading them twice).
 */
import type Dexie from 'dexie';
import type { DBCore, Middleware } from 'dexie';
import { watchConnections } from './connection-watch';

export type WatchedTable = 'cards' | 'reviewLog';
const WATCHED: readonly WatchedTable[] = ['cards', 'reviewLog'];

const counters = new WeakMap<Dexie, Record<WatchedTable, number>>();

function countersOf(db: Dexie): Record<WatchedTable, number> {
  let c = counters.get(db);
  if (!c) counters.set(db, (c = { cards: 0, reviewLog: 0 }));
  return c;
}

function bump(db: Dexie, table: WatchedTable): void {
  countersOf(db)[table]++;
}

/** The current counter of `table` on this connection. */
export function writeGeneration(db: Dexie, table: WatchedTable): number {
  return countersOf(db)[table];
}

/** Writes of other connections and other tabs, announced by Dexie, bump the watched tables they touched. */
const listen = watchConnections<Dexie>((target, parts) => {
  for (const t of WATCHED) if (`idb://${target.name}/${t}/` in parts) bump(target, t);
});

/** The middleware of one connection (see the module comment). */
export function writeGenerationMiddleware(db: Dexie): Middleware<DBCore> {
  listen(db);
  return {
    stack: 'dbcore',
    name: 'writeGeneration',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        const watched = WATCHED.find((t) => t === name);
        if (!watched) return table;
        return {
          ...table,
          mutate: (req) => {
            bump(db, watched);
            return table.mutate(req).finally(() => bump(db, watched));
          },
        };
      },
    }),
  };
}
