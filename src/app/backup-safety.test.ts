import type Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import { listSnapshots, readSnapshotBytes } from '../services/backup/snapshots';
import { decodeBackup } from '../services/backup/codec';
import { freshDevice, START } from '../../tests/support/collections';
import { seed } from '../../tests/backup/helpers';
import {
  startBackupSafetyAtStartUp,
  upgradePending,
  type StartBackupSafety,
} from './backup-safety';

const NOW = START + 86_400_000;

/** The real backup service, with a note of the database it was started for. */
function recordingLoad(seen: CoursedeckDb[]): () => Promise<StartBackupSafety> {
  return async () => {
    const { startBackupSafety } = await import('../services/backup/backup');
    return (db) => {
      seen.push(db);
      return startBackupSafety(db);
    };
  };
}

/** A database stored by this release, holding two cards and one answer, closed again. */
async function storedDb(name: string): Promise<void> {
  const db = openDatabase(name);
  const device = freshDevice('d', 2);
  device.answer('card-0', 3, START + 60_000);
  await seed(db, device.collection());
  db.close();
}

/** This release's schema version (the database object is not opened). */
const CURRENT = openDatabase('verno-probe').verno;

/** The database as the next release opens it: the current versions as they are, plus one more (an extra index). */
function nextRelease(name: string): CoursedeckDb {
  const db = openDatabase(name);
  (db as unknown as Dexie)
    .version(db.verno + 1)
    .stores({ decks: 'id, course, [course+chapter], title' });
  return db;
}

const stops: (() => void)[] = [];

// IndexedDB work on a loaded 2-core machine: generous time.
describe('backup safety at start-up', { timeout: 30_000 }, () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    vi.useRealTimers();
  });

  it('lets the app start at once and loads the backup code only when idle, for the same database', async () => {
    await storedDb('safety-idle');
    const db = openDatabase('safety-idle');
    const seen: CoursedeckDb[] = [];
    let idleTask: (() => void) | undefined;
    const start = startBackupSafetyAtStartUp(db, {
      load: recordingLoad(seen),
      whenIdle: (task) => (idleTask = task),
    });

    await start.ready;
    expect(seen).toEqual([]);
    expect(idleTask).toBeDefined();
    // The first screen opens the database meanwhile.
    expect(await db.reviewLog.count()).toBe(1);

    idleTask?.();
    stops.push(await start.stop);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(db);
    // No snapshot yet and a history to keep: the check at start takes a periodic one right away.
    await vi.waitFor(async () =>
      expect(await listSnapshots(db)).toMatchObject([{ reason: 'periodic', cards: 2, reviews: 1 }]),
    );
  });

  it('keeps a copy of the data before a schema upgrade, before the database may open', async () => {
    await storedDb('safety-upgrade');
    const db = nextRelease('safety-upgrade');
    expect(await upgradePending(db)).toBe(true);
    const seen: CoursedeckDb[] = [];
    let told = 0;
    const start = startBackupSafetyAtStartUp(db, {
      load: recordingLoad(seen),
      whenIdle: () => {
        throw new Error('an upgrade must not wait for idle time');
      },
      onUpgradeSnapshot: () => told++,
    });

    await start.ready;
    expect(told).toBe(1);
    expect(seen).toEqual([db]);
    const snapshots = await listSnapshots(db);
    const before = snapshots.find((s) => s.reason === 'before-upgrade');
    expect(before).toMatchObject({
      cards: 2,
      reviews: 1,
      signature: `upgrade-from-${CURRENT * 10}`,
    });
    // The copy holds the data as this release stored it, readable as a backup.
    const bytes = await readSnapshotBytes(db, before!.id);
    expect(decodeBackup(bytes!).data.reviewLog).toHaveLength(1);

    // Then the upgrade runs and loses nothing; a second start finds nothing to upgrade.
    await db.open();
    expect(db.verno).toBe(CURRENT + 1);
    expect(await db.reviewLog.count()).toBe(1);
    stops.push(await start.stop);
    db.close();
    expect(await upgradePending(nextRelease('safety-upgrade'))).toBe(false);
  });

  it('is ready at once when the version this code last opened is noted, and still snapshots a noted older one', async () => {
    const note = new Map<string, string>();
    const versionNote = {
      getItem: (k: string) => note.get(k) ?? null,
      setItem: (k: string, v: string) => void note.set(k, v),
    };
    await storedDb('safety-noted');
    // The note is written once Dexie has opened the database.
    const current = openDatabase('safety-noted');
    const first = startBackupSafetyAtStartUp(current, { versionNote, whenIdle: () => undefined });
    await first.ready;
    await current.open();
    expect(note.get('coursedeck:schema:safety-noted')).toBe(String(CURRENT));
    current.close();

    // The same release again: no IndexedDB call before `ready`.
    const again = openDatabase('safety-noted');
    const databases = vi.spyOn(indexedDB, 'databases');
    await startBackupSafetyAtStartUp(again, { versionNote, whenIdle: () => undefined }).ready;
    expect(databases).not.toHaveBeenCalled();
    databases.mockRestore();

    // The next release: the note names an older version, so the upgrade is looked for and snapshotted.
    const seen: CoursedeckDb[] = [];
    const next = nextRelease('safety-noted');
    await startBackupSafetyAtStartUp(next, { versionNote, load: recordingLoad(seen) }).ready;
    expect(seen).toEqual([next]);
    expect((await listSnapshots(next)).some((s) => s.reason === 'before-upgrade')).toBe(true);
    await next.open();
    expect(note.get('coursedeck:schema:safety-noted')).toBe(String(CURRENT + 1));
    next.close();
  });

  it('starts the app even when the backup code cannot load', async () => {
    await storedDb('safety-offline');
    const db = nextRelease('safety-offline');
    const start = startBackupSafetyAtStartUp(db, {
      load: () => Promise.reject(new Error('chunk missing')),
    });
    await expect(start.ready).resolves.toBeUndefined();
    const stop = await start.stop;
    expect(stop()).toBeUndefined();
    expect(await db.reviewLog.count()).toBe(1);
  });

  it('finds no upgrade for a database that does not exist yet or is already open', async () => {
    const fresh = openDatabase('safety-new');
    expect(await upgradePending(fresh)).toBe(false);
    await fresh.open();
    expect(await upgradePending(fresh)).toBe(false);
  });
});
