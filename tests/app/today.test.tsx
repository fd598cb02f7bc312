import { configure, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderApp } from '../support/render-app';

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
});
