import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Fixes `Date` at `now` for each test of the file (or describe block) that calls it. Only `Date` is faked: IndexedDB
 * (fake-indexeddb schedules its work with timers) and user events keep real timers.
 */
export function fixDate(now: number): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
