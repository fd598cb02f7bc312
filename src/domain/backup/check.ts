/**
 * "Check database": finds records that break the collection's invariants and says how to repair each one.
 *
 * Rules, in the order they are applied (later rules see the earlier repairs, which is what makes a second run find
 * nothing):
 * 1. `undone-row`: a review-log row whose id has a tombstone is removed (the answer was undone).
 * 2. `log-time`: a row with a non-finite review time takes its `after.lastReview` when that is usable, else it is
 *    removed; a row timed in the future (after `now`) is moved to `now`; a non-finite or negative duration becomes 0.
 * 3. `orphan-log`: rows whose card is missing get a retired placeholder card (empty text, state replayed from the
 *    rows), so no history is lost and a returning card takes its place with its state.
 * 4. `card-state`: a card whose memory state is invalid (difficulty outside [1, 10] once reviewed, NaN or infinite
 *    numbers, negative counts, a last review in the future) is replayed from its log when it has one, else reset to
 *    a valid state; non-finite or far-future burial is cleared.
 * 5. `orphan-card`: a card whose deck is missing is retired when it has history, removed when it has none (its text
 *    comes back with its deck).
 */
import type { CardRecord, MemoryState, ReviewLogEntry } from '../model';
import { newMemoryState } from '../scheduler';
import { compareLogEntries, type ReplayFn } from './merge';

export type CheckRule = 'undone-row' | 'log-time' | 'orphan-log' | 'card-state' | 'orphan-card';

export type CheckFix = { rule: CheckRule; id: string; message: string };

export type CheckInput = {
  deckIds: ReadonlySet<string>;
  cards: readonly CardRecord[];
  reviewLog: readonly ReviewLogEntry[];
  tombstoneIds: ReadonlySet<string>;
};

export type CheckResult = {
  fixes: CheckFix[];
  cardsToPut: CardRecord[];
  cardIdsToDelete: string[];
  logToPut: ReviewLogEntry[];
  logIdsToDelete: string[];
};

/** A sibling burial lasts until the next day starts: anything past two days is a broken value. */
const MAX_BURIAL_MS = 2 * 24 * 60 * 60 * 1000;

const finite = (x: number) => Number.isFinite(x);
const count = (x: number) => Number.isInteger(x) && x >= 0;

/** Whether a memory state is one the scheduler could have produced (ts-fsrs keeps difficulty in [1, 10]). */
export function memoryProblems(memory: MemoryState, now: number): string[] {
  const problems: string[] = [];
  const reviewed = memory.phase !== 'new' || memory.reps > 0;
  if (!finite(memory.difficulty)) problems.push('difficulty is not a number');
  else if (reviewed && (memory.difficulty < 1 || memory.difficulty > 10))
    problems.push(`difficulty ${memory.difficulty} is outside 1–10`);
  if (!finite(memory.stability) || memory.stability < 0) problems.push('stability is invalid');
  if (!finite(memory.due)) problems.push('due date is not a date');
  if (memory.lastReview !== null) {
    if (!finite(memory.lastReview)) problems.push('last review date is not a date');
    else if (memory.lastReview > now) problems.push('last review is in the future');
  }
  if (!finite(memory.elapsedDays) || memory.elapsedDays < 0) problems.push('elapsed days invalid');
  if (!finite(memory.scheduledDays) || memory.scheduledDays < 0)
    problems.push('scheduled days invalid');
  if (!count(memory.learningSteps) || !count(memory.reps) || !count(memory.lapses))
    problems.push('a count is negative or fractional');
  return problems;
}

/** Runs the rules above; pure. Applying the result and running again yields no fixes. */
export function checkCollection(
  input: CheckInput,
  options: { now: number; replay: ReplayFn },
): CheckResult {
  const { now, replay } = options;
  const fixes: CheckFix[] = [];
  const logIdsToDelete: string[] = [];
  const logPut = new Map<string, ReviewLogEntry>();

  // Rules 1 and 2 on the log; `log` is the log as it will be after the repairs.
  const log: ReviewLogEntry[] = [];
  for (const row of input.reviewLog) {
    if (input.tombstoneIds.has(row.id)) {
      fixes.push({
        rule: 'undone-row',
        id: row.id,
        message: 'removed an answer that had been undone',
      });
      logIdsToDelete.push(row.id);
      continue;
    }
    let fixed = row;
    if (!finite(row.reviewedAt)) {
      const fallback = row.after.lastReview;
      if (fallback === null || !finite(fallback) || fallback > now) {
        fixes.push({
          rule: 'log-time',
          id: row.id,
          message: 'removed an answer with no usable time',
        });
        logIdsToDelete.push(row.id);
        continue;
      }
      fixed = { ...fixed, reviewedAt: fallback };
      fixes.push({
        rule: 'log-time',
        id: row.id,
        message: 'restored an answer time that was not a date',
      });
    } else if (row.reviewedAt > now) {
      fixed = { ...fixed, reviewedAt: now };
      fixes.push({
        rule: 'log-time',
        id: row.id,
        message: 'moved an answer timed in the future to now',
      });
    }
    if (!finite(row.durationMs) || row.durationMs < 0) {
      fixed = { ...fixed, durationMs: 0 };
      fixes.push({ rule: 'log-time', id: row.id, message: 'set an invalid answer duration to 0' });
    }
    if (fixed !== row) logPut.set(row.id, fixed);
    log.push(fixed);
  }
  log.sort(compareLogEntries);
  const logByCard = new Map<string, ReviewLogEntry[]>();
  for (const row of log) {
    const list = logByCard.get(row.cardId);
    if (list) list.push(row);
    else logByCard.set(row.cardId, [row]);
  }

  const cardsToPut: CardRecord[] = [];
  const cardIdsToDelete: string[] = [];
  const cardIds = new Set(input.cards.map((card) => card.id));

  // Rule 3: placeholders for orphan rows, grouped per missing card.
  for (const [cardId, rows] of logByCard) {
    if (cardIds.has(cardId)) continue;
    const first = rows[0] as ReviewLogEntry;
    const placeholder: CardRecord = {
      id: cardId,
      deckId: first.deckId,
      course: '',
      chapter: 0,
      kind: 'inline',
      front: '',
      back: '',
      section: '',
      position: 0,
      group: cardId,
      source: { file: '', line: 1 },
      selfGraded: false,
      memory: newMemoryState(now),
      suspended: false,
      buriedUntil: 0,
      retired: true,
      leech: false,
      version: 1,
    };
    placeholder.memory = replay(placeholder, rows);
    cardsToPut.push(placeholder);
    fixes.push({
      rule: 'orphan-log',
      id: cardId,
      message: `kept ${rows.length} answer(s) of a missing card under a hidden placeholder`,
    });
  }

  // Rules 4 and 5 on the stored cards.
  for (const card of input.cards) {
    let fixed = card;
    const history = logByCard.get(card.id) ?? [];
    const problems = memoryProblems(card.memory, now);
    if (problems.length > 0) {
      const memory = history.length > 0 ? replay(card, history) : newMemoryState(now);
      fixed = { ...fixed, memory };
      fixes.push({
        rule: 'card-state',
        id: card.id,
        message: `${problems.join(', ')}: ${history.length > 0 ? 'recomputed from its answers' : 'reset to new'}`,
      });
    }
    if (
      !finite(card.buriedUntil) ||
      card.buriedUntil > now + MAX_BURIAL_MS ||
      card.buriedUntil < 0
    ) {
      fixed = { ...fixed, buriedUntil: 0 };
      fixes.push({ rule: 'card-state', id: card.id, message: 'cleared an invalid burial date' });
    }
    if (!input.deckIds.has(card.deckId)) {
      if (history.length === 0) {
        cardIdsToDelete.push(card.id);
        fixes.push({
          rule: 'orphan-card',
          id: card.id,
          message: 'removed a card of a missing deck that had never been answered',
        });
        continue;
      }
      if (!card.retired) {
        fixed = { ...fixed, retired: true };
        fixes.push({
          rule: 'orphan-card',
          id: card.id,
          message: 'hid a card of a missing deck, keeping its answers',
        });
      }
    }
    if (fixed !== card) cardsToPut.push({ ...fixed, version: card.version + 1 });
  }

  return { fixes, cardsToPut, cardIdsToDelete, logToPut: [...logPut.values()], logIdsToDelete };
}
