import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { default_w, forgetting_curve } from 'ts-fsrs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  answerCard,
  openDatabase,
  suspendCards,
  upsertDeck,
  type CoursedeckDb,
  type Grade,
} from '../../services';
import { fixtureHash, makeDeck } from '../../services/testing/deck-fixtures';
import { AppEnvProvider } from '../common/app-context';
import { CardStats } from './card-stats';
import { StatsScreen } from './stats-screen';

// A few simulated days of real answers (the core's answerCard, real FSRS, fake-indexeddb), then the Stats screen,
// whose figures are compared with values counted by hand from the script below. Times in UTC; days start at 04:00.
process.env.TZ = 'UTC';
const NOW = Date.UTC(2026, 10, 26, 15, 0); // Thursday 2026-11-26, 15:00
const at = (date: number, hour: number) => Date.UTC(2026, 10, date, hour);

// Chapter 1: a, b, c, e (e is suspended, never answered). Chapter 2: d, f (f stays new).
// Day by day (study days; all at 10:00 except the two marked):
//   Nov 23: a Easy (new → review), b Easy (new → review), c Good (new → learning)          3 answers
//   Nov 24: a Good (review: young pass), c Good (learning → review; a learning step)        2 answers
//   Nov 25: b Again (review: young fail → relearning)                                       1 answer
//   Nov 26: a Good at 09:00 (review: young pass), d Easy at 02:00 on Nov 27 (still today)   2 answers
const SCRIPT: [cardId: string, time: number, grade: Grade][] = [
  ['a', at(23, 10), 4],
  ['b', at(23, 10), 4],
  ['c', at(23, 10), 3],
  ['a', at(24, 10), 3],
  ['c', at(24, 10), 3],
  ['b', at(25, 10), 1],
  ['a', at(26, 9), 3],
  ['d', at(27, 2), 4],
];

let db: CoursedeckDb;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  db = openDatabase(`stats-${Math.random()}`);
  const chapter1 = makeDeck('test-01', 1, [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'e' }]);
  const chapter2 = makeDeck('test-02', 2, [{ id: 'd' }, { id: 'f' }]);
  await upsertDeck(db, chapter1, fixtureHash(chapter1), at(20, 10));
  await upsertDeck(db, chapter2, fixtureHash(chapter2), at(20, 10));
  await suspendCards(db, ['e']);
  for (const [cardId, now, grade] of SCRIPT) {
    const card = await db.cards.get(cardId);
    await answerCard(db, { cardId, expectedVersion: card!.version, grade, now, durationMs: 8000 });
  }
});

afterEach(() => {
  vi.useRealTimers();
  db.close();
});

function renderWithDb(ui: React.ReactNode) {
  return render(
    <AppEnvProvider
      env={{ db, fetchJson: () => Promise.reject(new Error('offline')), baseUrl: '/' }}
    >
      {ui}
    </AppEnvProvider>,
  );
}

async function axeViolations(container: HTMLElement) {
  // Colour contrast needs layout, which jsdom has not (the browser suite checks it).
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

/** The value shown next to a `<Stat>` label. */
function stat(label: string): string {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent ?? '';
}

/** Cells of a table row by its row header. */
function rowCells(table: HTMLElement, header: string): string[] {
  const row = within(table).getByRole('rowheader', { name: header }).closest('tr')!;
  return within(row)
    .getAllByRole('cell')
    .map((cell) => cell.textContent ?? '');
}

describe('StatsScreen', () => {
  it('shows the streaks and the year’s reviews counted from the simulated days', async () => {
    renderWithDb(<StatsScreen now={NOW} />);
    await screen.findByRole('heading', { name: 'Reviews in the past year' });
    // Answers on Nov 23, 24, 25 and 26: a four-day streak, 3 + 2 + 1 + 2 = 8 reviews, busiest day 3.
    expect(stat('Current streak')).toBe('4 days');
    expect(stat('Longest streak')).toBe('4 days');
    expect(stat('Reviews this year')).toBe('8');
    expect(stat('Days studied')).toBe('4 of 365');
    expect(
      screen.getByText('8 reviews on 4 days in the past year; the busiest day had 3 reviews.'),
    ).toBeInTheDocument();
    // The heatmap's text alternative (the first table): all eight answers fall in November 2026.
    const monthTable = screen.getAllByRole('table')[0]!;
    expect(rowCells(monthTable, 'Nov 2026')).toEqual(['8', '4']);
  });

  it('shows the true retention table: only review-phase answers, all young', async () => {
    renderWithDb(<StatsScreen now={NOW} />);
    const table = await screen.findByRole('table', { name: 'True retention' });
    // The intervals the cards were on when answered are below 21 days (checked on the log rows below), so every
    // counted answer is young. Today: a Good → 1 passed. Last 7 / 30 days: a Good (24th), a Good (26th) passed,
    // b Again (25th) failed → 2 / 3 = 66.7 %. c's answers were a learning step or from new and do not count.
    const log = await db.reviewLog.toArray();
    const counted = log.filter((row) => row.before.phase === 'review');
    expect(counted.map((row) => row.before.scheduledDays < 21)).toEqual([true, true, true]);
    // Columns: young passed, failed, retention; mature …; total ….
    expect(rowCells(table, 'Today')).toEqual([
      '1',
      '0',
      '100.0 %',
      '0',
      '0',
      '—',
      '1',
      '0',
      '100.0 %',
    ]);
    expect(rowCells(table, 'Last 7 days')).toEqual([
      '2',
      '1',
      '66.7 %',
      '0',
      '0',
      '—',
      '2',
      '1',
      '66.7 %',
    ]);
    expect(rowCells(table, 'Last 30 days')).toEqual(rowCells(table, 'Last 7 days'));
  });

  it('counts cards by state: 1 new, 3 review, 1 relearning, 1 suspended', async () => {
    renderWithDb(<StatsScreen now={NOW} />);
    // a, c (graduated on the 24th) and d are in review; b relearns after Again; e is suspended; f is new.
    expect(
      await screen.findByText('6 cards: 1 new, 0 learning, 3 review, 1 relearning, 1 suspended.'),
    ).toBeInTheDocument();
  });

  it('forecasts b (overdue since its 10-minute relearning step on the 25th) today and the rest on their due days', async () => {
    renderWithDb(<StatsScreen now={NOW} />);
    await screen.findByRole('heading', { name: 'Due in the next 30 days' });
    // Due dates of a, c, d are whatever FSRS scheduled; read them from the cards, each must fall after today.
    const dueOf = async (id: string) => (await db.cards.get(id))!.memory.due;
    const endOfToday = Date.UTC(2026, 10, 27, 4);
    const later = await Promise.all(['a', 'c', 'd'].map(dueOf));
    expect(later.every((due) => due >= endOfToday)).toBe(true);
    const inWindow = later.filter((due) => due < endOfToday + 29 * 86_400_000).length;
    expect(
      screen.getByText(
        `1 card due today (1 overdue), ${1 + inWindow} cards in the next 30 days, ${3 - inWindow} later.`,
      ),
    ).toBeInTheDocument();
  });

  it('has no accessibility violations, every chart has a summary and a data table', async () => {
    const { container } = renderWithDb(<StatsScreen now={NOW} />);
    await screen.findByRole('heading', { name: 'Memory' });
    const figures = container.querySelectorAll('figure');
    // Heatmap, forecast, card states, stability, difficulty, retrievability.
    expect(figures).toHaveLength(6);
    for (const figure of figures) {
      expect(figure.querySelector('.chart__summary')?.textContent).not.toBe('');
      expect(figure.querySelector('svg')?.closest('[aria-hidden="true"]')).not.toBeNull();
      expect(figure.querySelector('details table')).not.toBeNull();
    }
    expect(await axeViolations(container)).toEqual([]);
    // axe walks 365 heatmap squares and seven tables: slow in jsdom on a busy 2-core machine.
  }, 60_000);

  it('shows the memory distributions of the four reviewed cards (the suspended and the new card have none)', async () => {
    renderWithDb(<StatsScreen now={NOW} />);
    await screen.findByRole('heading', { name: 'Memory' });
    expect(screen.getAllByText(/^4 reviewed cards; average /)).toHaveLength(3);
  });

  it('narrows everything to one chapter with the selector', async () => {
    const user = userEvent.setup();
    renderWithDb(<StatsScreen now={NOW} />);
    const select = await screen.findByLabelText('Show statistics for');
    expect(select).toHaveDisplayValue('Test Course: whole course');
    await user.selectOptions(select, 'Test Course: chapter 1, Chapter 1');
    // Chapter 1 lacks d's answer: 3 + 2 + 1 + 1 = 7 reviews; cards a, c (review), b (relearning), e (suspended).
    await screen.findByText('7 reviews on 4 days in the past year; the busiest day had 3 reviews.');
    expect(
      screen.getByText('4 cards: 0 new, 0 learning, 2 review, 1 relearning, 1 suspended.'),
    ).toBeInTheDocument();
  });
});

describe('CardStats', () => {
  it('lists a card’s answers with D and S after each and R when answered, and draws its forgetting curve', async () => {
    renderWithDb(<CardStats cardId="a" now={NOW} />);
    const table = await screen.findByRole('table', { name: /Review history/ });
    const log = (await db.reviewLog.where('cardId').equals('a').sortBy('reviewedAt'))!;
    // a was answered Easy (Nov 23), Good (Nov 24), Good (Nov 26). R when answered is FSRS's curve at the days
    // since the previous answer under the stability before it (ts-fsrs as the oracle): 1 day (23rd 10:00 → 24th
    // 10:00) at S₁, then 1 day 23 hours (24th 10:00 → 26th 09:00) = 47/24 days at S₂.
    const r2 = forgetting_curve(default_w, 1, log[1]!.before.stability);
    const r3 = forgetting_curve(default_w, 47 / 24, log[2]!.before.stability);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    const cells = rows.map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    );
    expect(cells.map((c) => c[0])).toEqual(['Easy', 'Good', 'Good']);
    expect(cells.map((c) => c[1])).toEqual([
      '—',
      `${(r2 * 100).toFixed(1)} %`,
      `${(r3 * 100).toFixed(1)} %`,
    ]);
    expect(cells.map((c) => c[2])).toEqual(log.map((row) => row.after.difficulty.toFixed(2)));
    expect(within(rows[0]!).getByRole('rowheader')).toHaveTextContent('2026-11-23 10:00');
    // The curve's text alternative names R now: 6 hours (09:00 → 15:00) = 0.25 days after the last answer, at S₃.
    const rNow = forgetting_curve(default_w, 0.25, log[2]!.after.stability);
    expect(
      screen.getByText(new RegExp(`^Retrievability is ${(rNow * 100).toFixed(1)} % now`)),
    ).toBeInTheDocument();
  });

  it('has no accessibility violations', async () => {
    const { container } = renderWithDb(<CardStats cardId="b" now={NOW} />);
    await screen.findByRole('table', { name: /Review history/ });
    expect(await axeViolations(container)).toEqual([]);
  });

  it('says so when the card does not exist', async () => {
    renderWithDb(<CardStats cardId="nope" now={NOW} />);
    expect(await screen.findByText('This card no longer exists.')).toBeInTheDocument();
  });
});
