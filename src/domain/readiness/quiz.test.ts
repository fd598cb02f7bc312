import { describe, expect, it } from 'vitest';
import type { MemoryState } from '../model';
import { DEFAULT_PARAMETERS, memoryModel } from '../scheduler/memory';
import { quizResult, type QuizAnswer } from './quiz-result';
import { selectQuizCards, type QuizDeck } from './quiz-selection';
import type { ReadinessCard, RecallFn } from './recall';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const model = memoryModel(DEFAULT_PARAMETERS);
const recall: RecallFn = (m, now) =>
  model.retrievability((now - (m.lastReview ?? now)) / DAY, m.stability);

const fresh: MemoryState = {
  phase: 'new',
  due: NOW,
  stability: 0,
  difficulty: 0,
  elapsedDays: 0,
  scheduledDays: 0,
  learningSteps: 0,
  reps: 0,
  lapses: 0,
  lastReview: null,
};
const reviewed = (stability: number, daysAgo: number): MemoryState => ({
  ...fresh,
  phase: 'review',
  stability,
  difficulty: 5,
  reps: 1,
  lastReview: NOW - daysAgo * DAY,
  due: NOW - daysAgo * DAY + stability * DAY,
});

// The fixture vault's links: 01 → 02, 03 (and a missing 10); 02 → 01, 04; 03 → 02; 04 → 03, 01.
const decks: QuizDeck[] = [
  { id: 'c-01', course: 'C', chapter: 1, related: [{ deckId: 'c-02' }, { deckId: 'c-03' }, {}] },
  { id: 'c-02', course: 'C', chapter: 2, related: [{ deckId: 'c-01' }, { deckId: 'c-04' }] },
  { id: 'c-03', course: 'C', chapter: 3, related: [{ deckId: 'c-02' }] },
  { id: 'c-04', course: 'C', chapter: 4, related: [{ deckId: 'c-03' }, { deckId: 'c-01' }] },
  { id: 'x-01', course: 'X', chapter: 1, related: [] },
];
const chapterOf = (deckId: string) => decks.find((d) => d.id === deckId)?.chapter ?? 0;

const card = (
  id: string,
  deckId: string,
  memory: MemoryState,
  position = 0,
  extra: Partial<ReadinessCard> = {},
): ReadinessCard => ({
  id,
  deckId,
  chapter: chapterOf(deckId),
  kind: 'concept',
  front: `front ${id}`,
  back: `back ${id}`,
  position,
  memory,
  suspended: false,
  retired: false,
  ...extra,
});
const deck = (id: string) => decks.find((d) => d.id === id) as QuizDeck;
const select = (deckId: string, cards: ReadinessCard[], limit?: number) =>
  selectQuizCards({
    deck: deck(deckId),
    decks,
    cards,
    now: NOW,
    desiredRetention: 0.9,
    recall,
    ...(limit === undefined ? {} : { limit }),
  });

describe('quiz selection', () => {
  it("takes all of the chapter's cards, due or not, reviewed or not", () => {
    const cards = [
      card('own-new', 'c-04', fresh, 0),
      card('own-strong', 'c-04', reviewed(100, 1), 1), // not due, R ≈ 1: still asked
    ];
    expect(select('c-04', cards).map((p) => [p.cardId, p.origin])).toEqual([
      ['own-new', 'chapter'],
      ['own-strong', 'chapter'],
    ]);
  });

  it('adds only the weak reviewed cards of linked and earlier chapters, lowest recall first', () => {
    const cards = [
      card('own', 'c-04', reviewed(30, 1)),
      card('linked-weak', 'c-03', reviewed(2, 10)), // R well below 0.9
      card('linked-strong', 'c-03', reviewed(50, 1)), // R above 0.9: left out
      card('linked-new', 'c-03', fresh), // never reviewed: not a weak card
      card('earlier-weak', 'c-02', reviewed(5, 8)), // chapter 2 < 4, not linked
      card('earlier-just-due', 'c-02', reviewed(10, 10.5)), // just past due: R a little under 0.9
      card('later', 'c-05', reviewed(1, 30)), // not linked, not earlier
      card('other-course', 'x-01', reviewed(1, 30)),
      card('suspended', 'c-01', reviewed(1, 30), 0, { suspended: true }),
    ];
    const picks = select('c-04', cards);
    const ids = picks.map((p) => p.cardId);
    expect(ids).toEqual(['linked-weak', 'earlier-weak', 'earlier-just-due', 'own']);
    expect(picks.map((p) => p.origin)).toEqual(['related', 'earlier', 'earlier', 'chapter']);
    for (let i = 1; i < picks.length; i++) {
      expect(picks[i - 1]!.recall).toBeLessThanOrEqual(picks[i]!.recall);
    }
    expect(picks.slice(0, 3).every((p) => p.recall < 0.9)).toBe(true);
  });

  it('uses links in their own direction: chapter 1 quizzes linked chapter 3 but not chapter 4 that links to it', () => {
    const cards = [
      card('one', 'c-01', fresh),
      card('three-weak', 'c-03', reviewed(2, 10)),
      card('four-weak', 'c-04', reviewed(2, 10)),
    ];
    expect(select('c-01', cards).map((p) => p.cardId)).toEqual(['one', 'three-weak']);
  });

  it('asks at most 50 cards, the lowest predicted recall first', () => {
    const cards = Array.from({ length: 70 }, (_, i) =>
      card(`own-${String(i).padStart(2, '0')}`, 'c-02', i < 30 ? reviewed(10, 1) : fresh, i),
    );
    const picks = select('c-02', cards);
    expect(picks).toHaveLength(50);
    expect(picks.slice(0, 40).every((p) => p.recall === 0)).toBe(true);
    expect(picks[0]!.cardId).toBe('own-30');
    expect(select('c-02', cards, 5)).toHaveLength(5);
  });

  it('leaves out retired and suspended cards of the chapter itself', () => {
    const cards = [
      card('a', 'c-02', fresh),
      card('b', 'c-02', fresh, 1, { retired: true }),
      card('c', 'c-02', fresh, 2, { suspended: true }),
    ];
    expect(select('c-02', cards).map((p) => p.cardId)).toEqual(['a']);
  });
});

const answer = (
  cardId: string,
  rating: 1 | 2 | 3 | 4,
  origin: QuizAnswer['origin'] = 'chapter',
  deckId = 'c-01',
): QuizAnswer => ({
  cardId,
  deckId,
  origin,
  rating,
  front: `front ${cardId}`,
  back: `back ${cardId}`,
});
const exercises = {
  folder: 'Exercises/Chapter-01/',
  items: ['Exercise 1: Map the ML lifecycle', 'Exercise 2: Find the training-serving skew'],
};

describe('quiz result', () => {
  it('says "ready" with the exercises when the chapter share recalled reaches the desired retention', () => {
    const answers = [
      ...Array.from({ length: 9 }, (_, i) => answer(`ok${i}`, i % 2 ? 3 : 2)),
      answer('missed', 1),
      answer('prereq-missed', 1, 'related', 'c-02'),
    ];
    const result = quizResult(answers, 0.9, exercises, 'c-01');
    expect(result.chapter).toEqual({ answered: 10, recalled: 9, share: 0.9 });
    expect(result.score).toBeCloseTo(9 / 11, 9);
    expect(result.missed.map((m) => m.cardId)).toEqual(['missed', 'prereq-missed']);
    expect(result.verdict).toEqual({ kind: 'ready', exercises });
  });

  it('names what to review first below the desired retention, the chapter first', () => {
    const answers = [
      answer('earlier-missed', 1, 'earlier', 'c-00'),
      answer('a', 1),
      answer('b', 4),
      answer('c', 1),
      answer('linked-ok', 3, 'related', 'c-02'),
    ];
    const result = quizResult(answers, 0.9, exercises, 'c-01');
    expect(result.chapter.share).toBeCloseTo(1 / 3, 9);
    expect(result.verdict).toEqual({
      kind: 'review-first',
      reviewFirst: [
        {
          deckId: 'c-01',
          cards: [
            { cardId: 'a', front: 'front a' },
            { cardId: 'c', front: 'front c' },
          ],
        },
        { deckId: 'c-00', cards: [{ cardId: 'earlier-missed', front: 'front earlier-missed' }] },
      ],
    });
  });

  it('counts only the first answer to a card', () => {
    const result = quizResult([answer('a', 1), answer('a', 4)], 0.9, exercises, 'c-01');
    expect(result).toMatchObject({ answered: 1, recalled: 0, score: 0 });
  });

  it('measures nothing before a chapter card is answered', () => {
    expect(quizResult([], 0.9, exercises, 'c-01')).toMatchObject({
      score: null,
      verdict: { kind: 'not-measured' },
    });
    expect(
      quizResult([answer('x', 3, 'related', 'c-02')], 0.9, exercises, 'c-01').verdict.kind,
    ).toBe('not-measured');
  });
});
