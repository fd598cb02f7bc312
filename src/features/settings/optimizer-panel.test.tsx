import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nodeFitter } from '../../../tests/support/fsrs-node';
import { seedOptimizerCollection } from '../../../tests/support/optimizer-fixture';
import { openDatabase, type CoursedeckDb } from '../../db/schema';
import { simulateRetentions } from '../../domain/optimizer';
import { getSettings } from '../../services/settings';
import type { ParameterFitter } from '../../services/optimizer';
import { AppEnvProvider } from '../common/app-context';
import { OptimizerPanel, niceCeiling, type RetentionSimulator } from './optimizer-panel';

// The real simulator, in-process instead of in a worker, over 60 days to stay quick.
const simulator: RetentionSimulator = async (input, options) =>
  simulateRetentions({ ...input, days: 60 }, options.retentions, options.seed, options.onProgress);

let db: CoursedeckDb;
let now = 0;
beforeEach(async () => {
  db = openDatabase('optimizer-panel-test');
  now = (await seedOptimizerCollection(db)).now;
});

function renderPanel(
  scope: string | null,
  fitter: ParameterFitter = nodeFitter,
  warmUp: () => () => void = () => () => {},
) {
  return render(
    <AppEnvProvider env={{ db, fetchJson: async () => ({}), baseUrl: '/' }}>
      <OptimizerPanel
        scope={scope}
        fitter={fitter}
        simulator={simulator}
        now={() => now}
        warmUp={warmUp}
      />
    </AppEnvProvider>,
  );
}

async function axeViolations(container: HTMLElement) {
  // Colour contrast needs layout, which jsdom has not.
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

describe('the optimizer panel', () => {
  it('fits, shows both evaluations and adopts the better parameters for a course', async () => {
    const user = userEvent.setup();
    const { container } = renderPanel('Alpha');
    await user.click(screen.getByRole('button', { name: 'Optimize my parameters (Alpha)' }));

    const table = await screen.findByRole('table', {}, { timeout: 20_000 });
    expect(within(table).getByRole('rowheader', { name: 'Current' })).toBeInTheDocument();
    expect(within(table).getByRole('rowheader', { name: 'New' })).toBeInTheDocument();
    expect(within(table).getByRole('columnheader', { name: 'Log loss' })).toBeInTheDocument();
    expect(within(table).getByRole('columnheader', { name: 'RMSE (bins)' })).toBeInTheDocument();
    expect(screen.getByText(/predict your held-out reviews better/)).toBeInTheDocument();
    expect(await axeViolations(container)).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Adopt the new parameters' }));
    // Adopting replays every card's log in one transaction: a second or two on fake-indexeddb.
    expect(
      await screen.findByText(/New parameters adopted for course Alpha/, {}, { timeout: 15_000 }),
    ).toHaveTextContent(/due dates are unchanged/);
    expect((await getSettings(db)).perCourse.Alpha?.parameters).toHaveLength(21);
    await waitFor(() =>
      expect(
        screen.getByText(/Course Alpha use personal parameters fitted to this course/),
      ).toBeInTheDocument(),
    );

    // And back: the course follows the parameters of all courses (here the defaults) again.
    await user.click(
      screen.getByRole('button', { name: 'Go back to the parameters of all courses' }),
    );
    expect(
      await screen.findByText(
        /Course Alpha follows the parameters of all courses again/,
        {},
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect((await getSettings(db)).perCourse.Alpha).toBeUndefined();
    await waitFor(() =>
      expect(screen.getByText(/Course Alpha use FSRS' default parameters/)).toBeInTheDocument(),
    );
  }, 30_000);

  it('says plainly when the log is too small to fit', async () => {
    const user = userEvent.setup();
    renderPanel('Beta');
    await user.click(screen.getByRole('button', { name: 'Optimize my parameters (Beta)' }));
    expect(
      await screen.findByText(/Not enough reviews yet to fit your own parameters/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Adopt/ })).not.toBeInTheDocument();
  });

  it('shows progress while training and cancels the fit on Cancel', async () => {
    const user = userEvent.setup();
    let signal: AbortSignal | undefined;
    const slowFitter: ParameterFitter = (_items, options) =>
      new Promise((_resolve, reject) => {
        signal = options.signal;
        options.onProgress?.({ phase: 'training', fraction: 0.4, estimated: true });
        options.signal?.addEventListener('abort', () =>
          reject(new DOMException('cancelled', 'AbortError')),
        );
      });
    renderPanel(null, slowFitter);
    await user.click(screen.getByRole('button', { name: 'Optimize my parameters (all courses)' }));

    const bar = await screen.findByRole('progressbar', {
      name: 'Optimizing parameters for all courses',
    });
    await waitFor(() => expect(bar).toHaveAttribute('value', '40'));
    expect(screen.getByText('Training… about 40 %')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    expect(signal?.aborted).toBe(true);
    expect(await screen.findByText(/Optimization cancelled/)).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect((await getSettings(db)).global.parameters).toBeNull();
  });

  it('starts warming the optimizer once shown, and stops warming it when the panel goes away', async () => {
    const stop = vi.fn();
    const warmUp = vi.fn(() => stop);
    const { unmount } = renderPanel('Alpha', nodeFitter, warmUp);
    // jsdom has no IntersectionObserver: the panel counts as shown once mounted.
    await waitFor(() => expect(warmUp).toHaveBeenCalledTimes(1));
    expect(stop).not.toHaveBeenCalled();
    unmount();
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('stops warming the optimizer when the learner clicks Optimize, so the fit does not wait for it', async () => {
    const user = userEvent.setup();
    const stop = vi.fn();
    const warmUp = vi.fn(() => stop);
    renderPanel('Beta', nodeFitter, warmUp);
    await waitFor(() => expect(warmUp).toHaveBeenCalled());
    expect(stop).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Optimize my parameters (Beta)' }));
    expect(stop).toHaveBeenCalled();
  });

  it('does not warm the optimizer when the log is too small to fit at all', async () => {
    db.close();
    db = openDatabase('optimizer-panel-empty-log');
    const warmUp = vi.fn(() => () => {});
    renderPanel(null, nodeFitter, warmUp);
    expect(await screen.findByText(/All courses use FSRS' default parameters/)).toBeInTheDocument();
    // The log is counted before deciding: give that read time to finish.
    await db.reviewLog.count();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(warmUp).not.toHaveBeenCalled();
  });

  it('simulates the next year per retention, as a chart and a table, and saves the chosen retention', async () => {
    const user = userEvent.setup();
    const { container } = renderPanel('Alpha');
    await user.click(screen.getByRole('button', { name: 'Simulate the next year' }));

    const chart = await screen.findByRole(
      'img',
      { name: /Workload and cards known by desired retention/ },
      { timeout: 20_000 },
    );
    expect(chart.querySelectorAll('polyline')).toHaveLength(2);
    const table = screen.getByRole('table', { name: /Simulated next 365 days/ });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(1 + 28);
    expect(within(rows[1] as HTMLElement).getByRole('rowheader')).toHaveTextContent('0.70');
    expect(await axeViolations(container)).toEqual([]);

    await user.selectOptions(screen.getByLabelText('Desired retention'), '0.85');
    await user.click(screen.getByRole('button', { name: 'Use this retention' }));
    expect(await screen.findByText('Desired retention set to 0.85.')).toBeInTheDocument();
    expect((await getSettings(db)).perCourse.Alpha?.desiredRetention).toBe(0.85);
  }, 30_000);
});

describe('chart axes', () => {
  it('round the top of an axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 0.7, 3, 17, 120, 4800].map(niceCeiling)).toEqual([1, 1, 5, 20, 200, 5000]);
  });
});
