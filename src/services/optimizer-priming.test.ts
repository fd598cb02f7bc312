import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../tests/support/memory-storage';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import { seededRandom, syntheticLog } from '../domain/optimizer';
import { DEFAULT_PARAMETERS } from '../domain/scheduler/memory';
import {
  createOptimizerPrimer,
  OPTIMIZER_PRIMED_KEY,
  PRIME_MIN_ANSWERS,
  type OptimizerPrimerDeps,
  type PrimeWarmUpEnd,
} from './optimizer-priming';

const NOW = Date.UTC(2026, 10, 27, 12);
const BUILD = '/assets/optimizer.worker-AbC123.js';

let db: CoursedeckDb;
let marks: MemoryStorage;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  db = openDatabase('priming-test');
  marks = new MemoryStorage();
});
afterEach(() => {
  db.close();
  vi.useRealTimers();
});

/** A synthetic learner's log of `answers` answers, as the app stores it. */
async function seedLog(answers: number): Promise<void> {
  const log = syntheticLog({
    truth: DEFAULT_PARAMETERS,
    cards: 10_000,
    newPerDay: 20,
    days: 2_000,
    maxReviews: answers,
    desiredRetention: 0.9,
    random: seededRandom(7),
    start: Date.UTC(2026, 0, 1),
  });
  // The generator may finish the day it reached the cap on: exactly `answers` rows are kept.
  await db.reviewLog.bulkAdd(log.slice(0, answers));
  expect(await db.reviewLog.count()).toBe(answers);
}

/** A warm-up that records its calls and ends as told (the real one needs a Worker, which jsdom and Node lack). */
function fakeWarmUp(end: PrimeWarmUpEnd | (() => Promise<PrimeWarmUpEnd>) = 'primed') {
  const calls: AbortSignal[] = [];
  const warmUp = (signal: AbortSignal) => {
    calls.push(signal);
    return typeof end === 'function' ? end() : Promise.resolve(end);
  };
  return { calls, warmUp };
}

function primer(overrides: Partial<OptimizerPrimerDeps> & Pick<OptimizerPrimerDeps, 'warmUp'>) {
  return createOptimizerPrimer({ db, build: BUILD, marks, fitRunning: () => false, ...overrides });
}

const go = () => new AbortController().signal;

describe('priming the optimizer after a review session', () => {
  it('warms up and notes this build as primed when the log has enough answers', async () => {
    await seedLog(PRIME_MIN_ANSWERS);
    const { calls, warmUp } = fakeWarmUp();

    await expect(primer({ warmUp }).prime(go())).resolves.toBe('primed');

    expect(calls).toHaveLength(1);
    expect(marks.getItem(OPTIMIZER_PRIMED_KEY)).toBe(BUILD);
  });

  it('does not prime the same build twice, also from a new page', async () => {
    await seedLog(PRIME_MIN_ANSWERS);
    const { calls, warmUp } = fakeWarmUp();
    await primer({ warmUp }).prime(go());

    await expect(primer({ warmUp }).prime(go())).resolves.toBe('already-primed');
    expect(calls).toHaveLength(1);
  });

  it('primes again for a new optimizer build', async () => {
    await seedLog(PRIME_MIN_ANSWERS);
    marks.setItem(OPTIMIZER_PRIMED_KEY, '/assets/optimizer.worker-Old999.js');
    const { calls, warmUp } = fakeWarmUp();

    await expect(primer({ warmUp }).prime(go())).resolves.toBe('primed');
    expect(calls).toHaveLength(1);
    expect(marks.getItem(OPTIMIZER_PRIMED_KEY)).toBe(BUILD);
  });

  it('does nothing below the threshold of answers', async () => {
    await seedLog(PRIME_MIN_ANSWERS - 1);
    const { calls, warmUp } = fakeWarmUp();

    await expect(primer({ warmUp }).prime(go())).resolves.toBe('too-few-answers');
    expect(calls).toHaveLength(0);
    expect(marks.getItem(OPTIMIZER_PRIMED_KEY)).toBeNull();
  });

  it('does not start while a fit is running, and primes at a later session end', async () => {
    await seedLog(PRIME_MIN_ANSWERS);
    const { calls, warmUp } = fakeWarmUp();
    let fitting = true;
    const primerWithFit = primer({ warmUp, fitRunning: () => fitting });

    await expect(primerWithFit.prime(go())).resolves.toBe('busy');
    expect(calls).toHaveLength(0);
    expect(marks.getItem(OPTIMIZER_PRIMED_KEY)).toBeNull();

    fitting = false;
    await expect(primerWithFit.prime(go())).resolves.toBe('primed');
  });

  it('runs one warm-up at a time when two session ends come together', async () => {
    await seedLog(PRIME_MIN_ANSWERS);
    let finish: (end: PrimeWarmUpEnd) => void = () => {};
    const { calls, warmUp } = fakeWarmUp(() => new Promise((resolve) => (finish = resolve)));
    const shared = primer({ warmUp });

    const first = shared.prime(go());
    await expect(shared.prime(go())).resolves.toBe('in-progress');
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    finish('primed');

    await expect(first).resolves.toBe('primed');
    expect(calls).toHaveLength(1);
  });

  it('does not note the build when the warm-up was stopped (a fit took the worker over)', async () => {
    await seedLog(PRIME_MIN_ANSWERS);
    const { warmUp } = fakeWarmUp('stopped');

    await expect(primer({ warmUp }).prime(go())).resolves.toBe('stopped');
    expect(marks.getItem(OPTIMIZER_PRIMED_KEY)).toBeNull();
  });

  it('does not note the build when the page hid before the warm-up ended', async () => {
    await seedLog(PRIME_MIN_ANSWERS);
    const hidden = new AbortController();
    // The warm-up ran out its hold although the page hid meanwhile: the code cache may not have been written.
    const { warmUp } = fakeWarmUp(async () => {
      hidden.abort();
      return 'primed';
    });

    await expect(primer({ warmUp }).prime(hidden.signal)).resolves.toBe('stopped');
    expect(marks.getItem(OPTIMIZER_PRIMED_KEY)).toBeNull();
  });

  it('does not start once the page has hidden', async () => {
    await seedLog(PRIME_MIN_ANSWERS);
    const hidden = new AbortController();
    hidden.abort();
    const { calls, warmUp } = fakeWarmUp();

    await expect(primer({ warmUp }).prime(hidden.signal)).resolves.toBe('stopped');
    expect(calls).toHaveLength(0);
  });

  it('treats a failing warm-up as not primed, and tries again next time', async () => {
    await seedLog(PRIME_MIN_ANSWERS);
    let attempt = 0;
    const { calls, warmUp } = fakeWarmUp(async () =>
      ++attempt === 1 ? Promise.reject(new Error('offline')) : 'primed',
    );
    const again = primer({ warmUp });

    await expect(again.prime(go())).resolves.toBe('failed');
    expect(marks.getItem(OPTIMIZER_PRIMED_KEY)).toBeNull();
    await expect(again.prime(go())).resolves.toBe('primed');
    expect(calls).toHaveLength(2);
  });

  it('still primes where storage refuses access, without a marker', async () => {
    await seedLog(PRIME_MIN_ANSWERS);
    const refusing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    const { warmUp } = fakeWarmUp();

    await expect(primer({ warmUp, marks: refusing }).prime(go())).resolves.toBe('primed');
  });
});
