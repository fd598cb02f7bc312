import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import type { Grade } from '../domain/model';
import { DEFAULT_SETTINGS } from '../domain/settings';
import { answerCard } from './answer';
import { SettingsError } from './errors';
import { getSettings, saveSettings } from './settings';
import { syncDecks } from './sync';
import { deckServer, makeDeck } from './testing/deck-fixtures';
import { buildSession, getTodayCounts, nextCard, nextCards, STREAK_KEY } from './today';

// 10:00 local time on a Thursday; the study day runs 04:00–04:00.
const T0 = new Date(2026, 10, 26, 10).getTime();
const DAY = 86_400_000;
let db: CoursedeckDb;

const cards = (prefix: string, n: number, group?: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    ...(group ? { group: group(i) } : {}),
  }));

async function answer(id: string, grade: Grade, now: number) {
  const card = (await db.cards.get(id))!;
  return answerCard(db, {
    cardId: id,
    expectedVersion: card.version,
    grade,
    now,
    durationMs: 2000,
  });
}

/** Study everything offered until nothing is left, answering with `grade`; returns the ids in order. */
async function studyAll(now: number, grade: Grade = 3, deckId?: string): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 500; i++) {
    const n = await nextCard(db, now, deckId === undefined ? {} : { deckId });
    if (!n.card) break;
    seen.push(n.card.id);
    await answerCard(db, {
      cardId: n.card.id,
      expectedVersion: n.card.version,
      grade,
      now,
      durationMs: 1,
    });
    now += 1000;
  }
  return seen;
}

beforeEach(() => {
  db = openDatabase('t');
});

describe('daily limits', () => {
  it('offers at most the new-card limit per day, and the same again the next day', async () => {
    await syncDecks(db, deckServer([makeDeck('d-01', 1, cards('n', 30))]).fetcher, T0);
    expect((await getTodayCounts(db, T0)).total).toEqual({ new: 20, learning: 0, review: 0 });
    for (let i = 0; i < 5; i++) await answer(`n${i}`, 4, T0 + i);
    const after = await getTodayCounts(db, T0 + 10);
    expect(after.total.new).toBe(15);
    expect(after.newDoneToday).toBe(5);
    expect(after.doneToday).toBe(5);
    // Easy on a new card graduates it: nothing in learning.
    expect(after.total.learning).toBe(0);
    const session = await buildSession(db, T0 + 10);
    expect(session.items.filter((i) => i.queue === 'new')).toHaveLength(15);
    // Next study day starts at 04:00: the allowance is back (25 new left in the deck, 20 allowed).
    const tomorrow = new Date(2026, 10, 27, 4, 0).getTime();
    expect((await getTodayCounts(db, tomorrow - 1)).total.new).toBe(15);
    expect((await getTodayCounts(db, tomorrow)).total.new).toBe(20);
  });

  it('caps reviews at the reviews-per-day limit, counting reviews already done', async () => {
    await syncDecks(db, deckServer([makeDeck('d-01', 1, cards('r', 6))]).fetcher, T0);
    for (let i = 0; i < 6; i++) await answer(`r${i}`, 4, T0);
    const doc = await getSettings(db);
    await saveSettings(db, { ...doc, global: { ...doc.global, reviewsPerDay: 4 } });
    const later = T0 + 60 * DAY;
    expect((await getTodayCounts(db, later)).total.review).toBe(4);
    await answer((await nextCard(db, later)).card!.id, 3, later);
    const c = await getTodayCounts(db, later + 1);
    expect(c.total.review).toBe(3);
    expect(c.reviewsDoneToday).toBe(1);
    expect((await buildSession(db, later + 1)).items).toHaveLength(3);
  });

  it('applies a per-course override of the limits', async () => {
    await syncDecks(
      db,
      deckServer([
        makeDeck('a-01', 1, cards('a', 10), 'Course A'),
        makeDeck('b-01', 1, cards('b', 10), 'Course B'),
      ]).fetcher,
      T0,
    );
    const doc = await getSettings(db);
    await saveSettings(db, { ...doc, perCourse: { 'Course B': { newPerDay: 3 } } });
    const counts = await getTodayCounts(db, T0);
    expect(counts.decks.map((d) => [d.deckId, d.new])).toEqual([
      ['a-01', 10],
      ['b-01', 3],
    ]);
  });
});

describe('the queue', () => {
  it('shows learning cards when due, then reviews lowest retrievability first, then new cards in course order', async () => {
    // Chapter 2's deck id sorts first, but chapter 1 comes first in course order.
    await syncDecks(
      db,
      deckServer([makeDeck('a-02', 2, cards('late', 2)), makeDeck('z-01', 1, cards('early', 3))])
        .fetcher,
      T0,
    );
    expect((await buildSession(db, T0)).items.map((i) => i.cardId)).toEqual([
      'early0',
      'early1',
      'early2',
      'late0',
      'late1',
    ]);
    // Two reviews with different stability, one learning card.
    await answer('late0', 4, T0 - 30 * DAY);
    await answer('late1', 2, T0 - 30 * DAY);
    await answer('late1', 4, T0 - 30 * DAY + 10 * 60_000);
    await answer('early2', 1, T0); // learning, due in a minute
    const now = T0 + 2 * 60_000;
    const session = await buildSession(db, now);
    const lowestR = (await db.cards.bulkGet(['late0', 'late1'])).sort(
      (a, b) => a!.memory.stability - b!.memory.stability,
    )[0]!.id;
    expect(session.items[0]).toMatchObject({ cardId: 'early2', queue: 'learning' });
    expect(session.items[1]).toMatchObject({ cardId: lowestR, queue: 'review' });
    expect(session.items[2]?.queue).toBe('review');
    expect(session.items.slice(3).map((i) => i.cardId)).toEqual(['early0', 'early1']);
    const n = await nextCard(db, now);
    expect(n.card?.id).toBe('early2');
    if (n.card) {
      expect(n.preview[1].label).toBe('1m');
      expect(n.preview[3].intervalMs).toBeGreaterThan(0);
    }
  });

  it('limits a session to one deck when asked', async () => {
    await syncDecks(
      db,
      deckServer([makeDeck('d-01', 1, cards('a', 3)), makeDeck('d-02', 2, cards('b', 3))]).fetcher,
      T0,
    );
    expect(await studyAll(T0, 4, 'd-02')).toEqual(['b0', 'b1', 'b2']);
    expect((await getTodayCounts(db, T0 + DAY / 4)).decks.map((d) => d.new)).toEqual([3, 0]);
  });

  it('says when the next learning card is due once nothing else is left', async () => {
    await syncDecks(db, deckServer([makeDeck('d-01', 1, cards('a', 1))]).fetcher, T0);
    await answer('a0', 3, T0); // Good on a new card: the 10-minute step
    const due = (await db.cards.get('a0'))!.memory.due;
    // Within the learn-ahead window (20 minutes) it is offered at once.
    expect((await nextCard(db, T0 + 1000)).card?.id).toBe('a0');
    await answer('a0', 3, T0 + 1000); // graduates to review
    const n = await nextCard(db, T0 + 2000);
    expect(n.card).toBeNull();
    expect(due).toBeGreaterThan(T0);
  });
});

describe('the card after the one on screen', () => {
  it('is what nextCard gives once the shown card is answered, new-card limit included', async () => {
    await syncDecks(db, deckServer([makeDeck('d-01', 1, cards('n', 30))]).fetcher, T0);
    // 19 new cards done: the one on screen is the last new card today's limit allows.
    for (let i = 0; i < 19; i++) await answer(`n${i}`, 4, T0 + i);
    const shown = await nextCard(db, T0 + 100);
    expect(shown.card?.id).toBe('n19');
    const prepared = await nextCard(db, T0 + 100, {
      after: { id: 'n19', course: shown.card!.course, queue: 'new' },
    });
    expect(prepared).toEqual({ card: null, nextLearningDue: null });
    await answer('n19', 4, T0 + 100);
    expect(await nextCard(db, T0 + 101)).toEqual(prepared);
  });

  it('skips the shown card and offers the one that follows it', async () => {
    await syncDecks(db, deckServer([makeDeck('d-01', 1, cards('n', 5))]).fetcher, T0);
    const shown = await nextCard(db, T0);
    const prepared = await nextCard(db, T0, {
      after: { id: shown.card!.id, course: shown.card!.course, queue: 'new' },
    });
    expect(prepared.card?.id).toBe('n1');
    await answer(shown.card!.id, 4, T0);
    expect((await nextCard(db, T0 + 1)).card?.id).toBe('n1');
  });
});

describe('the next few cards', () => {
  it('are, in turn, what nextCard gives as each one before is answered, up to the daily limit', async () => {
    await syncDecks(db, deckServer([makeDeck('d-01', 1, cards('n', 30))]).fetcher, T0);
    for (let i = 0; i < 16; i++) await answer(`n${i}`, 4, T0 + i);
    // Four new cards left today: asking for six gives four.
    const upcoming = await nextCards(db, T0 + 100, {}, 6);
    expect(upcoming.map((c) => c.card.id)).toEqual(['n16', 'n17', 'n18', 'n19']);
    for (const [i, expected] of upcoming.entries()) {
      const now = T0 + 100 + i;
      expect((await nextCard(db, now)).card?.id).toBe(expected.card.id);
      await answer(expected.card.id, 4, now);
    }
    expect(await nextCards(db, T0 + 200, {}, 6)).toEqual([]);
  });
});

describe('sibling burying', () => {
  it('buries the other cards of a group until the next study day once one is answered', async () => {
    await syncDecks(
      db,
      deckServer([
        makeDeck(
          'd-01',
          1,
          cards('s', 4, (i) => (i < 3 ? 'g' : 'solo')),
        ),
      ]).fetcher,
      T0,
    );
    await answer('s0', 4, T0);
    const today = await studyAll(T0 + 1000, 4);
    expect(today).toEqual(['s3']);
    expect((await getTodayCounts(db, T0 + 5000)).total.new).toBe(0);
    const tomorrow = new Date(2026, 10, 27, 4, 0).getTime();
    expect((await getTodayCounts(db, tomorrow)).total.new).toBe(2);
    expect((await nextCard(db, tomorrow)).card?.id).toBe('s1');
  });
});

describe('settings', () => {
  it('refuses values out of range with every problem named, and keeps the old settings', async () => {
    const doc = await getSettings(db);
    await expect(
      saveSettings(db, {
        ...doc,
        global: { ...doc.global, desiredRetention: 0.5, nextDayStartsAt: 25 },
      }),
    ).rejects.toThrow(SettingsError);
    await expect(
      saveSettings(db, { ...doc, global: { ...doc.global, desiredRetention: 0.5 } }),
    ).rejects.toThrow(/between 0.70 and 0.99/);
    expect(await getSettings(db)).toEqual({ global: DEFAULT_SETTINGS, perCourse: {} });
  });

  it('persists valid settings', async () => {
    const doc = await getSettings(db);
    const next = {
      ...doc,
      global: { ...doc.global, desiredRetention: 0.85, learningSteps: ['5m' as const] },
    };
    await saveSettings(db, next);
    expect(await getSettings(db)).toEqual(next);
  });
});

describe('today', () => {
  it('counts answers done today and the streak of study days', async () => {
    await syncDecks(db, deckServer([makeDeck('d-01', 1, cards('a', 10))]).fetcher, T0 - 5 * DAY);
    for (let d = 3; d >= 1; d--) await answer(`a${d}`, 4, T0 - d * DAY);
    const before = await getTodayCounts(db, T0);
    expect(before.streak).toBe(3);
    expect(before.doneToday).toBe(0);
    await answer('a0', 4, T0);
    const after = await getTodayCounts(db, T0 + 1);
    expect(after.streak).toBe(4);
    expect(after.doneToday).toBe(1);
    // A day without answers breaks it.
    expect((await getTodayCounts(db, T0 + 3 * DAY)).streak).toBe(0);
  });

  it('recomputes the streak when rows dated before today arrive or go (a merge, a restore, an undo)', async () => {
    await syncDecks(db, deckServer([makeDeck('d-01', 1, cards('a', 10))]).fetcher, T0 - 5 * DAY);
    await answer('a1', 4, T0 - DAY);
    await answer('a3', 4, T0 - 3 * DAY);
    expect((await getTodayCounts(db, T0)).streak).toBe(1);
    // Today's answer keeps the cached past days and adds today.
    await answer('a0', 4, T0);
    expect((await getTodayCounts(db, T0 + 1)).streak).toBe(2);
    // A row of two days ago (as a merge writes it) fills the gap: 4 days, 3 before today.
    const row = (await db.reviewLog.toArray())[0]!;
    await db.reviewLog.add({ ...row, id: 'merged-1', reviewedAt: T0 - 2 * DAY });
    expect((await getTodayCounts(db, T0 + 2)).streak).toBe(4);
    // Many rows at once (a restore's bulk write) and a delete are noticed too.
    await db.reviewLog.delete('merged-1');
    expect((await getTodayCounts(db, T0 + 3)).streak).toBe(2);
    await db.reviewLog.bulkAdd(
      Array.from({ length: 60 }, (_, i) => ({
        ...row,
        id: `bulk-${i}`,
        reviewedAt: T0 - 2 * DAY + i,
      })),
    );
    expect((await getTodayCounts(db, T0 + 4)).streak).toBe(4);
  });

  it('keeps a long past run of the streak for the next visit and the next day, and checks it before trusting it', async () => {
    await syncDecks(db, deckServer([makeDeck('d-01', 1, cards('a', 10))]).fetcher, T0 - 100 * DAY);
    await answer('a1', 4, T0 - 80 * DAY);
    const row = (await db.reviewLog.toArray())[0]!;
    // 70 study days ending yesterday (more than one batch of probes).
    await db.reviewLog.bulkAdd(
      Array.from({ length: 70 }, (_, i) => ({
        ...row,
        id: `past-${i}`,
        reviewedAt: T0 - (i + 1) * DAY,
      })),
    );
    expect((await getTodayCounts(db, T0)).streak).toBe(70);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await db.meta.get(STREAK_KEY))?.value).toMatchObject({ past: 70 });
    // A cold start (a new instance) and the next day start from the stored run.
    const again = openDatabase('t');
    await answer('a0', 4, T0);
    expect((await getTodayCounts(again, T0 + 1)).streak).toBe(71);
    expect((await getTodayCounts(again, T0 + DAY)).streak).toBe(71);
    // A stored run that does not hold at its ends is probed afresh.
    const other = openDatabase('t');
    await other.meta.put({ key: STREAK_KEY, value: { hour: 4, dayStart: 0, past: 9 } });
    expect((await getTodayCounts(other, T0 + 1)).streak).toBe(71);
    const day = (await getTodayCounts(openDatabase('t'), T0 + 1)).day;
    await db.meta.put({ key: STREAK_KEY, value: { hour: 4, dayStart: day.start, past: 75 } });
    expect((await getTodayCounts(openDatabase('t'), T0 + 1)).streak).toBe(71);
  });
});

describe('several simulated days of review', () => {
  it('keeps every answer in the log and each card equal to the replay of its log', async () => {
    await syncDecks(
      db,
      deckServer([
        makeDeck(
          'd-01',
          1,
          cards('c', 40, (i) => `g${i >> 1}`),
        ),
      ]).fetcher,
      T0,
    );
    let answers = 0;
    const grades: Grade[] = [3, 3, 1, 4, 2, 3];
    for (let day = 0; day < 8; day++) {
      let now = T0 + day * DAY;
      for (let i = 0; i < 400; i++) {
        const n = await nextCard(db, now);
        if (!n.card) break;
        const grade = grades[(answers + day) % grades.length]!;
        await answerCard(db, {
          cardId: n.card.id,
          expectedVersion: n.card.version,
          grade,
          now,
          durationMs: 1,
        });
        answers++;
        now += 30_000;
      }
      const counts = await getTodayCounts(db, now);
      expect(counts.total.new + counts.total.review).toBe(0);
    }
    expect(await db.reviewLog.count()).toBe(answers);
    const { replayCardMemory } = await import('./browse');
    for (const card of await db.cards.toArray()) {
      if (card.memory.reps === 0) continue;
      expect(await replayCardMemory(db, card.id)).toEqual(card.memory);
    }
  }, 60_000);
});

describe('the cached review order', () => {
  async function reviewsDueNow(n: number) {
    await syncDecks(db, deckServer([makeDeck('d-01', 1, cards('r', n))]).fetcher, T0 - 40 * DAY);
    for (let i = 0; i < n; i++) await answer(`r${i}`, 4, T0 - 40 * DAY + i * 60_000);
  }

  it('brings an undone review back to the front of the queue', async () => {
    await reviewsDueNow(3);
    const first = (await nextCard(db, T0)).card!;
    await answerCard(db, {
      cardId: first.id,
      expectedVersion: first.version,
      grade: 3,
      now: T0,
      durationMs: 1,
    });
    expect((await nextCard(db, T0 + 1000)).card?.id).not.toBe(first.id);
    const { undoLast } = await import('./answer');
    await undoLast(db, T0 + 2000);
    expect((await nextCard(db, T0 + 3000)).card?.id).toBe(first.id);
  });

  it('offers an unsuspended card again at once', async () => {
    await reviewsDueNow(2);
    const { suspendCards, unsuspendCards } = await import('./browse');
    const first = (await nextCard(db, T0)).card!;
    await suspendCards(db, [first.id]);
    expect((await nextCard(db, T0 + 1000)).card?.id).not.toBe(first.id);
    expect((await buildSession(db, T0 + 1000)).items).toHaveLength(1);
    await unsuspendCards(db, [first.id]);
    expect((await buildSession(db, T0 + 2000)).items.map((i) => i.cardId)).toContain(first.id);
  });

  it('counts and plans afresh after another connection (another tab) answers', async () => {
    await reviewsDueNow(3);
    const before = await getTodayCounts(db, T0);
    const first = (await nextCard(db, T0)).card!;
    const other = openDatabase('t');
    await answerCard(other, {
      cardId: first.id,
      expectedVersion: first.version,
      grade: 3,
      now: T0 + 500,
      durationMs: 1,
    });
    // Dexie reports the other connection's write after it commits, on a later turn.
    await new Promise((r) => setTimeout(r, 20));
    const after = await getTodayCounts(db, T0 + 1000);
    expect(after.total.review).toBe(before.total.review - 1);
    expect(after.reviewsDoneToday).toBe(before.reviewsDoneToday + 1);
    expect((await nextCard(db, T0 + 1000)).card?.id).not.toBe(first.id);
    other.close();
  });

  it('offers a reset review card as a new card, not as a review', async () => {
    await reviewsDueNow(2);
    const { resetCard } = await import('./browse');
    const first = (await nextCard(db, T0)).card!;
    await resetCard(db, first.id, T0 + 500);
    const session = await buildSession(db, T0 + 1000);
    expect(session.items.filter((i) => i.queue === 'review').map((i) => i.cardId)).not.toContain(
      first.id,
    );
    expect(session.items).toContainEqual({ cardId: first.id, deckId: 'd-01', queue: 'new' });
  });
});
