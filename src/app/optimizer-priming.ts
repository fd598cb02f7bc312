/**
 * Priming the optimizer at the app's quiet minute after start-up, for browsers no review session has primed: a first
 * visit, a restored backup, a new device, or the first start after a deploy that changed the optimizer worker or its
 * wasm. The session-end trigger (workers/prime.ts) only primes once a review session ends; until then a click on
 * "Optimize my parameters" the moment Settings opens fitted on cold code (20,000 answers 1.6–3.1 s against ≤ 1 s;
 * docs/benchmarks.md, "Optimizer"). The conditions are the session end's (services/optimizer-priming.ts: a log of
 * 1,000 answers or more, this build not primed yet, no fit running; workers/prime-optimizer.ts: the page visible and
 * the browser idle): this module only decides when to ask.
 */
import { onDatabaseWrite } from '../db/connection-watch';
import type { CoursedeckDb } from '../db/schema';
import { SNAPSHOT_QUIET_MS } from '../domain/backup/snapshot-policy';
import type { PrimeOutcome } from '../services/optimizer-priming';
import { whenQuiet } from './quiet';

/** The page's visibility, as the trigger needs it (the document in the app; tests pass their own). */
export type PageVisibility = {
  hidden: () => boolean;
  /** Calls `listener` whenever the visibility changes; returns a function that stops it. */
  onChange: (listener: () => void) => () => void;
};

export type QuietPrimingOptions = {
  /**
   * Primes unless a condition rules it out, and says how it ended (by default workers/prime-optimizer.ts
   * `primeOptimizerWhenIdle`, loaded on demand).
   */
  prime?: () => Promise<PrimeOutcome>;
  /** How long without a database write counts as quiet; {@link SNAPSHOT_QUIET_MS}, as the start-up snapshot check. */
  quietMs?: number;
  visibility?: PageVisibility;
};

/** The document's visibility, or none outside a page (then the page never counts as hidden). */
function documentVisibility(): PageVisibility {
  if (typeof document === 'undefined') return { hidden: () => false, onChange: () => () => {} };
  return {
    hidden: () => document.visibilityState === 'hidden',
    onChange: (listener) => {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

const primeInWorker = (db: CoursedeckDb) => (): Promise<PrimeOutcome> =>
  import('../workers/prime-optimizer').then((m) => m.primeOptimizerWhenIdle(db));

/**
 * Asks for priming once the database has had no write for a quiet minute while the page is visible. A hidden page
 * waits until it shows again, then for a quiet minute. When priming did not happen for a reason that may pass (a log
 * still too small, a fit running, the page hidden meanwhile, a failure), the next database write (a restore, new
 * answers) or the page showing again starts the wait anew; once this build is primed (now or before), it stops for
 * good. Returns a function that stops it.
 */
export function primeOptimizerWhenQuiet(
  db: CoursedeckDb,
  options: QuietPrimingOptions = {},
): () => void {
  // No workers (tests' jsdom, very old browsers): nothing to prime.
  if (!options.prime && typeof Worker !== 'function') return () => {};
  const {
    prime = primeInWorker(db),
    quietMs = SNAPSHOT_QUIET_MS,
    visibility = documentVisibility(),
  } = options;
  let stopped = false;
  /** What stops the current wait (a quiet timer, or a listener for the next write or for the page showing). */
  let cancel: () => void = () => {};

  const waitForQuiet = () => {
    cancel = whenQuiet(quietMs, () => {
      if (visibility.hidden()) waitForChange();
      else void ask();
    });
  };

  /** Starts the quiet wait again at the next write of this database or when the page shows again. */
  const waitForChange = () => {
    const stopWrites = onDatabaseWrite(db, () => again());
    const stopVisibility = visibility.onChange(() => {
      if (!visibility.hidden()) again();
    });
    const again = () => {
      cancel();
      waitForQuiet();
    };
    cancel = () => {
      stopWrites();
      stopVisibility();
    };
  };

  const ask = async () => {
    cancel = () => {};
    const outcome = await prime().catch((): PrimeOutcome => 'failed');
    if (stopped || outcome === 'primed' || outcome === 'already-primed') return;
    waitForChange();
  };

  waitForQuiet();
  return () => {
    stopped = true;
    cancel();
  };
}
