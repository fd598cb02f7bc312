import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS_DOC, type SettingsDoc } from '../domain/settings';
import { logEntry } from '../domain/stats/fixtures';
import { openDatabase } from './schema';

const at = (day: number, hour: number) => new Date(2026, 10, day, hour).getTime();

/** The stores of the first release exactly as v1 declared them: a database written by that release. */
function openVersion1(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores({
    decks: 'id, course, [course+chapter]',
    cards:
      'id, deckId, group, buriedUntil, [queue+memory.due+memory.stability+memory.lastReview], [deckId+queue+memory.due], [queue+course+chapter+position], [deckId+queue+position]',
    reviewLog: 'id, reviewedAt, deckId, [cardId+reviewedAt]',
    tombstones: 'id, cardId',
    settings: 'id',
    meta: 'key',
  });
  return db;
}

describe('schema v2 upgrade', () => {
  it('builds the daily stats from the existing log, on each course’s next-day hour, leaving the log untouched', async () => {
    const log = [
      // Course A (hour 4): 03:00 on the 21st is still the 20th; 05:00 is the 21st.
      logEntry({ cardId: 'a1', deckId: 'a-01', reviewedAt: at(21, 3), rating: 3 }),
      logEntry({
        cardId: 'a1',
        deckId: 'a-01',
        reviewedAt: at(21, 5),
        rating: 1,
        before: { phase: 'review', scheduledDays: 30 },
      }),
      // Course B (hour 12): 09:00 on the 21st is the 20th; 13:00 is the 21st.
      logEntry({
        cardId: 'b1',
        deckId: 'b-01',
        reviewedAt: at(21, 9),
        rating: 3,
        before: { phase: 'review', scheduledDays: 3 },
      }),
      logEntry({ cardId: 'b1', deckId: 'b-01', reviewedAt: at(21, 13), rating: 4 }),
      // A reset is not an answer: no row of its own.
      logEntry({ cardId: 'b1', deckId: 'b-01', reviewedAt: at(23, 13), rating: 0 }),
    ];
    const doc: SettingsDoc = {
      global: { ...DEFAULT_SETTINGS_DOC.global, nextDayStartsAt: 4 },
      perCourse: { 'Course B': { nextDayStartsAt: 12 } },
    };
    const v1 = openVersion1('upgrade-daily');
    await v1.table('decks').bulkAdd([
      { id: 'a-01', course: 'Course A', chapter: 1 },
      { id: 'b-01', course: 'Course B', chapter: 1 },
    ]);
    await v1.table('settings').put({ id: 'settings', doc });
    await v1.table('reviewLog').bulkAdd(log);
    v1.close();

    const db = openDatabase('upgrade-daily');
    const rows = (await db.dailyStats.toArray()).map(({ id, answers, ...split }) => ({
      id,
      answers,
      ...split,
    }));
    const zero = { youngPassed: 0, youngFailed: 0, maturePassed: 0, matureFailed: 0 };
    expect(rows.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([
      { ...zero, id: 'a-01|2026-11-20', deckId: 'a-01', date: '2026-11-20', answers: 1 },
      {
        ...zero,
        id: 'a-01|2026-11-21',
        deckId: 'a-01',
        date: '2026-11-21',
        answers: 1,
        matureFailed: 1,
      },
      {
        ...zero,
        id: 'b-01|2026-11-20',
        deckId: 'b-01',
        date: '2026-11-20',
        answers: 1,
        youngPassed: 1,
      },
      { ...zero, id: 'b-01|2026-11-21', deckId: 'b-01', date: '2026-11-21', answers: 1 },
    ]);
    const sorted = (xs: { id: string }[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(sorted(await db.reviewLog.toArray())).toEqual(sorted(log));
    db.close();
  });

  it('opens an empty first-release database with no daily stats', async () => {
    const v1 = openVersion1('upgrade-empty');
    await v1.open();
    v1.close();
    const db = openDatabase('upgrade-empty');
    expect(await db.dailyStats.count()).toBe(0);
    expect(db.verno).toBe(3);
    db.close();
  });
});
