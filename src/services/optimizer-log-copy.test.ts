import { beforeEach, describe, expect, it } from 'vitest';
import { seedOptimizerCollection } from '../../tests/support/optimizer-fixture';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import type { ReviewLogEntry } from '../domain/model';
import { logSignature, readScopeLog, scopeLog } from './optimizer';
import {
  decodeLogCopy,
  encodeLogCopy,
  readLogWithCopy,
  type LogCopyStore,
  type OptimizerLogRow,
} from './optimizer-log-copy';

let db: CoursedeckDb;
let now: number;
beforeEach(async () => {
  db = openDatabase('log-copy-test');
  ({ now } = await seedOptimizerCollection(db));
});

/** A store in memory that counts its writes. */
function memoryStore(): LogCopyStore & { bytes: ArrayBuffer | null; writes: number } {
  const store = {
    bytes: null as ArrayBuffer | null,
    writes: 0,
    read: async () => store.bytes,
    write: async (bytes: ArrayBuffer) => {
      store.bytes = bytes;
      store.writes++;
    },
  };
  return store;
}

/** What the optimizer reads of each row, as `getAll` gives the rows (key order). */
const project = (rows: readonly OptimizerLogRow[]) =>
  rows.map(({ id, cardId, deckId, kind, rating, reviewedAt, before }) => ({
    id,
    cardId,
    deckId,
    kind,
    rating,
    reviewedAt,
    phase: before.phase,
  }));

async function wholeLog(): Promise<ReturnType<typeof project>> {
  return project(await db.reviewLog.toArray());
}

/** Reads through the copy and, as the worker does, writes a new copy when it was out of date. */
async function readAndKeep(store: LogCopyStore, at = now) {
  const read = await readLogWithCopy(db, store, at);
  if (read.copyStale) await store.write(encodeLogCopy(read.log, at));
  return read;
}

async function latest(): Promise<ReviewLogEntry> {
  const row = await db.reviewLog.orderBy('reviewedAt').last();
  if (!row) throw new Error('no log');
  return row;
}

describe("the optimizer's copy of the review log", () => {
  it('keeps what the optimizer reads of every row, and nothing it must not keep', async () => {
    const log = await db.reviewLog.toArray();
    const future = { ...log[0]!, id: 'zz-future', reviewedAt: now + 60_000 };
    const timeless = { ...log[0]!, id: 'zz-timeless', reviewedAt: Number.NaN };

    const copy = decodeLogCopy(encodeLogCopy([...log, future, timeless], now));

    expect(copy?.createdAt).toBe(now);
    // Rows timed after the copy or not timed at all are left to the database (the data check may still change them).
    expect(project(copy?.rows ?? [])).toEqual(project(log));
  });

  it('refuses bytes that are not a copy of its format', () => {
    expect(decodeLogCopy(new ArrayBuffer(3))).toBeNull();
    const bytes = encodeLogCopy([], now);
    new DataView(bytes).setUint32(0, 99, true);
    expect(decodeLogCopy(bytes)).toBeNull();
  });

  it('reads the log whole the first time and says a copy is due', async () => {
    const store = memoryStore();

    const read = await readAndKeep(store);

    expect(read.copyStale).toBe(true);
    expect(project(read.log)).toEqual(await wholeLog());
    expect(read.signature).toBe(await logSignature(db));
    expect(store.writes).toBe(1);
  });

  it('gives the log as getAll does from an up-to-date copy, and needs no new one', async () => {
    const store = memoryStore();
    await readAndKeep(store);

    const read = await readAndKeep(store);

    expect(read.copyStale).toBe(false);
    expect(store.writes).toBe(1);
    expect(project(read.log)).toEqual(await wholeLog());
    expect(read.signature).toBe(await logSignature(db));
  });

  it('takes the rows from the copy, not from the database, while their ids are there', async () => {
    const store = memoryStore();
    const log = await db.reviewLog.toArray();
    // A copy whose first row says Easy where the database says otherwise: only a read from the copy gives Easy.
    const marked = log.map((row, i) => (i === 0 ? { ...row, rating: 4 as const } : row));
    await store.write(encodeLogCopy(marked, now));
    expect(log[0]!.rating).not.toBe(4);

    const read = await readLogWithCopy(db, store, now);

    expect(read.log[0]!.rating).toBe(4);
  });

  it('adds the answers given since, drops undone ones, and sees rows merged in from another device', async () => {
    const store = memoryStore();
    await readAndKeep(store);
    const last = await latest();
    // New answers, an undone answer, and another device's older answers merged in (ids that sort anywhere).
    await db.reviewLog.bulkAdd([
      { ...last, id: `${last.id}-1`, reviewedAt: now - 2_000 },
      { ...last, id: `${last.id}-2`, reviewedAt: now - 1_000 },
      { ...last, id: '0000-other-device-a', reviewedAt: last.reviewedAt - 86_400_000 },
      { ...last, id: 'ffff-other-device-b', reviewedAt: last.reviewedAt - 3 * 86_400_000 },
    ]);
    await db.reviewLog.delete(`${last.id}-2`);

    const read = await readAndKeep(store);

    expect(read.copyStale).toBe(true);
    expect(project(read.log)).toEqual(await wholeLog());
    expect(read.signature).toBe(await logSignature(db));
    // The new copy holds them: the next read needs nothing new.
    expect((await readAndKeep(store)).copyStale).toBe(false);
    expect(project((await readLogWithCopy(db, store, now)).log)).toEqual(await wholeLog());
  });

  it('sees an answer time the data check moved, since the copy never kept it', async () => {
    const store = memoryStore();
    const last = await latest();
    // Another device's clock ran ahead: an answer timed tomorrow, kept in the log as it came.
    await db.reviewLog.add({ ...last, id: `${last.id}-ahead`, reviewedAt: now + 86_400_000 });
    await readAndKeep(store);
    // The data check moves it to now, rewriting the row under the same id.
    await db.reviewLog.update(`${last.id}-ahead`, { reviewedAt: now });

    const read = await readLogWithCopy(db, store, now);

    expect(project(read.log)).toEqual(await wholeLog());
  });

  it('does not use a copy made later than now (the clock was set back)', async () => {
    const store = memoryStore();
    const log = await db.reviewLog.toArray();
    const marked = log.map((row, i) => (i === 0 ? { ...row, rating: 4 as const } : row));
    await store.write(encodeLogCopy(marked, now + 86_400_000));

    const read = await readLogWithCopy(db, store, now);

    expect(read.copyStale).toBe(true);
    expect(project(read.log)).toEqual(await wholeLog());
  });

  it('reads the log whole when most of it is missing from the copy (a restore)', async () => {
    const store = memoryStore();
    const log = await db.reviewLog.toArray();
    await store.write(encodeLogCopy(log.slice(0, 10), now));

    const read = await readLogWithCopy(db, store, now);

    expect(read.copyStale).toBe(true);
    expect(project(read.log)).toEqual(await wholeLog());
  });

  it("gives a course's log in the order scopeLog reads it, with the whole log's signature", async () => {
    const store = memoryStore();
    await readAndKeep(store);

    const read = await readScopeLog(db, 'Alpha', { store, now });

    expect(project(read.log as OptimizerLogRow[])).toEqual(project(await scopeLog(db, 'Alpha')));
    expect(read.signature).toBe(await logSignature(db));
    expect(read.staleCopy).toBeUndefined();
  });
});
