/**
 * The records Coursedeck keeps about a learner: card memory state and the review log.
 * Plain data with times as epoch milliseconds (IndexedDB indexes numbers fast and JSON keeps them exact).
 * The scheduling adapter (scheduler/) converts to and from ts-fsrs' types; nothing else knows them.
 */
import type { CardKind, Deck, SourceRef } from './deck-format';

/** FSRS learning states, as ts-fsrs' `State` enum: 0 New, 1 Learning, 2 Review, 3 Relearning. */
export type CardPhase = 'new' | 'learning' | 'review' | 'relearning';

/** The four answer buttons: 1 Again, 2 Hard, 3 Good, 4 Easy (ts-fsrs' `Grade`). */
export type Grade = 1 | 2 | 3 | 4;

/** A card's FSRS memory state. `due` and `lastReview` are epoch ms. */
export type MemoryState = {
  phase: CardPhase;
  due: number;
  stability: number;
  difficulty: number;
  /** Days between the last two reviews when the last one was made. */
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  lastReview: number | null;
};

/**
 * Why a review-log row exists: a normal answer, an answer during a chapter quiz (a real review, marked),
 * or a manual reset ("forget") which cuts the card's history for the optimizer.
 */
export type ReviewKind = 'review' | 'quiz' | 'reset';

/**
 * One answer. Rows are never rewritten; the only one ever deleted is an undone answer (which leaves a tombstone).
 * The optimizer's copy of the log (services/optimizer-log-copy.ts) relies on this: a row it has kept is taken to be
 * unchanged while its id is in the log. (The data check's repair of unusable or future answer times is the one
 * rewrite; the copy never keeps such rows.)
 */
export type ReviewLogEntry = {
  /** Globally unique (device id + time + counter), so logs of two devices merge by id. */
  id: string;
  cardId: string;
  deckId: string;
  kind: ReviewKind;
  /** 1–4 for answers; 0 for a reset. */
  rating: Grade | 0;
  reviewedAt: number;
  durationMs: number;
  before: MemoryState;
  after: MemoryState;
};

/** A card as the app stores it: the deck's content plus the learner's state. */
export type CardRecord = {
  id: string;
  deckId: string;
  course: string;
  chapter: number;
  kind: CardKind;
  front: string;
  back: string;
  section: string;
  position: number;
  group: string;
  source: SourceRef;
  selfGraded: boolean;
  memory: MemoryState;
  suspended: boolean;
  /** Epoch ms until which the card is buried (a sibling was answered today), or 0. */
  buriedUntil: number;
  /** Gone from the source: hidden, history kept; comes back with its state if it returns. */
  retired: boolean;
  leech: boolean;
  /** Bumped on every write, so an answer can refuse when the card changed since it was shown. */
  version: number;
};

/**
 * A deck as the app stores it: the deck file's metadata without its cards, plus where it came from.
 * Added for the review app (issue 3).
 */
export type DeckRecord = Omit<Deck, 'cards'> & {
  /** Content hash from index.json (or of the imported deck), so an unchanged deck is skipped. */
  hash: string;
  /** Made from the learner's own notes in the browser: the shipped-deck sync never retires it. */
  imported: boolean;
  /** Gone from the shipped index: hidden with its cards, history kept. */
  retired: boolean;
  cardCount: number;
  syncedAt: number;
};

/** The id of an undone review-log row, kept so no later merge brings the row back. Added for issue 3. */
export type Tombstone = {
  id: string;
  cardId: string;
  undoneAt: number;
};
