import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SNAPSHOT_POLICY,
  exportReminderDue,
  periodicSnapshotDue,
  pruneSnapshots,
  SNAPSHOT_INTERVAL_MS,
} from './snapshot-policy';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 12);

describe('pruneSnapshots', () => {
  it('keeps the recent ones, then one per day, week and month, newest of each', () => {
    // One snapshot every 6 hours for 400 days.
    const snapshots = Array.from({ length: 1600 }, (_, i) => ({
      id: `s${i}`,
      createdAt: NOW - i * 6 * 3_600_000,
    }));
    const { keep, remove } = pruneSnapshots(snapshots);
    expect(keep.length + remove.length).toBe(1600);
    // The 8 newest, plus at most 7 days, 4 weeks, 12 months (many coincide).
    expect(keep.slice(0, 8).map((s) => s.id)).toEqual([
      's0',
      's1',
      's2',
      's3',
      's4',
      's5',
      's6',
      's7',
    ]);
    expect(keep.length).toBeLessThanOrEqual(8 + 7 + 4 + 12);
    const oldest = keep.at(-1)!;
    expect(NOW - oldest.createdAt).toBeGreaterThan(300 * DAY);
    expect(NOW - oldest.createdAt).toBeLessThan(370 * DAY);
  });

  it('keeps every snapshot when there are fewer than the policy allows', () => {
    const snapshots = [
      { id: 'a', createdAt: NOW },
      { id: 'b', createdAt: NOW - DAY },
    ];
    expect(pruneSnapshots(snapshots).remove).toEqual([]);
  });

  it('is idempotent: pruning what it kept removes nothing', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 800 * 24 }), { maxLength: 300 }),
        fc.integer({ min: -12, max: 14 }),
        (hours, tz) => {
          const snapshots = hours.map((h) => ({ id: `h${h}`, createdAt: NOW - h * 3_600_000 }));
          const once = pruneSnapshots(snapshots, DEFAULT_SNAPSHOT_POLICY, tz * 3_600_000).keep;
          const twice = pruneSnapshots(once, DEFAULT_SNAPSHOT_POLICY, tz * 3_600_000);
          expect(twice.remove).toEqual([]);
          expect(twice.keep).toEqual(once);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });
});

describe('periodicSnapshotDue', () => {
  it('is due only after a change, and at most every 30 minutes', () => {
    expect(periodicSnapshotDue({ now: NOW, lastSnapshotAt: null, lastChangeAt: null })).toBe(false);
    expect(periodicSnapshotDue({ now: NOW, lastSnapshotAt: null, lastChangeAt: NOW - 1 })).toBe(
      true,
    );
    const last = NOW - SNAPSHOT_INTERVAL_MS + 1;
    expect(periodicSnapshotDue({ now: NOW, lastSnapshotAt: last, lastChangeAt: NOW })).toBe(false);
    expect(
      periodicSnapshotDue({
        now: NOW,
        lastSnapshotAt: NOW - SNAPSHOT_INTERVAL_MS,
        lastChangeAt: NOW,
      }),
    ).toBe(true);
    expect(
      periodicSnapshotDue({ now: NOW, lastSnapshotAt: NOW - DAY, lastChangeAt: NOW - 2 * DAY }),
    ).toBe(false);
  });
});

describe('exportReminderDue', () => {
  it('reminds when storage may be evicted, there are reviews, and the last export is two weeks old or missing', () => {
    const base = { now: NOW, persisted: false, reviewCount: 5 };
    expect(exportReminderDue({ ...base, lastExportAt: null })).toBe(true);
    expect(exportReminderDue({ ...base, lastExportAt: NOW - 15 * DAY })).toBe(true);
    expect(exportReminderDue({ ...base, lastExportAt: NOW - DAY })).toBe(false);
    expect(exportReminderDue({ ...base, persisted: true, lastExportAt: null })).toBe(false);
    expect(exportReminderDue({ ...base, reviewCount: 0, lastExportAt: null })).toBe(false);
  });
});
