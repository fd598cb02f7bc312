/**
 * Backup and notes import in a real Chromium, through the real file pickers: the fixture vault picked as a folder
 * (`<input webkitdirectory>`) becomes imported decks with the parser's warnings; a backup exported from Settings is
 * restored after the data is wiped, with every review kept.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { navigate, openToday, readStore, reviewByKeyboard, reviewLog } from './harness/app.ts';
import { openSession, REPO_ROOT, type Session } from './harness/session.ts';

const VAULT = join(REPO_ROOT, 'tests', 'fixtures', 'vault');

let session: Session;
before(async () => {
  session = await openSession();
});
after(async () => {
  await session?.close();
});

type DeckRow = { id: string; imported: boolean; retired: boolean };

test('a notes folder picked in Settings becomes imported decks, with the parser warnings shown', async () => {
  const { page, server } = session;
  await openToday(page, server.url);
  await navigate(page, 'Settings');
  const panel = page.getByRole('region', { name: 'Backup and restore' });
  const chooser = page.waitForEvent('filechooser');
  await panel.getByRole('button', { name: 'Import a notes folder' }).click();
  await (await chooser).setFiles(VAULT);
  await panel.getByText(/Imported 4 chapters from your notes/).waitFor({ timeout: 20_000 });
  assert.match(await panel.getByRole('list', { name: 'Import warnings' }).innerText(), /warning/);
  const decks = await readStore<DeckRow>(page, 'decks');
  const imported = decks
    .filter((d) => d.imported)
    .map((d) => d.id)
    .sort();
  assert.deepEqual(imported, ['deforai-01', 'deforai-02', 'deforai-03', 'deforai-04']);
  // A reload runs the shipped-deck sync again: imported decks are not retired.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  const again = await readStore<DeckRow>(page, 'decks');
  assert.ok(
    again.filter((d) => d.imported).every((d) => !d.retired),
    'imported decks stay',
  );
  session.assertNoProblems();
});

test('a backup exported in Settings restores every review after the data is wiped', async () => {
  const { page, server } = session;
  await page.goto(`${server.url}review`);
  await reviewByKeyboard(page, 3, 3);
  const log = await reviewLog(page);
  assert.ok(log.length >= 3);

  await navigate(page, 'Settings');
  const panel = page.getByRole('region', { name: 'Backup and restore' });
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export backup' }).click();
  const file = join(
    mkdtempSync(join(tmpdir(), 'coursedeck-e2e-')),
    (await download).suggestedFilename(),
  );
  await (await download).saveAs(file);
  assert.match(file, /coursedeck-backup-.*\.json\.gz$/);

  // Wipe: the review log and cards go (as on a new device after the first start-up sync).
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('coursedeck');
        open.onsuccess = () => {
          const tx = open.result.transaction(['reviewLog', 'cards'], 'readwrite');
          tx.objectStore('reviewLog').clear();
          tx.objectStore('cards').clear();
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  assert.equal((await reviewLog(page)).length, 0);

  const chooser = page.waitForEvent('filechooser');
  await panel.getByRole('button', { name: 'Restore', exact: true }).click();
  await (await chooser).setFiles(file);
  await panel.getByRole('button', { name: 'Replace my data' }).click();
  await panel.getByText(/^Restored: /).waitFor({ timeout: 20_000 });
  const restored = await reviewLog(page);
  assert.deepEqual(
    restored.map((r) => r.id).sort(),
    log.map((r) => r.id).sort(),
    'every review came back',
  );
  await panel
    .getByRole('button', { name: /^Restore this snapshot \(.*before a restore\)$/ })
    .waitFor();
  session.assertNoProblems();
});
