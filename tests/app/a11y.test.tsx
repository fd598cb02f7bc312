import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type CoursedeckDb } from '../../src/services';
import { answerFirstCard, renderApp, syncedDb } from '../support/render-app';

configure({ asyncUtilTimeout: 5000 });

const NOW = new Date(2026, 10, 2, 9, 0).getTime();

/** axe-core's violations (ids and the offending nodes); colour contrast needs real layout, checked in Chromium. */
async function violations(container: HTMLElement) {
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  return results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.html) }));
}

async function seededDb(): Promise<{ db: CoursedeckDb; cardId: string }> {
  const db = await syncedDb('a11y');
  return { db, cardId: await answerFirstCard(db, NOW) };
}

describe('every screen is axe-clean once its data has loaded', () => {
  beforeEach(() => {
    vi.setSystemTime(NOW);
  });

  it('Today, Decks, a chapter, Browse, card info and Settings', async () => {
    const { db, cardId } = await seededDb();
    const screens: [string, () => Promise<unknown>][] = [
      ['/', () => screen.findByRole('link', { name: /^1\. Introduction/ })],
      ['/decks', () => screen.findByRole('link', { name: /^Chapter 1: Introduction/ })],
      ['/decks/deforai-01', () => screen.findByRole('heading', { name: /^Cards \(\d+\)$/ })],
      ['/browse', () => screen.findByText(/cards found/)],
      [
        `/browse/${encodeURIComponent(cardId)}`,
        () => screen.findByRole('heading', { name: 'Review history' }),
      ],
      ['/settings', () => screen.findByRole('spinbutton', { name: 'Desired retention' })],
    ];
    for (const [path, loaded] of screens) {
      const view = renderApp(path, { db });
      await loaded();
      expect({ path, violations: await violations(view.container) }).toEqual({
        path,
        violations: [],
      });
      view.unmount();
    }
  }, 90_000);

  it('Review, with the front shown, the answer revealed and at the end of the session', async () => {
    const user = userEvent.setup();
    const { db } = await seededDb();
    await db.settings.put({
      id: 'settings',
      doc: { global: { ...DEFAULT_SETTINGS, newPerDay: 2 }, perCourse: {} },
    });
    const view = renderApp('/review', { db });
    await screen.findByText('Show answer', { selector: 'button' });
    expect(await violations(view.container)).toEqual([]);
    await user.keyboard(' ');
    await screen.findByRole('region', { name: 'Answer' });
    expect(await violations(view.container)).toEqual([]);
    // Answer until the end of the session (two new cards today, one already answered, plus learning steps).
    for (let i = 0; i < 20 && !screen.queryByRole('heading', { name: 'Session complete' }); i++) {
      if (!screen.queryByRole('region', { name: 'Answer' })) {
        await screen.findByText('Show answer', { selector: 'button' });
        await user.keyboard(' ');
        await screen.findByRole('region', { name: 'Answer' });
      }
      await user.keyboard('4');
      await waitFor(() =>
        expect(
          screen.queryByRole('heading', { name: 'Session complete' }) ??
            screen.queryByText('Show answer', { selector: 'button' }),
        ).not.toBeNull(),
      );
    }
    expect(screen.getByRole('heading', { name: 'Session complete' })).toBeInTheDocument();
    expect(await violations(view.container)).toEqual([]);
  }, 60_000);
});
