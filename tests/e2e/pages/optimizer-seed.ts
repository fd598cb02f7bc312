/**
 * Bundled by tests/e2e/optimizer.e2e.ts (IIFE) and evaluated in a page of the built app's origin before the app first
 * runs: writes the optimizer tests' small collection (course Alpha studied for 700 answers by a learner unlike FSRS'
 * defaults, course Beta a handful) into Chromium's IndexedDB with the app's own schema code.
 */
import { openDatabase } from '../../../src/db/schema';
import { seedOptimizerCollection } from '../../support/optimizer-fixture';

async function seed(): Promise<{ rows: number }> {
  const db = openDatabase();
  await seedOptimizerCollection(db);
  const rows = await db.reviewLog.count();
  db.close();
  return { rows };
}

Object.assign(window, { __e2eOptimizerSeed: { seed } });
