import { describe, expect, it } from 'vitest';
import { fixtureDecks, seedFixtureCourse } from '../../tests/support/fixture-course';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import { answerCard } from './answer';
import { CardChangedError } from './errors';
import {
  answerQuizCard,
  finishQuiz,
  getChapterGraph,
  getChapterPacing,
  getReadiness,
  setChapterPacing,
  startQuiz,
} from './quiz';
import { buildSession, getTodayCounts } from './today';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

const FIXTURE_DECKS = fixtureDecks();

async function seeded(): Promise<CoursedeckDb> {
  const db = openDatabase('quiz-test');
  await seedFixtureCourse(db, T0);
  return db;
}

/** Answers every card of a deck Good at `now`, as daily reviews. */
async function studyDeck(db: CoursedeckDb, deckId: string, now: number, grade: 1 | 3 = 3) {
  const cards = await db.cards.where('deckId').equals(deckId).toArray();
  for (const card of cards) {
    await answerCard(db, {
      cardId: card.id,
      expectedVersion: card.version,
      grade,
      now,
      durationMs: 5000,
    });
  }
}

describe('readiness from the database', { timeout: 20_000 }, () => {
  it('is 0 before any study, high right after, and lower a month later', async () => {
    const db = await seeded();
    expect((await getReadiness(db, T0)).get('deforai-01')?.fraction).toBe(0);
    await studyDeck(db, 'deforai-01', T0);
    const after = (await getReadiness(db, T0 + 60_000)).get('deforai-01');
    const later = (await getReadiness(db, T0 + 30 * DAY)).get('deforai-01');
    expect(after?.counted).toBe(13); // 4 concepts, 3 objectives, 6 tool cards
    expect(after?.reviewed).toBe(13);
    expect(after?.fraction).toBeGreaterThan(0.95);
    expect(later?.fraction).toBeLessThan(after?.fraction ?? 0);
    expect(later?.weakest).toHaveLength(4);
    expect((await getReadiness(db, T0, ['deforai-02'])).size).toBe(1);
  });
});

describe('chapter quiz', { timeout: 20_000 }, () => {
  it("asks the chapter's cards plus weak cards of linked and earlier chapters, lowest recall first", async () => {
    const db = await seeded();
    await studyDeck(db, 'deforai-01', T0);
    await studyDeck(db, 'deforai-04', T0);
    const now = T0 + 20 * DAY;
    const quiz = await startQuiz(db, 'deforai-03', now);
    const origins = new Map(quiz.items.map((i) => [i.card.deckId, i.origin]));
    const own = quiz.items.filter((i) => i.origin === 'chapter');
    expect(own).toHaveLength(FIXTURE_DECKS[2]!.cards.length);
    // Chapter 1 is earlier (and its cards, studied once 20 days ago, are weak); chapter 4 is neither linked nor earlier.
    expect(origins.get('deforai-01')).toBe('earlier');
    expect(origins.has('deforai-04')).toBe(false);
    // Chapter 2 is linked but never studied: no weak cards from it.
    expect(origins.has('deforai-02')).toBe(false);
    expect(quiz.items.length).toBeLessThanOrEqual(50);
    const recalls = quiz.items.map((i) => i.recall);
    expect([...recalls].sort((a, b) => a - b)).toEqual(recalls);
    expect(quiz.desiredRetention).toBe(0.9);
  });

  it('writes each answer as a real review marked quiz, and refuses a card changed meanwhile', async () => {
    const db = await seeded();
    const quiz = await startQuiz(db, 'deforai-02', T0);
    const first = quiz.items[0]!.card;
    const result = await answerQuizCard(db, {
      cardId: first.id,
      expectedVersion: first.version,
      grade: 3,
      now: T0 + 1000,
      durationMs: 4000,
    });
    expect(result.entry).toMatchObject({ kind: 'quiz', rating: 3, cardId: first.id });
    expect(result.card.memory.phase).not.toBe('new');
    const log = await db.reviewLog.where('cardId').equals(first.id).toArray();
    expect(log.map((r) => r.kind)).toEqual(['quiz']);
    await expect(
      answerQuizCard(db, {
        cardId: first.id,
        expectedVersion: first.version,
        grade: 1,
        now: T0 + 2000,
        durationMs: 1000,
      }),
    ).rejects.toBeInstanceOf(CardChangedError);
    expect(await db.reviewLog.count()).toBe(1);
  });

  it('says ready with the exercises when enough of the chapter was recalled', async () => {
    const db = await seeded();
    const quiz = await startQuiz(db, 'deforai-01', T0);
    const answers = quiz.items.map((i, k) => ({
      cardId: i.card.id,
      deckId: i.card.deckId,
      origin: i.origin,
      front: i.card.front,
      back: i.card.back,
      rating: (k === 0 ? 1 : 3) as 1 | 3,
    }));
    const result = finishQuiz(quiz, answers);
    expect(result.missed).toHaveLength(1);
    expect(result.verdict).toEqual({
      kind: 'ready',
      exercises: {
        folder: 'Exercises/Chapter-01/',
        items: ['Exercise 1: Map the ML lifecycle', 'Exercise 2: Find the training-serving skew'],
      },
    });
  });

  it('reports an unknown chapter in plain words', async () => {
    const db = await seeded();
    await expect(startQuiz(db, 'nope', T0)).rejects.toThrow('There is no chapter "nope" to quiz.');
  });
});

describe('chapter graph and pacing', { timeout: 20_000 }, () => {
  it('draws the fixture links both ways with chapter 10 not yet available', async () => {
    const db = await seeded();
    const graph = await getChapterGraph(db, 'deforai-02');
    expect(graph?.nodes.map((n) => `${n.title}:${n.relation}:${n.available}`)).toEqual([
      'ML Data Pipeline Lifecycle:current:true',
      'Foundations of ML Data:both:true',
      'Data Quality for ML:linked-from:true',
      'Feature Engineering:links-to:true',
    ]);
    const one = await getChapterGraph(db, 'deforai-01');
    expect(one?.nodes.find((n) => !n.available)?.title).toBe('Chapter 10: Feature Stores');
  });

  it('keeps pacing marks in meta and clears them', async () => {
    const db = await seeded();
    expect(await getChapterPacing(db)).toEqual({});
    await setChapterPacing(db, 'deforai-03', 'studying');
    await setChapterPacing(db, 'deforai-01', 'not-yet');
    expect(await getChapterPacing(db)).toEqual({
      'deforai-03': 'studying',
      'deforai-01': 'not-yet',
    });
    await setChapterPacing(db, 'deforai-03', null);
    expect(await getChapterPacing(db)).toEqual({ 'deforai-01': 'not-yet' });
  });
});

describe('course-paced new cards in the daily queue', { timeout: 20_000 }, () => {
  it('introduces new cards in course order when no chapter is marked', async () => {
    const db = await seeded();
    const session = await buildSession(db, T0);
    expect(session.items.slice(0, 3).map((i) => i.deckId)).toEqual([
      'deforai-01',
      'deforai-01',
      'deforai-01',
    ]);
    expect(session.items).toHaveLength(20);
  });

  it('brings a chapter studied now forward and holds back one marked not yet', async () => {
    const db = await seeded();
    await setChapterPacing(db, 'deforai-03', 'studying');
    await setChapterPacing(db, 'deforai-01', 'not-yet');
    const session = await buildSession(db, T0);
    const chapter3 = FIXTURE_DECKS[2]!.cards.length;
    expect(session.items).toHaveLength(20);
    expect(session.items.slice(0, chapter3).every((i) => i.deckId === 'deforai-03')).toBe(true);
    expect(session.items.slice(chapter3).every((i) => i.deckId === 'deforai-02')).toBe(true);
    expect(session.items.some((i) => i.deckId === 'deforai-01')).toBe(false);

    const counts = await getTodayCounts(db, T0);
    expect(counts.decks.map((d) => [d.deckId, d.new])).toEqual([
      ['deforai-01', 0],
      ['deforai-02', 20 - chapter3],
      ['deforai-03', chapter3],
      ['deforai-04', 0],
    ]);
  });
});
