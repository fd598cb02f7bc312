import type { CardRecord } from '../model';
import { currentRetrievability, type ForgettingCurve } from './forgetting-curve';

export type HistogramBin = {
  /** Inclusive lower edge. */
  from: number;
  /** Exclusive upper edge (Infinity for an open last bin; the last bin of a closed range includes it). */
  to: number;
  label: string;
  count: number;
};

export type Histogram = {
  bins: HistogramBin[];
  /** Values counted (all bins). */
  count: number;
  /** Arithmetic mean of the counted values, or null when there are none. */
  mean: number | null;
};

export type MemoryDistributions = {
  /** Stability in days. */
  stability: Histogram;
  /** FSRS difficulty, 1 (easiest) to 10 (hardest). */
  difficulty: Histogram;
  /** Current retrievability, 0 to 1. */
  retrievability: Histogram;
};

/** Stability bin edges in days: fine where intervals are short, coarse beyond a month. */
export const STABILITY_EDGES = [0, 1, 3, 7, 14, 30, 60, 90, 180, 365, Infinity] as const;
/** Difficulty bins of width 1 over FSRS's range [1, 10]; D = 10 falls in the last bin. */
export const DIFFICULTY_EDGES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
/** Retrievability bins of 10 percentage points; R = 1 falls in the last bin. */
export const RETRIEVABILITY_EDGES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;

type Format = (from: number, to: number) => string;

/**
 * Counts values into bins [edges[i], edges[i+1]). Values below the first edge go to the first bin and values at or
 * above the last finite edge to the last bin, so clamped or rounded values (D = 10, R = 1) are never lost.
 */
export function histogram(
  values: ArrayLike<number>,
  edges: readonly number[],
  format: Format,
): Histogram {
  const binCount = edges.length - 1;
  const counts = new Array<number>(binCount).fill(0);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    let bin = 0;
    while (bin < binCount - 1 && value >= edges[bin + 1]!) bin++;
    counts[bin]!++;
    sum += value;
  }
  const bins = counts.map((count, i) => {
    const from = edges[i]!;
    const to = edges[i + 1]!;
    return { from, to, label: format(from, to), count };
  });
  return { bins, count: values.length, mean: values.length === 0 ? null : sum / values.length };
}

const days = (n: number) => `${n} d`;
const stabilityLabel: Format = (from, to) =>
  to === Infinity ? `≥ ${days(from)}` : from === 0 ? `< ${days(to)}` : `${from}–${days(to)}`;
const difficultyLabel: Format = (from, to) => `${from}–${to}`;
const percentLabel: Format = (from, to) => `${Math.round(from * 100)}–${Math.round(to * 100)} %`;

/**
 * Histograms of stability, difficulty and current retrievability ({@link currentRetrievability} at `now`).
 * Counted: cards that have a memory state (not new, reviewed at least once, stability > 0), suspended ones
 * included (their memory still exists and decays), retired ones not.
 */
export function memoryDistributions(
  cards: readonly CardRecord[],
  now: number,
  curve: ForgettingCurve,
): MemoryDistributions {
  const stability: number[] = [];
  const difficulty: number[] = [];
  const retrievability: number[] = [];
  for (const card of cards) {
    if (card.retired) continue;
    const r = currentRetrievability(card.memory, now, curve);
    if (r === null) continue;
    stability.push(card.memory.stability);
    difficulty.push(card.memory.difficulty);
    retrievability.push(r);
  }
  return {
    stability: histogram(stability, STABILITY_EDGES, stabilityLabel),
    difficulty: histogram(difficulty, DIFFICULTY_EDGES, difficultyLabel),
    retrievability: histogram(retrievability, RETRIEVABILITY_EDGES, percentLabel),
  };
}
