import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../support/render-app';

describe('the /stats route', () => {
  it('is linked from the main navigation and shows the Stats screen for the shipped course', async () => {
    const user = userEvent.setup();
    renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    await user.click(within(nav).getByRole('link', { name: 'Stats' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Statistics' }),
    ).toBeInTheDocument();
    // Once the start-up sync has stored the shipped deck, the selector offers the course and its chapter.
    const select = await screen.findByLabelText('Show statistics for', {}, { timeout: 15_000 });
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/: whole course$/)]));
    expect(await screen.findByText(/^0 reviews on 0 days in the past year/)).toBeInTheDocument();
  }, 30_000);
});
