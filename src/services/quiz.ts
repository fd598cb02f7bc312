/**
 * Chapter readiness, "Quiz me before the exercises", the related-chapters graph and course pacing (issue 5).
 * Rules live in src/domain/readiness/; this module reads what they need and writes quiz answers through the one
 * answer use-case, so a quiz answer is a real review (card state + review-log row, one transaction, kind 'quiz').
 */
import { fromStored, getMeta, getSettingsDoc, listDeckRecords, setMeta } from '../db/repo';
import type { CoursedeckDb } from '../db/schema';
import type { CardRecord, DeckRecord, Grade } from '../domain/model';
import {
  chapterGraph,
  cleanPacing,
  quizResult,
  readinessByDeck,
  selectQuizCards,
  type ChapterGraph,
  type ChapterPacing,
  type ChapterReadiness,
  type QuizAnswer,
  type QuizOrigin,
  type QuizResult,
  type RecallFn,
} from '../domain/readiness';
import { retrievability } from '../domain/scheduler';
import { resolveSettings, type SettingsDoc } from '../domain/settings';
import { answerCard, type AnswerResult } from './answer';

/** The meta key under which chapter pacing marks are kept (`{ [deckId]: 'studying' | 'not-yet' }`). */
export const PACING_KEY = 'chapterPacing';

/** Predicted recall under the FSRS parameters in force for a course. */
function recallFor(doc: SettingsDoc, course: string): RecallFn {
  const settings = resolveSettings(doc, course);
  return (memory, now) => retrievability(memory, now, settings);
}

/**
 * The learner's pacing marks by deck id (unknown values in storage are ignored). Returns Dexie's own promise, with
 * no `async` layer of its own: the queue calls it inside a read transaction, and extra native-await hops there can
 * outlast Dexie's zone tracking and commit the transaction early (PrematureCommitError).
 */
export function getChapterPacing(db: CoursedeckDb): Promise<Record<string, ChapterPacing>> {
  return db.meta.get(PACING_KEY).then((row) => cleanPacing(row?.value));
}

/** Marks a chapter "Studying now" or "Not yet", or clears the mark (null): its new cards follow course order. */
export async function setChapterPacing(
  db: CoursedeckDb,
  deckId: string,
  mark: ChapterPacing | null,
): Promise<Record<string, ChapterPacing>> {
  return db.transaction('rw', db.meta, async () => {
    const pacing = cleanPacing(await getMeta<unknown>(db, PACING_KEY, {}));
    if (mark === null) delete pacing[deckId];
    else pacing[deckId] = mark;
    await setMeta(db, PACING_KEY, pacing);
    return pacing;
  });
}

/**
 * Readiness of the given decks (default: every deck not retired) at `now`, each under its course's FSRS
 * parameters. Reads the cards of those decks only (by the `deckId` index).
 */
export async function getReadiness(
  db: CoursedeckDb,
  now: number,
  deckIds?: readonly string[],
): Promise<Map<string, ChapterReadiness>> {
  const doc = await getSettingsDoc(db);
  const decks = (await listDeckRecords(db)).filter(
    (d) => !d.retired && (deckIds === undefined || deckIds.includes(d.id)),
  );
  const out = new Map<string, ChapterReadiness>();
  for (const course of new Set(decks.map((d) => d.course))) {
    const ids = decks.filter((d) => d.course === course).map((d) => d.id);
    const cards = await db.cards.where('deckId').anyOf(ids).toArray();
    for (const [id, r] of readinessByDeck(ids, cards, now, recallFor(doc, course))) out.set(id, r);
  }
  return out;
}

/** The related-chapters graph around a deck, over the decks not retired; null for an unknown deck. */
export async function getChapterGraph(
  db: CoursedeckDb,
  deckId: string,
): Promise<ChapterGraph | null> {
  const decks = (await listDeckRecords(db)).filter((d) => !d.retired || d.id === deckId);
  return chapterGraph(deckId, decks);
}

export type QuizItem = { card: CardRecord; origin: QuizOrigin; recall: number };

export type QuizSession = {
  deck: DeckRecord;
  /** The course's desired retention: the verdict's bar. */
  desiredRetention: number;
  items: QuizItem[];
  /** Titles of the chapters the cards come from, for context and the verdict. */
  deckTitles: Record<string, { title: string; chapter: number }>;
};

/** The deck was not found (or is retired): there is nothing to quiz. */
export class QuizDeckNotFoundError extends Error {
  readonly code = 'quiz-deck-not-found';
  constructor(readonly deckId: string) {
    super(`There is no chapter "${deckId}" to quiz.`);
    this.name = 'QuizDeckNotFoundError';
  }
}

/**
 * Builds a chapter quiz at `now` (see `selectQuizCards`): the chapter's cards plus the weak cards of the chapters
 * it links to and of earlier chapters, at most 50, lowest predicted recall first. Nothing is written.
 */
export async function startQuiz(
  db: CoursedeckDb,
  deckId: string,
  now: number,
): Promise<QuizSession> {
  const doc = await getSettingsDoc(db);
  const decks = (await listDeckRecords(db)).filter((d) => !d.retired);
  const deck = decks.find((d) => d.id === deckId);
  if (!deck) throw new QuizDeckNotFoundError(deckId);
  const settings = resolveSettings(doc, deck.course);
  const linked = deck.related.flatMap((r) => (r.deckId ? [r.deckId] : []));
  const earlier = decks
    .filter((d) => d.course === deck.course && d.chapter < deck.chapter)
    .map((d) => d.id);
  const live = new Set(decks.map((d) => d.id));
  const wanted = [...new Set([deck.id, ...linked, ...earlier])].filter((id) => live.has(id));
  const cards = (await db.cards.where('deckId').anyOf(wanted).toArray()).map(fromStored);
  const picks = selectQuizCards({
    deck,
    decks,
    cards,
    now,
    desiredRetention: settings.desiredRetention,
    recall: recallFor(doc, deck.course),
  });
  const byId = new Map(cards.map((c) => [c.id, c]));
  const items = picks.flatMap((p) => {
    const card = byId.get(p.cardId);
    return card ? [{ card, origin: p.origin, recall: p.recall }] : [];
  });
  const deckTitles = Object.fromEntries(
    decks.map((d) => [d.id, { title: d.title, chapter: d.chapter }]),
  );
  return { deck, desiredRetention: settings.desiredRetention, items, deckTitles };
}

export type QuizAnswerInput = {
  cardId: string;
  expectedVersion: number;
  grade: Grade;
  now: number;
  durationMs: number;
};

/**
 * Answers a quiz card: a real review (FSRS handles an early review), written by `answerCard` in one transaction
 * with a review-log row of kind 'quiz'. Throws `CardChangedError` (nothing written) if the card changed meanwhile.
 */
export async function answerQuizCard(
  db: CoursedeckDb,
  input: QuizAnswerInput,
): Promise<AnswerResult> {
  return answerCard(db, { ...input, kind: 'quiz' });
}

/** The quiz's score, missed cards and verdict from the answers given (first answer per card). */
export function finishQuiz(
  session: Pick<QuizSession, 'deck' | 'desiredRetention'>,
  answers: readonly QuizAnswer[],
): QuizResult {
  return quizResult(answers, session.desiredRetention, session.deck.exercises, session.deck.id);
}
