import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedFixtureCourse } from '../../../tests/support/fixture-course';
import { openDatabase, type CoursedeckDb } from '../../db/schema';
import { answerCard, getChapterPacing } from '../../services';
import { AppEnvProvider } from '../common/app-context';
import { DeckScreen } from '../decks/deck-screen';
import { QuizScreen } from './quiz-screen';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);

let db: CoursedeckDb;

beforeEach(async () => {
  // Only Date is faked: IndexedDB and user-event still need real timers.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  db = openDatabase('quiz-screen-test');
  await seedFixtureCourse(db, T0 - 30 * DAY);
});

afterEach(() => {
  vi.useRealTimers();
});

/** Studies every card of a deck once (Good) `daysAgo` days before T0, as daily reviews. */
async function studied(deckId: string, daysAgo: number) {
  for (const card of await db.cards.where('deckId').equals(deckId).toArray()) {
    await answerCard(db, {
      cardId: card.id,
      expectedVersion: card.version,
      grade: 3,
      now: T0 - daysAgo * DAY,
      durationMs: 3000,
    });
  }
}

function renderAt(path: string) {
  return render(
    <AppEnvProvider env={{ db, fetchJson: async () => ({}), baseUrl: '/', revealGuardMs: 0 }}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/quiz/:deckId" element={<QuizScreen />} />
          <Route path="/decks/:deckId" element={<DeckScreen />} />
          <Route path="/review/:deckId" element={<p>Review screen</p>} />
        </Routes>
      </MemoryRouter>
    </AppEnvProvider>,
  );
}

async function axeViolations(container: HTMLElement) {
  // Colour contrast needs layout, which jsdom has not.
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

type Plan = (origin: string, index: number) => 1 | 2 | 3 | 4;

/**
 * Takes the whole quiz: reveals by keyboard (Space) on even cards and by clicking "Show answer" on odd ones, grades
 * by keys 1–4 on even cards and by clicking the buttons on odd ones. Returns the origins seen, in order.
 */
async function takeQuiz(
  user: ReturnType<typeof userEvent.setup>,
  container: HTMLElement,
  plan: Plan,
): Promise<string[]> {
  const progress = await screen.findByText(/^Card 1 of \d+$/);
  const total = Number(/of (\d+)/.exec(progress.textContent ?? '')?.[1]);
  const origins: string[] = [];
  for (let i = 0; i < total; i++) {
    await screen.findByText(`Card ${i + 1} of ${total}`);
    const context = container.querySelector('.review__context')?.textContent ?? '';
    const origin = context.split(' · ').at(-1) ?? '';
    origins.push(origin);
    if (i % 2 === 0) await user.keyboard(' ');
    else await user.click(screen.getByRole('button', { name: 'Show answer' }));
    await screen.findByRole('region', { name: 'Answer' });
    const grade = plan(origin, i);
    if (i % 2 === 0) await user.keyboard(String(grade));
    else {
      const name = (['Again', 'Hard', 'Good', 'Easy'] as const)[grade - 1];
      await user.click(screen.getByRole('button', { name: new RegExp(`^${name}`) }));
    }
  }
  await screen.findByRole('heading', { name: 'Quiz result' });
  return origins;
}

describe('the chapter quiz', () => {
  it('asks the chapter and its weak prerequisites, records quiz reviews and says ready with the exercises', async () => {
    await studied('deforai-01', 20);
    const user = userEvent.setup();
    const { container } = renderAt('/quiz/deforai-02');
    expect(
      await screen.findByRole('heading', { name: 'Quiz: Chapter 2, ML Data Pipeline Lifecycle' }),
    ).toBeInTheDocument();
    await screen.findByRole('button', { name: 'Show answer' });
    expect(await axeViolations(container)).toEqual([]);

    // Weak cards of chapter 1 (linked and earlier) are missed; the chapter's own are recalled.
    const origins = await takeQuiz(user, container, (origin) =>
      origin === 'This chapter' ? 3 : 1,
    );
    const own = origins.filter((o) => o === 'This chapter').length;
    const weak = origins.filter((o) => o.startsWith('Weak card')).length;
    expect(own).toBe(15);
    expect(weak).toBe(16);
    // Lowest predicted recall first: the never-studied chapter cards (0) before the weak cards (> 0).
    expect(origins.slice(0, 15).every((o) => o === 'This chapter')).toBe(true);

    expect(screen.getByText('Score: 15 of 31 recalled (48%)')).toBeInTheDocument();
    expect(screen.getByText(/15 of 15 recalled on the first try \(100%\)/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Ready for the exercises' })).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Exercises' })).getByText(
        'Exercise 1: Draw a pipeline DAG',
      ),
    ).toBeInTheDocument();
    const missed = screen.getByRole('list', { name: 'Missed cards' });
    // Answers may hold lists of their own: count the cards, not every list item.
    expect(missed.querySelectorAll(':scope > li')).toHaveLength(16);
    expect(
      within(missed).getByText(/Framing, data collection and preparation, training/),
    ).toBeInTheDocument();
    expect(await axeViolations(container)).toEqual([]);

    const quizRows = await db.reviewLog.filter((r) => r.kind === 'quiz').toArray();
    expect(quizRows).toHaveLength(31);
    expect(quizRows.every((r) => r.reviewedAt === T0)).toBe(true);
    expect(await db.reviewLog.filter((r) => r.kind === 'review').count()).toBe(16);
  }, 60_000);

  it("names what to review first when too few of the chapter's cards are recalled", async () => {
    const user = userEvent.setup();
    const { container } = renderAt('/quiz/deforai-03');
    const fronts: string[] = [];
    await takeQuiz(user, container, (_origin, i) => {
      if (i < 3) {
        const front = container.querySelector('[aria-label="Question"]')?.textContent ?? '';
        fronts.push(front.trim());
        return 1;
      }
      return 4;
    });
    expect(screen.getByText('Score: 8 of 11 recalled (72%)')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Review these first' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Ready for the exercises' })).toBeNull();
    const group = screen.getByRole('heading', { name: 'Chapter 3: Data Quality for ML' })
      .parentElement as HTMLElement;
    for (const front of fronts) expect(within(group).getByText(front)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Study this chapter' })).toHaveAttribute(
      'href',
      '/review/deforai-03',
    );
  }, 60_000);

  it('can be ended early, scoring the answers given so far', async () => {
    const user = userEvent.setup();
    renderAt('/quiz/deforai-04');
    await user.click(await screen.findByRole('button', { name: 'Show answer' }));
    await user.click(await screen.findByRole('button', { name: /^Good/ }));
    await screen.findByText(/^Card 2 of/);
    await user.click(screen.getByRole('button', { name: 'End the quiz now' }));
    expect(await screen.findByText('Score: 1 of 1 recalled (100%)')).toBeInTheDocument();
  }, 30_000);

  it('reports an unknown chapter', async () => {
    renderAt('/quiz/nope');
    expect(await screen.findByText(/There is no chapter "nope" to quiz\./)).toBeInTheDocument();
  });
});

describe('the chapter page', () => {
  it('shows readiness, the weakest concepts, the pacing control, the graph, and starts the quiz', async () => {
    await studied('deforai-01', 3);
    const user = userEvent.setup();
    const { container } = renderAt('/decks/deforai-01');
    const panel = (
      await screen.findByRole('heading', { name: 'Readiness for the exercises' })
    ).closest('section') as HTMLElement;
    expect(await within(panel).findByText(/^Readiness \d+%$/)).toBeInTheDocument();
    expect(
      within(panel).getByRole('meter', { name: 'Readiness of chapter 1' }),
    ).toBeInTheDocument();
    expect(
      within(within(panel).getByRole('list', { name: 'Weakest concepts' })).getAllByRole(
        'listitem',
      ),
    ).toHaveLength(4);

    // The graph's text list: links both ways and the missing chapter 10.
    const graphList = await screen.findByRole('list', { name: 'Related chapters in the graph' });
    expect(
      within(graphList).getByText(/Chapter 2: ML Data Pipeline Lifecycle — linked both ways/),
    ).toBeInTheDocument();
    expect(
      within(graphList).getByText(/Chapter 4: Feature Engineering — it links to this chapter/),
    ).toBeInTheDocument();
    expect(
      within(graphList).getByText(
        /Chapter 10: Feature Stores — this chapter links to it, not yet available/,
      ),
    ).toBeInTheDocument();
    const svg = screen.getByTestId('chapter-graph-svg');
    expect(svg.querySelectorAll('[data-node]')).toHaveLength(5);
    expect(svg.querySelectorAll('line')).toHaveLength(8);

    await user.click(screen.getByRole('radio', { name: 'Studying now' }));
    await waitFor(async () =>
      expect(await getChapterPacing(db)).toEqual({ 'deforai-01': 'studying' }),
    );
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Studying now' })).toBeChecked());
    expect(await axeViolations(container)).toEqual([]);

    await user.click(screen.getByRole('link', { name: 'Quiz me before the exercises' }));
    expect(
      await screen.findByRole('heading', { name: 'Quiz: Chapter 1, Foundations of ML Data' }),
    ).toBeInTheDocument();
  }, 30_000);
});
