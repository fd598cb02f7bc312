/**
 * Course pacing of new cards: the learner marks a chapter "Studying now" to bring its new cards forward or
 * "Not yet" to hold them back; unmarked chapters follow course order.
 */
export type ChapterPacing = 'studying' | 'not-yet';

/** Pacing marks by deck id; a deck with no mark follows course order. */
export type PacingMap = Readonly<Record<string, ChapterPacing | undefined>>;

/**
 * Orders new cards for introduction. Rule: cards of chapters marked "studying" first, then unmarked chapters;
 * cards of chapters marked "not yet" are held back (left out). Within each group the input order is kept (a
 * stable partition), so a queue that already lists new cards in course order (chapter, section, position)
 * keeps that order inside each group.
 */
export function paceNewCards<T extends { deckId: string }>(
  cardsInCourseOrder: readonly T[],
  pacing: PacingMap,
): T[] {
  const studying: T[] = [];
  const rest: T[] = [];
  for (const card of cardsInCourseOrder) {
    const mark = pacing[card.deckId];
    if (mark === 'not-yet') continue;
    (mark === 'studying' ? studying : rest).push(card);
  }
  return studying.concat(rest);
}

/** Drops unknown values from a stored pacing map (it comes from IndexedDB or a backup: untrusted shape). */
export function cleanPacing(value: unknown): Record<string, ChapterPacing> {
  const out: Record<string, ChapterPacing> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [deckId, mark] of Object.entries(value)) {
    if (mark === 'studying' || mark === 'not-yet') out[deckId] = mark;
  }
  return out;
}

/** Where a chapter's new cards go: 0 studying (first), 1 unmarked (course order), 2 not yet (held back). */
export function pacingRank(mark: ChapterPacing | undefined): 0 | 1 | 2 {
  return mark === 'studying' ? 0 : mark === 'not-yet' ? 2 : 1;
}

/**
 * Decks in the order they receive the day's new-card allowance: studying first, then unmarked, then "not yet"
 * (which receive none); course order kept within each rank (stable sort).
 */
export function inPacedOrder<T extends { id: string }>(
  decksInCourseOrder: readonly T[],
  pacing: PacingMap,
): T[] {
  return [...decksInCourseOrder].sort(
    (a, b) => pacingRank(pacing[a.id]) - pacingRank(pacing[b.id]),
  );
}
