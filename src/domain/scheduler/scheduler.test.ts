import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Grade, MemoryState, ReviewLogEntry } from '../model';
import { DEFAULT_SETTINGS } from '../settings';
import {
  formatInterval,
  next,
  newMemoryState,
  previewAll,
  replay,
  retrievability,
  forget,
} from '.';

const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);
const HOUR = 3_600_000;
const grade = fc.constantFrom<Grade>(1, 2, 3, 4);
/** A history: grades with the gaps (ms) before each answer, from 1 minute to 400 days. */
const history = fc.array(fc.tuple(grade, fc.integer({ min: 60_000, max: 400 * 24 * HOUR })), {
  minLength: 1,
  maxLength: 25,
});
const settingsArb = fc.record({
  desiredRetention: fc.double({ min: 0.7, max: 0.99, noNaN: true }),
  fuzz: fc.boolean(),
  maximumIntervalDays: fc.integer({ min: 30, max: 36500 }),
});

/** Answer a card through a history, returning the log rows and the final state. */
function run(cardId: string, steps: [Grade, number][], s = DEFAULT_SETTINGS) {
  let memory: MemoryState = newMemoryState(T0);
  let now = T0;
  const log: Pick<ReviewLogEntry, 'rating' | 'reviewedAt' | 'before' | 'kind'>[] = [];
  for (const [g, gap] of steps) {
    now += gap;
    const after = next(cardId, memory, now, g, s);
    log.push({ rating: g, reviewedAt: now, before: memory, kind: 'review' });
    memory = after;
  }
  return { memory, log, now };
}

describe('the scheduling adapter', () => {
  it('always schedules the next review after the review time, with stability > 0 and difficulty in [1, 10]', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }),
        history,
        settingsArb,
        (id, steps, s) => {
          const settings = { ...DEFAULT_SETTINGS, ...s };
          let memory = newMemoryState(T0);
          let now = T0;
          for (const [g, gap] of steps) {
            now += gap;
            memory = next(id, memory, now, g, settings);
            expect(memory.due).toBeGreaterThan(now);
            expect(memory.stability).toBeGreaterThan(0);
            expect(memory.difficulty).toBeGreaterThanOrEqual(1);
            expect(memory.difficulty).toBeLessThanOrEqual(10);
            expect(memory.lastReview).toBe(now);
            expect(memory.phase).not.toBe('new');
          }
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('keeps retrievability within [0, 1] at any later moment', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 3650 * 24 * HOUR }), (steps, later) => {
        const { memory, now } = run('card', steps);
        const r = retrievability(memory, now + later, DEFAULT_SETTINGS);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(1);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('gives intervals ordered Again ≤ Hard ≤ Good ≤ Easy for any card state', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }),
        history,
        fc.integer({ min: 60_000, max: 400 * 24 * HOUR }),
        settingsArb,
        (id, steps, gap, s) => {
          const settings = { ...DEFAULT_SETTINGS, ...s };
          const { memory, now } = run(id, steps, settings);
          const p = previewAll(id, memory, now + gap, settings);
          expect(p[1].intervalMs).toBeLessThanOrEqual(p[2].intervalMs);
          expect(p[2].intervalMs).toBeLessThanOrEqual(p[3].intervalMs);
          expect(p[3].intervalMs).toBeLessThanOrEqual(p[4].intervalMs);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('replays a card’s log to exactly the stored state when the settings did not change', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }),
        history,
        settingsArb,
        (id, steps, s) => {
          const settings = { ...DEFAULT_SETTINGS, ...s };
          const { memory, log } = run(id, steps, settings);
          expect(replay(id, log, settings)).toEqual(memory);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('replays resets as a return to New', () => {
    const { memory, log, now } = run('c', [
      [3, HOUR],
      [3, 24 * HOUR],
    ]);
    const reset = forget('c', memory, now + HOUR);
    expect(reset.phase).toBe('new');
    const rows = [
      ...log,
      { rating: 0 as const, reviewedAt: now + HOUR, before: memory, kind: 'reset' as const },
    ];
    expect(replay('c', rows, DEFAULT_SETTINGS)).toEqual(reset);
  });

  it('fuzzes deterministically per card id: same card, same answer, same due; ids spread the dates', () => {
    const s = { ...DEFAULT_SETTINGS, fuzz: true };
    const steps: [Grade, number][] = [
      [3, HOUR],
      [3, 24 * HOUR],
      [3, 10 * 24 * HOUR],
      [3, 40 * 24 * HOUR],
    ];
    expect(run('a', steps, s).memory).toEqual(run('a', steps, s).memory);
    const dues = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id) => run(id, steps, s).memory.due),
    );
    expect(dues.size).toBeGreaterThan(1);
  });

  it('gives a new card the learning steps as its first intervals', () => {
    const p = previewAll('x', newMemoryState(T0), T0, DEFAULT_SETTINGS);
    expect(p[1].label).toBe('1m');
    expect(p[3].label).toBe('10m');
    expect(p[4].intervalMs).toBeGreaterThanOrEqual(24 * HOUR);
  });

  it('labels intervals as Anki does', () => {
    expect(formatInterval(30_000)).toBe('<1m');
    expect(formatInterval(10 * 60_000)).toBe('10m');
    expect(formatInterval(3 * HOUR)).toBe('3h');
    expect(formatInterval(3 * 24 * HOUR)).toBe('3d');
    expect(formatInterval(75 * 24 * HOUR)).toBe('2.5mo');
    expect(formatInterval(365 * 24 * HOUR)).toBe('1y');
  });

  it('rates a never-reviewed card’s retrievability 0', () => {
    expect(retrievability(newMemoryState(T0), T0 + HOUR, DEFAULT_SETTINGS)).toBe(0);
  });
});
