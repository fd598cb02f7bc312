import Dexie, { type ObservabilitySet } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import { changesQueue, STREAK_KEY } from './queue-writes';

let db: CoursedeckDb;
let seen: ObservabilitySet[] = [];
const listen = (parts: ObservabilitySet) => void seen.push(parts);

/** What Dexie announces for one write, collected once it has been announced. */
async function announced(write: () => Promise<unknown>): Promise<ObservabilitySet> {
  seen = [];
  await write();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return Object.assign({}, ...seen) as ObservabilitySet;
}

beforeEach(async () => {
  db = openDatabase('queue-writes');
  // Creating the database is announced as a write to every table: done before listening.
  await db.open();
  await new Promise((resolve) => setTimeout(resolve, 50));
  Dexie.on('storagemutated', listen);
});
afterEach(() => {
  Dexie.on.storagemutated.unsubscribe(listen);
});

describe('which writes can change today’s queue', () => {
  it('not the streak’s stored run, which a count writes itself', async () => {
    const parts = await announced(() => db.meta.put({ key: STREAK_KEY, value: { past: 3 } }));
    expect(changesQueue(parts, db.name)).toBe(false);
  });

  it('any other write: another meta row, the settings, the log', async () => {
    expect(
      changesQueue(await announced(() => db.meta.put({ key: 'pacing', value: {} })), db.name),
    ).toBe(true);
    expect(
      changesQueue(
        await announced(() =>
          db.meta.bulkPut([
            { key: STREAK_KEY, value: {} },
            { key: 'logSeq', value: 1 },
          ]),
        ),
        db.name,
      ),
    ).toBe(true);
    expect(
      changesQueue(
        await announced(() => db.settings.put({ id: 'settings', doc: {} as never })),
        db.name,
      ),
    ).toBe(true);
  });

  it('nothing written to another database', async () => {
    const other = openDatabase('queue-writes-other');
    await other.open();
    const parts = await announced(() => other.meta.put({ key: 'pacing', value: {} }));
    expect(changesQueue(parts, db.name)).toBe(false);
  });
});
