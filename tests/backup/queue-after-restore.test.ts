import { describe, expect, it } from 'vitest';
import { exportBackup, mergeBackup, restoreBackup } from '../../src/services/backup';
import { nextCard } from '../../src/services/today';
import { freshDevice, START } from '../support/collections';
import { freshDb, seed } from './helpers';
import { fixDate } from '../support/fixed-date';

const DAY = 86_400_000;
// A month after the answers: every reviewed card is a due review by then.
const LATER = START + 30 * DAY;

fixDate(LATER);

/** A backup in which cards 0 and 1 were answered Easy at START, so they are due reviews at LATER. */
async function studiedBackup(): Promise<Uint8Array> {
  const device = freshDevice('phone', 4);
  device.answer('card-0', 4, START);
  device.answer('card-1', 4, START + 60_000);
  const source = freshDb();
  await seed(source, device.collection());
  const { bytes } = await exportBackup(source);
  source.close();
  return bytes;
}

// Today's review order is cached per database; a restore or merge that brings due reviews must not be hidden by it.
describe('the review queue after a restore or merge', () => {
  it('shows the due reviews a restore brought, although the order was cached before it', async () => {
    const bytes = await studiedBackup();
    const db = freshDb();
    await seed(db, freshDevice('laptop', 4).collection());
    const before = await nextCard(db, LATER);
    expect(before.card && 'queue' in before ? before.queue : null).toBe('new');

    await restoreBackup(db, bytes);
    const after = await nextCard(db, LATER);
    expect(after.card && 'queue' in after ? after.queue : null).toBe('review');
    db.close();
  });

  it('shows the due reviews a merge brought, although the order was cached before it', async () => {
    const bytes = await studiedBackup();
    const db = freshDb();
    await seed(db, freshDevice('laptop', 4).collection());
    await nextCard(db, LATER);

    await mergeBackup(db, bytes, { now: LATER });
    const after = await nextCard(db, LATER);
    expect(after.card && 'queue' in after ? after.queue : null).toBe('review');
    db.close();
  });
});
