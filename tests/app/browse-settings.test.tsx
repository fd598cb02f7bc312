import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { answerCard, getSettings } from '../../src/services';
import { answerFirstCard, renderApp, syncedDb } from '../support/render-app';

configure({ asyncUtilTimeout: 5000 });

const NOW = new Date(2026, 10, 2, 9, 0).getTime();

function foundCount(): number {
  const status = screen.getByText(/cards? found/);
  return Number(/^(\d+)/.exec(status.textContent ?? '')?.[1]);
}

describe('Browse', () => {
  beforeEach(() => {
    vi.setSystemTime(NOW);
  });

  it('searches by text, deck, kind, state, due and lapses', async () => {
    const user = userEvent.setup();
    const db = await syncedDb('browse-search');
    const all = await db.cards.toArray();
    const first = all.sort((a, b) => a.position - b.position)[0];
    if (!first) throw new Error('no cards');
    await answerCard(db, {
      cardId: first.id,
      expectedVersion: first.version,
      grade: 3,
      now: NOW,
      durationMs: 4000,
    });
    const lapsed = all.find((c) => c.kind === 'concept');
    if (!lapsed) throw new Error('no concept card');
    await db.cards.update(lapsed.id, { memory: { ...lapsed.memory, lapses: 2 } });

    renderApp('/browse', { db });
    await waitFor(() => expect(foundCount()).toBe(all.length));

    await user.type(screen.getByRole('searchbox', { name: 'Search text' }), 'feature store');
    const byText = all.filter((c) =>
      [c.front, c.back, c.section].some((t) => t.toLowerCase().includes('feature store')),
    );
    expect(byText.length).toBeGreaterThan(0);
    await waitFor(() => expect(foundCount()).toBe(byText.length));
    await user.clear(screen.getByRole('searchbox', { name: 'Search text' }));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'Tool');
    const tools = all.filter((c) => c.kind === 'tool').length;
    await waitFor(() => expect(foundCount()).toBe(tools));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'Any kind');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Deck' }), 'deforai-01');
    await waitFor(() => expect(foundCount()).toBe(all.length));

    await user.selectOptions(screen.getByRole('combobox', { name: 'State' }), 'Learning');
    await waitFor(() => expect(foundCount()).toBe(1));
    expect(
      screen.getByRole('link', {
        name: new RegExp(first.front.slice(0, 15).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
      }),
    ).toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: 'State' }), 'Any state');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Due' }), 'Due today');
    await waitFor(() => expect(foundCount()).toBe(1));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Due' }), 'Any time');

    await user.type(screen.getByRole('spinbutton', { name: 'At least this many lapses' }), '1');
    await waitFor(() => expect(foundCount()).toBe(1));
  }, 60_000);

  it('suspends, unsuspends and resets a card, and shows its history', async () => {
    const user = userEvent.setup();
    const db = await syncedDb('browse-actions');
    const card = (await db.cards.toArray()).sort((a, b) => a.position - b.position)[0];
    if (!card) throw new Error('no cards');
    const answered = await answerCard(db, {
      cardId: card.id,
      expectedVersion: card.version,
      grade: 3,
      now: NOW,
      durationMs: 4000,
    });

    renderApp('/browse?state=learning', { db });
    await waitFor(() => expect(foundCount()).toBe(1));
    const row = screen.getAllByRole('row')[1];
    if (!row) throw new Error('no row');
    await user.click(within(row).getByRole('button', { name: /^Suspend: / }));
    expect(await screen.findByText('Card suspended.')).toBeInTheDocument();
    await waitFor(async () => expect((await db.cards.get(card.id))?.suspended).toBe(true));
    expect(await screen.findByText('Learning, suspended', { selector: 'td' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /^Unsuspend: / }));
    await waitFor(async () => expect((await db.cards.get(card.id))?.suspended).toBe(false));

    await user.click(screen.getByRole('button', { name: /^Reset: / }));
    await user.click(screen.getByRole('button', { name: /^Yes, reset: / }));
    await waitFor(async () => expect((await db.cards.get(card.id))?.memory.phase).toBe('new'));
    const log = await db.reviewLog.where('cardId').equals(card.id).toArray();
    // The answer stays in the log; the reset is a row of its own.
    expect(log.map((r) => r.kind).sort()).toEqual(['reset', 'review']);
    expect(log.some((r) => r.id === answered.entry.id)).toBe(true);

    // Card info, from the result list: its two history rows.
    await user.selectOptions(screen.getByRole('combobox', { name: 'State' }), 'New');
    await waitFor(() => expect(foundCount()).toBeGreaterThan(1));
    const link = screen
      .getAllByRole('link')
      .find((a) => a.getAttribute('href') === `/browse/${encodeURIComponent(card.id)}`);
    if (!link) throw new Error('no link to the card');
    await user.click(link);
    await screen.findByRole('heading', { name: 'Card info' });
    // The history (loaded with its own chunk): one table only, with D and S after each answer and R when answered.
    const history = await screen.findByRole('table', { name: /^Review history/ });
    expect(screen.getAllByRole('heading', { name: 'Review history' })).toHaveLength(1);
    const headers = within(history)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual([
      'Date',
      'Answer',
      'R when answered',
      'D after',
      'S after',
      'Interval',
      'Time taken',
    ]);
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]?.textContent)).toEqual([
      'Good',
      'Reset',
    ]);
    const good = log.find((r) => r.kind === 'review');
    expect(
      within(rows[0]!)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual([
      'Good',
      '—',
      good?.after.difficulty.toFixed(2),
      expect.any(String),
      expect.any(String),
      '4 s',
    ]);
    // The state now, next to R, S and D.
    expect(screen.getByText('State', { selector: 'dt' }).nextElementSibling).toHaveTextContent(
      'New',
    );
    // The forgetting curve and its text alternative: the reset card has no memory, so the curve starts over.
    expect(screen.getByRole('heading', { name: 'Forgetting curve' })).toBeInTheDocument();
    expect(
      screen.getByText("The curve appears after the card's first answer."),
    ).toBeInTheDocument();
  }, 60_000);

  it('shows a reviewed card’s forgetting curve with its text alternative on the card-info page', async () => {
    const db = await syncedDb('browse-curve');
    const cardId = await answerFirstCard(db, NOW - 3 * 86_400_000, { grade: 4, durationMs: 6000 });

    renderApp(`/browse/${encodeURIComponent(cardId)}`, { db });
    const history = await screen.findByRole('table', { name: /^Review history/ });
    expect(within(history).getAllByRole('row')).toHaveLength(2);
    expect(await screen.findByRole('heading', { name: 'Forgetting curve' })).toBeInTheDocument();
    // The summary is the figure's accessible description; the data table sits behind a disclosure.
    const summary = screen.getByText(
      /^Retrievability is \d+\.\d % now and will be \d+\.\d % on the due date/,
    );
    const figure = summary.closest('figure');
    expect(figure).toHaveAccessibleDescription(summary.textContent ?? '');
    expect(screen.getByText('Retrievability at each answer as a table')).toBeInTheDocument();
    const rows = within(within(figure!).getByRole('table'))
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getByRole('rowheader').textContent);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/\(Easy\)$/);
    expect(rows[1]).toMatch(/^Now /);
    expect(rows[2]).toMatch(/^Due /);
  }, 60_000);
});

describe('Settings', () => {
  beforeEach(() => {
    vi.setSystemTime(NOW);
  });

  it('saves global settings that persist, refuses invalid ones, and keeps a per-course override', async () => {
    const user = userEvent.setup();
    const db = await syncedDb('settings');
    let view = renderApp('/settings', { db });
    const retention = await screen.findByRole('spinbutton', { name: 'Desired retention' });
    expect(retention).toHaveValue(0.9);

    // Out of range: a clear message, nothing saved.
    await user.clear(retention);
    await user.type(retention, '0.5');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(
      await screen.findByText('Desired retention must be between 0.70 and 0.99.'),
    ).toBeInTheDocument();
    expect((await getSettings(db)).global.desiredRetention).toBe(0.9);

    await user.clear(retention);
    await user.type(retention, '0.85');
    const newPerDay = screen.getByRole('spinbutton', { name: 'New cards per day' });
    await user.clear(newPerDay);
    await user.type(newPerDay, '5');
    const steps = screen.getByRole('textbox', { name: 'Learning steps' });
    await user.clear(steps);
    await user.type(steps, '2m 15m 1h');
    await user.click(screen.getByRole('checkbox', { name: 'Fuzz intervals' }));
    const hour = screen.getByRole('spinbutton', { name: 'Next day starts at (hour)' });
    await user.clear(hour);
    await user.type(hour, '3');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
    view.unmount();

    const saved = (await getSettings(db)).global;
    expect(saved).toMatchObject({
      desiredRetention: 0.85,
      newPerDay: 5,
      learningSteps: ['2m', '15m', '1h'],
      fuzz: false,
      nextDayStartsAt: 3,
      reviewsPerDay: 200,
    });

    // Reopened: the form shows what was saved.
    view = renderApp('/settings', { db });
    expect(await screen.findByRole('spinbutton', { name: 'Desired retention' })).toHaveValue(0.85);
    expect(screen.getByRole('textbox', { name: 'Learning steps' })).toHaveValue('2m 15m 1h');
    expect(screen.getByRole('checkbox', { name: 'Fuzz intervals' })).not.toBeChecked();

    // A course override stores only what differs from the global settings.
    const scope = screen.getByRole('combobox', { name: 'Applies to' });
    await waitFor(() => expect(within(scope).getAllByRole('option')).toHaveLength(2));
    await user.selectOptions(scope, 'Course DEforAI only');
    const courseNew = screen.getByRole('spinbutton', { name: 'New cards per day' });
    expect(courseNew).toHaveValue(5);
    await user.clear(courseNew);
    await user.type(courseNew, '7');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings for DEforAI saved.')).toBeInTheDocument();
    expect((await getSettings(db)).perCourse).toEqual({ DEforAI: { newPerDay: 7 } });
    view.unmount();

    // Today follows the override: 7 new cards for the course.
    view = renderApp('/', { db });
    await screen.findByRole('link', { name: /^1\. Introduction/ });
    await waitFor(() =>
      expect(screen.getByText('Due now', { selector: 'dt' }).nextElementSibling).toHaveTextContent(
        '7',
      ),
    );
    view.unmount();

    view = renderApp('/settings', { db });
    await waitFor(() =>
      expect(
        within(screen.getByRole('combobox', { name: 'Applies to' })).getAllByRole('option'),
      ).toHaveLength(2),
    );
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Applies to' }),
      'Course DEforAI only',
    );
    await user.click(
      await screen.findByRole('button', { name: 'Use global settings for DEforAI' }),
    );
    await waitFor(async () => expect((await getSettings(db)).perCourse).toEqual({}));
  }, 60_000);
});
