import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listSnapshots, startAutoSnapshots } from '../../src/services/backup';
import { freshDevice, START } from '../support/collections';
import { freshDb, seed } from './helpers';

const NOW = Date.UTC(2029, 0, 1, 12);
const MINUTE = 60_000;

beforeEach(() => {
  // Only the clock and the interval: fake-indexeddb schedules its own work with real timers.
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

/** Lets the snapshot a tick started finish (its IndexedDB work runs on real timers). */
async function settle(db: Awaited<ReturnType<typeof freshDb>>, count: number): Promise<void> {
  await vi.waitFor(async () => expect(await listSnapshots(db)).toHaveLength(count), {
    timeout: 10_000,
  });
}

/** A database with one answer (so a snapshot is due) and its periodic checks started every 5 minutes. */
async function answeredOnce() {
  const db = freshDb();
  const device = freshDevice('d', 3);
  device.answer('card-0', 3, START + MINUTE);
  await seed(db, device.collection());
  const stop = startAutoSnapshots(db, { everyMs: 5 * MINUTE });
  return { db, device, stop };
}

describe('automatic periodic snapshots', { timeout: 30_000 }, () => {
  it('wait while the learner keeps answering, and are taken at the first check after a quiet minute', async () => {
    const { db, device, stop } = await answeredOnce();
    try {
      // A review session: an answer every 30 s for 12 minutes spans two checks, both skipped.
      const [entry] = device.log;
      for (let k = 1; k <= 24; k++) {
        await db.reviewLog.add({ ...entry!, id: `answer-${k}`, reviewedAt: Date.now() });
        await vi.advanceTimersByTimeAsync(30_000);
      }
      expect(await listSnapshots(db)).toHaveLength(0);
      // The session ends at minute 12; the check at minute 15 finds a quiet database and takes the snapshot.
      await vi.advanceTimersByTimeAsync(3 * MINUTE);
      await settle(db, 1);
      const [snapshot] = await listSnapshots(db);
      expect(snapshot).toMatchObject({ reason: 'periodic', reviews: 25 });
    } finally {
      stop();
    }
  });

  it('stop checking once stopped', async () => {
    const { db, stop } = await answeredOnce();
    stop();
    await vi.advanceTimersByTimeAsync(20 * MINUTE);
    expect(await listSnapshots(db)).toHaveLength(0);
  });
});
