import { configure, screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoursedeckDb } from '../../src/services';
import { renderApp, syncedDb } from '../support/render-app';

configure({ asyncUtilTimeout: 5000 });

const NOW = new Date(2026, 10, 2, 9, 0).getTime();
const DAY = 86_400_000;

function question(): string {
  return screen.getByRole('region', { name: 'Question' }).textContent ?? '';
}

async function cardShown() {
  await screen.findByText('Show answer', { selector: 'button' });
}

/** Reveal and answer the card on screen by keyboard; resolves once the answer is saved and the next card shown. */
async function answerByKeys(user: UserEvent, db: CoursedeckDb, key: string) {
  const before = await db.reviewLog.count();
  await user.keyboard(' ');
  await screen.findByRole('region', { name: 'Answer' });
  await user.keyboard(key);
  await waitFor(async () => expect(await db.reviewLog.count()).toBe(before + 1));
  await cardShown();
}

describe('review undo and leeches', () => {
  beforeEach(() => {
    vi.setSystemTime(NOW);
  });

  it('undoes the last answers one by one with U, Ctrl+Z and the Undo button, each removing exactly its log row', async () => {
    const user = userEvent.setup();
    const db = await syncedDb('coursedeck-undo');
    renderApp('/review', { db });
    await cardShown();
    expect(screen.getByRole('button', { name: 'Undo' })).toBeDisabled();

    const fronts: string[] = [];
    for (let i = 0; i < 12; i++) {
      fronts.push(question());
      await answerByKeys(user, db, '3');
    }
    expect(await db.reviewLog.count()).toBe(12);
    const ids = (await db.reviewLog.orderBy('reviewedAt').toArray()).map((r) => r.id);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Undo' })).toBeEnabled());

    const undoWays = ['u', '{Control>}z{/Control}', 'click', 'U', 'u', 'u', 'u', 'u', 'u', 'u'];
    for (const [i, way] of undoWays.entries()) {
      const expectedFront = fronts[fronts.length - 1 - i];
      if (way === 'click') await user.click(screen.getByRole('button', { name: 'Undo' }));
      else await user.keyboard(way);
      await waitFor(async () => expect(await db.reviewLog.count()).toBe(11 - i));
      // The undone card is shown again, front side up, exactly as it was before the answer.
      await waitFor(() => expect(question()).toBe(expectedFront));
      expect(screen.queryByRole('region', { name: 'Answer' })).toBeNull();
    }
    const left = (await db.reviewLog.toArray()).map((r) => r.id).sort();
    expect(left).toHaveLength(2);
    const tombstones = (await db.tombstones.toArray()).map((t) => t.id).sort();
    expect(tombstones).toHaveLength(10);
    expect([...left, ...tombstones].sort()).toEqual([...ids].sort());
    // The cards whose answers were undone are New again.
    const undoneCards = await db.cards.bulkGet(
      (await db.tombstones.toArray()).map((t) => t.cardId),
    );
    for (const c of undoneCards) expect(c?.memory.phase).toBe('new');
  }, 120_000);

  it('tells the learner when a card becomes a leech, and suspends it', async () => {
    const user = userEvent.setup();
    const db = await syncedDb('coursedeck-undo');
    const card = (await db.cards.toArray())[0];
    if (!card) throw new Error('no card');
    // A review card with 7 lapses, overdue: one more lapse makes it a leech (threshold 8).
    await db.cards.update(card.id, {
      queue: 'review',
      memory: {
        ...card.memory,
        phase: 'review',
        due: NOW - DAY,
        stability: 4,
        difficulty: 8,
        reps: 14,
        lapses: 7,
        lastReview: NOW - 5 * DAY,
        scheduledDays: 4,
        elapsedDays: 4,
      },
    });
    renderApp('/review', { db });
    await cardShown();
    expect(screen.getByText(/ · Review$/)).toBeInTheDocument();
    await answerByKeys(user, db, '1');
    const notice = await screen.findByText(
      /lapsed 8 times: it is now tagged as a leech and suspended/,
    );
    expect(notice).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See the card' })).toHaveAttribute(
      'href',
      `/browse/${encodeURIComponent(card.id)}`,
    );
    const stored = await db.cards.get(card.id);
    expect(stored?.leech).toBe(true);
    expect(stored?.suspended).toBe(true);
  }, 60_000);

  it('links the source note in Obsidian when the vault is known', async () => {
    const db = await syncedDb('coursedeck-undo');
    await db.decks.update('deforai-01', {
      vault: { name: 'My Vault', coursePath: 'DEforAI/Course' },
    });
    renderApp('/review', { db });
    await cardShown();
    // The first card of a fresh session is the first new card in course order.
    const card = (await db.cards.toArray()).sort((a, b) => a.position - b.position)[0];
    if (!card) throw new Error('no card');
    const link = await screen.findByRole('link', { name: 'Open in Obsidian' });
    expect(link.getAttribute('href')).toBe(
      `obsidian://open?vault=My%20Vault&file=${encodeURIComponent(`DEforAI/Course/${card.source.file}`)}`,
    );
    expect(link.closest('p')?.textContent).toContain(
      `Source: ${card.source.file}, line ${card.source.line}`,
    );
  }, 60_000);
});
