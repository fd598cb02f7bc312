/**
 * Scenario 2, offline: after the first visit the server is stopped (not `setOffline`: the service worker's own
 * fetches would bypass it), and the app still reloads, opens every screen, reviews and keeps what was reviewed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openToday, reviewByKeyboard, reviewLog, todayDeckRows, todayStat } from './harness/app.ts';
import { waitForPrecache, waitForServiceWorkerControl } from './harness/browser.ts';
import { openSession, type Session } from './harness/session.ts';

let session: Session;
before(async () => {
  session = await openSession();
});
after(async () => {
  await session?.close();
});

/** Opens every screen of the main navigation and waits for its heading, with no "not found" or error on the way. */
async function visitEveryScreen(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  const labels = (await nav.getByRole('link').allInnerTexts()).map((label) => label.trim());
  const headings: string[] = [];
  for (const label of labels) {
    const link = nav.getByRole('link', { name: label, exact: true });
    const path = new URL((await link.getAttribute('href')) ?? '/', page.url()).pathname;
    const stays = path === new URL(page.url()).pathname;
    const previous = await page.locator('main h1').first().textContent();
    await link.click();
    await page.waitForURL((url) => url.pathname === path);
    // A navigation keeps the old screen up until the new one's chunk has loaded (from the service worker's cache).
    if (!stays) {
      await page.waitForFunction(
        (old) => document.querySelector('main h1')?.textContent !== old,
        previous,
      );
    }
    const heading = page.locator('main h1').first();
    await heading.waitFor();
    await page.waitForFunction(
      () => !document.querySelector('main [role="status"]')?.textContent?.startsWith('Loading'),
    );
    headings.push((await heading.innerText()).trim());
    assert.equal(await page.getByRole('alert').count(), 0, `no error on ${label}`);
  }
  assert.equal(
    new Set(headings).size,
    headings.length,
    `one heading per screen: ${headings.join(', ')}`,
  );
  assert.ok(
    !headings.some((heading) => /not found/i.test(heading)),
    `every screen opens: ${headings.join(', ')}`,
  );
  return headings;
}

test('with the server stopped the app reloads, opens every screen, reviews, and keeps the answers', async () => {
  const { page, server } = session;
  await openToday(page, server.url);
  await waitForServiceWorkerControl(page);
  await waitForPrecache(page);

  await server.stop();
  const probe = await page.evaluate(async (url) => {
    // A request the service worker does not answer from its cache: proves the network really is gone.
    try {
      await fetch(`${url}not-precached-${Date.now()}.txt`, { cache: 'no-store' });
      return 'reached';
    } catch {
      return 'unreachable';
    }
  }, server.url);
  assert.equal(probe, 'unreachable', 'the server is down');
  // That failed fetch is logged as a console error by Chromium; it was the test's own doing.
  session.problems.length = 0;

  await page.reload();
  await page.getByRole('table', { name: /Cards due today per deck/ }).waitFor();
  const screens = await visitEveryScreen(page);
  assert.ok(screens.length >= 5, `the main screens: ${screens.join(', ')}`);

  // A chapter page and a deep link, offline.
  await page.goto(server.url);
  await page.getByRole('table', { name: /Cards due today per deck/ }).waitFor();
  await page
    .getByRole('table', { name: /Cards due today per deck/ })
    .locator('tbody th a')
    .first()
    .click();
  await page.locator('main h1').first().waitFor();
  await page.goto(`${server.url}settings`);
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();

  await page.goto(`${server.url}review`);
  await reviewByKeyboard(page, 3, 3);
  assert.equal((await reviewLog(page)).length, 3);

  await page.goto(server.url);
  await page.getByRole('table', { name: /Cards due today per deck/ }).waitFor();
  assert.equal(await todayStat(page, 'Reviews done today'), '3');
  const rows = await todayDeckRows(page);
  assert.equal(rows[0]?.learning, 3, 'the three answers are kept after an offline reload');
  assert.equal((await reviewLog(page)).length, 3);

  // Back online: nothing was lost and nothing is duplicated.
  await server.start();
  await page.reload();
  await page.getByRole('table', { name: /Cards due today per deck/ }).waitFor();
  assert.equal((await reviewLog(page)).length, 3);
});

test('no console errors and no CSP violations offline', () => {
  session.assertNoProblems();
});
