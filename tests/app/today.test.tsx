import { act, configure, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppEnvProvider } from '../../src/features/common/app-context';
import { ExportReminderNotice } from '../../src/features/today/export-reminder';
import { openDatabase } from '../../src/services';
import { exportBackup } from '../../src/services/backup';
import { answerFirstCard, renderApp } from '../support/render-app';

configure({ asyncUtilTimeout: 5000 });

const NOW = new Date(2026, 10, 2, 9, 0).getTime();

describe('Today', () => {
  beforeEach(() => {
    vi.setSystemTime(NOW);
  });

  // At phone width the rows reflow with CSS (today.css; measured in Chromium at 320 and 390 px); what a screen
  // reader gets must stay a table whatever the layout: named columns, a row header per chapter, its counts as cells.
  it('keeps the deck table a table: a row header per chapter, its three counts and a Study link', async () => {
    renderApp('/');
    const table = await screen.findByRole('table', { name: 'Cards due today per deck' });
    await within(table).findByRole('rowheader', { name: /^1\. Introduction/ });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Chapter', 'New', 'Learning', 'Review', 'Study']);
    const [, row] = within(table).getAllByRole('row');
    if (!row) throw new Error('no deck row');
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['20', '0', '0', 'Study']);
    expect(
      within(row).getByRole('link', { name: /^Study chapter 1: Introduction/ }),
    ).toHaveAttribute('href', '/review/deforai-01');
  }, 30_000);

  it('reminds the learner to export once there are reviews and no backup, with a link to Settings', async () => {
    const db = openDatabase('today-reminder');
    let view = renderApp('/', { db });
    await screen.findByRole('rowheader', { name: /^1\. Introduction/ });
    await settle();
    // Nothing to lose yet: no reminder.
    expect(screen.queryByText(/exported a backup/)).toBeNull();
    view.unmount();

    await answerFirstCard(db, NOW);
    view = renderApp('/', { db });
    const notice = await screen.findByText(/^You have never exported a backup, and this browser/);
    expect(
      within(notice).getByRole('link', { name: 'Export a backup in Settings' }),
    ).toHaveAttribute('href', '/settings');
    view.unmount();
  }, 30_000);

  it('reminds again 14 days after the last export, and never when the browser keeps the storage', async () => {
    const db = openDatabase('today-reminder-age');
    // The app's start-up sync brings the shipped deck in.
    const app = renderApp('/', { db });
    await screen.findByRole('rowheader', { name: /^1\. Introduction/ });
    app.unmount();
    await answerFirstCard(db, NOW);
    await exportBackup(db, { now: NOW - 13 * DAY });
    const show = (persisted: boolean | null, now: number) =>
      render(
        <AppEnvProvider
          env={{ db, fetchJson: () => Promise.reject(new Error('offline')), baseUrl: '/' }}
        >
          <MemoryRouter>
            <ExportReminderNotice persisted={async () => persisted} now={() => now} />
          </MemoryRouter>
        </AppEnvProvider>,
      );

    let view = show(false, NOW + 1 * DAY);
    expect(
      await screen.findByText(/^Your last backup is from .*, and this browser/),
    ).toBeInTheDocument();
    view.unmount();

    view = show(false, NOW);
    await settle();
    expect(screen.queryByText(/backup/)).toBeNull();
    view.unmount();

    view = show(true, NOW + 30 * DAY);
    await settle();
    expect(screen.queryByText(/backup/)).toBeNull();
    view.unmount();
  }, 30_000);
});

const DAY = 86_400_000;

/** Lets the notice's reads (storage, then the backup module and the database) finish. */
async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 500)));
}
