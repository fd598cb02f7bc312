/**
 * The public API of Coursedeck's core for the screens: every function takes the database as its first parameter
 * and plain, serialisable values (times are epoch ms). Screens import from here only.
 *
 * Typical flow: `const db = getDefaultDb()`; at start-up `syncDecks(db, fetchJson, Date.now(), { baseUrl:
 * import.meta.env.BASE_URL })`; Today shows `getTodayCounts(db, now)`; Review loops `nextCard(db, now, { deckId })` →
 * `answerCard(db, { cardId, expectedVersion: card.version, grade, now, durationMs })`, with `undoLast(db)`.
 */
import { openDatabase, type CoursedeckDb, type OpenOptions } from '../db/schema';

export { openDatabase };
export type { CoursedeckDb, OpenOptions };

let defaultDb: CoursedeckDb | undefined;

/** The app's database ('coursedeck', strict durability), opened on first use. */
export function getDefaultDb(): CoursedeckDb {
  defaultDb ??= openDatabase();
  return defaultDb;
}

export {
  answerCard,
  clearUndo,
  previewAnswers,
  undoDepth,
  undoLast,
  UNDO_DEPTH,
  type AnswerInput,
  type AnswerResult,
  type UndoResult,
} from './answer';
export {
  browseCards,
  cardInfo,
  deckCards,
  getDeck,
  listDecks,
  replayCardMemory,
  resetCard,
  suspendCards,
  unsuspendCards,
  type BrowseQuery,
  type BrowseResult,
  type BrowseRow,
  type BrowseState,
  type CardInfo,
} from './browse';
export { CardChangedError, CardNotFoundError, DeckSyncError, SettingsError } from './errors';
export {
  DEFAULT_SETTINGS,
  getCourseSettings,
  getSettings,
  resolveSettings,
  saveSettings,
  type Settings,
  type SettingsDoc,
} from './settings';
export {
  fetchJson,
  retireDeck,
  syncDecks,
  upsertDeck,
  type DeckUpsertReport,
  type JsonFetcher,
  type SyncReport,
} from './sync';
export {
  buildSession,
  getStreak,
  getTodayCounts,
  nextCard,
  nextCards,
  type DeckCounts,
  type NextCard,
  type QueueName,
  type SessionOptions,
  type ShownCard,
  type TodayCounts,
} from './today';
export { prepareFirstCard, takePreparedCard, PREPARED_MAX_AGE_MS } from './prepared-card';
/** Call after writing cards outside these use-cases (restore, merge): the next card is then looked up afresh. */
export { invalidateQueue } from './queue-cache';

// Plain types and pure helpers the screens need to display cards.
export type { CardKind, Deck, DeckCard } from '../domain/deck-format';
export type {
  CardPhase,
  CardRecord,
  DeckRecord,
  Grade,
  MemoryState,
  ReviewKind,
  ReviewLogEntry,
  Tombstone,
} from '../domain/model';
export type { StudyDay } from '../domain/day';
export { studyDay } from '../domain/day';
export { formatInterval, GRADES, type AnswerPreview } from '../domain/scheduler';
export { settingsProblems, type StepText } from '../domain/settings';

// Chapter readiness, the pre-exercise quiz, the related-chapters graph and course pacing (issue 5).
export {
  answerQuizCard,
  finishQuiz,
  getChapterGraph,
  getChapterPacing,
  getReadiness,
  PACING_KEY,
  QuizDeckNotFoundError,
  setChapterPacing,
  startQuiz,
  type QuizAnswerInput,
  type QuizItem,
  type QuizSession,
} from './quiz';
export {
  readinessPercent,
  layoutChapterGraph,
  type ChapterGraph,
  type ChapterPacing,
  type ChapterReadiness,
  type GraphEdge,
  type GraphNode,
  type PlacedNode,
  type QuizAnswer,
  type QuizOrigin,
  type QuizResult,
  type QuizVerdict,
  type WeakConcept,
} from '../domain/readiness';

// Statistics: the Stats screen's data per course or chapter, and one card's history and forgetting curve (issue 6).
export {
  curveFor,
  loadCardStats,
  loadStats,
  statsScopes,
  type CardStatsData,
  type StatsLoad,
  type StatsScope,
} from './stats';
