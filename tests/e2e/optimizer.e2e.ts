/**
 * Issue 8 end to end in Chromium, over the production build: after a few hundred reviews (700 answers of a learner
 * unlike FSRS' defaults, written with the app's schema code), Settings → "Optimize my parameters" fits them with
 * fsrs-browser's wasm in the optimizer worker, shows both evaluations, adopts the new parameters, and the retention
 * simulator (its own worker) draws the next year and saves the chosen retention.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bundlePageScript } from '../../bench/support/page-script.ts';
import { navigate, openToday } from './harness/app.ts';
import { openSession, REPO_ROOT, type Session } from './harness/session.ts';

let session: Session;
before(async () => {
  session = await openSession();
});
after(async () => {
  await session?.close();
});

test('a learner optimizes their parameters, sees the evaluation, adopts them and picks a retention', async () => {
  const { page, server } = session;
  const seeder = await bundlePageScript(
    join(REPO_ROOT, 'tests', 'e2e', 'pages', 'optimizer-seed.ts'),
    'e2eOptimizerSeed',
  );
  // Seeded beside the running app (a second connection at the same schema version), then the app is reloaded.
  await openToday(page, server.url);
  await page.evaluate(seeder);
  const seeded = await page.evaluate(() =>
    (
      window as unknown as { __e2eOptimizerSeed: { seed: () => Promise<{ rows: number }> } }
    ).__e2eOptimizerSeed.seed(),
  );
  assert.ok(seeded.rows >= 700, `a few hundred reviews seeded (${seeded.rows})`);
  await page.reload();
  await page.getByRole('heading', { level: 1 }).first().waitFor();

  await navigate(page, 'Settings');
  await page.getByRole('button', { name: 'Optimize my parameters (all courses)' }).click();

  const table = page
    .getByRole('table')
    .filter({ has: page.getByRole('columnheader', { name: 'Log loss' }) });
  await table.waitFor({ timeout: 60_000 });
  await table.getByRole('rowheader', { name: 'Current' }).waitFor();
  await table.getByRole('rowheader', { name: 'New' }).waitFor();
  assert.ok(await table.getByRole('columnheader', { name: 'RMSE (bins)' }).isVisible());
  await page.getByText(/predict your held-out reviews better/).waitFor();

  await page.getByRole('button', { name: 'Adopt the new parameters' }).click();
  await page.getByText(/New parameters adopted/).waitFor({ timeout: 30_000 });
  await page.getByText(/All courses use personal parameters/).waitFor();

  await page.getByRole('button', { name: 'Simulate the next year' }).click();
  const chart = page.getByRole('img', { name: /Workload and cards known by desired retention/ });
  await chart.waitFor({ timeout: 60_000 });
  assert.equal(await chart.locator('polyline').count(), 2, 'reviews per day and cards known');
  await page.getByText('Show the simulation as a table').click();
  const rows = page.getByRole('table', { name: /Simulated next 365 days/ }).getByRole('row');
  assert.equal(await rows.count(), 1 + 28, 'retentions 0.70 to 0.97');

  await page.getByRole('combobox', { name: 'Desired retention' }).selectOption('0.85');
  await page.getByRole('button', { name: 'Use this retention' }).click();
  await page.getByText('Desired retention set to 0.85.').waitFor();
  session.assertNoProblems();
});
