import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CardRecord, MemoryState, ReviewLogEntry } from '../domain/model';
import { newMemoryState } from '../domain/scheduler';
import { dueReviewRowOf } from './due-reviews';
import { dueReviewRows, toStored } from './repo';
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

/** The rows the middleware must have kept: exactly those derived from the cards now stored. */
async function expectInStep() {
  const cards = await db.cards.toArray();
  const expected = cards
    .map(dueReviewRowOf)
    .filter((r) => r !== null)
    .sort((a, b) => a.due - b.due || (a.id < b.id ? -1 : 1));
  expect(await db.dueReviews.toArray()).toEqual(expected);
}

beforeEach(() => {
  db = openDatabase('due-reviews');
});

describe('the due-review rows', () => {
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
    expect((await db.dueReviews.toArray()).map((r) => r.id)).toEqual(['b', 'a', 'e']);

    // A new due date moves the row; a card leaving the review queue loses it; one entering gains it.
    await db.cards.put(toStored(card('a', review(T0 + 5 * DAY))));
    await db.cards.update('b', { suspended: true, queue: 'suspended' });
    await db.cards.update('d', { suspended: false, queue: 'review' });
    await db.cards
      .where('id')
      .equals('e')
      .modify({ buriedUntil: T0 + DAY });
    await expectInStep();
    expect((await db.dueReviews.get([T0 + 2 * DAY, 'e']))?.buriedUntil).toBe(T0 + DAY);

    await db.cards.delete('a');
    await db.cards.bulkDelete(['zzz', 'e']);
    await expectInStep();
    await db.cards.where('id').between('a', 'e', true, true).delete();
    await expectInStep();

    await db.cards.bulkPut([card('f', review(T0)), card('g', review(T0 + DAY))].map(toStored));
    await db.cards.clear();
    await expectInStep();
    expect(await db.dueReviews.count()).toBe(0);
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

  it('give the review cards due before a time, earliest first, in one range read', async () => {
    await db.cards.bulkAdd(
      [
        card('late', review(T0 + 3 * DAY)),
        card('x', review(T0 + DAY)),
        card('edge', review(T0 + 2 * DAY)),
        card('early', review(T0 - DAY)),
      ].map(toStored),
    );
    expect((await dueReviewRows(db, T0 + 2 * DAY)).map((r) => r.id)).toEqual(['early', 'x']);
  });
});

describe('schema v3 upgrade', () => {
  it('fills the rows from the review cards of a v2 database and leaves the review log untouched', async () => {
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
    expect((await db.dueReviews.toArray()).map((r) => r.id)).toEqual(['r2', 'r1']);
    await expectInStep();
    expect(await db.reviewLog.toArray()).toEqual(log);
    expect(db.verno).toBe(3);
  });
});
