/**
 * Steps through Coursedeck the way a learner does (roles and accessible names, as a screen reader sees the app),
 * plus direct reads of IndexedDB to check what was saved.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** Waits for Today with its decks listed (the start-up deck sync has run). */
export async function openToday(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  await page.getByRole('table', { name: /Cards due today per deck/ }).waitFor({ timeout: 20_000 });
}

/** A figure of Today's summary ("Due now", "Reviews done today"). */
export async function todayStat(page: Page, label: string): Promise<string> {
  const value = page
    .locator('.stat', { has: page.locator('dt', { hasText: label }) })
    .locator('dd');
  return (await value.innerText()).trim();
}

export type DeckRow = { title: string; new: number; learning: number; review: number };

/** Today's table: one row per chapter with its new / learning / review counts. */
export async function todayDeckRows(page: Page): Promise<DeckRow[]> {
  const table = page.getByRole('table', { name: /Cards due today per deck/ });
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((cell) => Number(cell.textContent?.trim()));
      return {
        title: row.querySelector('th')?.textContent?.trim() ?? '',
        new: cells[0] ?? NaN,
        learning: cells[1] ?? NaN,
        review: cells[2] ?? NaN,
      };
    }),
  );
}

/** The visible text of the question of the card on screen. */
export async function currentQuestion(page: Page): Promise<string> {
  return (await page.getByRole('region', { name: 'Question' }).innerText()).trim();
}

/** How many answers the session progress shows as done. */
async function doneCount(page: Page): Promise<number> {
  const text = await page.locator('.progress__text').innerText();
  return Number(/(\d+) done/.exec(text)?.[1] ?? NaN);
}

/**
 * Answers `count` cards with the keyboard only: Space reveals, a digit grades (3 = Good by default). Waits out the
 * double-tap guard after each reveal the way a person's reading does, and checks each answer is counted.
 */
export async function reviewByKeyboard(
  page: Page,
  count: number,
  grade: 1 | 2 | 3 | 4 = 3,
): Promise<string[]> {
  const questions: string[] = [];
  await page.getByRole('button', { name: 'Show answer' }).waitFor();
  for (let i = 0; i < count; i++) {
    await page.getByRole('button', { name: 'Show answer' }).waitFor();
    await page.locator('.progress__text').waitFor();
    const before = await doneCount(page);
    questions.push(await currentQuestion(page));
    await page.keyboard.press('Space');
    await page.getByRole('region', { name: 'Answer' }).waitFor();
    await page.getByRole('button', { name: /^Good/ }).waitFor();
    await page.waitForTimeout(350);
    await page.keyboard.press(String(grade));
    await page.waitForFunction((previous) => {
      const text = document.querySelector('.progress__text')?.textContent ?? '';
      const done = Number(/(\d+) done/.exec(text)?.[1] ?? NaN);
      return done === previous + 1 || document.querySelector('.session-summary') !== null;
    }, before);
  }
  return questions;
}

/** Answers `count` cards by tapping (touch events): "Show answer", then the grade's button. */
export async function reviewByTap(page: Page, count: number, gradeName = 'Good'): Promise<void> {
  for (let i = 0; i < count; i++) {
    await page.locator('.progress__text').waitFor();
    const before = await doneCount(page);
    await page.getByRole('button', { name: 'Show answer' }).tap();
    const button = page.getByRole('button', { name: new RegExp(`^${gradeName}`) });
    await button.waitFor();
    await page.waitForTimeout(350);
    await button.tap();
    await page.waitForFunction((previous) => {
      const text = document.querySelector('.progress__text')?.textContent ?? '';
      return Number(/(\d+) done/.exec(text)?.[1] ?? NaN) === previous + 1;
    }, before);
  }
}

/** Rows of an IndexedDB object store of the app's database, read without Dexie (the app's own code is not trusted here). */
export async function readStore<T = unknown>(
  page: Page,
  store: string,
  database = 'coursedeck',
): Promise<T[]> {
  return page.evaluate(
    ({ store: name, database: dbName }) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(name, 'readonly').objectStore(name).getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as T[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    { store, database },
  );
}

export type LogRow = {
  id: string;
  cardId: string;
  rating: number;
  reviewedAt: number;
  kind: string;
};

export async function reviewLog(page: Page): Promise<LogRow[]> {
  return readStore<LogRow>(page, 'reviewLog');
}

/** Goes to a screen through the main navigation, as a learner would. */
export async function navigate(
  page: Page,
  label: string,
  heading: string | RegExp = label,
): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

export function assertCounts(actual: DeckRow[], expected: DeckRow[], message: string): void {
  assert.deepEqual(actual, expected, message);
}
