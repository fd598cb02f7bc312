/**
 * Bundled by bench/optimizer-app.bench.ts (IIFE) and evaluated in a page of the built app's origin before the app
 * first runs: writes the synthetic learner's review log (bench/optimizer.bench.ts's, of 20,000 or 100,000 answers)
 * into Chromium's on-disk IndexedDB with the app's own schema code, so Settings → "Optimize my parameters (all
 * courses)" fits exactly the log the other optimizer benches fit. With `snapshot`, also the periodic backup snapshot
 * the app would have taken after those reviews (so none is due when Settings opens: the backup panel takes one then).
 */
import { openDatabase } from '../../src/db/schema';
import { takeSnapshot } from '../../src/services/backup/backup';
import { syntheticLog } from '../../src/domain/optimizer';
import { logOptions } from './synthetic-learner';

async function seed(answers: number, snapshot = false): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  const log = syntheticLog(logOptions(answers));
  const db = openDatabase();
  const CHUNK = 10_000;
  for (let at = 0; at < log.length; at += CHUNK)
    await db.reviewLog.bulkAdd(log.slice(at, at + CHUNK));
  const rows = await db.reviewLog.count();
  if (snapshot) await takeSnapshot(db, 'periodic');
  db.close();
  return { ms: performance.now() - started, rows };
}

Object.assign(window, { __optimizerSeed: { seed } });
