import type { Grade } from '../model';
import type { QuizOrigin } from './quiz-selection';

/** One quiz answer: the first (and only) rating given to a card in the quiz, with what the end screen shows. */
export type QuizAnswer = {
  cardId: string;
  deckId: string;
  origin: QuizOrigin;
  front: string;
  back: string;
  rating: Grade;
};

export type ReviewFirstGroup = {
  deckId: string;
  /** Missed cards of that chapter, in the order they were asked. */
  cards: { cardId: string; front: string }[];
};

export type QuizVerdict =
  | { kind: 'ready'; exercises: { folder?: string; items: string[] } }
  | { kind: 'review-first'; reviewFirst: ReviewFirstGroup[] }
  /** None of the chapter's own cards was answered: the quiz measured nothing about the chapter. */
  | { kind: 'not-measured' };

export type QuizResult = {
  answered: number;
  recalled: number;
  /** recalled / answered, or null before any answer. */
  score: number | null;
  /** Cards answered Again, in the order they were asked. */
  missed: QuizAnswer[];
  /** The chapter's own cards: how many were answered and recalled on the first try, and that share. */
  chapter: { answered: number; recalled: number; share: number | null };
  verdict: QuizVerdict;
};

/** Recalled means any grade but Again: FSRS counts Hard, Good and Easy as successful recall. */
export function isRecalled(rating: Grade): boolean {
  return rating > 1;
}

/**
 * The result of a chapter quiz. Predicted recall is near 100 % right after any answer, so the verdict uses
 * what the quiz itself measured. Rule:
 *
 *   share = (chapter cards recalled on the first try) / (chapter cards answered)
 *   share ≥ desiredRetention → "Ready for the exercises", with the chapter's exercises;
 *   share < desiredRetention → review first: the missed cards, the chapter's own first, then those of the
 *   other chapters in the order they were first missed.
 *
 * Score = recalled / answered over every card of the quiz (chapter and weak prerequisite cards alike).
 * `answers` holds first answers only (one per card; later ones are ignored).
 */
export function quizResult(
  answers: readonly QuizAnswer[],
  desiredRetention: number,
  exercises: { folder?: string; items: readonly string[] },
  chapterDeckId: string,
): QuizResult {
  const seen = new Set<string>();
  const first = answers.filter((a) => !seen.has(a.cardId) && seen.add(a.cardId));
  const recalled = first.filter((a) => isRecalled(a.rating)).length;
  const missed = first.filter((a) => !isRecalled(a.rating));
  const own = first.filter((a) => a.origin === 'chapter');
  const ownRecalled = own.filter((a) => isRecalled(a.rating)).length;
  const share = own.length === 0 ? null : ownRecalled / own.length;

  let verdict: QuizVerdict;
  if (share === null) verdict = { kind: 'not-measured' };
  else if (share >= desiredRetention)
    verdict = {
      kind: 'ready',
      exercises: {
        ...(exercises.folder === undefined ? {} : { folder: exercises.folder }),
        items: [...exercises.items],
      },
    };
  else {
    const groups = new Map<string, ReviewFirstGroup>([
      [chapterDeckId, { deckId: chapterDeckId, cards: [] }],
    ]);
    for (const a of missed) {
      const group = groups.get(a.deckId) ?? { deckId: a.deckId, cards: [] };
      group.cards.push({ cardId: a.cardId, front: a.front });
      groups.set(a.deckId, group);
    }
    verdict = {
      kind: 'review-first',
      reviewFirst: [...groups.values()].filter((g) => g.cards.length > 0),
    };
  }
  return {
    answered: first.length,
    recalled,
    score: first.length === 0 ? null : recalled / first.length,
    missed,
    chapter: { answered: own.length, recalled: ownRecalled, share },
    verdict,
  };
}
