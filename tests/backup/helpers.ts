import type { BackupData } from '../../src/domain/backup';
import { toStored } from '../../src/db/repo';
import { openDatabase, type CoursedeckDb } from '../../src/db/schema';
import { DEFAULT_SETTINGS_DOC } from '../../src/domain/settings';
import type { Collection } from '../support/collections';

let counter = 0;

/** A fresh database (each test also has a fresh fake-indexeddb). */
export function freshDb(): CoursedeckDb {
  return openDatabase(`backup-test-${++counter}`);
}

/** Store a collection as the app would have stored it. */
export async function seed(
  db: CoursedeckDb,
  c: Collection,
  settings = DEFAULT_SETTINGS_DOC,
): Promise<void> {
  await db.transaction(
    'rw',
    [db.decks, db.cards, db.reviewLog, db.tombstones, db.settings],
    async () => {
      await db.settings.put({ id: 'settings', doc: settings });
      await db.decks.bulkAdd(c.decks);
      await db.cards.bulkAdd(c.cards.map(toStored));
      await db.reviewLog.bulkAdd(c.reviewLog);
      await db.tombstones.bulkAdd(c.tombstones);
    },
  );
}

/** Every table's rows, sorted by key, as IndexedDB holds them (cards with their stored queue field). */
export async function dump(db: CoursedeckDb): Promise<Record<string, unknown[]>> {
  const byKey = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    decks: (await db.decks.toArray()).sort(byKey),
    cards: (await db.cards.toArray()).sort(byKey),
    reviewLog: (await db.reviewLog.toArray()).sort(byKey),
    tombstones: (await db.tombstones.toArray()).sort(byKey),
    settings: await db.settings.toArray(),
    pacing: [(await db.meta.get('chapterPacing'))?.value ?? null],
  };
}

export function emptyData(): BackupData {
  return { settings: null, decks: [], cards: [], reviewLog: [], tombstones: [] };
}
