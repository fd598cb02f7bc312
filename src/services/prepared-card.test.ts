import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import { answerCard } from './answer';
import { PREPARED_MAX_AGE_MS, prepareFirstCard, takePreparedCard } from './prepared-card';
import { syncDecks } from './sync';
import { deckServer, makeDeck } from './testing/deck-fixtures';
import { nextCard } from './today';

const T0 = new Date(2026, 10, 26, 10).getTime();
const cards = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}` }));
const announced = () => new Promise((resolve) => setTimeout(resolve, 50));

let db: CoursedeckDb;
beforeEach(async () => {
  db = openDatabase('prepared');
  await syncDecks(
    db,
    deckServer([makeDeck('d-01', 1, cards('a', 3)), makeDeck('d-02', 2, cards('b', 3))]).fetcher,
    T0,
  );
  await announced();
});

describe('the prepared first card', () => {
  it('is the card nextCard gives, handed over once', async () => {
    prepareFirstCard(db, T0);
    const taken = await takePreparedCard(db, T0 + 1000);
    expect(taken).toEqual(await nextCard(db, T0));
    expect(await takePreparedCard(db, T0 + 1000)).toBeNull();
  });

  it('is not used after a write to the database', async () => {
    prepareFirstCard(db, T0);
    const card = (await db.cards.get('a0'))!;
    await answerCard(db, {
      cardId: 'a0',
      expectedVersion: card.version,
      grade: 3,
      now: T0,
      durationMs: 1,
    });
    await announced();
    expect(await takePreparedCard(db, T0 + 1000)).toBeNull();
  });

  it('is not used for another deck, nor once it is old', async () => {
    prepareFirstCard(db, T0);
    expect(await takePreparedCard(db, T0, { deckId: 'd-02' })).toBeNull();
    prepareFirstCard(db, T0, { deckId: 'd-02' });
    expect((await takePreparedCard(db, T0, { deckId: 'd-02' }))?.card?.id).toBe('b0');
    prepareFirstCard(db, T0);
    expect(await takePreparedCard(db, T0 + PREPARED_MAX_AGE_MS + 1)).toBeNull();
  });
});
