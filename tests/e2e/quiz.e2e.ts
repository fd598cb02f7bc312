/**
 * Issue 5 in Chromium: chapter readiness on Today, Decks and the chapter page, the related-chapters graph, and
 * "Quiz me before the exercises" taken by keyboard to its verdict, on the four-chapter fixture vault (built into an
 * app of its own) and on the shipped course (decks/, likewise).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { navigate, openToday, reviewLog } from './harness/app.ts';
import { buildVersion, type VersionBuild } from './harness/build-version.ts';
import { openSession, REPO_ROOT, type Session } from './harness/session.ts';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** axe-core through the DevTools protocol (the CSP refuses inline scripts, rightly): violations on the page. */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type Result = { violations: { id: string; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (d: Document) => Promise<Result> } }).axe;
    const result = await axe.run(document);
    return result.violations.map(
      (v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
}

/** The quiz's "Card k of n" progress, as numbers. */
async function quizProgress(page: Page): Promise<{ index: number; total: number }> {
  const text = await page.locator('.progress__text').innerText();
  const match = /Card (\d+) of (\d+)/.exec(text);
  assert.ok(match, `quiz progress shown (${text})`);
  return { index: Number(match[1]), total: Number(match[2]) };
}

/**
 * Answers every quiz card by keyboard: Space reveals, a digit grades (`grade(k)` for the k-th card, 0-based). Waits
 * out the double-tap guard after each reveal, as a reader does, and for the next card or the result.
 */
async function takeQuizByKeyboard(page: Page, grade: (k: number) => 1 | 2 | 3 | 4) {
  await page.getByRole('button', { name: 'Show answer' }).waitFor();
  const { total } = await quizProgress(page);
  for (let k = 0; k < total; k++) {
    await page.getByText(`Card ${k + 1} of ${total}`).waitFor();
    await page.keyboard.press('Space');
    await page.getByRole('region', { name: 'Answer' }).waitFor();
    await page.waitForTimeout(350);
    await page.keyboard.press(String(grade(k)));
    if (k + 1 < total) await page.getByText(`Card ${k + 2} of ${total}`).waitFor();
  }
  await page.getByRole('heading', { name: 'Quiz result' }).waitFor();
  return total;
}

let work: string;
let fixture: VersionBuild;
let session: Session;
let shipped: Session;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'coursedeck-quiz-'));
  fixture = await buildVersion({
    vault: join(REPO_ROOT, 'tests', 'fixtures', 'vault'),
    workDir: join(work, 'fixture'),
    version: '1.0.0-quiz-e2e',
  });
  session = await openSession({ root: fixture.dist });
});
after(async () => {
  await session?.close();
  await shipped?.close();
  rmSync(work, { recursive: true, force: true });
});

test('fixture course: readiness everywhere, the chapter graph, and a quiz that says ready', async () => {
  const { page, server } = session;
  await openToday(page, server.url);
  const todayReadiness = page.getByRole('region', { name: 'Chapter readiness' });
  await todayReadiness.getByText('Readiness 0%').first().waitFor();
  // The start-up sync stores the decks one by one: wait until all four are listed.
  await page.waitForFunction(() => document.querySelectorAll('.readiness-list__item').length === 4);
  assert.equal(await todayReadiness.getByRole('listitem').count(), 4, 'four chapters on Today');

  // The Decks heading itself: any h1 (Today's too) let the test read Today's readiness list before Decks had loaded,
  // then count the badges before they were computed (a CI failure: 0 of 4).
  await navigate(page, 'Decks');
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.readiness-badge')].filter((badge) =>
        badge.textContent?.includes('Readiness 0%'),
      ).length === 4,
  );
  assert.equal(await page.getByText('Readiness 0%').count(), 4, 'readiness 0% for each chapter');

  await page
    .getByRole('link', { name: 'Chapter 2: ML Data Pipeline Lifecycle', exact: true })
    .click();
  await page
    .getByRole('heading', { level: 1, name: 'Chapter 2: ML Data Pipeline Lifecycle' })
    .waitFor();
  const graphList = page.getByRole('list', { name: 'Related chapters in the graph' });
  await graphList.waitFor({ state: 'attached' });
  assert.deepEqual(
    (await graphList.locator('li').allInnerTexts()).map((t) => t.trim()),
    [
      'Chapter 1: Foundations of ML Data — linked both ways',
      'Chapter 3: Data Quality for ML — it links to this chapter',
      'Chapter 4: Feature Engineering — this chapter links to it',
    ],
  );
  const svg = page.getByTestId('chapter-graph-svg');
  assert.equal(await svg.locator('[data-node]').count(), 4);
  assert.equal(
    await svg.locator('line').count(),
    7,
    'every link among the shown chapters: 02⇄01, 02→04, 01→03, 03→02, 04→03, 04→01',
  );
  assert.deepEqual(await axeViolations(page), [], 'chapter page is axe-clean');

  await page.getByRole('link', { name: 'Quiz me before the exercises' }).click();
  await page
    .getByRole('heading', { level: 1, name: 'Quiz: Chapter 2, ML Data Pipeline Lifecycle' })
    .waitFor();
  await page.getByRole('button', { name: 'Show answer' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'quiz card is axe-clean');
  const total = await takeQuizByKeyboard(page, () => 3);
  assert.equal(
    total,
    15,
    "chapter 2's fifteen cards (nothing studied yet, so no weak prerequisites)",
  );
  await page.getByText('Score: 15 of 15 recalled (100%)').waitFor();
  await page.getByRole('heading', { name: 'Ready for the exercises' }).waitFor();
  await page
    .getByRole('list', { name: 'Exercises' })
    .getByText('Exercise 1: Draw a pipeline DAG')
    .waitFor();
  assert.deepEqual(await axeViolations(page), [], 'quiz result is axe-clean');

  const log = await reviewLog(page);
  assert.equal(log.length, 15);
  assert.ok(
    log.every((row) => row.kind === 'quiz' && row.rating === 3),
    'quiz answers, marked',
  );

  await page.getByRole('link', { name: 'Back to the chapter' }).click();
  const figure = page.locator('.readiness-panel__figure');
  await figure.waitFor();
  assert.match(await figure.innerText(), /Readiness (9\d|100)%/, 'ready right after the quiz');
});

test('fixture course: missing chapter cards leads to what to review first, with weak prerequisites', async () => {
  const { page, server } = session;
  // Chapter 4 links to chapters 3 and 1 and comes after 2: its quiz adds their weak cards once studied.
  await page.goto(`${server.url}quiz/deforai-04`);
  await page
    .getByRole('heading', { level: 1, name: 'Quiz: Chapter 4, Feature Engineering' })
    .waitFor();
  const total = await takeQuizByKeyboard(page, (k) => (k < 4 ? 1 : 3));
  assert.equal(total, 16, "chapter 4's cards; chapter 2's were just recalled, so none is weak");
  await page.getByRole('heading', { name: 'Review these first' }).waitFor();
  await page.getByRole('heading', { name: 'Chapter 4: Feature Engineering' }).waitFor();
  assert.equal(
    await page.getByRole('list', { name: 'Missed cards' }).locator(':scope > li').count(),
    4,
  );
  await page.getByRole('link', { name: 'Study this chapter' }).waitFor();
});

test('shipped course: the chapter page shows readiness and the quiz runs on it', async () => {
  // Built here like the fixture, so the scenario never depends on how fresh dist/ is.
  const build = await buildVersion({
    vault: join(REPO_ROOT, 'decks'),
    workDir: join(work, 'shipped'),
    version: '1.0.0-quiz-e2e',
  });
  shipped = await openSession({ root: build.dist });
  const { page, server } = shipped;
  await openToday(page, server.url);
  await navigate(page, 'Decks');
  await page.locator('main a[href*="/decks/"]').first().click();
  await page.getByRole('heading', { name: 'Readiness for the exercises' }).waitFor();
  await page.locator('.readiness-panel__figure').getByText('Readiness 0%').waitFor();
  // The shipped chapter links to chapters not in the course yet: the graph says so.
  const graphList = page.getByRole('list', { name: 'Related chapters in the graph' });
  await graphList.waitFor({ state: 'attached' });
  assert.match(await graphList.innerText(), /not yet available in this course/);
  await page.getByRole('radio', { name: 'Studying now' }).check();
  await page.waitForFunction(
    () => document.querySelector<HTMLInputElement>('input[value="studying"]')?.checked === true,
  );
  await page.getByRole('link', { name: 'Quiz me before the exercises' }).click();
  await page.getByRole('button', { name: 'Show answer' }).waitFor();
  const { total } = await quizProgress(page);
  assert.ok(total > 5 && total <= 50, `the shipped chapter's cards, at most 50 (${total})`);
  for (let k = 0; k < 3; k++) {
    await page.getByText(`Card ${k + 1} of ${total}`).waitFor();
    await page.getByRole('button', { name: 'Show answer' }).click();
    await page.waitForTimeout(350);
    await page.getByRole('button', { name: /^Good/ }).click();
  }
  await page.getByText(`Card 4 of ${total}`).waitFor();
  await page.getByRole('button', { name: 'End the quiz now' }).click();
  await page.getByText('Score: 3 of 3 recalled (100%)').waitFor();
  const log = await reviewLog(page);
  assert.equal(log.filter((row) => row.kind === 'quiz').length, 3);
});

test('no console errors and no CSP violations during the quiz scenarios', () => {
  session.assertNoProblems();
  shipped?.assertNoProblems();
});
