/**
 * The scheduling adapter: the only module that imports ts-fsrs (5.4). Everything else speaks {@link MemoryState}
 * (plain numbers, epoch ms) and {@link Grade}; this file converts to and from ts-fsrs' `Card` and `Date`s.
 *
 * Determinism: fuzz is seeded by card id and repetition count (ts-fsrs' `GenSeedStrategyWithCardId`), so the same
 * card answered the same way at the same time always gets the same due date, and replaying a log reproduces it.
 */
import {
  FSRS,
  GenSeedStrategyWithCardId,
  State,
  StrategyMode,
  default_w,
  forgetting_curve,
  generatorParameters,
  type Card,
  type Grade as FsrsGrade,
} from 'ts-fsrs';
import type { CardPhase, Grade, MemoryState, ReviewLogEntry } from '../model';
import type { Settings } from '../settings';

/** The part of {@link Settings} that changes how FSRS schedules. */
export type SchedulingSettings = Pick<
  Settings,
  | 'desiredRetention'
  | 'maximumIntervalDays'
  | 'learningSteps'
  | 'relearningSteps'
  | 'fuzz'
  | 'parameters'
>;

export const GRADES: readonly Grade[] = [1, 2, 3, 4];

const PHASES: readonly CardPhase[] = ['new', 'learning', 'review', 'relearning'];
const STATES: Record<CardPhase, State> = {
  new: State.New,
  learning: State.Learning,
  review: State.Review,
  relearning: State.Relearning,
};

const DAY_MS = 86_400_000;

type CardWithId = Card & { cardId: string };

/** Our memory state as a ts-fsrs card (Dates from epoch ms; the card id rides along to seed fuzz). */
export function toFsrsCard(memory: MemoryState, cardId: string): CardWithId {
  return {
    cardId,
    due: new Date(memory.due),
    stability: memory.stability,
    difficulty: memory.difficulty,
    elapsed_days: memory.elapsedDays,
    scheduled_days: memory.scheduledDays,
    learning_steps: memory.learningSteps,
    reps: memory.reps,
    lapses: memory.lapses,
    state: STATES[memory.phase],
    ...(memory.lastReview === null ? {} : { last_review: new Date(memory.lastReview) }),
  };
}

/** A ts-fsrs card as our memory state. */
export function fromFsrsCard(card: Card): MemoryState {
  return {
    phase: PHASES[card.state] ?? 'new',
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    lastReview: card.last_review ? card.last_review.getTime() : null,
  };
}

const cache = new Map<string, FSRS>();

/** A ts-fsrs scheduler for some settings, built once per distinct settings (they are few). */
function schedulerFor(s: SchedulingSettings): FSRS {
  const key = JSON.stringify([
    s.desiredRetention,
    s.maximumIntervalDays,
    s.learningSteps,
    s.relearningSteps,
    s.fuzz,
    s.parameters,
  ]);
  let f = cache.get(key);
  if (!f) {
    f = new FSRS(
      generatorParameters({
        request_retention: s.desiredRetention,
        maximum_interval: s.maximumIntervalDays,
        enable_fuzz: s.fuzz,
        enable_short_term: true,
        learning_steps: s.learningSteps,
        relearning_steps: s.relearningSteps,
        ...(s.parameters ? { w: s.parameters } : {}),
      }),
    ).useStrategy(StrategyMode.SEED, GenSeedStrategyWithCardId('cardId'));
    if (cache.size > 32) cache.clear();
    cache.set(key, f);
  }
  return f;
}

/** The memory state of a card never reviewed: phase New, due `now`. */
export function newMemoryState(now: number): MemoryState {
  return {
    phase: 'new',
    due: now,
    stability: 0,
    difficulty: 0,
    elapsedDays: 0,
    scheduledDays: 0,
    learningSteps: 0,
    reps: 0,
    lapses: 0,
    lastReview: null,
  };
}

/**
 * The memory state after answering `grade` at `now` (FSRS-6 as implemented by ts-fsrs `next`, with short-term
 * learning steps; fuzz seeded by card id + reps when enabled).
 */
export function next(
  cardId: string,
  memory: MemoryState,
  now: number,
  grade: Grade,
  settings: SchedulingSettings,
): MemoryState {
  const f = schedulerFor(settings);
  return fromFsrsCard(
    f.next(toFsrsCard(memory, cardId), new Date(now), grade satisfies FsrsGrade).card,
  );
}

/** What one answer button would do: the new state, the interval until it is due, and a short label. */
export type AnswerPreview = {
  grade: Grade;
  memory: MemoryState;
  intervalMs: number;
  /** Anki-style short interval: `1m`, `10m`, `3h`, `4d`, `2.5mo`, `1.2y`. */
  label: string;
};

/** Previews of all four grades (ts-fsrs `repeat`), in grade order Again, Hard, Good, Easy. */
export function previewAll(
  cardId: string,
  memory: MemoryState,
  now: number,
  settings: SchedulingSettings,
): Record<Grade, AnswerPreview> {
  const f = schedulerFor(settings);
  const preview = f.repeat(toFsrsCard(memory, cardId), new Date(now));
  const one = (grade: Grade): AnswerPreview => {
    const m = fromFsrsCard(preview[grade].card);
    const intervalMs = Math.max(0, m.due - now);
    return { grade, memory: m, intervalMs, label: formatInterval(intervalMs) };
  };
  return { 1: one(1), 2: one(2), 3: one(3), 4: one(4) };
}

/**
 * Short interval label as Anki shows it on the answer buttons: under an hour in minutes, under a day in hours,
 * under a month in days, under a year in months (30-day), else years (365-day); one decimal for months and years.
 */
export function formatInterval(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return '<1m';
  if (minutes < 60) return `${Math.round(minutes)}m`;
  const hours = minutes / 60;
  if (hours < 24) return `${Math.round(hours)}h`;
  const days = ms / DAY_MS;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${trim(days / 30)}mo`;
  return `${trim(days / 365)}y`;
}

function trim(n: number): string {
  return n.toFixed(1).replace(/\.0$/, '');
}

/**
 * Predicted probability of recall at `now`: FSRS-6 forgetting curve R(t, S) = (1 + factor·t/S)^(−w20), with t the
 * (fractional) days since the last review. 0 for a card never reviewed.
 */
export function retrievability(
  memory: Pick<MemoryState, 'phase' | 'stability' | 'lastReview'>,
  now: number,
  settings: Pick<SchedulingSettings, 'parameters'>,
): number {
  if (memory.phase === 'new' || memory.lastReview === null || !(memory.stability > 0)) return 0;
  const t = Math.max(0, (now - memory.lastReview) / DAY_MS);
  const r = forgetting_curve(settings.parameters ?? default_w, t, memory.stability);
  return Math.min(1, Math.max(0, r));
}

/** A manual reset ("forget"): back to New, due now; reps and lapses kept (ts-fsrs `forget`, no count reset). */
export function forget(cardId: string, memory: MemoryState, now: number): MemoryState {
  const f = schedulerFor(DEFAULT_SCHEDULING);
  return fromFsrsCard(f.forget(toFsrsCard(memory, cardId), new Date(now), false).card);
}

const DEFAULT_SCHEDULING: SchedulingSettings = {
  desiredRetention: 0.9,
  maximumIntervalDays: 36500,
  learningSteps: ['1m', '10m'],
  relearningSteps: ['10m'],
  fuzz: false,
  parameters: null,
};

/**
 * Recompute a card's memory state from its review log (the source of truth) under `settings`: start from the first
 * row's `before` state (New for a card's first answer), then apply each row in time order: answers with {@link next},
 * resets with {@link forget}. With the settings in force when the answers were made, this equals the stored state.
 */
export function replay(
  cardId: string,
  log: readonly Pick<ReviewLogEntry, 'rating' | 'reviewedAt' | 'before' | 'kind'>[],
  settings: SchedulingSettings,
  initial?: MemoryState,
): MemoryState | null {
  const rows = [...log].sort((a, b) => a.reviewedAt - b.reviewedAt);
  const first = rows[0];
  if (!first) return initial ?? null;
  let memory = initial ?? first.before;
  for (const row of rows) {
    memory =
      row.kind === 'reset' || row.rating === 0
        ? forget(cardId, memory, row.reviewedAt)
        : next(cardId, memory, row.reviewedAt, row.rating, settings);
  }
  return memory;
}
