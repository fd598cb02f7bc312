import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import type { Grade } from '../domain/model';
import { answerCard } from './answer';
import { syncDecks } from './sync';
import { deckServer, makeDeck } from './testing/deck-fixtures';
import { MemoryStorage } from '../../tests/support/memory-storage';
import { getTodayCounts, nextCard } from './today';
import {
  countTodayWithSnapshot,
  keepTodaySnapshot,
  readFirstCardSnapshot,
  readTodaySnapshot,
  snapshotFirstCard,
  watchTodaySnapshot,
  type SnapshotStorage,
} from './today-snapshot';

// 10:00 local time; the study day runs 04:00–04:00.
const T0 = new Date(2026, 10, 26, 10).getTime();
const cards = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i}` }));

/** Answers card `id` as it is stored now. */
async function answer(id: string, grade: Grade, now: number) {
  const card = (await db.cards.get(id))!;
  return answerCard(db, { cardId: id, expectedVersion: card.version, grade, now, durationMs: 1 });
}

/** Dexie announces a committed write a moment after the commit. */
const announced = () => new Promise((resolve) => setTimeout(resolve, 50));

let db: CoursedeckDb;
let storage: MemoryStorage;
let stops: (() => void)[] = [];

beforeEach(async () => {
  db = openDatabase('snapshot');
  storage = new MemoryStorage();
  await syncDecks(db, deckServer([makeDeck('d-01', 1, cards(5))]).fetcher, T0);
  await announced();
});
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

describe('the Today snapshot', () => {
  it('gives back the counts last computed, exactly, while nothing was written', async () => {
    stops.push(watchTodaySnapshot(db, storage));
    const counts = await countTodayWithSnapshot(db, storage, T0, getTodayCounts);
    expect(counts.total.new).toBe(5);
    expect(readTodaySnapshot(db, storage, T0 + 60_000)).toEqual(counts);
    expect(await getTodayCounts(db, T0 + 60_000)).toEqual(counts);
  });

  it('is dropped by a write to the database', async () => {
    stops.push(watchTodaySnapshot(db, storage));
    await countTodayWithSnapshot(db, storage, T0, getTodayCounts);
    await answer('c0', 3, T0 + 1);
    await announced();
    expect(readTodaySnapshot(db, storage, T0 + 2)).toBeNull();
  });

  it('is not used once the study day it counts has ended, nor before it was taken', async () => {
    stops.push(watchTodaySnapshot(db, storage));
    const counts = await countTodayWithSnapshot(db, storage, T0, getTodayCounts);
    expect(readTodaySnapshot(db, storage, counts.changesAt - 1)).not.toBeNull();
    expect(readTodaySnapshot(db, storage, counts.changesAt)).toBeNull();
    expect(readTodaySnapshot(db, storage, T0 - 1)).toBeNull();
  });

  it('is not stored when nobody watches the database for writes', async () => {
    await countTodayWithSnapshot(db, storage, T0, getTodayCounts);
    expect(storage.items.size).toBe(0);
  });

  it('never holds counts from before a write made while they were computed', async () => {
    stops.push(watchTodaySnapshot(db, storage));
    const counting = countTodayWithSnapshot(db, storage, T0, getTodayCounts);
    const writing = answer('c1', 4, T0);
    const [before] = await Promise.all([counting, writing]);
    await announced();
    const kept = readTodaySnapshot(db, storage, T0 + 1);
    // Either nothing is kept, or what is kept is the state after the write.
    if (kept) expect(kept).toEqual(await getTodayCounts(db, T0));
    // Counts taken before the write (5 new cards) must be gone.
    if (before.total.new === 5) expect(kept).toBeNull();
  });

  it('ignores a corrupt or foreign entry and a storage that refuses access', async () => {
    storage.setItem('coursedeck:today:snapshot', '{not json');
    expect(readTodaySnapshot(db, storage, T0)).toBeNull();
    storage.setItem('coursedeck:today:snapshot', JSON.stringify({ v: 2, savedAt: T0 }));
    expect(readTodaySnapshot(db, storage, T0)).toBeNull();
    const refusing: SnapshotStorage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    stops.push(watchTodaySnapshot(db, refusing));
    expect(readTodaySnapshot(db, refusing, T0)).toBeNull();
    await expect(countTodayWithSnapshot(db, refusing, T0, getTodayCounts)).resolves.toMatchObject({
      total: { new: 5 },
    });
  });
});

describe('the kept first card', () => {
  it('is the first card of the session, with its course settings, until a write or the end of the day', async () => {
    stops.push(watchTodaySnapshot(db, storage));
    const counts = await countTodayWithSnapshot(db, storage, T0, getTodayCounts);
    const first = await nextCard(db, T0);
    await snapshotFirstCard(db, storage, T0, counts, Promise.resolve(first));
    const kept = readFirstCardSnapshot(db, storage, T0 + 3_600_000);
    expect(kept?.next).toEqual(first);
    expect(kept?.settings.newPerDay).toBe(20);
    expect(readFirstCardSnapshot(db, storage, counts.changesAt)).toBeNull();

    await answer(first.card!.id, 1, T0 + 1);
    await announced();
    expect(readFirstCardSnapshot(db, storage, T0 + 2)).toBeNull();
  });

  it('holds only until a learning card comes due, which would go first then', async () => {
    stops.push(watchTodaySnapshot(db, storage));
    // Again on a new card: a learning step due a little later.
    await answer('c0', 1, T0);
    await announced();
    const due = (await db.cards.get('c0'))!.memory.due;
    expect(due).toBeGreaterThan(T0 + 1);
    const counts = await countTodayWithSnapshot(db, storage, T0 + 1, getTodayCounts);
    expect(counts.total.learning).toBe(1);
    const first = await nextCard(db, T0 + 1);
    expect(first.card?.id).not.toBe('c0');
    await snapshotFirstCard(db, storage, T0 + 1, counts, Promise.resolve(first));
    expect(readFirstCardSnapshot(db, storage, due - 1)?.next).toEqual(first);
    expect(readFirstCardSnapshot(db, storage, due)).toBeNull();
  });
});

describe('keeping the snapshot', () => {
  it('counts again after a pause in the writes and when the page is hidden', async () => {
    const listeners = new Set<() => void>();
    const doc = {
      visibilityState: 'visible' as DocumentVisibilityState,
      addEventListener: (_: string, fn: () => void) => listeners.add(fn),
      removeEventListener: (_: string, fn: () => void) => listeners.delete(fn),
    };
    stops.push(
      keepTodaySnapshot(db, storage, {
        document: doc as unknown as Pick<
          Document,
          'addEventListener' | 'removeEventListener' | 'visibilityState'
        >,
        now: () => T0 + 10,
        quietMs: 20,
      }),
    );
    await answer('c2', 4, T0);
    await vi.waitFor(() => expect(readFirstCardSnapshot(db, storage, T0 + 10)).not.toBeNull());
    expect(readTodaySnapshot(db, storage, T0 + 10)?.total.new).toBe(4);

    storage.items.clear();
    doc.visibilityState = 'hidden';
    for (const fn of listeners) fn();
    await vi.waitFor(() => expect(readTodaySnapshot(db, storage, T0 + 10)).not.toBeNull());
  });
});
