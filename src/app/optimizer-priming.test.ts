import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../tests/support/memory-storage';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import { SNAPSHOT_QUIET_MS } from '../domain/backup/snapshot-policy';
import { seededRandom, syntheticLog } from '../domain/optimizer';
import type { ReviewLogEntry } from '../domain/model';
import { DEFAULT_PARAMETERS } from '../domain/scheduler/memory';
import {
  createOptimizerPrimer,
  OPTIMIZER_PRIMED_KEY,
  PRIME_MIN_ANSWERS,
  type PrimeOutcome,
} from '../services/optimizer-priming';
import { primeOptimizerWhenQuiet, type PageVisibility } from './optimizer-priming';

const START = Date.UTC(2026, 10, 27, 9);
const BUILD = '/assets/optimizer.worker-AbC123.js';
const SECOND = 1_000;

let db: CoursedeckDb;
let marks: MemoryStorage;
const stops: (() => void)[] = [];

beforeEach(() => {
  // The clock and the quiet timer; fake-indexeddb schedules its own work with setImmediate, left real.
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(START);
  db = openDatabase('quiet-priming-test');
  marks = new MemoryStorage();
});
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  db.close();
  vi.useRealTimers();
});

/** A synthetic learner's answers, as the app stores them. */
function answers(count: number, seed = 7): ReviewLogEntry[] {
  const log = syntheticLog({
    truth: DEFAULT_PARAMETERS,
    cards: 10_000,
    newPerDay: 20,
    days: 2_000,
    maxReviews: count,
    desiredRetention: 0.9,
    random: seededRandom(seed),
    start: Date.UTC(2026, 0, 1),
  });
  return log.slice(0, count);
}

/** A page whose visibility the test sets, telling its listeners as the document does. */
function page(hidden = false): PageVisibility & { show: () => void; hide: () => void } {
  const listeners = new Set<() => void>();
  const set = (value: boolean) => {
    hidden = value;
    for (const listener of listeners) listener();
  };
  return {
    hidden: () => hidden,
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    show: () => set(false),
    hide: () => set(true),
  };
}

/**
 * The trigger with the app's real decision (services/optimizer-priming.ts, on this database and marks) and a warm-up
 * that only counts its calls (the real one needs a Worker); `outcomes` records every decision.
 */
function startTrigger(
  visibility = page(),
  deps: { fitRunning?: () => boolean } = {},
): { warmUps: () => number; outcomes: PrimeOutcome[] } {
  let warmUps = 0;
  const outcomes: PrimeOutcome[] = [];
  const primer = createOptimizerPrimer({
    db,
    build: BUILD,
    marks,
    fitRunning: deps.fitRunning ?? (() => false),
    warmUp: async () => {
      warmUps++;
      return 'primed';
    },
  });
  stops.push(
    primeOptimizerWhenQuiet(db, {
      prime: async () => {
        const outcome = await primer.prime(new AbortController().signal);
        outcomes.push(outcome);
        return outcome;
      },
      visibility,
    }),
  );
  return { warmUps: () => warmUps, outcomes };
}

/** Lets the decision's IndexedDB reads (on real timers) finish. */
const settle = (check: () => void) => vi.waitFor(check, { timeout: 10_000 });

// IndexedDB work on a loaded 2-core machine: generous time.
describe('priming the optimizer at the quiet minute after start-up', { timeout: 30_000 }, () => {
  it('primes a browser never primed a quiet minute after the app starts, and only then', async () => {
    await db.reviewLog.bulkAdd(answers(PRIME_MIN_ANSWERS));
    const trigger = startTrigger();

    await vi.advanceTimersByTimeAsync(SNAPSHOT_QUIET_MS - SECOND);
    expect(trigger.outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(SECOND);
    await settle(() => expect(trigger.outcomes).toEqual(['primed']));

    expect(trigger.warmUps()).toBe(1);
    expect(marks.getItem(OPTIMIZER_PRIMED_KEY)).toBe(BUILD);
    // Done for good: later writes and quiet minutes ask nothing more.
    await db.reviewLog.add({ ...answers(1, 8)[0]!, id: 'later-answer' });
    await vi.advanceTimersByTimeAsync(3 * SNAPSHOT_QUIET_MS);
    expect(trigger.outcomes).toEqual(['primed']);
  });

  it('waits while the learner answers: each write starts the quiet minute again', async () => {
    const log = answers(PRIME_MIN_ANSWERS + 3);
    await db.reviewLog.bulkAdd(log.slice(0, PRIME_MIN_ANSWERS));
    const trigger = startTrigger();

    // An answer every 40 s: never a quiet minute.
    for (const entry of log.slice(PRIME_MIN_ANSWERS)) {
      await vi.advanceTimersByTimeAsync(40 * SECOND);
      await db.reviewLog.add(entry);
    }
    await vi.advanceTimersByTimeAsync(SNAPSHOT_QUIET_MS - SECOND);
    expect(trigger.outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(SECOND);
    await settle(() => expect(trigger.outcomes).toEqual(['primed']));
  });

  it('primes a restored backup a quiet minute after the restore, the log having been too small at first', async () => {
    await db.reviewLog.bulkAdd(answers(20));
    const trigger = startTrigger();

    await vi.advanceTimersByTimeAsync(SNAPSHOT_QUIET_MS);
    await settle(() => expect(trigger.outcomes).toEqual(['too-few-answers']));
    // Nothing changes: no second look.
    await vi.advanceTimersByTimeAsync(5 * SNAPSHOT_QUIET_MS);
    expect(trigger.outcomes).toEqual(['too-few-answers']);

    // The learner restores a backup of another device's collection.
    await db.transaction('rw', db.reviewLog, async () => {
      await db.reviewLog.clear();
      await db.reviewLog.bulkAdd(answers(PRIME_MIN_ANSWERS + 500, 9));
    });
    await vi.advanceTimersByTimeAsync(SNAPSHOT_QUIET_MS);
    await settle(() => expect(trigger.outcomes).toEqual(['too-few-answers', 'primed']));
    expect(trigger.warmUps()).toBe(1);
  });

  it('does not prime while the page is hidden, and primes a quiet minute after it shows again', async () => {
    await db.reviewLog.bulkAdd(answers(PRIME_MIN_ANSWERS));
    const visibility = page(true);
    const trigger = startTrigger(visibility);

    await vi.advanceTimersByTimeAsync(10 * SNAPSHOT_QUIET_MS);
    expect(trigger.outcomes).toEqual([]);

    visibility.show();
    await vi.advanceTimersByTimeAsync(SNAPSHOT_QUIET_MS - SECOND);
    expect(trigger.outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(SECOND);
    await settle(() => expect(trigger.outcomes).toEqual(['primed']));
  });

  it('asks nothing of a browser already primed for this build, and stops', async () => {
    await db.reviewLog.bulkAdd(answers(PRIME_MIN_ANSWERS));
    marks.setItem(OPTIMIZER_PRIMED_KEY, BUILD);
    const trigger = startTrigger();

    await vi.advanceTimersByTimeAsync(SNAPSHOT_QUIET_MS);
    await settle(() => expect(trigger.outcomes).toEqual(['already-primed']));
    await db.reviewLog.add({ ...answers(1, 8)[0]!, id: 'later-answer' });
    await vi.advanceTimersByTimeAsync(3 * SNAPSHOT_QUIET_MS);
    expect(trigger.outcomes).toEqual(['already-primed']);
    expect(trigger.warmUps()).toBe(0);
  });

  it('leaves a running fit alone and primes after the next write and quiet minute', async () => {
    await db.reviewLog.bulkAdd(answers(PRIME_MIN_ANSWERS));
    let fitting = true;
    const trigger = startTrigger(page(), { fitRunning: () => fitting });

    await vi.advanceTimersByTimeAsync(SNAPSHOT_QUIET_MS);
    await settle(() => expect(trigger.outcomes).toEqual(['busy']));
    expect(trigger.warmUps()).toBe(0);

    // The fit ends and records its run; the learner answers a card.
    fitting = false;
    await db.reviewLog.add({ ...answers(1, 8)[0]!, id: 'after-the-fit' });
    await vi.advanceTimersByTimeAsync(SNAPSHOT_QUIET_MS);
    await settle(() => expect(trigger.outcomes).toEqual(['busy', 'primed']));
  });
});
