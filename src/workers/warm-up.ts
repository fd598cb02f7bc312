/**
 * Warming the optimizer before the learner asks for a fit. V8 compiles fsrs-rs's wasm lazily: each function first
 * with its baseline compiler (Liftoff) when first called, then with its optimising one (TurboFan, in the background)
 * once it has run enough; wasm has no on-stack replacement, so a call that is already running keeps its slow code.
 * A learner's first fit in a fresh worker therefore trains mostly on baseline code (2–3 s of extra CPU in Chromium,
 * docs/benchmarks.md "Optimizer"). Short fits on a synthetic log, run while the learner reads the panel, make V8 tier
 * up the same hot functions, so the real fit starts on optimised code.
 */
import { DEFAULT_PARAMETERS } from '../domain/scheduler/memory';
import { seededRandom } from '../domain/optimizer/random';
import { syntheticLog } from '../domain/optimizer/synthetic';
import { packItems, toTrainingItems, type PackedItems } from '../domain/optimizer/training-items';
import { fitParameters, type FsrsModule } from './fit';
import type { FitMessage } from './protocol';

/**
 * How much synthetic training the warm-up does: fits of a log of `answers` answers each, until the rounds' times have
 * settled ({@link hasSettled}) or `maxRounds` were run.
 */
export type WarmUpPlan = {
  maxRounds: number;
  answers: number;
  /**
   * Wait this long after loading before the first round (0 by default). For a browser whose code cache holds the
   * optimised module (primed): loading is then what helps a click at once, and a round would only make it wait.
   */
  delayMs?: number;
};

/**
 * The app's plan. Each round is one synchronous fit: a fit asked for meanwhile waits for the round in progress, so a
 * round must stay short (1,000 answers: 0.5–0.7 s on baseline code, 70–100 ms once optimised, on the 2-core reference
 * machine). The cap bounds the cost where the times never settle (a device without V8's optimising tier, say).
 */
export const WARM_UP_PLAN: WarmUpPlan = { maxRounds: 16, answers: 1000 };

/**
 * True when the optimised code is in: the last three rounds form a plateau (the slowest within 1.5× the fastest of
 * them) at most a sixth of the first round (baseline code: the first rounds take 6–20× a settled one, measured in
 * Chromium). The times fall in steps as V8 swaps in optimised functions one by one, so a plateau higher up is not the
 * end; once settled a round is cheap, so asking for three of them costs little. Only the last three count, so one
 * lucky fast round on a busy machine does not keep the warm-up going to the cap.
 */
export function hasSettled(roundMs: readonly number[]): boolean {
  const first = roundMs[0];
  if (first === undefined || roundMs.length < 4) return false;
  const last = roundMs.slice(-3);
  const fastest = Math.min(...last);
  return fastest <= first / 6 && Math.max(...last) <= 1.5 * fastest;
}

/** Training items of a seeded synthetic learner (default parameters, 90 % retention) with `answers` answers. */
export function warmUpItems(answers: number, seed: number): PackedItems {
  const log = syntheticLog({
    truth: DEFAULT_PARAMETERS,
    cards: 100_000,
    newPerDay: Math.max(1, Math.round(answers / 100)),
    days: 10_000,
    maxReviews: answers,
    desiredRetention: 0.9,
    random: seededRandom(seed),
    start: Date.UTC(2026, 0, 1),
  });
  return packItems(toTrainingItems(log, { utcOffsetMinutes: () => 0 }));
}

export type WarmUpOptions = {
  plan: WarmUpPlan;
  /** True once a real fit (or the panel going away) wants the worker: checked before each round. */
  shouldStop: () => boolean;
  /** Lets the worker handle its messages between rounds (a fit request, a stop). */
  yieldToEvents: () => Promise<void>;
  /** Waits `ms` while the worker handles its messages (the plan's delay); a timer by default. */
  wait?: (ms: number) => Promise<void>;
};

/**
 * Loads fsrs-browser and runs the warm-up's rounds until done or told to stop; posts one `warm` message at the end.
 * Never throws: a warm-up that fails only leaves the next fit cold (the fit reports its own errors).
 */
export async function runWarmUp(
  load: () => Promise<{ module: FsrsModule }>,
  post: (message: FitMessage) => void,
  {
    plan,
    shouldStop,
    yieldToEvents,
    wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }: WarmUpOptions,
): Promise<void> {
  const started = performance.now();
  const roundMs: number[] = [];
  let failed = false;
  let stopped = false;
  try {
    const { module } = await load();
    if (plan.delayMs) await wait(plan.delayMs);
    while (roundMs.length < plan.maxRounds && !hasSettled(roundMs) && !shouldStop()) {
      const roundStarted = performance.now();
      fitParameters(module, warmUpItems(plan.answers, roundMs.length + 1));
      roundMs.push(Math.round(performance.now() - roundStarted));
      await yieldToEvents();
    }
    stopped = roundMs.length < plan.maxRounds && !hasSettled(roundMs);
  } catch {
    failed = true;
  }
  const settled = !failed && hasSettled(roundMs);
  post({
    type: 'warm',
    rounds: roundMs.length,
    roundMs,
    ms: performance.now() - started,
    completed: settled,
    ended: failed ? 'failed' : settled ? 'settled' : stopped ? 'stopped' : 'capped',
  });
}
