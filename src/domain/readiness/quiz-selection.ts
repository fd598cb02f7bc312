import { isReviewed, recallNow, type ReadinessCard, type RecallFn } from './recall';

/** The most cards one quiz asks. */
export const QUIZ_LIMIT = 50;

/** Why a card is in the quiz: the chapter's own, or a weak card of a linked or earlier chapter. */
export type QuizOrigin = 'chapter' | 'related' | 'earlier';

export type QuizPick = {
  cardId: string;
  deckId: string;
  origin: QuizOrigin;
  /** Predicted recall when the quiz was built, 0–1. */
  recall: number;
};

/** What quiz selection needs to know of a chapter: its id, course and number, and its resolved links. */
export type QuizDeck = {
  id: string;
  course: string;
  chapter: number;
  related: readonly { deckId?: string }[];
};

export type QuizSelectionInput = {
  deck: QuizDeck;
  /** Every deck the learner has (other courses are ignored). */
  decks: readonly QuizDeck[];
  /** Cards of the chapter, of its linked chapters and of earlier chapters (others are ignored). */
  cards: readonly ReadinessCard[];
  now: number;
  desiredRetention: number;
  recall: RecallFn;
  limit?: number;
};

/**
 * The cards of "Quiz me before the exercises" for a chapter. Rule:
 * - all of the chapter's cards (active: not suspended, not retired), reviewed or not, due or not;
 * - plus the *weak* cards of the chapters it links to under Related Concepts (resolved links only) and of the
 *   course's earlier chapters (lower chapter number): active, already reviewed, and with predicted recall now
 *   below the desired retention — due or not (FSRS handles early reviews);
 * - ordered by predicted recall now, lowest first (never reviewed = 0); ties in course order (chapter, then
 *   position), so the quiz is deterministic; at most `limit` (50) cards.
 * A card of a chapter that is both linked and earlier is marked `related`.
 */
export function selectQuizCards(input: QuizSelectionInput): QuizPick[] {
  const { deck, decks, cards, now, desiredRetention, recall } = input;
  const limit = input.limit ?? QUIZ_LIMIT;
  const linked = new Set(
    deck.related.flatMap((r) => (r.deckId && r.deckId !== deck.id ? [r.deckId] : [])),
  );
  const earlier = new Set(
    decks.filter((d) => d.course === deck.course && d.chapter < deck.chapter).map((d) => d.id),
  );
  const picks: (QuizPick & { chapter: number; position: number })[] = [];
  for (const card of cards) {
    if (card.suspended || card.retired) continue;
    const origin: QuizOrigin | null =
      card.deckId === deck.id
        ? 'chapter'
        : linked.has(card.deckId)
          ? 'related'
          : earlier.has(card.deckId)
            ? 'earlier'
            : null;
    if (origin === null) continue;
    const r = recallNow(card.memory, now, recall);
    if (origin !== 'chapter' && !(isReviewed(card.memory) && r < desiredRetention)) continue;
    picks.push({
      cardId: card.id,
      deckId: card.deckId,
      origin,
      recall: r,
      chapter: card.chapter,
      position: card.position,
    });
  }
  picks.sort(
    (a, b) =>
      a.recall - b.recall ||
      a.chapter - b.chapter ||
      a.position - b.position ||
      (a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0),
  );
  return picks
    .slice(0, Math.max(0, limit))
    .map(({ cardId, deckId, origin, recall: r }) => ({ cardId, deckId, origin, recall: r }));
}
