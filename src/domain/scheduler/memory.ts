/**
 * FSRS memory-state arithmetic under an explicit parameter vector, for the optimizer's evaluation and the
 * retention simulator. It reuses ts-fsrs' own formulas (this folder is the only place that imports ts-fsrs),
 * so a prediction made here is the one the scheduler would make with the same parameters.
 */
import {
  FSRSAlgorithm,
  checkParameters,
  default_w,
  generatorParameters,
  migrateParameters,
} from 'ts-fsrs';

/** The 21 FSRS-6 parameters w0…w20. */
export type FsrsParameters = readonly number[];

/** Stability (days until R falls to 90 %) and difficulty (1–10). */
export type MemoryPoint = { stability: number; difficulty: number };

/** One step of a history: the rating given and whole days since the previous review (0 for the first). */
export type HistoryStep = { rating: 1 | 2 | 3 | 4; deltaT: number };

/** ts-fsrs' FSRS-6 defaults: what every learner starts with. */
export const DEFAULT_PARAMETERS: FsrsParameters = Object.freeze([...default_w]);

/** How many numbers an FSRS-6 parameter vector holds. */
export const PARAMETER_COUNT = 21;

/** True when `w` is a usable FSRS-6 vector: 21 finite numbers. */
export function isValidParameters(w: readonly number[]): boolean {
  return w.length === PARAMETER_COUNT && w.every((x) => Number.isFinite(x));
}

/**
 * A memory model bound to one parameter vector. Building the ts-fsrs algorithm object once and reusing it
 * matters in the simulator, which steps hundreds of thousands of reviews.
 */
export type MemoryModel = {
  parameters: FsrsParameters;
  /**
   * FSRS-6 state transition: S₀ = w[G−1], D₀ = w4 − e^{w5(G−1)} + 1 on the first review;
   * same-day (Δt = 0) reviews use S′ = S·e^{w17(G−3+w18)}·S^{−w19}; otherwise recall or forget stability.
   */
  step: (state: MemoryPoint | null, deltaT: number, rating: 1 | 2 | 3 | 4) => MemoryPoint;
  /** R(t,S) = (1 + factor·t/S)^{−w20}, factor = 0.9^{−1/w20} − 1. */
  retrievability: (elapsedDays: number, stability: number) => number;
  /** The interval (days, unrounded) at which R falls to `desiredRetention`: I = S/factor·(r^{−1/w20} − 1). */
  intervalFor: (stability: number, desiredRetention: number) => number;
};

/**
 * Binds the FSRS formulas to `parameters` (validated: throws on non-finite values or a length other than 17, 19 or
 * 21; FSRS-4.5 and FSRS-5 vectors are migrated to FSRS-6 as ts-fsrs does).
 */
export function memoryModel(parameters: FsrsParameters): MemoryModel {
  const checked = checkParameters([...parameters]);
  const w = checked.length === PARAMETER_COUNT ? [...checked] : migrateParameters(checked);
  const algorithm = new FSRSAlgorithm(generatorParameters({ w, enable_short_term: true }));
  const decay = w[20] ?? 0.1542;
  const factor = Math.pow(0.9, -1 / decay) - 1;
  return {
    parameters: w,
    step: (state, deltaT, rating) => {
      const next = algorithm.next_state(state, Math.max(0, deltaT), rating);
      return { stability: next.stability, difficulty: next.difficulty };
    },
    retrievability: (elapsedDays, stability) =>
      Math.pow(1 + (factor * Math.max(0, elapsedDays)) / stability, -decay),
    intervalFor: (stability, desiredRetention) =>
      (stability / factor) * (Math.pow(desiredRetention, -1 / decay) - 1),
  };
}

/** The memory state after replaying `history` from a new card under `model`; null for an empty history. */
export function memoryAfter(
  model: MemoryModel,
  history: readonly HistoryStep[],
): MemoryPoint | null {
  let state: MemoryPoint | null = null;
  for (const { rating, deltaT } of history) state = model.step(state, deltaT, rating);
  return state;
}
