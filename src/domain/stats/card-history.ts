import type { CardPhase, Grade, MemoryState, ReviewKind, ReviewLogEntry } from '../model';
import { DAY_MS } from './day-calendar';
import { currentRetrievability, type ForgettingCurve } from './forgetting-curve';

export type CardHistoryEntry = {
  id: string;
  reviewedAt: number;
  kind: ReviewKind;
  /** 1 Again … 4 Easy; 0 for a reset. */
  rating: Grade | 0;
  phaseBefore: CardPhase;
  phaseAfter: CardPhase;
  /** Days (fractional) since the card's previous review, or null for its first answer and after a reset. */
  elapsedDays: number | null;
  /**
   * Retrievability at the moment of the answer: R(elapsed, S before). Right after an answer R is 100 % by
   * definition, so the informative figure for each answer is the recall probability it tested. Null when the
   * card had no memory yet (first answer, after a reset).
   */
  retrievability: number | null;
  /** Memory state after the answer. */
  difficulty: number;
  stability: number;
  /** Interval the answer scheduled, in days. */
  intervalDays: number;
  due: number;
  durationMs: number;
};

/**
 * A card's review history, oldest first, with D and S after each answer and R at each answer
 * (R = curve(t, S_before), t = days between the previous review and this one). Rows of other cards are ignored.
 * Ties in time keep log order; reset rows stay in the history (they explain why S drops to 0).
 */
export function cardHistory(
  log: readonly ReviewLogEntry[],
  cardId: string,
  curve: ForgettingCurve,
): CardHistoryEntry[] {
  const rows = log.filter((entry) => entry.cardId === cardId);
  rows.sort((a, b) => a.reviewedAt - b.reviewedAt);
  return rows.map((entry) => {
    const { before, after } = entry;
    const elapsed =
      before.lastReview === null
        ? null
        : Math.max(0, entry.reviewedAt - before.lastReview) / DAY_MS;
    return {
      id: entry.id,
      reviewedAt: entry.reviewedAt,
      kind: entry.kind,
      rating: entry.rating,
      phaseBefore: before.phase,
      phaseAfter: after.phase,
      elapsedDays: elapsed,
      retrievability: currentRetrievability(before, entry.reviewedAt, curve),
      difficulty: after.difficulty,
      stability: after.stability,
      intervalDays: after.scheduledDays,
      due: after.due,
      durationMs: entry.durationMs,
    };
  });
}

export type CurvePoint = {
  /** Epoch ms. */
  time: number;
  /** 0–1. */
  retrievability: number;
};

export type CardForgettingCurve = {
  /**
   * R over time through the card's history: after each answer R restarts at 1 and decays with that answer's
   * stability until the next answer (where the line jumps back to 1), then on past now to the end.
   * One array per answer, so a chart draws each as its own line.
   */
  segments: CurvePoint[][];
  /** One marker per answer: the retrievability it was given at. */
  answers: (CurvePoint & { rating: Grade })[];
  /** R now, or null when the card has no memory. */
  now: CurvePoint | null;
  /** R on the due date, or null when the card has no memory. */
  atDue: CurvePoint | null;
  start: number;
  end: number;
};

/**
 * Points of a card's forgetting curve for a chart. Each segment samples R(t, S) for t from the segment's review to
 * the next review (or to the end of the chart) at `samples` + 1 evenly spaced times. The chart ends at the later of
 * now and the due date, plus a quarter of the current interval so the decay past the due date is visible.
 */
export function cardForgettingCurve(
  history: readonly CardHistoryEntry[],
  memory: MemoryState,
  now: number,
  curve: ForgettingCurve,
  samples = 24,
): CardForgettingCurve {
  const first = history[0];
  const hasMemory = currentRetrievability(memory, now, curve) !== null;
  const lastReview = memory.lastReview ?? now;
  const end = hasMemory
    ? Math.max(now, memory.due) + Math.max(DAY_MS, (memory.due - lastReview) / 4)
    : now;
  const segments: CurvePoint[][] = [];
  const answers: CardForgettingCurve['answers'] = [];
  history.forEach((entry, i) => {
    if (entry.rating !== 0 && entry.kind !== 'reset') {
      answers.push({
        time: entry.reviewedAt,
        retrievability: entry.retrievability ?? 1,
        rating: entry.rating,
      });
    }
    if (entry.phaseAfter === 'new' || !(entry.stability > 0)) return;
    const from = entry.reviewedAt;
    const to = history[i + 1]?.reviewedAt ?? end;
    if (to <= from) return;
    const points: CurvePoint[] = [];
    for (let k = 0; k <= samples; k++) {
      const time = from + ((to - from) * k) / samples;
      points.push({ time, retrievability: curve((time - from) / DAY_MS, entry.stability) });
    }
    segments.push(points);
  });
  const rAt = (time: number) =>
    hasMemory ? { time, retrievability: currentRetrievability(memory, time, curve) ?? 0 } : null;
  return {
    segments,
    answers,
    now: rAt(now),
    atDue: rAt(memory.due),
    start: first ? first.reviewedAt : now,
    end,
  };
}
