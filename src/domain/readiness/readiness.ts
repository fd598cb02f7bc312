import { isReviewed, recallNow, type ReadinessCard, type RecallFn } from './recall';

/** The card kinds a chapter's readiness is made of: what the chapter teaches, not reading lists or inline extras. */
export const READINESS_KINDS: readonly string[] = ['concept', 'objective', 'tool'];

/** How many weakest concepts readiness names. */
export const WEAKEST_COUNT = 5;

export type WeakConcept = {
  cardId: string;
  /** The concept as the chapter names it (the concept card's front). */
  name: string;
  /** Predicted recall now, 0–1. */
  recall: number;
};

export type ChapterReadiness = {
  deckId: string;
  /** Mean predicted recall now as a fraction 0–1, or null when the chapter has no counted cards. */
  fraction: number | null;
  /** Cards counted (concept, objective and tool cards that are not retired). */
  counted: number;
  /** Of those, the ones answered at least once. */
  reviewed: number;
  /** Up to five concept cards with the lowest predicted recall, weakest first. */
  weakest: WeakConcept[];
};

/**
 * Readiness of a chapter: the mean FSRS retrievability *now* of its concept, objective and tool cards,
 * as a fraction. Rule:
 *
 *   readiness = (1/n) · Σ R_i(now),  over the chapter's non-retired cards of kind concept | objective | tool,
 *   R_i = 0 for a card never reviewed, else the retrievability the scheduler predicts at `now`.
 *
 * Suspended cards still count: they are part of what the chapter teaches, and leaving them out would make a
 * chapter look readier by hiding its hardest cards. The five weakest concepts are the concept cards with the
 * lowest R (ties: course order), named by their front.
 */
export function chapterReadiness(
  deckId: string,
  cards: readonly ReadinessCard[],
  now: number,
  recall: RecallFn,
): ChapterReadiness {
  const counted = cards.filter(
    (c) => c.deckId === deckId && !c.retired && READINESS_KINDS.includes(c.kind),
  );
  let sum = 0;
  let reviewed = 0;
  const concepts: (WeakConcept & { position: number })[] = [];
  for (const card of counted) {
    const r = recallNow(card.memory, now, recall);
    sum += r;
    if (isReviewed(card.memory)) reviewed += 1;
    if (card.kind === 'concept') {
      concepts.push({ cardId: card.id, name: card.front, recall: r, position: card.position });
    }
  }
  concepts.sort((a, b) => a.recall - b.recall || a.position - b.position);
  return {
    deckId,
    fraction: counted.length === 0 ? null : sum / counted.length,
    counted: counted.length,
    reviewed,
    weakest: concepts.slice(0, WEAKEST_COUNT).map(({ cardId, name, recall: r }) => ({
      cardId,
      name,
      recall: r,
    })),
  };
}

/** Readiness of every deck among `deckIds`, from one pass over the cards (for Decks and Today). */
export function readinessByDeck(
  deckIds: readonly string[],
  cards: readonly ReadinessCard[],
  now: number,
  recall: RecallFn,
): Map<string, ChapterReadiness> {
  const byDeck = new Map<string, ReadinessCard[]>(deckIds.map((id) => [id, []]));
  for (const card of cards) byDeck.get(card.deckId)?.push(card);
  return new Map(
    deckIds.map((id) => [id, chapterReadiness(id, byDeck.get(id) ?? [], now, recall)]),
  );
}

/** Readiness as a whole percentage for display (`0.874` → `87`); rounds down so 99.6 % never shows as 100 %. */
export function readinessPercent(fraction: number): number {
  return Math.floor(Math.min(1, Math.max(0, fraction)) * 100 + 1e-9);
}
