/**
 * Import a learner's own notes in the browser: picked files or a whole folder go through the deck build's parser
 * (src/domain/decks), offline, and each chapter becomes a deck marked `imported` (the shipped-deck sync never
 * retires or overwrites it). Re-importing edited notes keeps the review history, as a rebuild does: card ids are
 * stable and {@link upsertDeck} updates cards in place. A chapter with the id of a shipped deck updates that deck.
 */
import { isNotePath, NOTES_LIMITS, planNotesImport, type PickedNote } from '../../domain/backup';
import { buildDecks, contentHash, type Diagnostic } from '../../domain/decks';
import type { CoursedeckDb } from '../../db/schema';
import { upsertDeck, type DeckUpsertReport } from '../sync';
import type { OnProgress } from './codec';
import { BackupError } from './schema';
import { takeSnapshot } from './backup';

/** What a picked `File` offers (a `File` from `<input type=file>` satisfies it). */
export type PickedFile = {
  name: string;
  size: number;
  /** Set by folder pickers (`webkitdirectory`): the path under the picked folder's parent. */
  webkitRelativePath?: string;
  arrayBuffer(): Promise<ArrayBuffer>;
};

export type NotesImportReport = {
  decks: (DeckUpsertReport & { title: string; cards: number })[];
  /** The parser's warnings and errors, as `file:line: message`. */
  diagnostics: Diagnostic[];
  /** Files skipped as not notes (images, hidden folders). */
  skipped: number;
};

/** The decks already stored, by course, for the "course name" choice (chapters of a shipped course update it). */
export async function importedCourseNames(db: CoursedeckDb): Promise<string[]> {
  const decks = await db.decks.toArray();
  return [...new Set(decks.map((d) => d.course))].sort();
}

function pathOf(file: PickedFile): string {
  return file.webkitRelativePath || file.name;
}

/**
 * Read, parse and store picked notes. Throws {@link BackupError} (nothing stored) when the pick cannot be read or
 * holds no chapter; the parser's warnings come back in `diagnostics` and do not stop the import.
 */
export async function importNotes(
  db: CoursedeckDb,
  picked: readonly PickedFile[],
  options: { now?: number; courseName?: string; onProgress?: OnProgress } = {},
): Promise<NotesImportReport> {
  const now = options.now ?? Date.now();
  const wanted = picked.filter((f) => isNotePath(pathOf(f)));
  if (wanted.length > NOTES_LIMITS.maxFiles) {
    throw new BackupError(
      `${wanted.length} notes were picked; at most ${NOTES_LIMITS.maxFiles} can be imported at once. Pick a course or chapter folder instead. Nothing was imported.`,
    );
  }
  const total = wanted.reduce((sum, f) => sum + f.size, 0);
  if (total > NOTES_LIMITS.maxTotalBytes) {
    throw new BackupError(
      `The picked notes add up to ${Math.round(total / 1024 / 1024)} MB, more than the ${NOTES_LIMITS.maxTotalBytes / 1024 / 1024} MB an import may hold. Nothing was imported.`,
    );
  }
  const notes: PickedNote[] = [];
  const diagnostics: Diagnostic[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const [i, file] of wanted.entries()) {
    options.onProgress?.({ phase: 'Reading notes', done: i, total: wanted.length });
    if (file.size > NOTES_LIMITS.maxFileBytes) {
      diagnostics.push({
        severity: 'warning',
        file: pathOf(file),
        line: 1,
        message: `skipped: the note is larger than ${NOTES_LIMITS.maxFileBytes / 1024 / 1024} MB`,
      });
      continue;
    }
    try {
      notes.push({ path: pathOf(file), text: decoder.decode(await file.arrayBuffer()) });
    } catch {
      diagnostics.push({
        severity: 'error',
        file: pathOf(file),
        line: 1,
        message: 'the file is not valid UTF-8 (save it as UTF-8)',
      });
    }
  }
  options.onProgress?.({ phase: 'Reading notes', done: wanted.length, total: wanted.length });

  const plan = planNotesImport(notes, picked.map(pathOf), {
    ...(options.courseName ? { courseName: options.courseName } : {}),
  });
  if (!plan.tree) throw new BackupError(`${plan.problems.join(' ')} Nothing was imported.`);
  options.onProgress?.({ phase: 'Building decks', done: 0, total: 1 });
  const built = buildDecks(plan.tree);
  diagnostics.push(...built.diagnostics);
  if (built.decks.length === 0) {
    throw new BackupError(
      'No chapter was found in the picked notes (a chapter is a folder with a README.md, named like "01. Title" or whose README starts with "# Chapter 01: Title"). Nothing was imported.',
    );
  }

  await takeSnapshot(db, 'before-import', { now });
  const decks: NotesImportReport['decks'] = [];
  for (const [i, deck] of built.decks.entries()) {
    options.onProgress?.({ phase: 'Saving decks', done: i, total: built.decks.length });
    // The build's own file hash when it has one, so an unchanged re-import is recognisable as such.
    const hash =
      built.index.decks.find((entry) => entry.id === deck.id)?.hash ??
      contentHash(JSON.stringify(deck));
    const report = await upsertDeck(db, deck, hash, now, { imported: true });
    decks.push({ ...report, title: deck.title, cards: deck.cards.length });
  }
  options.onProgress?.({
    phase: 'Saving decks',
    done: built.decks.length,
    total: built.decks.length,
  });
  return { decks, diagnostics, skipped: picked.length - wanted.length };
}
