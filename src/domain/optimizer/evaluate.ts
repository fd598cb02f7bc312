/**
 * How well a parameter vector predicts recall on held-out items: the two metrics of the FSRS benchmark and of
 * Anki's "Evaluate" button.
 */
import { memoryModel, type FsrsParameters, type MemoryPoint } from '../scheduler/memory';
import type { TrainingItem } from './training-items';

export type Evaluation = {
  /** Mean binary cross-entropy −[y·ln p + (1−y)·ln(1−p)]; lower is better. */
  logLoss: number;
  /** RMSE (bins): √(Σ_b n_b·(p̄_b − ȳ_b)² / Σ_b n_b); lower is better. */
  rmseBins: number;
  /** Items evaluated. */
  count: number;
};

/** Predictions are kept off 0 and 1 so a confident miss costs a large but finite log loss. */
const P_FLOOR = 1e-6;

/**
 * fsrs-rs' `r_matrix_index`: bins by Δt of the predicted review (base 3.62), number of long-term reviews + 1
 * (base 1.89) and lapses in the history (base 1.73), each rounded to a representative value.
 */
export function rmseBin(item: TrainingItem): string {
  const reviews = item.reviews;
  const current = reviews[reviews.length - 1];
  const deltaT = current?.deltaT ?? 0;
  const deltaBin =
    deltaT > 0
      ? Math.round(2.48 * Math.pow(3.62, Math.floor(Math.log(deltaT) / Math.log(3.62))) * 100)
      : 0;
  const length = reviews.filter((review) => review.deltaT > 0).length + 1;
  const lengthBin = Math.round(
    1.99 * Math.pow(1.89, Math.floor(Math.log(length) / Math.log(1.89))),
  );
  const lapses = reviews
    .slice(0, -1)
    .filter((review) => review.rating === 1 && review.deltaT > 0).length;
  const lapseBin =
    lapses === 0
      ? 0
      : Math.round(1.65 * Math.pow(1.73, Math.floor(Math.log(lapses) / Math.log(1.73))));
  return `${deltaBin}/${lengthBin}/${lapseBin}`;
}

/** The predicted recall probability R(Δt, S) of each item's last review, with y = 1 when it was not "Again". */
export function predictions(
  parameters: FsrsParameters,
  items: readonly TrainingItem[],
): { p: number; y: 0 | 1 }[] {
  const model = memoryModel(parameters);
  // Items of one card are prefixes of each other: replay each card once, shortest prefix first.
  const order = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) =>
      a.item.cardId === b.item.cardId
        ? a.item.reviews.length - b.item.reviews.length
        : a.item.cardId < b.item.cardId
          ? -1
          : 1,
    );
  const out = new Array<{ p: number; y: 0 | 1 }>(items.length);
  let cardId: string | null = null;
  let state: MemoryPoint | null = null;
  let replayed = 0;
  for (const { item, index } of order) {
    if (item.cardId !== cardId) {
      cardId = item.cardId;
      state = null;
      replayed = 0;
    }
    const history = item.reviews.length - 1;
    for (; replayed < history; replayed++) {
      const review = item.reviews[replayed];
      if (review) state = model.step(state, review.deltaT, review.rating);
    }
    const current = item.reviews[history];
    const raw = state && current ? model.retrievability(current.deltaT, state.stability) : 0.5;
    out[index] = {
      p: Math.min(1 - P_FLOOR, Math.max(P_FLOOR, raw)),
      y: current && current.rating > 1 ? 1 : 0,
    };
  }
  return out;
}

/** Log loss and RMSE (bins) of `parameters` on `items` (NaN for both when there are no items). */
export function evaluateParameters(
  parameters: FsrsParameters,
  items: readonly TrainingItem[],
): Evaluation {
  if (items.length === 0) return { logLoss: Number.NaN, rmseBins: Number.NaN, count: 0 };
  const predicted = predictions(parameters, items);
  let loss = 0;
  const bins = new Map<string, { p: number; y: number; n: number }>();
  predicted.forEach(({ p, y }, index) => {
    loss -= y === 1 ? Math.log(p) : Math.log(1 - p);
    const item = items[index];
    if (!item) return;
    const key = rmseBin(item);
    const bin = bins.get(key) ?? { p: 0, y: 0, n: 0 };
    bin.p += p;
    bin.y += y;
    bin.n += 1;
    bins.set(key, bin);
  });
  let squared = 0;
  for (const { p, y, n } of bins.values()) squared += n * (p / n - y / n) ** 2;
  return {
    logLoss: loss / items.length,
    rmseBins: Math.sqrt(squared / items.length),
    count: items.length,
  };
}

/**
 * New parameters are adopted only when they predict the held-out reviews better: neither metric worse and at least
 * one strictly lower (a Pareto improvement; a tie keeps the current parameters).
 */
export function isImprovement(current: Evaluation, candidate: Evaluation): boolean {
  if (!(candidate.count > 0) || Number.isNaN(candidate.logLoss)) return false;
  const noWorse = candidate.logLoss <= current.logLoss && candidate.rmseBins <= current.rmseBins;
  return noWorse && (candidate.logLoss < current.logLoss || candidate.rmseBins < current.rmseBins);
}
