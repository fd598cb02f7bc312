/**
 * Storage and tabs in a real Chromium: Settings shows version, persistence, usage and quota; persistence is asked for after the
 * first session; another tab's database upgrade closes this tab's connection and asks for a reload; two tabs reviewing
 * at once lose no review-log rows.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { navigate, openToday, readStore, reviewByKeyboard, reviewLog } from './harness/app.ts';
import { openSession, type Session } from './harness/session.ts';
import { contextDefaults, guardContext } from './harness/browser.ts';

let session: Session;
before(async () => {
  session = await openSession();
});
after(async () => {
  await session?.close();
});

test('the first review session is saved', async () => {
  const { page, server } = session;
  await openToday(page, server.url);
  await page.goto(`${server.url}review`);
  await reviewByKeyboard(page, 2, 3);
  assert.equal((await reviewLog(page)).length, 2);
});

test('leaving the first review session asks for persistent storage, and Settings shows version and storage', async () => {
  const { page } = session;
  await navigate(page, 'Settings');
  const asked = await page.evaluate(() => localStorage.getItem('coursedeck.persist-asked'));
  assert.ok(asked, 'navigator.storage.persist() was asked after the session');
  const device = page.getByRole('region', { name: 'This device' });
  await page.getByTestId('app-version').waitFor();
  assert.match(await page.getByTestId('app-version').innerText(), /^\d+\.\d+\.\d+/);
  await page.waitForFunction(() => !document.body.textContent?.includes('checking…'));
  const text = await device.innerText();
  assert.match(text, /Storage kept permanently\s+(yes|not yet)/);
  assert.match(text, /Storage used\s+[\d.]+ [KMG]?B of [\d.]+ [KMGT]B available/);
});

test('when another tab upgrades the database, this tab closes its connection and asks for a reload', async () => {
  const { page, context, server } = session;
  await openToday(page, server.url);
  const other = await context.newPage();
  await other.goto(`${server.url}no-such-screen`);
  // What a newer build does in another tab: open the database at a higher version.
  const upgraded = await other.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const probe = indexedDB.open('coursedeck');
        probe.onsuccess = () => {
          const version = probe.result.version;
          probe.result.close();
          const open = indexedDB.open('coursedeck', version + 1);
          open.onblocked = () => resolve('blocked');
          open.onsuccess = () => {
            open.result.close();
            resolve('upgraded');
          };
          open.onerror = () => resolve(`error ${open.error?.name}`);
        };
      }),
  );
  assert.equal(upgraded, 'upgraded', 'this tab let the upgrade through (it closed its connection)');
  const notice = page.getByText('Coursedeck was updated in another tab');
  await notice.waitFor();
  await page.getByRole('button', { name: 'Reload' }).waitFor();
  await other.close();
});

/** Reveals and grades Good, then waits for the next card (or the summary), whether or not the answer was accepted. */
async function answerOnce(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Show answer' }).waitFor();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: /^Good/ }).waitFor();
  await page.waitForTimeout(320);
  await page.keyboard.press('3');
  await page.getByRole('region', { name: 'Answer' }).waitFor({ state: 'detached' });
}

async function doneIn(page: Page): Promise<number> {
  return Number(/(\d+) done/.exec(await page.locator('.progress__text').innerText())?.[1] ?? NaN);
}

test('two tabs reviewing at once lose no review-log rows', async () => {
  const { browser, server } = session;
  // A fresh profile: the previous test left this one's database at a version the app does not know.
  const context = await browser.newContext(contextDefaults());
  const problems: string[] = [];
  await guardContext(context, problems);
  const [a, b] = [await context.newPage(), await context.newPage()];
  await openToday(a, server.url);
  await a.goto(`${server.url}review`);
  await b.goto(`${server.url}review`);
  for (let round = 0; round < 4; round++) {
    await Promise.all([answerOnce(a), answerOnce(b)]);
  }
  // An answer is saved behind the next card, and the tally counts it once saved: wait (up to 5 s) for both tabs'
  // tallies to settle before comparing them with the log.
  let accepted = NaN;
  let log = await reviewLog(a);
  for (let i = 0; i < 50; i++) {
    accepted = (await doneIn(a)) + (await doneIn(b));
    log = await reviewLog(a);
    if (log.length === accepted) break;
    await a.waitForTimeout(100);
  }
  assert.equal(log.length, accepted, 'one log row per accepted answer, none lost');
  assert.equal(new Set(log.map((row) => row.id)).size, log.length, 'no row written twice');
  assert.ok(accepted >= 4, `most answers were accepted (${accepted} of 8)`);
  const cards = await readStore<{ id: string; memory: { reps: number } }>(a, 'cards');
  for (const card of cards) {
    const rows = log.filter((row) => row.cardId === card.id).length;
    assert.equal(
      card.memory.reps,
      rows,
      `card ${card.id}: its state counts every one of its log rows`,
    );
  }
  await context.close();
  assert.deepEqual(problems, []);
});

test('no console errors and no CSP violations around storage and tabs', () => {
  session.assertNoProblems();
});
