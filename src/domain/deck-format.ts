/**
 * The deck files' contract: what `npm run decks` writes and what the app reads at run time.
 * Documented for humans in docs/deck-format.md; other tools and the tests depend on it, so change it additively
 * and bump {@link DECK_SCHEMA_VERSION} for anything that is not.
 */

export const DECK_SCHEMA_VERSION = 1;

/** Where a card comes from: the course structure (concept … reading) or cards written inline in a note. */
export type CardKind =
  'concept' | 'objective' | 'subchapter' | 'tool' | 'reading' | 'inline' | 'cloze';

/** A position in the vault: `file` is relative to the course folder (never absolute), `line` is 1-based. */
export type SourceRef = {
  file: string;
  line: number;
};

export type DeckCard = {
  /** Stable: derived from deck id, kind and key (never from the answer or position). */
  id: string;
  kind: CardKind;
  /** The note's markdown as written; the app renders it and shows raw HTML as inert text. */
  front: string;
  /** Always a string; empty only for a self-graded card with no answer written. */
  back: string;
  /** The section heading the card comes from (e.g. "Key Concepts"), or the note's title for inline cards. */
  section: string;
  /** 0-based order of the card within its deck (course order). */
  position: number;
  /** Cards made from one item share a group: both directions of a card, the clozes of a paragraph. */
  group: string;
  source: SourceRef;
  /** True for concept and objective cards that have no answer anywhere: the learner grades themselves. */
  selfGraded?: boolean;
};

export type RelatedChapter = {
  /** The alias or name the note shows. */
  title: string;
  /** The wikilink target as written (`01_Projects/DEforAI/Course/10. Feature Stores/README`). */
  target: string;
  /** The deck it resolves to, when that chapter is in the source. */
  deckId?: string;
  chapter?: number;
};

export type ReadingItem = {
  title: string;
  author?: string;
};

export type Deck = {
  schemaVersion: typeof DECK_SCHEMA_VERSION;
  /** URL-safe slug of course and chapter number (`deforai-01`), unchanged when the title is reworded. */
  id: string;
  course: string;
  chapter: number;
  title: string;
  focus?: string;
  overview?: string;
  /** Lines of the "Estimated Time" section as written (`Reading & Notes: 4-6 hours`). */
  estimatedTime: string[];
  objectives: string[];
  exercises: { folder?: string; items: string[] };
  related: RelatedChapter[];
  reading: ReadingItem[];
  /** Obsidian vault name and the course folder's path inside it, for `obsidian://open` links, when known. */
  vault?: { name: string; coursePath: string };
  coverage: { answered: number; total: number };
  cards: DeckCard[];
};

export type DeckIndexEntry = {
  id: string;
  title: string;
  course: string;
  chapter: number;
  cardCount: number;
  /** The deck file, relative to index.json. */
  file: string;
  /** Content hash of the deck file, so the app can skip decks that did not change. */
  hash: string;
};

export type DeckIndex = {
  schemaVersion: typeof DECK_SCHEMA_VERSION;
  decks: DeckIndexEntry[];
};
