import { describe, expect, it } from 'vitest';
import { listSnapshots } from '../services/backup';
import { freshDevice, START } from '../../tests/support/collections';
import { freshDb, seed } from '../../tests/backup/helpers';
import { periodicSnapshotOffPage } from './snapshot-client';
import { fixDate } from '../../tests/support/fixed-date';

const NOW = Date.UTC(2029, 0, 1, 12);

fixDate(NOW);

describe('periodicSnapshotOffPage', { timeout: 30_000 }, () => {
  it('runs the periodic check on this thread where there are no workers (Node, jsdom)', async () => {
    expect(typeof Worker).toBe('undefined');
    const db = freshDb();
    const device = freshDevice('d', 2);
    device.answer('card-0', 3, START + 60_000);
    await seed(db, device.collection());
    const info = await periodicSnapshotOffPage(db);
    expect(info).toMatchObject({ reason: 'periodic', cards: 2, reviews: 1 });
    expect(await listSnapshots(db)).toHaveLength(1);
    // Nothing changed since: none due.
    expect(await periodicSnapshotOffPage(db)).toBeNull();
  });
});
