import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import type { Grade } from '../domain/model';
import { answerCard, undoDepth, undoLast } from './answer';
import { cardInfo, replayCardMemory } from './browse';
import { CardChangedError } from './errors';
import { syncDecks } from './sync';
import { deckServer, makeDeck } from './testing/deck-fixtures';
import { nextCard } from './today';

const T0 = new Date(2026, 10, 26, 10).getTime();
const DAY = 86_400_000;
let db: CoursedeckDb;

beforeEach(async () => {
  db = openDatabase('t');
  const cards = Array.from({ length: 15 }, (_, i) => ({ id: `c${i}` }));
  await syncDecks(db, deckServer([makeDeck('d-01', 1, cards)]).fetcher, T0);
});

async function answer(id: string, grade: Grade, now: number) {
  const card = (await db.cards.get(id))!;
  return answerCard(db, {
    cardId: id,
    expectedVersion: card.version,
    grade,
    now,
    durationMs: 3000,
  });
}

describe('answering a card', () => {
  it('writes the new state and exactly one review-log row with the state before and after', async () => {
    const before = (await db.cards.get('c0'))!;
    const r = await answer('c0', 3, T0);
    const after = (await db.cards.get('c0'))!;
    expect(after.version).toBe(before.version + 1);
    expect(after.memory.phase).toBe('learning');
    const log = await db.reviewLog.toArray();
    expect(log).toEqual([r.entry]);
    expect(r.entry).toMatchObject({
      cardId: 'c0',
      deckId: 'd-01',
      rating: 3,
      reviewedAt: T0,
      durationMs: 3000,
      kind: 'review',
    });
    expect(r.entry.before).toEqual(before.memory);
    expect(r.entry.after).toEqual(after.memory);
  });

  it('refuses with a typed error, writing nothing, when the card changed since it was shown', async () => {
    const shown = (await db.cards.get('c0'))!;
    await answer('c0', 3, T0); // another tab
    await expect(
      answerCard(db, {
        cardId: 'c0',
        expectedVersion: shown.version,
        grade: 1,
        now: T0 + 1000,
        durationMs: 1,
      }),
    ).rejects.toBeInstanceOf(CardChangedError);
    expect(await db.reviewLog.count()).toBe(1);
  });

  it('marks quiz answers as such', async () => {
    const card = (await db.cards.get('c1'))!;
    const r = await answerCard(db, {
      cardId: 'c1',
      expectedVersion: card.version,
      grade: 4,
      now: T0,
      durationMs: 10,
      kind: 'quiz',
    });
    expect(r.entry.kind).toBe('quiz');
  });
});

describe('undo', () => {
  it('restores the card exactly and deletes exactly that review-log row, leaving a tombstone', async () => {
    await answer('c1', 3, T0 - 1000);
    const before = (await db.cards.get('c0'))!;
    const r = await answer('c0', 1, T0);
    const undone = await undoLast(db, T0 + 5000);
    expect(undone?.logId).toBe(r.entry.id);
    expect(await db.cards.get('c0')).toEqual(before);
    const log = await db.reviewLog.toArray();
    expect(log.map((l) => l.cardId)).toEqual(['c1']);
    expect(await db.tombstones.toArray()).toEqual([
      { id: r.entry.id, cardId: 'c0', undoneAt: T0 + 5000 },
    ]);
    expect((await cardInfo(db, 'c0', T0))?.undone).toHaveLength(1);
  });

  it('undoes at least ten answers in reverse order, back to the untouched collection', async () => {
    const original = await db.cards.toArray();
    for (let i = 0; i < 12; i++) await answer(`c${i}`, ((i % 4) + 1) as Grade, T0 + i * 1000);
    expect(await undoDepth(db)).toBe(12);
    for (let i = 11; i >= 0; i--) expect((await undoLast(db, T0 + DAY))?.cardId).toBe(`c${i}`);
    expect(await undoLast(db, T0 + DAY)).toBeNull();
    expect(await db.cards.toArray()).toEqual(original);
    expect(await db.reviewLog.count()).toBe(0);
    expect(await db.tombstones.count()).toBe(12);
  });

  it('puts back only the schedule when a sync changed the card’s text in between', async () => {
    const before = (await db.cards.get('c0'))!;
    await answer('c0', 3, T0);
    const cards = Array.from({ length: 15 }, (_, i) => ({
      id: `c${i}`,
      ...(i === 0 ? { front: 'Edited' } : {}),
    }));
    await syncDecks(db, deckServer([makeDeck('d-01', 1, cards)]).fetcher, T0 + 1000);
    await undoLast(db, T0 + 2000);
    const after = (await db.cards.get('c0'))!;
    expect(after.front).toBe('Edited');
    expect(after.memory).toEqual(before.memory);
    expect(after.version).toBeGreaterThan(before.version);
  });
});

describe('leeches', () => {
  it('tags and suspends a card at its eighth lapse, and says so once', async () => {
    let now = T0;
    const flags: boolean[] = [];
    // Learn it, then forget it repeatedly: each Again on a review card is a lapse.
    await answer('c0', 4, now);
    while (((await db.cards.get('c0'))!.memory.lapses ?? 0) < 8) {
      const card = (await db.cards.get('c0'))!;
      now = Math.max(now, card.memory.due) + 60_000;
      const grade: Grade = card.memory.phase === 'review' ? 1 : 4;
      flags.push((await answer('c0', grade, now)).becameLeech);
    }
    const card = (await db.cards.get('c0'))!;
    expect(card.memory.lapses).toBe(8);
    expect(card.leech).toBe(true);
    expect(card.suspended).toBe(true);
    expect(flags.filter(Boolean)).toHaveLength(1);
    expect(flags.at(-1)).toBe(true);
    // A suspended leech is not offered any more.
    const nextDay = now + 30 * DAY;
    const n = await nextCard(db, nextDay);
    expect(n.card?.id).not.toBe('c0');
    expect(await replayCardMemory(db, 'c0')).toEqual(card.memory);
  });
});
