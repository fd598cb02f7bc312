import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDecks } from '../../src/domain/decks';
import { answerCard, syncDecks, upsertDeck } from '../../src/services';
import { BackupError, importNotes, listSnapshots } from '../../src/services/backup';
import { freshDb } from './helpers';
import { pickChapterLoose, pickedFile, pickVault, VAULT_DIR, walk } from './vault-files';
import { fixDate } from '../support/fixed-date';

const NOW = Date.UTC(2026, 10, 26, 12);

fixDate(NOW);

/** What `npm run decks` builds from the same folder (the reference the browser import must match). */
function cliBuild() {
  const files = walk(VAULT_DIR).map((rel) => ({
    path: rel,
    text: fs.readFileSync(path.join(VAULT_DIR, rel), 'utf8'),
  }));
  return buildDecks({ rootSegments: ['vault'], files, vault: { name: 'vault', prefix: [] } });
}

// IndexedDB work and fast-check runs: generous time on a loaded 2-core machine.
describe('importing notes in the browser', { timeout: 30_000 }, () => {
  it('turns a picked vault folder into the same decks as the build step, marked imported, with its warnings', async () => {
    const db = freshDb();
    const report = await importNotes(db, pickVault());
    const reference = cliBuild();
    expect(report.decks.map((d) => d.deckId)).toEqual(reference.decks.map((d) => d.id));
    expect(report.decks.map((d) => d.deckId)).toEqual([
      'deforai-01',
      'deforai-02',
      'deforai-03',
      'deforai-04',
    ]);
    const decks = await db.decks.toArray();
    expect(decks.every((d) => d.imported)).toBe(true);
    expect(decks.find((d) => d.id === 'deforai-01')?.vault).toEqual(reference.decks[0]?.vault);
    expect(await db.cards.count()).toBe(reference.decks.reduce((n, d) => n + d.cards.length, 0));
    // The parser's warnings come back (chapter 10 is linked but not in the vault), and the image was skipped.
    expect(report.diagnostics).toEqual(reference.diagnostics);
    expect(report.diagnostics.some((d) => d.severity === 'warning')).toBe(true);
    expect(report.skipped).toBe(2);
    expect((await listSnapshots(db)).map((s) => s.reason)).toEqual(['before-import']);
  });

  it('keeps the review history when an edited folder is imported again', async () => {
    const db = freshDb();
    await importNotes(db, pickVault());
    const card = (await db.cards.where('deckId').equals('deforai-01').sortBy('position'))[0]!;
    await answerCard(db, {
      cardId: card.id,
      expectedVersion: card.version,
      grade: 3,
      now: NOW,
      durationMs: 4000,
    });
    const answered = await db.cards.get(card.id);

    const edited = pickVault((rel, text) =>
      rel.endsWith('01. Foundations of ML Data/README.md')
        ? text.replace(
            '## 📋 Chapter Overview',
            '## 📋 Chapter Overview\n\nEdited overview line.\n',
          )
        : text,
    );
    const again = await importNotes(db, edited, { now: NOW + 60_000 });
    expect(again.decks.find((d) => d.deckId === 'deforai-01')).toBeDefined();
    expect(await db.reviewLog.count()).toBe(1);
    const after = await db.cards.get(card.id);
    expect(after?.memory).toEqual(answered?.memory);
    expect((await db.decks.get('deforai-01'))?.overview).toContain('Edited overview line.');
  });

  it('is never retired by the start-up sync of the shipped decks', async () => {
    const db = freshDb();
    await importNotes(db, pickVault());
    const fetcher = async (url: string) => {
      if (url.endsWith('index.json')) return { schemaVersion: 1, decks: [] };
      throw new Error(`unexpected ${url}`);
    };
    const sync = await syncDecks(db, fetcher, NOW + 1000);
    expect(sync.retiredDecks).toEqual([]);
    expect((await db.decks.toArray()).every((d) => !d.retired)).toBe(true);
  });

  it('updates a shipped deck with the same id, keeping its history', async () => {
    const db = freshDb();
    const shipped = cliBuild().decks[0]!;
    await upsertDeck(db, shipped, 'shipped-hash', NOW);
    const card = (await db.cards.where('deckId').equals(shipped.id).sortBy('position'))[0]!;
    await answerCard(db, {
      cardId: card.id,
      expectedVersion: card.version,
      grade: 4,
      now: NOW,
      durationMs: 1000,
    });
    const answered = await db.cards.get(card.id);
    await importNotes(db, pickVault(), { now: NOW + 1000 });
    const deck = await db.decks.get(shipped.id);
    expect(deck?.imported).toBe(true);
    expect((await db.cards.get(card.id))?.memory).toEqual(answered?.memory);
    expect(await db.reviewLog.count()).toBe(1);
  });

  it("imports one chapter's loose files (the iOS fallback) into the chosen course", async () => {
    const db = freshDb();
    const report = await importNotes(db, pickChapterLoose('01. Foundations of ML Data'), {
      courseName: 'DEforAI',
    });
    expect(report.decks.map((d) => d.deckId)).toEqual(['deforai-01']);
    expect(report.decks[0]?.added).toBeGreaterThan(5);
  });

  it('imports a picked chapter folder as a chapter of the chosen course', async () => {
    const db = freshDb();
    const dir = path.join(VAULT_DIR, '01_Projects/DEforAI/Course/04. Feature Engineering');
    const files = fs
      .readdirSync(dir)
      .map((name) =>
        pickedFile(
          `04. Feature Engineering/${name}`,
          fs.readFileSync(path.join(dir, name), 'utf8'),
        ),
      );
    const report = await importNotes(db, files, { courseName: 'DEforAI' });
    expect(report.decks.map((d) => d.deckId)).toEqual(['deforai-04']);
  });

  it('says plainly why nothing was imported', async () => {
    const db = freshDb();
    await expect(importNotes(db, [pickedFile('photo.png', 'x', false)])).rejects.toThrow(
      /No markdown notes \(\.md files\) were picked\. Nothing was imported\./,
    );
    await expect(importNotes(db, [pickedFile('notes.md', '# Just notes', false)])).rejects.toThrow(
      /None of the picked files is a chapter's README\.md/,
    );
    await expect(importNotes(db, [pickedFile('folder/notes.md', '# Just notes')])).rejects.toThrow(
      /No chapter was found/,
    );
    const latin1 = new File([new Uint8Array([0x23, 0x20, 0xe9, 0xff])], 'README.md');
    Object.defineProperty(latin1, 'webkitRelativePath', { value: '' });
    await expect(importNotes(db, [latin1])).rejects.toBeInstanceOf(BackupError);
    expect(await db.decks.count()).toBe(0);
  });
});
