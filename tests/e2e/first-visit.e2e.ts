/**
 * Scenario 1, first visit: Today shows the shipped deck's counts; five cards reviewed with the keyboard only; after a
 * reload the counts, Browse and the review log all show those answers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DeckIndex } from '../../src/domain/deck-format.ts';
import {
  navigate,
  openToday,
  reviewByKeyboard,
  reviewLog,
  todayDeckRows,
  todayStat,
} from './harness/app.ts';
import { DIST, openSession, type Session } from './harness/session.ts';

/** New cards a day by default (issue 3). */
const NEW_PER_DAY = 20;

let session: Session;
before(async () => {
  session = await openSession();
});
after(async () => {
  await session?.close();
});

test('first visit: Today, five keyboard reviews, and a reload that keeps them', async () => {
  const { page, server } = session;
  const index = JSON.parse(readFileSync(join(DIST, 'decks', 'index.json'), 'utf8')) as DeckIndex;
  assert.ok(index.decks.length > 0, 'the build ships at least one deck');

  await openToday(page, server.url);
  const first = await todayDeckRows(page);
  assert.deepEqual(
    first.map((row) => ({ new: row.new, learning: row.learning, review: row.review })),
    index.decks.map((deck) => ({
      new: Math.min(deck.cardCount, NEW_PER_DAY),
      learning: 0,
      review: 0,
    })),
    "each shipped deck's new cards (up to the daily limit), nothing learning or due",
  );
  assert.equal(await todayStat(page, 'Reviews done today'), '0');

  // Keyboard only: Tab to "Study now", Enter, then Space and digits.
  const studyNow = page.getByRole('link', { name: 'Study now' });
  await studyNow.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
  const questions = await reviewByKeyboard(page, 5, 3);
  assert.equal(new Set(questions).size, 5, 'five different cards');

  const log = await reviewLog(page);
  assert.equal(log.length, 5, 'five review-log rows');
  assert.ok(log.every((row) => row.rating === 3 && row.kind === 'review'));

  await navigate(page, 'Today');
  // Today's heading shows before its counts: wait for the deck table.
  await page.getByRole('table', { name: /Cards due today per deck/ }).waitFor();
  const answered = await todayDeckRows(page);
  assert.equal(await todayStat(page, 'Reviews done today'), '5');
  const firstDeck = answered[0];
  assert.ok(firstDeck && first[0]);
  assert.ok(firstDeck.new <= first[0].new - 5, 'five fewer new cards (siblings may be buried too)');
  assert.equal(
    firstDeck.learning,
    5,
    'the five answered cards are in learning (Good on a new card)',
  );
  assert.equal(firstDeck.review, 0);

  await page.reload();
  await page.getByRole('table', { name: /Cards due today per deck/ }).waitFor();
  assert.deepEqual(await todayDeckRows(page), answered, 'the same counts after a reload');
  assert.equal(await todayStat(page, 'Reviews done today'), '5');
  assert.equal((await reviewLog(page)).length, 5, 'the log kept its five rows');

  // Browse: the five answered cards are the learning ones, and each card's history shows its answer.
  await navigate(page, 'Browse');
  await page.getByLabel('State').selectOption('learning');
  const rows = page.getByRole('table', { name: 'Cards matching the filters' }).locator('tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 5);
  assert.equal(await rows.count(), 5);

  const cardId = log[0]?.cardId;
  assert.ok(cardId);
  // A deep link, reloaded: the server's (and later the service worker's) fallback serves the app.
  await page.goto(`${server.url}browse/${encodeURIComponent(cardId)}`);
  await page.getByRole('heading', { level: 1, name: 'Card info' }).waitFor();
  const history = page
    .getByRole('table', { name: /Every answer to this card/ })
    .locator('tbody tr');
  await history.first().waitFor();
  assert.equal(await history.count(), 1);
  assert.match(await history.first().innerText(), /Good/);
});

test('no console errors and no CSP violations during the first visit', () => {
  session.assertNoProblems();
});
