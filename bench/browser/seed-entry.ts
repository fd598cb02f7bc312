/**
 * Bundled by bench/browser.bench.ts (esbuild, IIFE) and evaluated in a page of the app's origin, so the collection is
 * written with the app's own schema and repository code into Chromium's on-disk IndexedDB, and the answer transaction
 * can be timed under both durabilities.
 *
 * The collection is shaped like the one of `npm run bench:queue`: 50 chapters; 20% of cards never studied, 2% in
 * (re)learning, the rest in review with last reviews over the past year and due dates around today; the log spread
 * over the studied cards. Seeded, so runs are comparable.
 */
import { openDatabase } from '../../src/db/schema';
import { toStored } from '../../src/db/repo';
import type { CardRecord, DeckRecord, MemoryState, ReviewLogEntry } from '../../src/domain/model';
import {
  answerCard,
  getSettings,
  getTodayCounts,
  nextCard,
  saveSettings,
} from '../../src/services';
import { newMemoryState } from '../../src/domain/scheduler';
import { seededRandom } from '../../src/domain/optimizer/random';

const DAY = 86_400_000;
const DECKS = 50;

// The project's seeded PRNG (mulberry32), so every run benchmarks the same collection.
const random = seededRandom;

async function seed(options: {
  cards: number;
  logRows: number;
  now: number;
}): Promise<{ ms: number }> {
  const started = performance.now();
  const { cards: cardCount, logRows, now } = options;
  const rand = random(42);
  const db = openDatabase();
  const perDeck = cardCount / DECKS;
  const decks: DeckRecord[] = Array.from({ length: DECKS }, (_, d) => ({
    schemaVersion: 1,
    id: `bench-${String(d + 1).padStart(2, '0')}`,
    course: 'Bench Course',
    chapter: d + 1,
    title: `Chapter ${d + 1}`,
    estimatedTime: [],
    objectives: [],
    exercises: { items: [] },
    related: [],
    reading: [],
    coverage: { answered: perDeck, total: perDeck },
    hash: String(d),
    // Imported decks are left alone by the shipped-deck sync at start-up.
    imported: true,
    retired: false,
    cardCount: perDeck,
    syncedAt: now - 400 * DAY,
  }));
  await db.decks.bulkPut(decks);

  const studied: CardRecord[] = [];
  const CHUNK = 10_000;
  let chunk: CardRecord[] = [];
  for (let i = 0; i < cardCount; i++) {
    const deck = decks[i % DECKS]!;
    const u = rand();
    let memory: MemoryState;
    if (u < 0.2) {
      memory = newMemoryState(now - 400 * DAY);
    } else {
      const learning = u < 0.22;
      const lastReview = learning ? now - rand() * DAY : now - (1 + rand() * 365) * DAY;
      const stability = learning ? 0.5 + rand() * 2 : 1 + rand() * 400;
      const due = learning
        ? lastReview + rand() * 2 * DAY
        : lastReview + stability * (0.55 + rand() * 0.9) * DAY;
      memory = {
        phase: learning ? (rand() < 0.5 ? 'learning' : 'relearning') : 'review',
        due,
        stability,
        difficulty: 1 + rand() * 9,
        elapsedDays: Math.round(stability),
        scheduledDays: Math.round((due - lastReview) / DAY),
        learningSteps: 0,
        reps: 10 + Math.floor(rand() * 6),
        lapses: Math.floor(rand() * 3),
        lastReview,
      };
    }
    const card: CardRecord = {
      id: `${deck.id}-card-${i}`,
      deckId: deck.id,
      course: deck.course,
      chapter: deck.chapter,
      kind: 'concept',
      front: `What is concept ${i}?`,
      back: `Concept ${i} is a thing of some importance in chapter ${deck.chapter}.`,
      section: 'Key Concepts',
      position: Math.floor(i / DECKS),
      group: `g-${i}`,
      source: { file: `${deck.id}/README.md`, line: (i % 300) + 1 },
      selfGraded: false,
      memory,
      suspended: rand() < 0.01,
      buriedUntil: 0,
      retired: false,
      leech: false,
      version: 1,
    };
    chunk.push(card);
    if (memory.phase !== 'new') studied.push(card);
    if (chunk.length === CHUNK) {
      await db.cards.bulkAdd(chunk.map(toStored));
      chunk = [];
    }
  }
  if (chunk.length) await db.cards.bulkAdd(chunk.map(toStored));

  let logged = 0;
  let batch: ReviewLogEntry[] = [];
  const perCard = logRows / studied.length;
  for (let c = 0; c < studied.length && logged < logRows; c++) {
    const card = studied[c]!;
    const n = c === studied.length - 1 ? logRows - logged : Math.round(perCard);
    const last = card.memory.lastReview ?? now - DAY;
    for (let r = 0; r < n && logged < logRows; r++) {
      const reviewedAt =
        r === n - 1 ? last : last - (n - 1 - r) * (730 / n) * DAY * (0.8 + 0.4 * rand());
      batch.push({
        id: `bench-${logged.toString(36)}`,
        cardId: card.id,
        deckId: card.deckId,
        kind: 'review',
        rating: rand() < 0.1 ? 1 : 3,
        reviewedAt: Math.min(reviewedAt, now - 60_000),
        durationMs: 3000 + Math.floor(rand() * 10_000),
        before: { ...card.memory, phase: r === 0 ? 'new' : 'review' },
        after: card.memory,
      });
      logged++;
      if (batch.length === 20_000) {
        await db.reviewLog.bulkAdd(batch);
        batch = [];
      }
    }
  }
  if (batch.length) await db.reviewLog.bulkAdd(batch);
  db.close();
  return { ms: performance.now() - started };
}

/** Times `answers` answers (card state + log row, one transaction each) under a durability, on the seeded database. */
async function timeAnswers(durability: 'strict' | 'relaxed', answers: number): Promise<number[]> {
  const db = openDatabase('coursedeck', { durability });
  const times: number[] = [];
  for (let i = 0; i < answers; i++) {
    const now = Date.now();
    const next = await nextCard(db, now, {});
    if (!next.card) break;
    const started = performance.now();
    await answerCard(db, {
      cardId: next.card.id,
      expectedVersion: next.card.version,
      grade: 3,
      now,
      durationMs: 5000,
    });
    times.push(performance.now() - started);
  }
  db.close();
  return times;
}

/** Times the two queue reads behind the screens, `runs` times each: Today's counts, and the next card with its preview. */
async function timeQueue(runs: number): Promise<{ counts: number[]; next: number[] }> {
  const db = openDatabase();
  const counts: number[] = [];
  const next: number[] = [];
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    await getTodayCounts(db, Date.now());
    counts.push(performance.now() - started);
    started = performance.now();
    await nextCard(db, Date.now(), {});
    next.push(performance.now() - started);
  }
  db.close();
  return { counts, next };
}

/**
 * Raises the review limit above the collection's due reviews, through the app's settings service: a reused profile
 * has answered some hundreds of cards in earlier sessions of the same study day, and "Study now" must stay.
 */
async function raiseReviewLimit(): Promise<void> {
  const db = openDatabase();
  const doc = await getSettings(db);
  await saveSettings(db, { ...doc, global: { ...doc.global, reviewsPerDay: 9999 } });
  db.close();
}

(globalThis as unknown as { __bench: object }).__bench = {
  seed,
  timeAnswers,
  timeQueue,
  raiseReviewLimit,
};
