import { describe, expect, it } from 'vitest';
import { newMemoryState } from '../domain/scheduler';
import { toStored } from './repo';
import { openDatabase } from './schema';
import { writeGeneration } from './write-generation';

const T0 = new Date(2026, 10, 26, 10).getTime();

const card = (id: string) =>
  toStored({
    id,
    deckId: 'd-01',
    course: 'Course',
    chapter: 1,
    kind: 'concept',
    front: 'f',
    back: 'b',
    section: 'S',
    position: 0,
    group: id,
    source: { file: 'd-01/README.md', line: 1 },
    selfGraded: false,
    memory: newMemoryState(T0),
    suspended: false,
    buriedUntil: 0,
    retired: false,
    leech: false,
    version: 1,
  });

/** Dexie reports other connections' writes after they commit, on a later turn. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('the write generation', () => {
  it('moves for the table written through this connection, and only for it', async () => {
    const db = openDatabase('wg-own');
    // Creating the database reports every table as changed: let that pass first.
    await db.open();
    await new Promise((r) => setTimeout(r, 20));
    const cards = writeGeneration(db, 'cards');
    const log = writeGeneration(db, 'reviewLog');
    await db.cards.put(card('a'));
    expect(writeGeneration(db, 'cards')).toBeGreaterThan(cards);
    expect(writeGeneration(db, 'reviewLog')).toBe(log);
    await db.meta.put({ key: 'x', value: 1 });
    expect(writeGeneration(db, 'reviewLog')).toBe(log);
  });

  it('moves when another connection to the same database writes (another tab)', async () => {
    const here = openDatabase('wg-shared');
    const there = openDatabase('wg-shared');
    await here.open();
    const before = writeGeneration(here, 'cards');
    await there.cards.put(card('b'));
    await until(() => writeGeneration(here, 'cards') > before);
    expect(writeGeneration(here, 'cards')).toBeGreaterThan(before);
  });
});
