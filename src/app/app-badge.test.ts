// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import { answerCard } from '../services/answer';
import { syncDecks } from '../services/sync';
import { deckServer, makeDeck } from '../services/testing/deck-fixtures';
import { countDueToday, showDueBadge, startAppBadge, type BadgeNavigator } from './app-badge';

// 10:00 local time; the study day runs 04:00–04:00.
const T0 = new Date(2026, 10, 26, 10).getTime();

/** A navigator with the Badging API, recording what the app asked it to show. */
function badgeNavigator() {
  const shown: Array<number | 'cleared'> = [];
  const nav = {
    setAppBadge: vi.fn((count?: number) => {
      shown.push(count ?? 0);
      return Promise.resolve();
    }),
    clearAppBadge: vi.fn(() => {
      shown.push('cleared');
      return Promise.resolve();
    }),
  } satisfies BadgeNavigator;
  return { nav, shown };
}

let db: CoursedeckDb;
let stop: () => void = () => undefined;

beforeEach(async () => {
  db = openDatabase('badge');
  const cards = Array.from({ length: 3 }, (_, i) => ({ id: `c${i}` }));
  await syncDecks(db, deckServer([makeDeck('d-01', 1, cards)]).fetcher, T0);
});
afterEach(() => {
  stop();
  db.close();
});

async function answerEasy(id: string, now: number) {
  const card = await db.cards.get(id);
  if (!card) throw new Error(`no card ${id}`);
  // Easy: a new card goes straight to review in days, so it leaves today's count.
  await answerCard(db, { cardId: id, expectedVersion: card.version, grade: 4, now, durationMs: 1 });
}

describe('showDueBadge', () => {
  test('shows the count, and clears the badge at zero', async () => {
    const { nav, shown } = badgeNavigator();
    expect(await showDueBadge(nav, 12)).toBe(true);
    expect(await showDueBadge(nav, 0)).toBe(true);
    expect(shown).toEqual([12, 'cleared']);
  });

  test('does nothing where the platform has no badge', async () => {
    expect(await showDueBadge({}, 3)).toBe(false);
  });

  test('a refused badge is not an error', async () => {
    const nav = { setAppBadge: () => Promise.reject(new DOMException('no', 'NotAllowedError')) };
    await expect(showDueBadge(nav, 3)).resolves.toBe(true);
  });
});

describe('countDueToday', () => {
  test("counts today's new, learning and review cards, and knows when the next study day starts", async () => {
    const due = await countDueToday(db, T0);
    expect(due.count).toBe(3);
    expect(due.nextDayAt).toBe(new Date(2026, 10, 27, 4).getTime());
  });
});

describe('startAppBadge', () => {
  test('shows the due count on start, after each review, and clears it when nothing is left', async () => {
    const { nav, shown } = badgeNavigator();
    stop = startAppBadge({ db, navigator: nav, now: () => T0, startDelayMs: 0, delayMs: 10 });
    await vi.waitFor(() => expect(shown).toEqual([3]));

    await answerEasy('c0', T0);
    await vi.waitFor(() => expect(shown.at(-1)).toBe(2));
    await answerEasy('c1', T0);
    await vi.waitFor(() => expect(shown.at(-1)).toBe(1));
    await answerEasy('c2', T0);
    await vi.waitFor(() => expect(shown.at(-1)).toBe('cleared'));
    expect(nav.setAppBadge).not.toHaveBeenCalledWith(0);
  });

  test('recounts when the app comes back into view', async () => {
    const { nav, shown } = badgeNavigator();
    let now = T0;
    stop = startAppBadge({ db, navigator: nav, now: () => now, startDelayMs: 0, delayMs: 10 });
    await vi.waitFor(() => expect(shown).toEqual([3]));
    // The phone sat in a pocket overnight: nothing was written, only the clock moved, and the count is asked again.
    now = T0 + 86_400_000;
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(shown).toEqual([3, 3]));
  });

  test('stops listening once stopped', async () => {
    const { nav, shown } = badgeNavigator();
    stop = startAppBadge({ db, navigator: nav, now: () => T0, startDelayMs: 0, delayMs: 10 });
    await vi.waitFor(() => expect(shown).toEqual([3]));
    stop();
    await answerEasy('c0', T0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(shown).toEqual([3]);
  });

  test('where the platform has no badge it neither counts nor listens', async () => {
    const countDue = vi.fn(countDueToday);
    stop = startAppBadge({ db, navigator: {}, countDue, startDelayMs: 0, delayMs: 0 });
    await answerEasy('c0', T0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(countDue).not.toHaveBeenCalled();
  });
});
