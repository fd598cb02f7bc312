import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyStatsOfLog } from '../db/daily-stats';
import { getSettingsDoc } from '../db/repo';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import type { Grade } from '../domain/model';
import { DEFAULT_SETTINGS_DOC } from '../domain/settings';
import {
  aggregateLog,
  computeStatsScreen,
  createDayCalendar,
  type DailyStats,
} from '../domain/stats';
import { answerCard, undoLast } from './answer';
import { saveSettings } from './settings';
import { curveFor, loadStats } from './stats';
import { syncDecks } from './sync';
import { deckServer, makeDeck } from './testing/deck-fixtures';

const T0 = new Date(2026, 10, 20, 10).getTime();
const HOUR = 3_600_000;
let counter = 0;

const byId = (a: DailyStats, b: DailyStats) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Two courses (one chapter each, three cards each) whose study days start at different hours. */
async function setUp(hourA: number, hourB: number): Promise<CoursedeckDb> {
  const db = openDatabase(`daily-stats-${++counter}`);
  const cards = (p: string) => [0, 1, 2].map((i) => ({ id: `${p}${i}` }));
  const decks = [
    makeDeck('a-01', 1, cards('a'), 'Course A'),
    makeDeck('b-01', 1, cards('b'), 'Course B'),
  ];
  await syncDecks(db, deckServer(decks).fetcher, T0);
  await saveSettings(db, {
    global: { ...DEFAULT_SETTINGS_DOC.global, nextDayStartsAt: hourA },
    perCourse: { 'Course B': { nextDayStartsAt: hourB } },
  });
  return db;
}

/** The stored aggregates, and what aggregateLog gives for the stored log (each deck on its course's hour). */
async function storedAndExpected(db: CoursedeckDb) {
  const [stored, log, decks, doc] = await Promise.all([
    db.dailyStats.toArray(),
    db.reviewLog.toArray(),
    db.decks.toArray(),
    getSettingsDoc(db),
  ]);
  return { stored: stored.sort(byId), expected: dailyStatsOfLog(log, decks, doc, T0).sort(byId) };
}

type Step = { op: 'answer'; card: string; grade: Grade; advanceHours: number } | { op: 'undo' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('answer' as const),
      card: fc.constantFrom('a0', 'a1', 'a2', 'b0', 'b1', 'b2'),
      grade: fc.constantFrom<Grade>(1, 2, 3, 4),
      advanceHours: fc.integer({ min: 0, max: 30 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.constant({ op: 'undo' as const }), weight: 1 },
);

describe('daily stats kept with the review log', () => {
  it('equal aggregateLog of the log after any sequence of answers and undos, whatever the next-day hours', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 23 }),
        fc.array(step, { minLength: 1, maxLength: 25 }),
        async (hourA, hourB, steps) => {
          const db = await setUp(hourA, hourB);
          let now = T0;
          for (const s of steps) {
            if (s.op === 'undo') {
              await undoLast(db, now);
            } else {
              now += s.advanceHours * HOUR;
              const card = (await db.cards.get(s.card))!;
              await answerCard(db, {
                cardId: s.card,
                expectedVersion: card.version,
                grade: s.grade,
                now,
                durationMs: 1000,
              });
            }
            const { stored, expected } = await storedAndExpected(db);
            expect(stored).toEqual(expected);
          }
          db.close();
        },
      ),
      { seed: 42, numRuns: 15 },
    );
  });

  it('count an answer on the study day of its course: before the next-day hour it belongs to the day before', async () => {
    const db = await setUp(4, 12);
    const at = new Date(2026, 10, 21, 9).getTime(); // 09:00: course A's 21st, course B's 20th
    for (const id of ['a0', 'b0']) {
      await answerCard(db, { cardId: id, expectedVersion: 1, grade: 3, now: at, durationMs: 0 });
    }
    const rows = (await db.dailyStats.toArray()).sort(byId);
    expect(rows.map((r) => [r.id, r.answers])).toEqual([
      ['a-01|2026-11-21', 1],
      ['b-01|2026-11-20', 1],
    ]);
    // Same as scanning that deck's log on its own calendar.
    const logA = await db.reviewLog.where('deckId').equals('a-01').toArray();
    expect(aggregateLog(logA, createDayCalendar(at, 4))).toEqual([rows[0]]);
  });

  it('are rebuilt when the next-day hour changes, and only then', async () => {
    const db = await setUp(4, 4);
    const at = new Date(2026, 10, 21, 9).getTime();
    await answerCard(db, { cardId: 'a0', expectedVersion: 1, grade: 3, now: at, durationMs: 0 });
    expect((await db.dailyStats.toArray()).map((r) => r.id)).toEqual(['a-01|2026-11-21']);
    const doc = await getSettingsDoc(db);
    await saveSettings(db, { ...doc, global: { ...doc.global, desiredRetention: 0.85 } });
    expect((await db.dailyStats.toArray()).map((r) => r.id)).toEqual(['a-01|2026-11-21']);
    // Course A now starts its day at noon: the 09:00 answer belongs to the day before.
    await saveSettings(db, { ...doc, perCourse: { 'Course A': { nextDayStartsAt: 12 } } });
    expect((await db.dailyStats.toArray()).map((r) => r.id)).toEqual(['a-01|2026-11-20']);
    const { stored, expected } = await storedAndExpected(db);
    expect(stored).toEqual(expected);
  });

  it('give the Stats screen the same figures as scanning the log', async () => {
    const db = await setUp(4, 12);
    let now = T0;
    for (let i = 0; i < 30; i++) {
      now += ((i * 7) % 23) * HOUR;
      const id = ['a0', 'a1', 'a2', 'b0', 'b1', 'b2'][i % 6]!;
      const card = (await db.cards.get(id))!;
      const grade = ([1, 3, 3, 4, 2] as Grade[])[i % 5]!;
      await answerCard(db, {
        cardId: id,
        expectedVersion: card.version,
        grade,
        now,
        durationMs: 0,
      });
      if (i % 9 === 8) await undoLast(db, now);
    }
    const [log, cards] = await Promise.all([db.reviewLog.toArray(), db.cards.toArray()]);
    for (const scopeId of ['course:Course A', 'deck:b-01']) {
      const loaded = await loadStats(db, scopeId, now);
      const fromLog = computeStatsScreen({
        log,
        cards,
        now,
        nextDayHour: loaded.settings.nextDayStartsAt,
        curve: curveFor(loaded.settings),
        deckIds: new Set(loaded.scope.deckIds),
      });
      expect(loaded.data).toEqual(fromLog);
      expect(loaded.data.heatmap.total).toBeGreaterThan(0);
    }
  });

  it('drop a day row when its last answer is undone', async () => {
    const db = await setUp(4, 4);
    await answerCard(db, { cardId: 'a0', expectedVersion: 1, grade: 3, now: T0, durationMs: 0 });
    expect(await db.dailyStats.count()).toBe(1);
    await undoLast(db, T0);
    expect(await db.dailyStats.count()).toBe(0);
  });
});
