import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/services';
import {
  keepTodaySnapshot,
  readFirstCardSnapshot,
  readTodaySnapshot,
} from '../../src/services/today-snapshot';
import { MemoryStorage } from '../support/memory-storage';
import { renderApp } from '../support/render-app';

// IndexedDB work on a loaded 2-core machine, as the other app tests allow.
configure({ asyncUtilTimeout: 5000 });

// 10:00 local time; the study day runs 04:00–04:00.
const START = new Date(2026, 10, 26, 10).getTime();

let stop: () => void = () => undefined;

describe('a cold start with the snapshot of the last visit', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(START);
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('paints Today’s counts and opens Study now on a card before the database has answered, and keeps the answer', async () => {
    const db = openDatabase('cold-start');
    const storage = new MemoryStorage();
    stop = keepTodaySnapshot(db, storage);

    // A first visit: the deck sync, the live counts, and the first card, all kept.
    const first = renderApp('/', { db, snapshotStorage: storage });
    await screen.findByRole('table', { name: 'Cards due today per deck' });
    await waitFor(() => expect(readFirstCardSnapshot(db, storage, Date.now())).not.toBeNull());
    const kept = readTodaySnapshot(db, storage, Date.now());
    expect(kept?.total.new).toBe(20);
    first.unmount();

    // The next start: the very first render already has the table and Study now (nothing awaited).
    const today = renderApp('/', { db, snapshotStorage: storage });
    expect(screen.getByRole('table', { name: 'Cards due today per deck' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Study now' })).toBeInTheDocument();
    today.unmount();

    // Study now on a cold start: the review screen's first render already shows the kept card (it never says it is
    // loading a card, which it would while reading one from the database).
    const question = readFirstCardSnapshot(db, storage, Date.now())!.next.card.front;
    let sawLoading = false;
    const watcher = new MutationObserver(() => {
      if (document.body.textContent?.includes('Loading the next card')) sawLoading = true;
    });
    watcher.observe(document.body, { childList: true, subtree: true, characterData: true });
    const review = renderApp('/review', { db, snapshotStorage: storage });
    await screen.findByRole('button', { name: 'Show answer' });
    watcher.disconnect();
    expect(sawLoading).toBe(false);
    expect(screen.getByRole('region', { name: 'Question' })).toHaveTextContent(
      question.replace(/[*_`]/g, '').slice(0, 20),
    );
    const user = userEvent.setup({ delay: null });
    await user.keyboard(' ');
    await user.click(await screen.findByRole('button', { name: /^Good / }));
    await screen.findByText(/^1 done, /);
    expect(await db.reviewLog.count()).toBe(1);
    // The write dropped the snapshot: the next cold start waits for the database.
    expect(readTodaySnapshot(db, storage, Date.now())).toBeNull();
    expect(readFirstCardSnapshot(db, storage, Date.now())).toBeNull();
    review.unmount();
  }, 30_000);
});
