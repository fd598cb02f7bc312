// Daily stats (schema v2) are aggregates of the review log: every restore, merge and repair rebuilds them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyStatsOfLog, rebuildDailyStats } from '../../src/db/daily-stats';
import { getSettingsDoc } from '../../src/db/repo';
import type { CoursedeckDb } from '../../src/db/schema';
import { DEFAULT_SETTINGS_DOC, type SettingsDoc } from '../../src/domain/settings';
import type { DailyStats } from '../../src/domain/stats';
import { checkDatabase, exportBackup, mergeBackup, restoreBackup } from '../../src/services/backup';
import { diverge, divergedArb, freshDevice, START } from '../support/collections';
import { freshDb, seed } from './helpers';
import { fixDate } from '../support/fixed-date';

const NOW = Date.UTC(2029, 0, 1, 12);
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

fixDate(NOW);

/** The stored aggregates and what the stored log gives (each deck on its course's next-day hour). */
async function storedAndExpected(db: CoursedeckDb) {
  const [stored, log, decks, doc] = await Promise.all([
    db.dailyStats.toArray(),
    db.reviewLog.toArray(),
    db.decks.toArray(),
    getSettingsDoc(db),
  ]);
  return { stored: stored.sort(byId), expected: dailyStatsOfLog(log, decks, doc, NOW).sort(byId) };
}

const stale: DailyStats = {
  id: 'test-01|2000-01-01',
  deckId: 'test-01',
  date: '2000-01-01',
  answers: 99,
  youngPassed: 0,
  youngFailed: 0,
  maturePassed: 0,
  matureFailed: 0,
};

describe('daily stats after a restore, a merge or a repair', { timeout: 60_000 }, () => {
  it('are rebuilt from the restored log (old rows gone, the file’s next-day hour used)', async () => {
    const device = freshDevice('d', 4);
    for (let i = 0; i < 12; i++)
      device.answer(`card-${i % 4}`, ((i % 4) + 1) as 1, START + i * 7 * 3_600_000);
    const source = freshDb();
    const settings: SettingsDoc = {
      global: { ...DEFAULT_SETTINGS_DOC.global, nextDayStartsAt: 10 },
      perCourse: {},
    };
    await seed(source, device.collection(), settings);
    const { bytes } = await exportBackup(source);

    const db = freshDb();
    await db.dailyStats.put(stale);
    await restoreBackup(db, bytes);
    const { stored, expected } = await storedAndExpected(db);
    expect(stored.length).toBeGreaterThan(1);
    expect(stored).toEqual(expected);
    expect(stored.reduce((n, r) => n + r.answers, 0)).toBe(12);
  });

  it('are rebuilt after merging two diverged devices, either way round', async () => {
    await fc.assert(
      fc.asyncProperty(divergedArb, async (spec) => {
        const { phone, laptop } = diverge(spec);
        const phoneDb = freshDb();
        const laptopDb = freshDb();
        await seed(phoneDb, phone.collection());
        await seed(laptopDb, laptop.collection());
        // Each device's aggregates as its own answers left them (seed writes the tables directly).
        await rebuildDailyStats(phoneDb, NOW);
        await rebuildDailyStats(laptopDb, NOW);
        const phoneFile = (await exportBackup(phoneDb)).bytes;
        const laptopFile = (await exportBackup(laptopDb)).bytes;
        await mergeBackup(phoneDb, laptopFile);
        await mergeBackup(laptopDb, phoneFile);
        for (const db of [phoneDb, laptopDb]) {
          const { stored, expected } = await storedAndExpected(db);
          expect(stored).toEqual(expected);
          db.close();
        }
      }),
      { seed: 42, numRuns: 8 },
    );
  });

  it('are rebuilt when a repair moves a future-dated answer to now', async () => {
    const device = freshDevice('d', 2);
    device.answer('card-0', 3, START + 60_000);
    const c = device.collection();
    c.reviewLog.push({ ...c.reviewLog[0]!, id: 'future', reviewedAt: NOW + 3 * 86_400_000 });
    const db = freshDb();
    await seed(db, c);
    await db.dailyStats.put(stale);
    const report = await checkDatabase(db);
    expect(report.byRule['log-time']).toBe(1);
    const { stored, expected } = await storedAndExpected(db);
    expect(stored).toEqual(expected);
    expect(stored.some((r) => r.date === '2000-01-01')).toBe(false);
  });
});
