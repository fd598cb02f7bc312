/**
 * Scenario 4, a phone: 390×844 with touch. The review flow works by tapping, its targets are large enough for a thumb,
 * nothing scrolls sideways, and a double tap cannot reveal and grade at once. A screenshot is saved as an artifact.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openToday, reviewByTap, reviewLog } from './harness/app.ts';
import { artifactPath, openSession, type Session } from './harness/session.ts';

let session: Session;
before(async () => {
  session = await openSession({
    context: {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    },
  });
});
after(async () => {
  await session?.close();
});

test('on a phone the review works by tap, with thumb-sized targets and no sideways scrolling', async () => {
  const { page, server } = session;
  await openToday(page, server.url);
  await page.screenshot({ path: artifactPath('phone-today.png'), fullPage: true });

  await page.getByRole('link', { name: 'Study now' }).tap();
  const reveal = page.getByRole('button', { name: 'Show answer' });
  await reveal.waitFor();
  const revealBox = await reveal.boundingBox();
  assert.ok(
    revealBox && revealBox.height >= 44 && revealBox.width >= 44,
    'Show answer is at least 44×44 px',
  );

  // A double tap: the second tap lands on an answer button within the guard and must not grade the card.
  await reveal.tap();
  const good = page.getByRole('button', { name: /^Good/ });
  await good.tap();
  await page.waitForTimeout(50);
  assert.equal((await reviewLog(page)).length, 0, 'the double tap graded nothing');
  await page.waitForTimeout(350);

  for (const name of ['Again', 'Hard', 'Good', 'Easy']) {
    const box = await page.getByRole('button', { name: new RegExp(`^${name}`) }).boundingBox();
    assert.ok(box && box.height >= 44 && box.width >= 44, `${name} is at least 44×44 px`);
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `${name} fits the screen`);
  }
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
  await page.screenshot({ path: artifactPath('phone-review-answer.png'), fullPage: true });

  await good.tap();
  await page.getByRole('button', { name: 'Show answer' }).waitFor();
  await reviewByTap(page, 3, 'Good');
  assert.equal((await reviewLog(page)).length, 4, 'four cards answered by tap');
  await page.screenshot({ path: artifactPath('phone-review.png'), fullPage: true });
});

test('no console errors and no CSP violations on the phone', () => {
  session.assertNoProblems();
});
