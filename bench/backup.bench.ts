/**
 * `npm run bench:backup`: export, validate, restore and merge a collection of 5,000 cards and 100,000 review-log
 * rows in fake-indexeddb (Node), each the median of 5 runs. No target in issue 7; the figures say how long the
 * Settings panel shows its progress bar. Results go to docs/benchmarks.md ("Backup").
 *
 * The collection is made by really studying (the scheduling adapter), 20 answers per card; the merged file is a
 * second device that diverged from it with 2,000 more answers and 200 undos.
 */
import 'fake-indexeddb/auto';
import { openDatabase } from '../src/db/schema';
import { decodeBackup, exportBackup, mergeBackup, restoreBackup } from '../src/services/backup';
import { Device, freshDevice, type Step } from '../tests/support/collections';
import { seededRandom } from '../src/domain/optimizer/random.ts';

const CARDS = Number(process.env.BENCH_CARDS ?? 5_000);
const ANSWERS_PER_CARD = 20;
const RUNS = 5;
const NOW = Date.UTC(2029, 0, 1);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

// The project's seeded PRNG (mulberry32), so every run benchmarks the same collection.
const random = seededRandom;

function steps(count: number, seed: number, undoShare = 0): Step[] {
  const rand = random(seed);
  return Array.from({ length: count }, () => ({
    card: Math.floor(rand() * CARDS),
    grade: (rand() < 0.15 ? 1 : 3) as 1 | 3,
    minutes: 1,
    undo: rand() < undoShare,
  }));
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

let n = 0;
const fresh = () => openDatabase(`bench-backup-${++n}`);

const t0 = performance.now();
const base = freshDevice('base', CARDS).run(steps(CARDS * ANSWERS_PER_CARD, 1));
const other = new Device('laptop', base).run(steps(2_200, 2, 0.1));
const baseDb = fresh();
const otherDb = fresh();
const { seed } = await import('../tests/backup/helpers');
await seed(baseDb, base.collection());
await seed(otherDb, other.collection());
console.log(
  `collection: ${CARDS} cards, ${base.log.length} review-log rows (built in ${ms(performance.now() - t0)})`,
);

const exportTimes: number[] = [];
let bytes: Uint8Array = new Uint8Array();
for (let i = 0; i < RUNS; i++)
  exportTimes.push(await time(async () => ({ bytes } = await exportBackup(baseDb, { now: NOW }))));
const otherBytes = (await exportBackup(otherDb, { now: NOW })).bytes;

const decodeTimes: number[] = [];
for (let i = 0; i < RUNS; i++) decodeTimes.push(await time(async () => decodeBackup(bytes)));

const restoreTimes: number[] = [];
const mergeTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const db = fresh();
  // Restore into an empty database (a new device); its safety snapshot is of nothing and cheap.
  restoreTimes.push(await time(() => restoreBackup(db, bytes, { now: NOW })));
  // Merge the diverged device's file (snapshot, validation, union, replay, writes).
  mergeTimes.push(await time(() => mergeBackup(db, otherBytes, { now: NOW })));
  db.close();
}

console.log(`file: ${(bytes.length / 1024 / 1024).toFixed(1)} MB gzip`);
console.log(
  `export (read + gzip):            median ${ms(median(exportTimes))}  [${exportTimes.map(ms).join(', ')}]`,
);
console.log(
  `decode + validate (no writes):   median ${ms(median(decodeTimes))}  [${decodeTimes.map(ms).join(', ')}]`,
);
console.log(
  `restore into an empty database:  median ${ms(median(restoreTimes))}  [${restoreTimes.map(ms).join(', ')}]`,
);
console.log(
  `merge a diverged device's file:  median ${ms(median(mergeTimes))}  [${mergeTimes.map(ms).join(', ')}]`,
);
