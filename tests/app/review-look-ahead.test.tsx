import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderApp, syncedDb } from '../support/render-app';

configure({ asyncUtilTimeout: 5000 });

const NOW = new Date(2026, 10, 2, 9, 0).getTime();

function question(): string {
  return screen.getByRole('region', { name: 'Question' }).textContent ?? '';
}

describe('the cards kept ready behind the one on screen', () => {
  beforeEach(() => {
    vi.setSystemTime(NOW);
  });

  it('show the next card at once and save every answer, in the order given', async () => {
    const db = await syncedDb('look-ahead-order');
    const user = userEvent.setup({ delay: null });
    const view = renderApp('/review', { db });
    const asked: string[] = [];
    for (let i = 0; i < 8; i++) {
      await screen.findByText('Show answer', { selector: 'button' });
      asked.push(question());
      await user.keyboard(' ');
      await screen.findByRole('region', { name: 'Answer' });
      // Easy: each card leaves today's queue, so every answer brings a new card.
      await user.keyboard('4');
      await waitFor(() => expect(question()).not.toBe(asked.at(-1)));
    }
    await waitFor(async () => expect(await db.reviewLog.count()).toBe(8));
    const log = await db.reviewLog.orderBy('reviewedAt').toArray();
    const fronts = await Promise.all(log.map(async (row) => (await db.cards.get(row.cardId))!));
    expect(new Set(log.map((row) => row.cardId)).size).toBe(8);
    for (const card of fronts) expect(card.memory.reps).toBe(1);
    expect(asked).toHaveLength(new Set(asked).size);
    // Saved in the order answered: the n-th row is the n-th question shown.
    for (const [n, card] of fronts.entries())
      expect(asked[n]).toContain(card.front.replace(/[*_`[\]]/g, '').slice(0, 12));
    view.unmount();
  }, 30_000);

  it('bring a card back with the reason when its answer cannot be saved', async () => {
    const db = await syncedDb('look-ahead-failure');
    const user = userEvent.setup({ delay: null });
    const view = renderApp('/review', { db });
    await screen.findByText('Show answer', { selector: 'button' });
    const first = question();
    await user.keyboard(' ');
    await screen.findByRole('region', { name: 'Answer' });
    // Give the look-up of the following cards time to return, then take the database away from the save.
    await new Promise((resolve) => setTimeout(resolve, 200));
    db.close();
    await user.keyboard('3');
    await screen.findByText(/^Your answer could not be saved/);
    await waitFor(() => expect(question()).toBe(first));
    expect(screen.getByText('Show answer', { selector: 'button' })).toBeInTheDocument();
    view.unmount();
  }, 30_000);
});
