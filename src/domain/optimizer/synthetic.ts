/**
 * A synthetic learner whose memory follows known FSRS parameters: the ground truth for checking that the optimizer
 * recovers something better than the defaults, for benchmarks, and for demo data ("a few hundred simulated reviews").
 */
import type { CardPhase, Grade, MemoryState, ReviewLogEntry } from '../model';
import { memoryModel, type FsrsParameters, type MemoryPoint } from '../scheduler/memory';
import { pick, type Random } from './random';

export type SyntheticLogOptions = {
  /** The learner's true memory parameters. */
  truth: FsrsParameters;
  cards: number;
  newPerDay: number;
  /** Days to simulate (stops earlier once `maxReviews` answers were logged). */
  days: number;
  maxReviews?: number;
  desiredRetention: number;
  random: Random;
  /** Epoch ms of the start of day 0 (a UTC midnight; review times fall between 09:00 and 21:00 UTC). */
  start: number;
  deckId?: string;
  /** Share of answers logged as chapter-quiz answers (they count as reviews). */
  quizShare?: number;
};

const DAY_MS = 86_400_000;
const STEP_MS = 10 * 60_000;
/** P(first rating = Again, Hard, Good, Easy) and P(Hard, Good, Easy | recalled), Anki's simulator defaults. */
const FIRST_RATING = [0.24, 0.094, 0.495, 0.171];
const RECALL_RATING = [0.224, 0.632, 0.144];

type SyntheticCard = {
  id: string;
  memory: MemoryPoint;
  lastDay: number;
  dueDay: number;
  reps: number;
  lapses: number;
};

function memoryState(
  phase: CardPhase,
  point: MemoryPoint | null,
  card: SyntheticCard | null,
  due: number,
  lastReview: number | null,
): MemoryState {
  return {
    phase,
    due,
    stability: point?.stability ?? 0,
    difficulty: point?.difficulty ?? 0,
    elapsedDays: 0,
    scheduledDays: 0,
    learningSteps: 0,
    reps: card?.reps ?? 0,
    lapses: card?.lapses ?? 0,
    lastReview,
  };
}

/** A seeded review log of `cards` cards learnt `newPerDay` a day and reviewed at `desiredRetention`. */
export function syntheticLog(options: SyntheticLogOptions): ReviewLogEntry[] {
  const { truth, random, start, desiredRetention } = options;
  const deckId = options.deckId ?? 'synthetic';
  const maxReviews = options.maxReviews ?? Number.POSITIVE_INFINITY;
  const model = memoryModel(truth);
  const log: ReviewLogEntry[] = [];
  const cards: SyntheticCard[] = [];
  let introduced = 0;
  let serial = 0;

  const record = (
    card: SyntheticCard,
    rating: Grade,
    at: number,
    before: MemoryState,
    after: MemoryPoint,
    phase: CardPhase,
  ) => {
    const quiz = options.quizShare ? random() < options.quizShare : false;
    log.push({
      id: `syn-${String(serial++).padStart(8, '0')}`,
      cardId: card.id,
      deckId,
      kind: quiz ? 'quiz' : 'review',
      rating,
      reviewedAt: at,
      durationMs: 4000,
      before,
      after: memoryState(phase, after, card, start + card.dueDay * DAY_MS, at),
    });
  };

  const schedule = (card: SyntheticCard, day: number) => {
    const interval = Math.min(
      36_500,
      Math.max(1, Math.round(model.intervalFor(card.memory.stability, desiredRetention))),
    );
    card.lastDay = day;
    card.dueDay = day + interval;
  };

  for (let day = 0; day < options.days && log.length < maxReviews; day++) {
    const dayStart = start + day * DAY_MS;
    const at = () => dayStart + 9 * 3_600_000 + Math.floor(random() * 11 * 3_600_000);
    for (const card of cards) {
      if (card.dueDay > day || log.length >= maxReviews) continue;
      const time = at();
      const before = memoryState(
        'review',
        card.memory,
        card,
        start + card.dueDay * DAY_MS,
        start + card.lastDay * DAY_MS,
      );
      const recalled = random() < model.retrievability(day - card.lastDay, card.memory.stability);
      const rating = (recalled ? 2 + pick(random, RECALL_RATING) : 1) as Grade;
      card.memory = model.step(card.memory, day - card.lastDay, rating);
      card.reps++;
      if (rating === 1) {
        card.lapses++;
        record(card, rating, time, before, card.memory, 'relearning');
        // One relearning step ten minutes later, answered Good: a same-day review (Δt = 0).
        const stepBefore = memoryState('relearning', card.memory, card, time + STEP_MS, time);
        card.memory = model.step(card.memory, 0, 3);
        card.reps++;
        schedule(card, day);
        record(card, 3, time + STEP_MS, stepBefore, card.memory, 'review');
      } else {
        schedule(card, day);
        record(card, rating, time, before, card.memory, 'review');
      }
    }
    for (
      let n = 0;
      n < options.newPerDay && introduced < options.cards && log.length < maxReviews;
      n++
    ) {
      const card: SyntheticCard = {
        id: `card-${String(introduced++).padStart(6, '0')}`,
        memory: { stability: 0, difficulty: 0 },
        lastDay: day,
        dueDay: day,
        reps: 0,
        lapses: 0,
      };
      cards.push(card);
      const time = at();
      const before = memoryState('new', null, card, time, null);
      const rating = (1 + pick(random, FIRST_RATING)) as Grade;
      card.memory = model.step(null, 0, rating);
      card.reps++;
      if (rating <= 2) {
        record(card, rating, time, before, card.memory, 'learning');
        const stepBefore = memoryState('learning', card.memory, card, time + STEP_MS, time);
        card.memory = model.step(card.memory, 0, 3);
        card.reps++;
        schedule(card, day);
        record(card, 3, time + STEP_MS, stepBefore, card.memory, 'review');
      } else {
        schedule(card, day);
        record(card, rating, time, before, card.memory, 'review');
      }
    }
  }
  return log;
}
