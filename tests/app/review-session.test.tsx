import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getSettings, openDatabase, type CoursedeckDb, type Grade } from '../../src/services';
import { deckFiles, renderApp } from '../support/render-app';

// Screens are lazy chunks: the first visit to each one transforms its modules, which takes a while on 2 cores.
configure({ asyncUtilTimeout: 5000 });

const DAY = 86_400_000;
const START = new Date(2026, 10, 2, 9, 0).getTime(); // a Monday morning, local time

const GRADE_NAMES = ['Again', 'Hard', 'Good', 'Easy'] as const;

/** Waits until the review screen shows either a card's front or the end-of-session summary. */
async function nextStep(): Promise<'card' | 'done'> {
  return waitFor(
    () => {
      // Text queries here: role queries are exact but slow in jsdom, and this runs on every DOM change.
      if (
        screen.queryByText(/^(Session complete|Nothing to review right now)$/, { selector: 'h2' })
      )
        return 'done';
      if (screen.queryByText('Show answer', { selector: 'button' })) return 'card';
      throw new Error('still loading');
    },
    { timeout: 5000 },
  );
}

/**
 * Reviews until the session ends, grading the n-th answer with `grade(n)`; by keyboard (Space, then 1–4) or by
 * clicks. Returns how many answers were made. Each answer must leave the screen before the next step is read.
 */
async function study(
  user: UserEvent,
  how: 'keyboard' | 'clicks',
  grade: (n: number) => Grade,
  max = 400,
) {
  let n = 0;
  while ((await nextStep()) === 'card') {
    if (n >= max) throw new Error('session did not end');
    if (how === 'keyboard') await user.keyboard(' ');
    else await user.click(screen.getByText('Show answer', { selector: 'button' }));
    const g = grade(n);
    // The first answer finds its button by role and accessible name ("Good 10m"); later ones by text, for speed.
    const button =
      n === 0
        ? await screen.findByRole('button', { name: new RegExp(`^${GRADE_NAMES[g - 1]} `) })
        : (
            await screen.findByText(GRADE_NAMES[g - 1] ?? 'Good', { selector: 'button > span' })
          ).closest('button');
    if (!button) throw new Error('no answer button');
    if (how === 'keyboard') await user.keyboard(String(g));
    else await user.click(button);
    await waitFor(() =>
      expect(screen.queryByText('Good', { selector: 'button > span' })).toBeNull(),
    );
    n++;
  }
  return n;
}

async function openToday(db: CoursedeckDb) {
  const view = renderApp('/', { db });
  await screen.findByRole('heading', { name: 'Today' });
  // The shipped chapter appears once the start-up sync has stored it.
  await screen.findByRole('link', { name: /^1\. Introduction to Data Engineering/ });
  return view;
}

function stat(label: string): string {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent ?? '';
}

describe('a full review session over the shipped deck', () => {
  beforeEach(() => {
    vi.setSystemTime(START);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('syncs the shipped deck at start-up and shows today’s counts', async () => {
    const index = deckFiles().get('decks/index.json') as { decks: { cardCount: number }[] };
    const cards = index.decks[0]?.cardCount ?? 0;
    expect(cards).toBeGreaterThan(20);
    const { db, unmount } = await openToday(openDatabaseForTest());
    await waitFor(() => expect(stat('Due now')).toBe('20'));
    expect(await db.cards.count()).toBe(cards);
    expect(stat('Reviews done today')).toBe('0');
    expect(stat('Streak')).toBe('0 days');
    unmount();
  });

  it('counts down the cards left after each answer without recounting, a learning step staying in the count', async () => {
    const user = userEvent.setup({ delay: null });
    const view = await openToday(openDatabaseForTest());
    await user.click(screen.getByRole('link', { name: 'Study now' }));
    expect(await nextStep()).toBe('card');
    await screen.findByText('0 done, 20 left');
    // Good on a new card: a learning step due in minutes, still today's.
    await user.keyboard(' ');
    await screen.findByRole('button', { name: /^Good / });
    await user.keyboard('3');
    await screen.findByText('1 done, 20 left');
    expect(await nextStep()).toBe('card');
    // Easy: a review due in days, out of today's count.
    await user.keyboard(' ');
    await screen.findByRole('button', { name: /^Easy / });
    await user.keyboard('4');
    await screen.findByText('2 done, 19 left');
    view.unmount();
  }, 30_000);

  it('is studied by keyboard and by clicks over several days, keeping every review', async () => {
    const user = userEvent.setup({ delay: null });
    const db = openDatabaseForTest();
    let answers = 0;

    // Day 1, by keyboard: 20 new cards, every learning step walked through with a mix of grades.
    let view = await openToday(db);
    await user.click(screen.getByRole('link', { name: 'Study now' }));
    await screen.findByRole('heading', { name: 'Review' });
    const firstCard = await nextStep();
    expect(firstCard).toBe('card');
    // Context: chapter and section are shown with the card, and its source note.
    expect(
      await screen.findByText(/^Chapter 1: Introduction to Data Engineering.* · .+ · New card$/),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Source: /)).toBeInTheDocument();
    const day1 = await study(
      user,
      'keyboard',
      (n) => ([3, 3, 1, 3, 4, 3, 2, 3][n % 8] ?? 3) as Grade,
    );
    expect(day1).toBeGreaterThanOrEqual(20);
    answers += day1;
    expect(screen.getByRole('heading', { name: 'Session complete' })).toBeInTheDocument();
    expect(screen.getByText(new RegExp(`You answered ${day1} cards`))).toBeInTheDocument();
    expect(await db.reviewLog.count()).toBe(answers);
    const newAnswers = (await db.reviewLog.toArray()).filter(
      (r) => r.before.phase === 'new',
    ).length;
    expect(newAnswers).toBe(20);
    await user.click(screen.getByRole('link', { name: 'Back to Today' }));
    await screen.findByRole('heading', { name: 'Today' });
    await waitFor(() => expect(stat('Reviews done today')).toBe(String(day1)));
    expect(stat('Streak')).toBe('1 day');
    view.unmount();

    // Days 2 and 3, by clicks, one chapter's review screen: reviews come due and new cards continue.
    for (const day of [1, 2]) {
      vi.setSystemTime(START + day * DAY);
      view = await openToday(db);
      await waitFor(() => expect(Number(stat('Due now'))).toBeGreaterThan(0));
      await user.click(screen.getByRole('link', { name: /^Study chapter 1/ }));
      await screen.findByRole('heading', { name: /^Review: Chapter 1/ });
      const done = await study(user, 'clicks', (n) => ([3, 4, 3, 2, 3, 1][n % 6] ?? 3) as Grade);
      expect(done).toBeGreaterThan(0);
      answers += done;
      expect(await db.reviewLog.count()).toBe(answers);
      view.unmount();
    }

    // Every answer is in the log, each with its state before and after; the streak counts the three days.
    const log = await db.reviewLog.toArray();
    expect(log).toHaveLength(answers);
    for (const row of log) {
      expect(row.after.reps).toBe(row.before.reps + 1);
      expect(row.after.due).toBeGreaterThan(row.reviewedAt);
    }
    const days = new Set(log.map((r) => Math.floor((r.reviewedAt - START) / DAY)));
    expect([...days].sort()).toEqual([0, 1, 2]);
    view = await openToday(db);
    await waitFor(() => expect(stat('Streak')).toBe('3 days'));
    view.unmount();
    // Settings were never touched: the defaults are in force.
    expect((await getSettings(db)).global.newPerDay).toBe(20);
  }, 180_000);

  it('shows each answer button with its interval, and the answer only after "Show answer"', async () => {
    const user = userEvent.setup({ delay: null });
    renderApp('/review', { db: openDatabaseForTest() });
    expect(await nextStep()).toBe('card');
    expect(screen.queryByRole('region', { name: 'Answer' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Good/ })).toBeNull();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('region', { name: 'Answer' })).toBeInTheDocument();
    const group = screen.getByRole('group', { name: 'Grade your answer' });
    const names = within(group)
      .getAllByRole('button')
      .map((b) => b.textContent);
    // A new card under the default steps (1m, 10m): Again 1m, Hard 6m, Good 10m, Easy some days.
    expect(names).toEqual([
      'Again 1m',
      'Hard 6m',
      'Good 10m',
      expect.stringMatching(/^Easy \d+d$/),
    ]);
  });

  it('ignores the answer buttons for a moment after the reveal, so a double tap cannot grade', async () => {
    const user = userEvent.setup({ delay: null });
    const { db } = renderApp('/review', { db: openDatabaseForTest(), revealGuardMs: 300 });
    expect(await nextStep()).toBe('card');
    await user.click(screen.getByRole('button', { name: 'Show answer' }));
    await user.click(await screen.findByRole('button', { name: /^Good / }));
    await user.keyboard('3');
    expect(await db.reviewLog.count()).toBe(0);
    expect(screen.getByRole('button', { name: /^Good / })).toBeInTheDocument();
    // Once the guard has passed the same click answers the card.
    await new Promise((resolve) => setTimeout(resolve, 320));
    await user.click(screen.getByRole('button', { name: /^Good / }));
    await waitFor(async () => expect(await db.reviewLog.count()).toBe(1));
  });
});

let dbCounter = 0;
function openDatabaseForTest(): CoursedeckDb {
  // Each test already has a brand-new IndexedDB; a distinct name keeps re-renders within a test on one database.
  return openDatabase(`coursedeck-test-${++dbCounter}`);
}
