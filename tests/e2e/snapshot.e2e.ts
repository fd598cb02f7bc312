/**
 * The automatic snapshot in a real Chromium: after a review session and a quiet minute, the periodic snapshot is
 * taken by the snapshot worker (not on the page, where a large collection's JSON and gzip froze the screen) and is
 * listed in Settings with the session's reviews. The page's clock is Playwright's, so the quiet minute passes at once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { navigate, openToday, reviewByKeyboard, reviewLog } from './harness/app.ts';
import { openSession, type Session } from './harness/session.ts';

let session: Session;
before(async () => {
  session = await openSession();
});
after(async () => {
  await session?.close();
});

test('after a review session and a quiet minute, the snapshot worker takes the automatic snapshot', async () => {
  const { page, server, context } = session;
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  // Installed before the app loads: its timers (the quiet minute, the idle callback) run on this clock.
  await context.clock.install();
  await openToday(page, server.url);
  await page.goto(`${server.url}review`);
  await reviewByKeyboard(page, 3, 3);
  assert.equal((await reviewLog(page)).length, 3);
  await navigate(page, 'Today');

  // No write for more than a minute: the start-up check runs, in a worker.
  await page.clock.fastForward('02:00');
  await navigate(page, 'Settings');
  const panel = page.getByRole('region', { name: 'Backup and restore' });
  const snapshot = panel.getByRole('listitem').filter({ hasText: /automatic: .*3 reviews/ });
  await snapshot.waitFor({ timeout: 20_000 });
  assert.ok(
    workers.some((url) => /\/assets\/snapshot\.worker-[\w-]+\.js$/.test(url)),
    `the snapshot worker ran (workers: ${workers.join(', ') || 'none'})`,
  );
  session.assertNoProblems();
});
