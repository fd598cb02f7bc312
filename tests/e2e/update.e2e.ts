/**
 * Scenario 3, an update: v1 is served, loaded and reviewed; then v2 (a changed lazy chunk, a deck with one card added
 * and one answer edited) is deployed in its place. The open tab keeps working, the banner waits while a review is on
 * screen and shows once the learner leaves it, and after Reload v2 runs with the new card, the edited answer and the
 * edited card's history, and no review lost.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Deck, DeckIndex } from '../../src/domain/deck-format.ts';
import { navigate, openToday, reviewByKeyboard, reviewLog } from './harness/app.ts';
import { waitForPrecache, waitForServiceWorkerControl } from './harness/browser.ts';
import { buildVersion, type VersionBuild } from './harness/build-version.ts';
import { openSession, REPO_ROOT, type Session } from './harness/session.ts';

const ADDED_FRONT = 'What does the e2e update add';
const ADDED_BACK = 'One new card, shipped in version 2.';
const EDIT_MARK = 'Edited in v2.';

let work: string;
let v1: VersionBuild;
let session: Session;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'coursedeck-update-'));
  v1 = await buildVersion({
    vault: join(REPO_ROOT, 'decks'),
    workDir: join(work, 'v1'),
    version: '1.0.0-e2e',
  });
  session = await openSession({ root: v1.dist });
});
after(async () => {
  await session?.close();
  rmSync(work, { recursive: true, force: true });
});

function readDecks(dist: string): Deck[] {
  const index = JSON.parse(readFileSync(join(dist, 'decks', 'index.json'), 'utf8')) as DeckIndex;
  return index.decks.map(
    (entry) => JSON.parse(readFileSync(join(dist, 'decks', entry.file), 'utf8')) as Deck,
  );
}

/** All markdown files of a vault, recursively. */
function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? markdownFiles(join(dir, entry.name))
      : entry.name.endsWith('.md')
        ? [join(dir, entry.name)]
        : [],
  );
}

/**
 * The v2 vault: the v1 notes with the answer of `editedBack` prefixed by a mark (found where it is written, whatever
 * note holds it) and one inline card appended to the note of `addTo`.
 */
function makeV2Vault(editedBack: string): string {
  const vault = join(work, 'vault-v2');
  cpSync(join(REPO_ROOT, 'decks'), vault, { recursive: true });
  const needle = editedBack.slice(0, 60);
  const files = markdownFiles(vault);
  const holder = files.find((file) => readFileSync(file, 'utf8').includes(needle));
  assert.ok(holder, `the answer "${needle}…" is written in some note`);
  writeFileSync(holder, readFileSync(holder, 'utf8').replace(needle, `${EDIT_MARK} ${needle}`));
  const inlineNote = files.find(
    (file) => /^[^#\n].*::/m.test(readFileSync(file, 'utf8')) && file !== holder,
  );
  assert.ok(inlineNote, 'a note with inline cards');
  writeFileSync(
    inlineNote,
    `${readFileSync(inlineNote, 'utf8').trimEnd()}\n\n${ADDED_FRONT}::${ADDED_BACK}\n`,
  );
  return vault;
}

const jsChunks = (dist: string) =>
  new Set(readdirSync(join(dist, 'assets')).filter((name) => name.endsWith('.js')));

test('an update is offered, waits for the learner, and keeps every review and card history', async () => {
  const { page, server } = session;
  await openToday(page, server.url);
  await waitForServiceWorkerControl(page);
  await waitForPrecache(page);
  await navigate(page, 'Settings');
  await page.getByTestId('app-version').waitFor();
  assert.equal(await page.getByTestId('app-version').innerText(), '1.0.0-e2e');

  await page.goto(`${server.url}review`);
  await reviewByKeyboard(page, 3, 3);
  const v1Log = await reviewLog(page);
  assert.equal(v1Log.length, 3);
  const editedId = v1Log[0]?.cardId;
  const editedCard = readDecks(v1.dist)
    .flatMap((deck) => deck.cards)
    .find((card) => card.id === editedId);
  assert.ok(
    editedCard && editedCard.back.length > 20,
    'the first reviewed card has a written answer',
  );

  // Deploy v2 while the v1 tab is open (on the review screen, mid-session).
  const v2 = await buildVersion({
    vault: makeV2Vault(editedCard.back),
    workDir: join(work, 'v2'),
    version: '2.0.0-e2e',
  });
  const v1Chunks = jsChunks(v1.dist);
  const changed = [...jsChunks(v2.dist)].filter((name) => !v1Chunks.has(name));
  assert.ok(
    changed.some((name) => !name.startsWith('index-')),
    `a lazy chunk changed (${changed.join(', ')})`,
  );
  const v2Deck = readDecks(v2.dist).flatMap((deck) => deck.cards);
  assert.equal(
    v2Deck.length,
    readDecks(v1.dist).flatMap((deck) => deck.cards).length + 1,
    'v2 has one card more',
  );
  server.setRoot(v2.dist);

  // The browser checks for a new service worker (as it does on navigation, or the app hourly and on focus).
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });
  await page.waitForFunction(
    async () => (await navigator.serviceWorker.getRegistration())?.waiting != null,
    undefined,
    {
      timeout: 30_000,
    },
  );
  // Still in the review: no banner, no reload, and answering goes on under v1.
  assert.equal(
    await page.getByText('New version available').count(),
    0,
    'no banner during a review',
  );
  await reviewByKeyboard(page, 1, 3);
  assert.equal((await reviewLog(page)).length, 4);

  // Leaving the review: the open v1 tab keeps working (a lazy screen not opened before loads), and the banner shows.
  await navigate(page, 'Browse');
  await page
    .getByRole('table', { name: 'Cards matching the filters' })
    .locator('tbody tr')
    .first()
    .waitFor();
  const banner = page.getByText('New version available');
  await banner.waitFor();
  await navigate(page, 'Settings');
  assert.equal(
    await page.getByTestId('app-version').innerText(),
    '1.0.0-e2e',
    'still v1 until Reload',
  );

  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: 'Reload' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await page.getByTestId('app-version').waitFor();
  assert.equal(
    await page.getByTestId('app-version').innerText(),
    '2.0.0-e2e',
    'v2 runs after Reload',
  );
  assert.equal(await page.getByText('New version available').count(), 0);

  // v2's decks: the added card is there, the edited card shows its new answer and keeps its history.
  const log = await reviewLog(page);
  assert.equal(log.length, 4, 'no review lost in the update');
  await page.goto(`${server.url}browse?q=${encodeURIComponent('e2e update add')}`);
  const found = page.getByRole('table', { name: 'Cards matching the filters' }).locator('tbody tr');
  await found.first().waitFor({ timeout: 20_000 });
  assert.equal(await found.count(), 1, 'the added card is in the collection');

  await page.goto(`${server.url}browse/${encodeURIComponent(editedCard.id)}`);
  await page.getByRole('heading', { level: 1, name: 'Card info' }).waitFor();
  await page.getByText(EDIT_MARK).first().waitFor();
  const history = page
    .getByRole('table', { name: /Every answer to this card/ })
    .locator('tbody tr');
  await history.first().waitFor();
  assert.equal(await history.count(), v1Log.filter((row) => row.cardId === editedCard.id).length);
});

test('no console errors and no CSP violations through the update', () => {
  session.assertNoProblems();
});
