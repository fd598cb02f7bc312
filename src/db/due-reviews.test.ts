import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CardRecord, MemoryState, ReviewLogEntry } from '../domain/model';
import { newMemoryState } from '../domain/scheduler';
import { BUCKET_MS, dueEntryOf, entriesOf, type DueEntry } from './due-reviews';
import { dueEntries, toStored } from './repo';
import { openDatabase, type CoursedeckDb, type StoredCard } from './schema';

const T0 = new Date(2026, 10, 26, 10).getTime();
const DAY = 86_400_000;
let db: CoursedeckDb;

function review(due: number, stability = 10): MemoryState {
  return {
    phase: 'review',
    due,
    stability,
    difficulty: 5,
    elapsedDays: 10,
    scheduledDays: 10,
    learningSteps: 0,
    reps: 3,
    lapses: 0,
    lastReview: due - 10 * DAY,
  };
}

function card(id: string, memory: MemoryState, extra: Partial<CardRecord> = {}): CardRecord {
  return {
    id,
    deckId: 'd-01',
    course: 'Course',
    chapter: 1,
    kind: 'concept',
    front: `front ${id}`,
    back: `back ${id}`,
    section: 'S',
    position: 0,
    group: `g-${id}`,
    source: { file: 'd-01/README.md', line: 1 },
    selfGraded: false,
    memory,
    suspended: false,
    buriedUntil: 0,
    retired: false,
    leech: false,
    version: 1,
    ...extra,
  };
}

const byId = (a: DueEntry, b: DueEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The entries the middleware must have kept: exactly those derived from the cards now stored, each in its bucket. */
async function expectInStep() {
  const cards = await db.cards.toArray();
  const expected = cards.map(dueEntryOf).filter((e) => e !== null);
  const buckets = await db.dueBuckets.toArray();
  expect(entriesOf(buckets, Infinity).sort(byId)).toEqual(expected.sort(byId));
  for (const k of buckets) {
    expect(k.id.length).toBeGreaterThan(0);
    for (const due of k.due) expect(Math.floor(due / BUCKET_MS)).toBe(k.b);
  }
}

const ids = async () =>
  entriesOf(await db.dueBuckets.toArray(), Infinity)
    .map((e) => e.id)
    .sort();

beforeEach(() => {
  db = openDatabase('due-reviews');
});

describe('the due buckets', () => {
  it('follow every kind of card write: add, put, update, modify, delete and clear', async () => {
    await db.cards.bulkAdd(
      [
        card('a', review(T0 + DAY)),
        card('b', review(T0 - DAY)),
        card('c', newMemoryState(T0)),
        card('d', review(T0), { suspended: true }),
        card('e', review(T0 + 2 * DAY)),
      ].map(toStored),
    );
    await expectInStep();
    expect(await ids()).toEqual(['a', 'b', 'e']);

    // A new due date moves the row; a card leaving the review queue loses it; one entering gains it.
    await db.cards.put(toStored(card('a', review(T0 + 5 * DAY))));
    await db.cards.update('b', { suspended: true, queue: 'suspended' });
    await db.cards.update('d', { suspended: false, queue: 'review' });
    await db.cards
      .where('id')
      .equals('e')
      .modify({ buriedUntil: T0 + DAY });
    await expectInStep();
    expect((await dueEntries(db, Infinity)).find((e) => e.id === 'e')?.buriedUntil).toBe(T0 + DAY);

    await db.cards.delete('a');
    await db.cards.bulkDelete(['zzz', 'e']);
    await expectInStep();
    await db.cards.where('id').between('a', 'e', true, true).delete();
    await expectInStep();

    await db.cards.bulkPut([card('f', review(T0)), card('g', review(T0 + DAY))].map(toStored));
    await db.cards.clear();
    await expectInStep();
    expect(await db.dueBuckets.count()).toBe(0);
  });

  it('are written in the same transaction as the cards, even one that names only the cards', async () => {
    await db.transaction('rw', db.cards, async () => {
      await db.cards.add(toStored(card('a', review(T0))));
    });
    await expectInStep();
    // An aborted transaction leaves neither the card nor its row.
    await expect(
      db.transaction('rw', db.cards, async () => {
        await db.cards.put(toStored(card('b', review(T0))));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.cards.get('b')).toBeUndefined();
    await expectInStep();
  });

  it('keeps every change when several writes to the same day run at once in one transaction', async () => {
    await db.cards.bulkAdd(['a', 'b', 'c', 'd'].map((id, i) => toStored(card(id, review(T0 + i)))));
    // As an answer does: the card's new state and its siblings' burying, all requested together.
    await db.transaction('rw', db.cards, () =>
      Promise.all([
        db.cards.put(toStored(card('a', review(T0 + 3 * DAY)))),
        db.cards.update('b', { buriedUntil: T0 + DAY }),
        db.cards.update('c', { buriedUntil: T0 + DAY }),
        db.cards.add(toStored(card('e', review(T0 + 5)))),
        db.cards.put(toStored(card('f', review(T0 + 6)))),
        db.cards.bulkPut([toStored(card('g', review(T0 + 7)))]),
      ]),
    );
    await expectInStep();
    expect(await ids()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('give the dated cards due before a time, learning included', async () => {
    await db.cards.bulkAdd(
      [
        card('late', review(T0 + 3 * DAY)),
        card('x', review(T0 + DAY)),
        card('edge', review(T0 + 2 * DAY)),
        card('early', review(T0 - DAY)),
        card('learn', { ...review(T0 + 3_600_000), phase: 'learning' }),
        card('new', newMemoryState(T0 - DAY)),
      ].map(toStored),
    );
    const due = await dueEntries(db, T0 + 2 * DAY);
    expect(due.map((e) => [e.id, e.queue]).sort()).toEqual([
      ['early', 'review'],
      ['learn', 'learning'],
      ['x', 'review'],
    ]);
  });
});

describe('schema v3 upgrade', () => {
  it('fills the buckets from the dated cards of a v2 database and leaves the review log untouched', async () => {
    db.close();
    const name = 'upgrade-due-reviews';
    const v2 = new Dexie(name);
    v2.version(2).stores({
      decks: 'id, course, [course+chapter]',
      cards:
        'id, deckId, group, buriedUntil, [queue+memory.due+memory.stability+memory.lastReview], [deckId+queue+memory.due], [queue+course+chapter+position], [deckId+queue+position]',
      reviewLog: 'id, reviewedAt, deckId, [cardId+reviewedAt]',
      tombstones: 'id, cardId',
      settings: 'id',
      meta: 'key',
      dailyStats: 'id, deckId',
    });
    const stored: StoredCard[] = [
      card('r1', review(T0 + DAY)),
      card('r2', review(T0 - DAY)),
      card('n1', newMemoryState(T0)),
      card('s1', review(T0), { suspended: true }),
    ].map(toStored);
    const log: ReviewLogEntry[] = [
      {
        id: 'dev-1',
        cardId: 'r1',
        deckId: 'd-01',
        kind: 'review',
        rating: 3,
        reviewedAt: T0 - 9 * DAY,
        durationMs: 1000,
        before: review(T0 - 9 * DAY),
        after: review(T0 + DAY),
      },
    ];
    await v2.table('cards').bulkAdd(stored);
    await v2.table('reviewLog').bulkAdd(log);
    v2.close();

    db = openDatabase(name);
    expect(await ids()).toEqual(['r1', 'r2']);
    await expectInStep();
    expect(await db.reviewLog.toArray()).toEqual(log);
    expect(db.verno).toBe(3);
  });
});
