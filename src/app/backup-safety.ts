/**
 * Automatic local snapshots at start-up (issue 7), without the backup code (codec, gzip, validation) in the first
 * screen's JS. The snapshot before a schema upgrade has to read the stored database before Dexie upgrades it, so
 * main.tsx lets nothing touch the database until {@link BackupSafetyStart.ready}: when an upgrade is pending, the
 * backup module loads at once and keeps a copy first; otherwise `ready` resolves after one cheap IndexedDB call and
 * the module loads at a pause in the learner's work (see `afterQuiet`), to start the periodic snapshots.
 */
import type { CoursedeckDb } from '../db/schema';
import { SNAPSHOT_QUIET_MS } from '../domain/backup/snapshot-policy';
import { whenQuiet } from './quiet';

/** The backup service's start-up hook (snapshot before an upgrade, then periodic snapshots); returns a stop function. */
export type StartBackupSafety = (db: CoursedeckDb) => Promise<() => void>;

export type BackupSafetyOptions = {
  /** Loads the backup service; by default a dynamic import (its own chunk). */
  load?: () => Promise<StartBackupSafety>;
  /**
   * Runs `task` when the page has nothing more urgent to do; by default at a pause in the learner's work (no database
   * write for a minute, or the page hidden), then `requestIdleCallback` (or a timeout).
   */
  whenIdle?: (task: () => void) => void;
  /** Told when a schema upgrade is pending and its snapshot is being taken (the app can say why it waits). */
  onUpgradeSnapshot?: () => void;
  /**
   * Where the schema version this code last opened is noted (localStorage in the app). When the note matches the
   * code's version, no upgrade can be pending and `ready` resolves without asking IndexedDB: on a large database on
   * disk, even listing the databases waits for the storage to open (about 2 s in the browser benchmark), and the
   * first screen would wait with it.
   */
  versionNote?: Pick<Storage, 'getItem' | 'setItem'>;
};

export type BackupSafetyStart = {
  /** Resolves when the database may be opened: at once, or once the before-upgrade snapshot is stored. Never rejects. */
  ready: Promise<void>;
  /** Resolves to the function that stops the periodic snapshots (a no-op if the backup code failed to load). */
  stop: Promise<() => void>;
};

/** The backup service, with its periodic checks run in the snapshot worker (off the page). */
const loadBackupService = (): Promise<StartBackupSafety> =>
  Promise.all([import('../services/backup/backup'), import('../workers/snapshot-client')]).then(
    ([backup, client]) =>
      (db) =>
        backup.startBackupSafety(db, { check: client.periodicSnapshotOffPage }),
  );

function afterIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 10_000 });
  else setTimeout(task, 2_000);
}

/**
 * Runs `task` at a pause in the learner's work: once the database has had no write for {@link SNAPSHOT_QUIET_MS},
 * or the page is hidden, and then when the browser is idle. The periodic check reads across the whole collection (a snapshot of
 * 100k cards and 1M log rows held a read transaction for 35 s on disk), and every answer's write waits behind such
 * a read: at start-up it met the learner's first answers.
 */
function afterQuiet(task: () => void): void {
  // No page (a worker, Node): no learner to wait for.
  if (typeof document === 'undefined') return afterIdle(task);
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    stopWaiting();
    document.removeEventListener('visibilitychange', onHidden);
    afterIdle(task);
  };
  const stopWaiting = whenQuiet(SNAPSHOT_QUIET_MS, run);
  function onHidden() {
    if (document.visibilityState === 'hidden') run();
  }
  document.addEventListener('visibilitychange', onHidden);
}

/** The IndexedDB factory the database was made with (tests give each test a fresh one). */
function factoryOf(db: CoursedeckDb): IDBFactory {
  const deps = (db as unknown as { _deps?: { indexedDB?: IDBFactory } })._deps;
  return deps?.indexedDB ?? indexedDB;
}

/**
 * Whether opening `db` will upgrade the stored database: it exists at a version below the code's (Dexie stores
 * version × 10). False when the database does not exist yet, is already open, or the browser cannot list databases
 * (`indexedDB.databases()`, missing in Firefox before 126); then there is nothing the snapshot could read anyway.
 */
export async function upgradePending(db: CoursedeckDb): Promise<boolean> {
  if (db.isOpen()) return false;
  const factory = factoryOf(db);
  if (typeof factory.databases !== 'function') return false;
  const existing = (await factory.databases()).find((d) => d.name === db.name);
  return existing?.version !== undefined && existing.version < db.verno * 10;
}

/** localStorage may be missing or refuse access: then the note is simply absent. */
function readNote<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Start automatic snapshots for the app's own database (the same instance the screens use). */
export function startBackupSafetyAtStartUp(
  db: CoursedeckDb,
  options: BackupSafetyOptions = {},
): BackupSafetyStart {
  const load = options.load ?? loadBackupService;
  const whenIdle = options.whenIdle ?? afterQuiet;
  const noop = () => undefined;
  // A failed snapshot or an unloadable chunk must never keep the app from starting.
  const start = () =>
    load()
      .then((startBackupSafety) => startBackupSafety(db))
      .catch(() => noop);
  const noteKey = `coursedeck:schema:${db.name}`;
  const note = options.versionNote;
  const noted = readNote(() => note?.getItem(noteKey));
  if (note) {
    // Noted once Dexie has opened (and so upgraded) the database; the next start then skips the check.
    db.on('ready', () => {
      readNote(() => note.setItem(noteKey, String(db.verno)));
    });
  }
  const pending =
    noted === String(db.verno) ? Promise.resolve(false) : upgradePending(db).catch(() => false);
  const stop = pending.then((upgrade) => {
    if (!upgrade) return new Promise<() => void>((resolve) => whenIdle(() => resolve(start())));
    options.onUpgradeSnapshot?.();
    return start();
  });
  const ready = pending.then(async (upgrade) => {
    if (upgrade) await stop;
  });
  return { ready, stop };
}
