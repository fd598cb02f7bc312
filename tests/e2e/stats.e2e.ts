/**
 * The Stats screen in Chromium, over the production build: after a short keyboard review session it shows the
 * answers just given (heatmap total, today's retention rows, card states), reads at phone width (390 px, light) and
 * desktop width (1280 px, dark) without sideways scrolling, and every chart has its text alternative.
 * Screenshots of both are saved as artifacts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { navigate, openToday, reviewByKeyboard, reviewLog } from './harness/app.ts';
import { artifactPath, openSession, type Session } from './harness/session.ts';

let session: Session;
before(async () => {
  session = await openSession({ context: { viewport: { width: 1280, height: 900 } } });
});
after(async () => {
  await session?.close();
});

async function statValue(page: Page, label: string): Promise<string> {
  const value = page
    .locator('.stat', { has: page.locator('dt', { hasText: label }) })
    .locator('dd');
  return (await value.innerText()).trim();
}

async function checkLayout(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  assert.ok(overflow <= 0, `no sideways scrolling at ${width} px (${overflow} px too wide)`);
  // Every chart draws something and has a summary and a data table.
  const figures = page.locator('figure');
  assert.equal(await figures.count(), 6, 'six charts');
  for (const figure of await figures.all()) {
    const box = await figure.locator('svg').first().boundingBox();
    assert.ok(box && box.width > 0.8 * Math.min(width, 56 * 16) - 64, 'the chart fills the column');
    assert.ok((await figure.locator('.chart__summary').innerText()).trim().length > 0);
    assert.equal(await figure.locator('details table').count(), 1);
  }
}

test('the Stats screen shows a fresh session’s answers at phone and desktop width', async () => {
  const { page, server } = session;
  await openToday(page, server.url);
  await page.getByRole('link', { name: 'Study now' }).click();
  // New cards answered Good: five answers, all learning steps (no review-phase answer to count for retention).
  await reviewByKeyboard(page, 5);
  const log = await reviewLog(page);
  assert.equal(log.length, 5);

  await navigate(page, 'Stats', 'Statistics');
  await page.getByRole('heading', { name: 'Memory' }).waitFor();
  assert.equal(await statValue(page, 'Reviews this year'), '5');
  assert.equal(await statValue(page, 'Current streak'), '1 day');
  const today = page
    .getByRole('table', { name: 'True retention' })
    .getByRole('row', { name: /^Today/ });
  assert.match((await today.innerText()).replace(/\s+/g, ' '), /^Today 0 0 — 0 0 — 0 0 —$/);

  await page.emulateMedia({ colorScheme: 'dark' });
  await checkLayout(page, 1280);
  await page.screenshot({ path: artifactPath('stats-desktop-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await checkLayout(page, 390);
  await page.screenshot({ path: artifactPath('stats-phone-light.png'), fullPage: true });
  session.assertNoProblems();
});
