/**
 * `npm run bench:stats:idb`: how long the Stats screen takes to read its data from IndexedDB in Chromium, the part
 * `npm run bench:stats` (computation in Node) leaves out.
 *
 * Default (what the app does since schema v2): the `dailyStats` rows of a 1,000,000-row log (aggregateLog over the
 * same synthetic rows, computed in Node: 12 decks × 730 days) and 20,000 cards. `READ=log ROWS=n` measures the old
 * path instead, rereading n review-log rows and the cards (the measurement that led to the aggregates).
 *
 * An on-disk profile (launchPersistentContext: real IndexedDB files, the realistic case), a page on a 127.0.0.1
 * origin, and a database with the app's reviewLog and cards stores and indexes (src/db/schema.ts, v1). The rows are
 * written once in batches (timed for information), then read five times in one read-only transaction the way Dexie's
 * `toArray()` reads (IDBObjectStore.getAll), reloading the page before each read; the median is reported, and a
 * one-chapter read through the deckId index (what the chapter view does).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReviewLogEntry } from '../src/domain/model';
import { aggregateLog, createDayCalendar, type DailyStats } from '../src/domain/stats';
import { launchPersistent } from '../tests/e2e/harness/browser.ts';
import { startStaticServer } from '../tests/e2e/harness/server.ts';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const CARDS = 20_000;
const RUNS = 5;
const READ_LOG = process.env.READ === 'log';
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 15);

/** Log row `i` of `rows`, as the page writes it in `READ=log` mode (only the fields the aggregates read differ). */
function syntheticRow(i: number, rows: number): ReviewLogEntry {
  const reviewedAt = NOW - 730 * DAY + Math.floor((i / rows) * 730 * DAY);
  const before = { phase: 'review', scheduledDays: i % 40 } as ReviewLogEntry['before'];
  return {
    id: String(i),
    cardId: `card-${i % CARDS}`,
    deckId: `course-${String((i % 12) + 1).padStart(2, '0')}`,
    kind: 'review',
    rating: (1 + (i % 4)) as ReviewLogEntry['rating'],
    reviewedAt,
    durationMs: 5000,
    before,
    after: before,
  };
}

// The daily stats the app would hold for that log (built in Node: only their reading is measured in the browser).
const daily: DailyStats[] = READ_LOG
  ? []
  : aggregateLog(
      Array.from({ length: ROWS }, (_, i) => syntheticRow(i, ROWS)),
      createDayCalendar(NOW, 4),
    );

const site = mkdtempSync(join(tmpdir(), 'stats-idb-site-'));
const profile = mkdtempSync(join(tmpdir(), 'stats-idb-profile-'));
writeFileSync(
  join(site, 'index.html'),
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body></body></html>',
);
const server = await startStaticServer({ root: site });
const context = await launchPersistent(profile);
// tsx (esbuild, keepNames) wraps named functions in the evaluated code with a `__name` helper the page lacks.
await context.addInitScript('globalThis.__name = (fn) => fn;');

try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url);
  const writeMs = await page.evaluate(
    async ({ rows, cards, daily }) => {
      const DAY = 86_400_000;
      const now = Date.UTC(2026, 10, 26, 15);
      const open = indexedDB.open('stats-bench', 1);
      open.onupgradeneeded = () => {
        const db = open.result;
        db.createObjectStore('dailyStats', { keyPath: 'id' }).createIndex('deckId', 'deckId');
        const log = db.createObjectStore('reviewLog', { keyPath: 'id' });
        log.createIndex('reviewedAt', 'reviewedAt');
        log.createIndex('deckId', 'deckId');
        log.createIndex('[cardId+reviewedAt]', ['cardId', 'reviewedAt']);
        const store = db.createObjectStore('cards', { keyPath: 'id' });
        store.createIndex('deckId', 'deckId');
      };
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const memory = (i: number, phase: string) => ({
        phase,
        due: now + (i % 60) * DAY,
        stability: 1 + (i % 300),
        difficulty: 1 + (i % 9),
        elapsedDays: i % 30,
        scheduledDays: i % 40,
        learningSteps: 0,
        reps: i % 50,
        lapses: i % 5,
        lastReview: now - (i % 700) * DAY,
      });
      const start = performance.now();
      const batch = 20_000;
      if (daily.length > 0) {
        const tx = db.transaction('dailyStats', 'readwrite');
        for (const row of daily) tx.objectStore('dailyStats').put(row);
        await new Promise((resolve) => (tx.oncomplete = resolve));
      }
      for (let from = 0; from < (daily.length > 0 ? 0 : rows); from += batch) {
        const tx = db.transaction('reviewLog', 'readwrite', { durability: 'relaxed' });
        const store = tx.objectStore('reviewLog');
        for (let i = from; i < Math.min(rows, from + batch); i++) {
          const reviewedAt = now - 730 * DAY + Math.floor((i / rows) * 730 * DAY);
          store.put({
            id: `dev00001-${reviewedAt.toString(36)}-${i.toString(36)}`,
            cardId: `card-${i % cards}`,
            deckId: `course-${String((i % 12) + 1).padStart(2, '0')}`,
            kind: 'review',
            rating: 1 + (i % 4),
            reviewedAt,
            durationMs: 5000,
            before: memory(i, 'review'),
            after: memory(i + 1, 'review'),
          });
        }
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
      }
      const tx = db.transaction('cards', 'readwrite');
      for (let c = 0; c < cards; c++) {
        tx.objectStore('cards').put({
          id: `card-${c}`,
          deckId: `course-${String((c % 12) + 1).padStart(2, '0')}`,
          course: 'Bench',
          chapter: (c % 12) + 1,
          kind: 'concept',
          front: `Front ${c}`,
          back: `Back ${c}`,
          section: 'Key Concepts',
          position: c,
          group: `card-${c}`,
          source: { file: 'README.md', line: 1 },
          selfGraded: false,
          memory: memory(c, 'review'),
          suspended: false,
          buriedUntil: 0,
          retired: false,
          leech: false,
          version: 1,
          queue: 'review',
        });
      }
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
      return performance.now() - start;
    },
    { rows: ROWS, cards: CARDS, daily },
  );
  const what = READ_LOG
    ? `${ROWS} log rows`
    : `${daily.length} daily-stats rows (of a ${ROWS}-row log)`;
  console.log(`wrote ${what} and ${CARDS} cards in ${(writeMs / 1000).toFixed(1)} s`);

  const store = READ_LOG ? 'reviewLog' : 'dailyStats';
  const expected = READ_LOG ? ROWS : daily.length;
  const read = (deckId: string | null, withCards = true) =>
    page.evaluate(
      async ({ deck, store, withCards }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open('stats-bench', 1);
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const start = performance.now();
        const tx = db.transaction(withCards ? [store, 'cards'] : [store], 'readonly');
        const request = <T>(r: IDBRequest<T>) =>
          new Promise<T>((resolve, reject) => {
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
        const [log, cards] = await Promise.all(
          deck === null
            ? [
                request(tx.objectStore(store).getAll()),
                withCards ? request(tx.objectStore('cards').getAll()) : [],
              ]
            : [
                request(tx.objectStore(store).index('deckId').getAll(deck)),
                request(tx.objectStore('cards').index('deckId').getAll(deck)),
              ],
        );
        const ms = performance.now() - start;
        db.close();
        return { ms, rows: log.length, cards: cards.length };
      },
      { deck: deckId, store, withCards },
    );

  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await page.reload();
    const result = await read(null);
    times.push(result.ms);
    if (result.rows !== expected) throw new Error(`read ${result.rows} rows, expected ${expected}`);
  }
  // The same store without the cards, to show which part of the read costs what.
  const alone: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await page.reload();
    alone.push((await read(null, false)).ms);
  }
  alone.sort((a, b) => a - b);
  await page.reload();
  const chapter = await read('course-03');
  times.sort((a, b) => a - b);
  console.log(`runs (ms): ${times.map((t) => t.toFixed(0)).join(', ')}`);
  console.log(
    `IndexedDB read of ${what} + ${CARDS} cards (Chromium, on disk): median ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms`,
  );
  console.log(`${store} alone, no cards: median ${alone[Math.floor(RUNS / 2)]!.toFixed(0)} ms`);
  console.log(
    `one chapter (${chapter.rows} rows, ${chapter.cards} cards, deckId index): ${chapter.ms.toFixed(0)} ms`,
  );
} finally {
  await context.close();
  await server.stop();
  rmSync(site, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}
