/**
 * Personal FSRS parameters (issue 8): fit them to the learner's own review log, evaluate current and new parameters
 * on reviews the fit did not see, adopt only better ones, and replay every card's memory under them; plus the
 * desired-retention simulator's input. The fit itself runs wherever the caller's `fitter` runs it (a Web Worker in
 * the app, fsrs-browser in-process in Node tests).
 */
import { invalidateQueue } from './queue-cache';
import type { CoursedeckDb } from '../db/schema';
import { getMeta, getSettingsDoc, setMeta, toStored } from '../db/repo';
import type { CardRecord, ReviewLogEntry } from '../domain/model';
import {
  dayNumber,
  evaluateParameters,
  isImprovement,
  packItems,
  timeSeriesSplit,
  toTrainingItems,
  type DayOptions,
  type Evaluation,
  type PackedItems,
  type SimulationCard,
  type SimulationInput,
  type TrainingLogEntry,
} from '../domain/optimizer';
import { replay } from '../domain/scheduler';
import { DEFAULT_PARAMETERS, isValidParameters } from '../domain/scheduler/memory';
import { resolveSettings, type Settings, type SettingsDoc } from '../domain/settings';
import { readLogWithCopy, type LogCopyStore, type OptimizerLogRow } from './optimizer-log-copy';
import { saveSettings } from './settings';

/** For the optimizer panel: whether the log is large enough to try (reads a bounded number of keys). */
export { logHasAtLeast } from '../db/repo';

/** A course name, or null for the global parameters (used by every course without its own). */
export type OptimizerScope = string | null;

/** Progress of a fit as the fitter reports it. */
export type FitProgress = { phase: 'loading' | 'training'; fraction: number; estimated: boolean };

/** Fits FSRS-6 parameters to packed training items (fsrs-browser's `computeParameters`). */
export type ParameterFitter = (
  items: PackedItems,
  options: { onProgress?: (progress: FitProgress) => void; signal?: AbortSignal },
) => Promise<number[]>;

/**
 * Fewest items (later-day reviews) to fit on and to test on: 100 usable reviews in all, which about 300 answers over
 * a few weeks give. Below this the fit is noise and so is the comparison; just above it the comparison still guards
 * adoption (a fit that is not better on the held-out reviews is not offered).
 */
export const MIN_TRAIN_ITEMS = 80;
export const MIN_TEST_ITEMS = 20;

export type OptimizeResult =
  | {
      status: 'too-small';
      /** Answers in the scope's log. */
      reviews: number;
      /** Reviews on a later day than the card's previous one (what FSRS learns from). */
      usable: number;
      /** How many usable reviews are needed. */
      needed: number;
      message: string;
    }
  | {
      status: 'fitted';
      scope: OptimizerScope;
      reviews: number;
      trainItems: number;
      testItems: number;
      currentParameters: number[];
      parameters: number[];
      current: Evaluation;
      candidate: Evaluation;
      /** True when the new parameters predict the held-out reviews better (then, and only then, they may be adopted). */
      better: boolean;
    };

export type OptimizeOptions = {
  scope: OptimizerScope;
  fitter: ParameterFitter;
  onProgress?: (progress: FitProgress) => void;
  signal?: AbortSignal;
  /** When the run happens (epoch ms), recorded with its result. */
  now: number;
  /** The learner's UTC offset at an instant; the device's zone by default. */
  utcOffsetMinutes?: DayOptions['utcOffsetMinutes'];
  /**
   * The scope's log when the caller has it already (the optimizer worker reads it ahead, once the panel is on screen,
   * and checks it with {@link logSignature}); read from `db` otherwise.
   */
  log?: readonly TrainingLogEntry[];
  /** Told when the log and the settings are in hand, before the training items are made (the worker times it). */
  onStage?: (stage: 'log') => void;
};

const deviceOffset = (epochMs: number) => -new Date(epochMs).getTimezoneOffset();

/** The review log of a course (all its decks), or of everything. */
export async function scopeLog(db: CoursedeckDb, scope: OptimizerScope): Promise<ReviewLogEntry[]> {
  if (scope === null) return db.reviewLog.toArray();
  // One equality query per deck (IndexedDB getAll) rather than anyOf, which walks a cursor key by key.
  const deckIds = await courseDeckIds(db, scope);
  return (
    await Promise.all(deckIds.map((id) => db.reviewLog.where('deckId').equals(id).toArray()))
  ).flat();
}

/**
 * What identifies the review log's contents cheaply: its row count and its latest row. The log is append-only (rows
 * are never rewritten or dropped), so a log read earlier is still the whole log when both are unchanged.
 */
export async function logSignature(db: CoursedeckDb): Promise<string> {
  const [count, last] = await Promise.all([
    db.reviewLog.count(),
    db.reviewLog.orderBy('reviewedAt').last(),
  ]);
  return `${count}/${last?.id ?? ''}/${last?.reviewedAt ?? 0}`;
}

/**
 * A scope's log as read for a fit, with the whole log's {@link logSignature} at the time; `staleCopy` is the whole log
 * when it was read through the optimizer's log copy and that copy should be written anew (services/optimizer-log-copy.ts).
 */
export type ScopeLogRead = {
  signature: string;
  log: readonly TrainingLogEntry[];
  staleCopy?: readonly OptimizerLogRow[];
};

/**
 * The scope's log with the {@link logSignature} it had when read (one read transaction). With `copy`, through the
 * optimizer's compact copy of the log in `copy.store` (the optimizer worker's): the same rows, in the same order,
 * without IndexedDB handing over every row (services/optimizer-log-copy.ts).
 */
export async function readScopeLog(
  db: CoursedeckDb,
  scope: OptimizerScope,
  copy?: { store: LogCopyStore; now: number },
): Promise<ScopeLogRead> {
  if (!copy) {
    return db.transaction('r', [db.reviewLog, db.decks], async () => {
      const [signature, log] = await Promise.all([logSignature(db), scopeLog(db, scope)]);
      return { signature, log };
    });
  }
  const read = await readLogWithCopy(db, copy.store, copy.now);
  const log = scope === null ? read.log : await courseRows(db, scope, read.log);
  return { signature: read.signature, log, ...(read.copyStale ? { staleCopy: read.log } : {}) };
}

/** A course's rows of the whole log, in the order {@link scopeLog} reads them (deck by deck, each in key order). */
async function courseRows<T extends { deckId: string }>(
  db: CoursedeckDb,
  course: string,
  log: readonly T[],
): Promise<T[]> {
  const byDeck = new Map((await courseDeckIds(db, course)).map((id) => [id, [] as T[]]));
  for (const row of log) byDeck.get(row.deckId)?.push(row);
  return [...byDeck.values()].flat();
}

async function courseDeckIds(db: CoursedeckDb, course: string): Promise<string[]> {
  return (await db.decks.where('course').equals(course).toArray()).map((deck) => deck.id);
}

/** The settings in force for a scope (global or one course's). */
export async function scopeSettings(db: CoursedeckDb, scope: OptimizerScope): Promise<Settings> {
  return resolveSettings(await getSettingsDoc(db), scope ?? undefined);
}

/**
 * Converts the scope's log to training items (Δt by the learner's next-day hour), splits it by time (80 % earliest
 * for the fit, the latest 20 % held out), fits, and evaluates current and new parameters on the held-out part.
 * Adopts nothing: see {@link adoptParameters}.
 */
export async function optimizeParameters(
  db: CoursedeckDb,
  options: OptimizeOptions,
): Promise<OptimizeResult> {
  const [log, settings] = await Promise.all([
    options.log ?? scopeLog(db, options.scope),
    scopeSettings(db, options.scope),
  ]);
  options.onStage?.('log');
  const dayOptions: DayOptions = {
    nextDayHour: settings.nextDayStartsAt,
    utcOffsetMinutes: options.utcOffsetMinutes ?? deviceOffset,
  };
  const items = toTrainingItems(log, dayOptions);
  const { train, test } = timeSeriesSplit(items, 0.2);
  const reviews = log.filter((entry) => entry.kind !== 'reset').length;
  const needed = Math.ceil(Math.max(MIN_TRAIN_ITEMS / 0.8, MIN_TEST_ITEMS / 0.2));
  if (train.length < MIN_TRAIN_ITEMS || test.length < MIN_TEST_ITEMS) {
    return {
      status: 'too-small',
      reviews,
      usable: items.length,
      needed,
      message:
        `Not enough reviews yet to fit your own parameters. FSRS learns from answers given on a later day than the ` +
        `card's previous answer: you have ${items.length} (from ${reviews} answers in all) and at least ${needed} ` +
        `are needed. Keep reviewing for a few more days; until then your current parameters stay in use.`,
    };
  }
  const currentParameters = [...(settings.parameters ?? DEFAULT_PARAMETERS)];
  const parameters = await options.fitter(packItems(train), {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!isValidParameters(parameters)) {
    throw new Error('The optimizer returned unusable parameters; your current ones are kept.');
  }
  const current = evaluateParameters(currentParameters, test);
  const candidate = evaluateParameters(parameters, test);
  const result: OptimizeResult = {
    status: 'fitted',
    scope: options.scope,
    reviews,
    trainItems: train.length,
    testItems: test.length,
    currentParameters,
    parameters,
    current,
    candidate,
    better: isImprovement(current, candidate),
  };
  await setMeta(db, lastRunKey(options.scope), { at: options.now, result });
  return result;
}

const lastRunKey = (scope: OptimizerScope) => `optimizer:last-run:${scope ?? '*'}`;

/** The last optimizer run of a scope (shown again when the panel reopens), or null. */
export async function lastOptimizerRun(
  db: CoursedeckDb,
  scope: OptimizerScope,
): Promise<{ at: number; result: OptimizeResult; adopted?: number } | null> {
  return getMeta(db, lastRunKey(scope), null);
}

export type AdoptOptions = {
  /** Also move due dates to what the new parameters schedule (Anki's "Reschedule cards on change"). Off by default. */
  reschedule?: boolean;
  now: number;
};

export type AdoptOutcome = { updatedCards: number; rescheduledCards: number };

/**
 * Stores fitted parameters for the scope (a course's own, or the global ones) and recomputes the memory state of
 * every card they govern by replaying its review log under the new settings, in one transaction. Stability and
 * difficulty change; due dates stay unless `reschedule` is set. Refuses parameters that were not better.
 */
export async function adoptParameters(
  db: CoursedeckDb,
  result: OptimizeResult,
  options: AdoptOptions,
): Promise<AdoptOutcome> {
  if (result.status !== 'fitted' || !result.better) {
    throw new Error(
      'Only parameters that predict your reviews better than the current ones can be adopted.',
    );
  }
  return applyParameters(db, result.scope, result.parameters, options, result);
}

/**
 * Sets a scope's parameters (null: back to the defaults, or for a course back to the global ones) and replays the
 * affected cards. Used by {@link adoptParameters}; also the way back from personal parameters.
 */
export async function applyParameters(
  db: CoursedeckDb,
  scope: OptimizerScope,
  parameters: number[] | null,
  options: AdoptOptions,
  result?: OptimizeResult,
): Promise<AdoptOutcome> {
  if (parameters !== null && !isValidParameters(parameters)) {
    throw new Error('FSRS parameters must be 21 finite numbers.');
  }
  const outcome = await db.transaction(
    'rw',
    [db.settings, db.cards, db.reviewLog, db.decks, db.meta],
    async () => {
      const doc = await getSettingsDoc(db);
      const next = withParameters(doc, scope, parameters);
      await saveSettings(db, next);
      // The courses whose resolved parameters this changes: one course, or (global) every course without its own.
      const affected = (card: CardRecord) =>
        scope === null
          ? !Array.isArray(next.perCourse[card.course]?.parameters)
          : card.course === scope;
      const cards = (await db.cards.toArray()).filter(affected);
      const log = await db.reviewLog.toArray();
      const byCard = new Map<string, ReviewLogEntry[]>();
      for (const entry of log) {
        const list = byCard.get(entry.cardId);
        if (list) list.push(entry);
        else byCard.set(entry.cardId, [entry]);
      }
      let rescheduled = 0;
      const updated: CardRecord[] = [];
      for (const card of cards) {
        const history = byCard.get(card.id);
        if (!history || history.length === 0) continue;
        const replayed = replay(card.id, history, resolveSettings(next, card.course));
        if (!replayed) continue;
        const memory = options.reschedule
          ? replayed
          : { ...card.memory, stability: replayed.stability, difficulty: replayed.difficulty };
        if (options.reschedule && replayed.due !== card.memory.due) rescheduled++;
        updated.push({ ...card, memory, version: card.version + 1 });
      }
      await db.cards.bulkPut(updated.map(toStored));
      if (result) {
        const last = await lastOptimizerRun(db, scope);
        await setMeta(db, lastRunKey(scope), {
          at: last?.at ?? options.now,
          result,
          adopted: options.now,
        });
      }
      return { updatedCards: updated.length, rescheduledCards: rescheduled };
    },
  );
  // New parameters change every card's retrievability, the order today's reviews are shown in, and with
  // rescheduling their due dates.
  invalidateQueue(db);
  return outcome;
}

function withParameters(
  doc: SettingsDoc,
  scope: OptimizerScope,
  parameters: number[] | null,
): SettingsDoc {
  if (scope === null) return { ...doc, global: { ...doc.global, parameters } };
  const { parameters: _old, ...rest } = doc.perCourse[scope] ?? {};
  return {
    ...doc,
    perCourse: { ...doc.perCourse, [scope]: parameters === null ? rest : { ...rest, parameters } },
  };
}

/**
 * The simulator's view of a scope on the learner's current day: studied cards (not suspended, not retired) with
 * stability, difficulty, last review and due date as day offsets from today; the count of new cards; and the scope's
 * limits, steps and parameters.
 */
export async function simulationInput(
  db: CoursedeckDb,
  scope: OptimizerScope,
  now: number,
  utcOffsetMinutes: DayOptions['utcOffsetMinutes'] = deviceOffset,
): Promise<SimulationInput> {
  const settings = await scopeSettings(db, scope);
  const dayOptions: DayOptions = { nextDayHour: settings.nextDayStartsAt, utcOffsetMinutes };
  const today = dayNumber(now, dayOptions);
  const all =
    scope === null
      ? await db.cards.toArray()
      : (
          await Promise.all(
            (await courseDeckIds(db, scope)).map((id) =>
              db.cards.where('deckId').equals(id).toArray(),
            ),
          )
        ).flat();
  const cards: SimulationCard[] = [];
  let newCards = 0;
  for (const card of all) {
    if (card.suspended || card.retired) continue;
    const m = card.memory;
    if (m.phase === 'new' || m.lastReview === null || !(m.stability > 0)) {
      newCards++;
      continue;
    }
    cards.push({
      stability: m.stability,
      difficulty: m.difficulty,
      lastReviewDay: Math.min(0, dayNumber(m.lastReview, dayOptions) - today),
      dueDay: dayNumber(m.due, dayOptions) - today,
    });
  }
  return {
    parameters: [...(settings.parameters ?? DEFAULT_PARAMETERS)],
    cards,
    newCards,
    newPerDay: settings.newPerDay,
    reviewsPerDay: settings.reviewsPerDay,
    learningSteps: settings.learningSteps.length,
    relearningSteps: settings.relearningSteps.length,
    maximumIntervalDays: settings.maximumIntervalDays,
    days: 365,
  };
}

/** Saves the desired retention the learner picked with the simulator, for a course or globally (validated 0.70–0.99). */
export async function setDesiredRetention(
  db: CoursedeckDb,
  scope: OptimizerScope,
  desiredRetention: number,
): Promise<void> {
  await db.transaction('rw', [db.settings], async () => {
    const doc = await getSettingsDoc(db);
    const next: SettingsDoc =
      scope === null
        ? { ...doc, global: { ...doc.global, desiredRetention } }
        : {
            ...doc,
            perCourse: { ...doc.perCourse, [scope]: { ...doc.perCourse[scope], desiredRetention } },
          };
    await saveSettings(db, next);
  });
}

/**
 * Where a scope's parameters come from: its own (fitted for it), the global personal ones (a course without its own),
 * or FSRS' defaults.
 */
export async function parameterSource(
  db: CoursedeckDb,
  scope: OptimizerScope,
): Promise<'own' | 'global' | 'default'> {
  const doc = await getSettingsDoc(db);
  const own = scope === null ? doc.global.parameters : doc.perCourse[scope]?.parameters;
  if (Array.isArray(own)) return 'own';
  if (scope !== null && Array.isArray(doc.global.parameters)) return 'global';
  return 'default';
}
