/**
 * The trigger for priming the optimizer after a review session (prime-optimizer.ts, loaded only when needed, so the
 * screens that call this carry a few lines, not the worker client).
 */
import type { CoursedeckDb } from '../db/schema';

/**
 * A review session ended (its summary shows, or the learner left the review screen): prime the optimizer once the
 * browser is idle, if this browser has not been primed for this optimizer build and the log is large enough
 * (services/optimizer-priming.ts). Without workers (tests' jsdom, old browsers) nothing is loaded.
 */
export function primeOptimizerAfterSession(db: CoursedeckDb): void {
  if (typeof Worker !== 'function') return;
  void import('./prime-optimizer').then((m) => m.primeOptimizerWhenIdle(db)).catch(() => undefined);
}
