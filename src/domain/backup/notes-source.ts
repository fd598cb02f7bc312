/**
 * A learner's picked notes (a whole folder, or several files where the browser has no folder picker) as the deck
 * build's {@link SourceTree}, so the browser runs the very parser `npm run decks` runs.
 *
 * Rules:
 * - a folder pick gives paths like `Vault/01_Projects/…/README.md`: the first segment is the picked folder (the
 *   root); a `.obsidian/` folder directly in it makes it the Obsidian vault (for `obsidian://` links);
 * - when the picked folder is itself a chapter (its README names the chapter), it is built as a chapter of the
 *   course `courseName` — pick the course name of a shipped deck to update that deck; likewise a picked folder
 *   named `Course` (whose course name is its parent's, as in `DEforAI/Course`) when `courseName` is given;
 * - several loose files (no folders) must hold exactly one README, whose `# Chapter NN:` heading names the chapter;
 * - only `.md` notes and `course.json` are read; hidden folders (`.obsidian`, `.trash`, `.git`) are skipped;
 *   paths climbing out with `..` are refused.
 */
import { isChapterFolder } from '../decks/layout';
import type { SourceFile, SourceTree } from '../decks';

export type PickedNote = {
  /** `webkitRelativePath` for a folder pick, else the file name. */
  path: string;
  text: string;
};

export type NotesPlan = { tree: SourceTree | null; problems: string[] };

/** Limits on what a pick may hold: far above a course's notes, low enough to keep a phone responsive. */
export const NOTES_LIMITS = {
  maxFiles: 5000,
  maxFileBytes: 2 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
};

/** Whether a picked path is worth reading: notes and course.json outside hidden folders. */
export function isNotePath(path: string): boolean {
  const parts = normalisePath(path).split('/');
  if (parts.slice(0, -1).some((p) => p.startsWith('.'))) return false;
  const name = (parts.at(-1) ?? '').toLowerCase();
  return name.endsWith('.md') || name === 'course.json';
}

export function normalisePath(path: string): string {
  return path.replaceAll('\\', '/').replace(/^(\.\/|\/)+/, '');
}

/** The default course name for notes that do not say which course they belong to. */
export const DEFAULT_IMPORT_COURSE = 'My notes';

/**
 * The source tree for some picked notes. `allPaths` are every picked path (including skipped ones: they tell
 * whether the folder is a vault). Pure.
 */
export function planNotesImport(
  notes: readonly PickedNote[],
  allPaths: readonly string[],
  options: { courseName?: string } = {},
): NotesPlan {
  const courseName = options.courseName?.trim() || DEFAULT_IMPORT_COURSE;
  const files = notes.map((n) => ({ path: normalisePath(n.path), text: n.text }));
  if (files.length === 0) {
    return { tree: null, problems: ['No markdown notes (.md files) were picked.'] };
  }
  const unsafe = files.find((f) => f.path.split('/').some((p) => p === '..' || p === ''));
  if (unsafe)
    return { tree: null, problems: [`The path "${unsafe.path}" is not a plain relative path.`] };

  const firstSegments = new Set(
    files.map((f) => (f.path.includes('/') ? f.path.split('/')[0] : '')),
  );
  const [only] = firstSegments;
  if (firstSegments.size === 1 && only) {
    // A folder pick: strip the picked folder's name.
    const root = only;
    const rel: SourceFile[] = files.map((f) => ({
      path: f.path.slice(root.length + 1),
      text: f.text,
    }));
    const isVault = allPaths.some((p) => normalisePath(p).startsWith(`${root}/.obsidian/`));
    const vault = isVault ? { vault: { name: root, prefix: [] as string[] } } : {};
    const readme = rel.find((f) => /^readme\.md$/i.test(f.path));
    if (readme && isChapterFolder(root, readme.text)) {
      return { tree: { rootSegments: [courseName, root], files: rel, ...vault }, problems: [] };
    }
    // A folder named "Course" takes its course name from its parent, which a browser pick does not show.
    if (root.toLowerCase() === 'course' && options.courseName?.trim()) {
      return { tree: { rootSegments: [courseName, root], files: rel, ...vault }, problems: [] };
    }
    return { tree: { rootSegments: [root], files: rel, ...vault }, problems: [] };
  }
  if (files.some((f) => f.path.includes('/'))) {
    return {
      tree: null,
      problems: [
        'The picked files come from different folders: pick one folder, or the files of one chapter.',
      ],
    };
  }
  const readmes = files.filter((f) => /^readme\.md$/i.test(f.path));
  if (readmes.length !== 1) {
    return {
      tree: null,
      problems: [
        readmes.length === 0
          ? "None of the picked files is a chapter's README.md: pick a chapter's README together with its notes."
          : 'Several README.md files were picked without their folders: pick the files of one chapter at a time, or pick the whole folder.',
      ],
    };
  }
  const readme = readmes[0] as SourceFile;
  if (!isChapterFolder('Notes', readme.text)) {
    return {
      tree: null,
      problems: [
        'The README does not say which chapter it is. Give it a heading like "# Chapter 01: Title", or pick the chapter folder instead.',
      ],
    };
  }
  return { tree: { rootSegments: [courseName, 'Notes'], files }, problems: [] };
}
