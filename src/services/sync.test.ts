import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/schema';
import { answerCard } from './answer';
import { getTodayCounts } from './today';
import { DeckSyncError } from './errors';
import { syncDecks, upsertDeck } from './sync';
import { deckServer, fixtureHash, makeDeck } from './testing/deck-fixtures';
import { replayCardMemory } from './browse';

const T0 = new Date(2026, 10, 26, 10).getTime();
const DAY = 86_400_000;

async function answerTwice(db: ReturnType<typeof openDatabase>, id: string) {
  let card = (await db.cards.get(id))!;
  await answerCard(db, {
    cardId: id,
    expectedVersion: card.version,
    grade: 3,
    now: T0,
    durationMs: 5000,
  });
  card = (await db.cards.get(id))!;
  await answerCard(db, {
    cardId: id,
    expectedVersion: card.version,
    grade: 3,
    now: T0 + 15 * 60_000,
    durationMs: 4000,
  });
}

describe('deck sync', () => {
  it('adds the shipped cards as New and skips unchanged decks on the next run', async () => {
    const db = openDatabase('t');
    const server = deckServer([makeDeck('c-01', 1, [{ id: 'a' }, { id: 'b' }])]);
    const first = await syncDecks(db, server.fetcher, T0);
    expect(first.decks[0]).toMatchObject({ added: 2, updated: 0, retired: 0 });
    const a = await db.cards.get('a');
    expect(a?.memory.phase).toBe('new');
    expect(a?.retired).toBe(false);
    const again = await syncDecks(db, server.fetcher, T0 + 1000);
    expect(again.skipped).toEqual(['c-01']);
    expect(server.fetched.filter((u) => u.endsWith('c-01.json'))).toHaveLength(1);
  });

  it('keeps a card’s history across an edit, a removal and a return', async () => {
    const db = openDatabase('t');
    await syncDecks(db, deckServer([makeDeck('c-01', 1, [{ id: 'a' }, { id: 'b' }])]).fetcher, T0);
    await answerTwice(db, 'a');
    const answered = (await db.cards.get('a'))!;
    const log = await db.reviewLog.toArray();
    expect(log).toHaveLength(2);

    // Edited text: updated in place, state kept, version bumped.
    await syncDecks(
      db,
      deckServer([makeDeck('c-01', 1, [{ id: 'a', front: 'New wording' }, { id: 'b' }])]).fetcher,
      T0 + DAY,
    );
    const edited = (await db.cards.get('a'))!;
    expect(edited.front).toBe('New wording');
    expect(edited.memory).toEqual(answered.memory);
    expect(edited.version).toBe(answered.version + 1);

    // Removed: retired, hidden from the counts, state and log kept.
    const removed = await syncDecks(
      db,
      deckServer([makeDeck('c-01', 1, [{ id: 'b' }])]).fetcher,
      T0 + 2 * DAY,
    );
    expect(removed.decks[0]?.retired).toBe(1);
    const retired = (await db.cards.get('a'))!;
    expect(retired.retired).toBe(true);
    expect(retired.memory).toEqual(answered.memory);
    const counts = await getTodayCounts(db, T0 + 30 * DAY);
    expect(counts.total).toEqual({ new: 1, learning: 0, review: 0 });

    // Back: un-retired with its state.
    const back = await syncDecks(
      db,
      deckServer([makeDeck('c-01', 1, [{ id: 'a', front: 'New wording' }, { id: 'b' }])]).fetcher,
      T0 + 3 * DAY,
    );
    expect(back.decks[0]?.restored).toBe(1);
    const restored = (await db.cards.get('a'))!;
    expect(restored.retired).toBe(false);
    expect(restored.memory).toEqual(answered.memory);
    expect(await db.reviewLog.toArray()).toEqual(log);
    expect(await replayCardMemory(db, 'a')).toEqual(restored.memory);
  });

  it('retires a shipped deck gone from the index, and brings it back with its state', async () => {
    const db = openDatabase('t');
    const both = [makeDeck('c-01', 1, [{ id: 'a' }]), makeDeck('c-02', 2, [{ id: 'b' }])];
    await syncDecks(db, deckServer(both).fetcher, T0);
    await answerTwice(db, 'b');
    const r = await syncDecks(db, deckServer([both[0]!]).fetcher, T0 + DAY);
    expect(r.retiredDecks).toEqual(['c-02']);
    expect((await db.decks.get('c-02'))?.retired).toBe(true);
    expect((await db.cards.get('b'))?.retired).toBe(true);
    await syncDecks(db, deckServer(both).fetcher, T0 + 2 * DAY);
    expect((await db.decks.get('c-02'))?.retired).toBe(false);
    expect((await db.cards.get('b'))?.memory.reps).toBe(2);
    expect(await db.reviewLog.count()).toBe(2);
  });

  it('never retires or overwrites a deck imported from the learner’s own notes', async () => {
    const db = openDatabase('t');
    const mine = makeDeck('mine-01', 1, [{ id: 'm' }], 'My notes');
    await upsertDeck(db, mine, fixtureHash(mine), T0, { imported: true });
    await syncDecks(db, deckServer([makeDeck('c-01', 1, [{ id: 'a' }])]).fetcher, T0);
    expect((await db.decks.get('mine-01'))?.retired).toBe(false);
    expect((await db.cards.get('m'))?.retired).toBe(false);
    // A shipped deck with the same id does not replace the imported one.
    await syncDecks(db, deckServer([makeDeck('mine-01', 1, [{ id: 'other' }])]).fetcher, T0);
    expect(await db.cards.get('other')).toBeUndefined();
    expect((await db.cards.get('m'))?.retired).toBe(false);
  });

  it('refuses an invalid index with a clear message and changes nothing', async () => {
    const db = openDatabase('t');
    await syncDecks(db, deckServer([makeDeck('c-01', 1, [{ id: 'a' }])]).fetcher, T0);
    const before = await db.cards.toArray();
    await expect(
      syncDecks(db, async () => ({ schemaVersion: 1, decks: 'nope' }), T0),
    ).rejects.toThrow(DeckSyncError);
    await expect(
      syncDecks(db, async () => ({ schemaVersion: 1, decks: 'nope' }), T0),
    ).rejects.toThrow(/deck index is not valid at decks/);
    expect(await db.cards.toArray()).toEqual(before);
    expect((await db.decks.get('c-01'))?.retired).toBe(false);
  });

  it('reports an invalid deck file and leaves the stored deck as it was', async () => {
    const db = openDatabase('t');
    const good = makeDeck('c-01', 1, [{ id: 'a' }]);
    await syncDecks(db, deckServer([good]).fetcher, T0);
    const broken = {
      ...makeDeck('c-01', 1, [{ id: 'a', front: 'changed' }]),
      cards: [{ id: 'a', front: 3 }],
    };
    const server = deckServer([broken as never]);
    const r = await syncDecks(db, server.fetcher, T0);
    expect(r.errors[0]?.message).toMatch(/deck file is not valid at cards\.0/);
    expect((await db.cards.get('a'))?.front).toBe('Front of a');
  });

  it('refuses deck file paths that leave the decks folder', async () => {
    const db = openDatabase('t');
    const index = {
      schemaVersion: 1,
      decks: [
        {
          id: 'x',
          title: 'x',
          course: 'c',
          chapter: 1,
          cardCount: 0,
          file: '../secret.json',
          hash: 'h',
        },
      ],
    };
    const r = await syncDecks(db, async () => index, T0);
    expect(r.errors[0]?.message).toMatch(/unsafe file path/);
  });
});
