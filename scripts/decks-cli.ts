/**
 * The Node side of `npm run decks`: find and read the notes, run the pure core (src/domain/decks), report
 * problems compiler-style (`path:line: warning|error: message`) and write the output atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DECK_SCHEMA_VERSION, type DeckIndex } from '../src/domain/deck-format.ts';
import { deckIndexEntry, deckIndexText, isChapterFolder } from '../src/domain/decks/index.ts';
import type { AssetCopy, BuildResult, Diagnostic, SourceTree } from '../src/domain/decks/index.ts';
import { previousOutput } from './deck-shards.ts';
import {
  buildIntoFolder,
  NoteStream,
  readNotes,
  startDeckHelper,
  type DeckHelper,
} from './deck-threads.ts';

export type DecksOptions = {
  source: string;
  out: string;
  strict: boolean;
  quiet?: boolean;
};

export type DecksIo = {
  stderr: (line: string) => void;
  stdout: (line: string) => void;
  cwd: string;
};

export const USAGE = `usage: npm run decks -- [--source DIR] [--out DIR] [--strict] [--quiet]
  --source DIR  vault root, course folder or chapter folder (default: decks)
  --out DIR     output folder, replaced atomically (default: public/decks)
  --strict      treat warnings as errors
  --quiet       print only warnings and errors`;

/** Exit codes: 0 built (warnings allowed), 1 errors in the input (nothing written), 2 usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}

/** Parses `--source DIR --out DIR --strict --quiet` (also `--source=DIR`). */
export function parseDecksArgs(argv: readonly string[]): DecksOptions {
  const options: DecksOptions = {
    source: 'decks',
    out: path.join('public', 'decks'),
    strict: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a folder`);
      return v;
    };
    switch (flag) {
      case '--source':
        options.source = value();
        break;
      case '--out':
        options.out = value();
        break;
      case '--strict':
        options.strict = true;
        break;
      case '--quiet':
        options.quiet = true;
        break;
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  return options;
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.obsidian', '.trash']);

/**
 * Every file under `root` (posix paths relative to it), sorted, skipping hidden folders and node_modules. `onFile`
 * sees each file as it is found (in folder order), for reading notes while the rest is listed.
 */
function walk(root: string, onFile?: (rel: string) => void): string[] {
  const found: string[] = [];
  const visit = (dir: string, rel: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(path.join(dir, entry.name), childRel);
      else if (entry.isFile() || entry.isSymbolicLink()) {
        found.push(childRel);
        onFile?.(childRel);
      }
    }
  };
  visit(root, '');
  return found.sort();
}

/** Whether a listed file is read as a note: markdown, or a course's `course.json`. */
function isNotePath(rel: string): boolean {
  const lower = rel.toLowerCase();
  return lower.endsWith('.md') || lower.endsWith('/course.json') || lower === 'course.json';
}

/** The nearest folder at or above `dir` holding `.obsidian/`: the vault. */
function findVault(dir: string): string | undefined {
  for (let at = dir; ;) {
    if (fs.existsSync(path.join(at, '.obsidian'))) return at;
    const up = path.dirname(at);
    if (up === at) return undefined;
    at = up;
  }
}

/**
 * Called once 200 notes are listed (PARALLEL_MIN_NOTES), if ever, when every chapter is built: how many are listed.
 * It may give the second thread, which reads a share of the notes and later builds a share of the decks.
 */
export type StartHelper = (notes: number) => DeckHelper | undefined;

export type ReadSource = {
  tree: SourceTree;
  /** The folder the paths of `tree` are relative to. */
  root: string;
  /** Unreadable or non-UTF-8 files. */
  errors: Diagnostic[];
  /** The second thread for the build, when `startHelper` gave one (and it did not fail reading). */
  helper?: DeckHelper;
};

/**
 * Lists and reads the source: a vault root, a course folder, or one chapter folder (then the other chapters' READMEs
 * are read too, for their numbers and titles). Building every chapter, `startHelper` may give a second thread (see
 * {@link StartHelper}).
 */
export function readSource(sourceDir: string, startHelper?: StartHelper): ReadSource {
  const source = path.resolve(sourceDir);
  let root = source;
  let only: string | undefined;
  const readme = fs.existsSync(source)
    ? fs.readdirSync(source).find((name) => name.toLowerCase() === 'readme.md')
    : undefined;
  if (readme) {
    const text = fs.readFileSync(path.join(source, readme), 'utf8');
    if (isChapterFolder(path.basename(source), text) && path.dirname(source) !== source) {
      root = path.dirname(source);
      only = path.basename(source);
    }
  }
  const toRead: string[] = [];
  const assets: string[] = [];
  // Building every chapter, a large source's notes are read while it is listed, on both threads (see NoteStream).
  const stream = only === undefined && startHelper ? new NoteStream(root, startHelper) : undefined;
  const found = walk(
    root,
    stream &&
      ((rel) => {
        if (isNotePath(rel)) stream.add(rel);
      }),
  );
  for (const rel of found) {
    const lower = rel.toLowerCase();
    if (!isNotePath(rel)) {
      assets.push(rel);
      continue;
    }
    // Building one chapter: its own notes, plus the other chapters' READMEs for their numbers and titles.
    if (
      only !== undefined &&
      !rel.startsWith(`${only}/`) &&
      !/(^|\/)(readme\.md|course\.json)$/.test(lower)
    ) {
      continue;
    }
    toRead.push(rel);
  }
  const read = stream ? stream.finish(toRead) : readNotes(root, toRead);
  const vaultRoot = findVault(root);
  const tree: SourceTree = {
    rootSegments: root.split(path.sep).filter(Boolean),
    files: read.files,
    assets,
    ...(only !== undefined ? { only } : {}),
    ...(vaultRoot
      ? {
          vault: {
            name: path.basename(vaultRoot),
            prefix: path.relative(vaultRoot, root).split(path.sep).filter(Boolean),
          },
        }
      : {}),
  };
  return { tree, root, errors: read.errors, ...(read.helper ? { helper: read.helper } : {}) };
}

/** `path:line: severity: message`, the path relative to the working folder. */
export function formatDiagnostic(d: Diagnostic, root: string, cwd: string): string {
  const file = path.relative(cwd, path.join(root, d.file)).split(path.sep).join('/');
  return `${file}:${d.line}: ${d.severity}: ${d.message}`;
}

/**
 * Writes the build into a fresh sibling folder and swaps it in with renames, so `out` is either the previous
 * build or the new one, never half of each. Refuses to replace a folder that is not a deck output.
 */
export function writeOutput(out: string, result: BuildResult, root: string): void {
  const opened = openOutput(out);
  try {
    for (const file of result.files) fs.writeFileSync(path.join(opened.temp, file.path), file.text);
  } catch (error) {
    discardOutput(opened);
    throw error;
  }
  closeOutput(out, opened, result.assets, root);
}

/** The fresh folder a build is written into, and the topmost folder made to hold it (removed with it on failure). */
export type OpenedOutput = { temp: string; madeParent: string | undefined };

/**
 * The first half of an atomic write: checks that `out` may be replaced and makes the fresh sibling folder the new
 * build is written into. Throws OutputError for a folder that is not a deck output.
 */
export function openOutput(out: string): OpenedOutput {
  const target = path.resolve(out);
  if (fs.existsSync(target)) {
    const entries = fs.readdirSync(target);
    if (entries.length > 0 && !entries.includes('index.json')) {
      throw new OutputError(
        `${out} is not empty and holds no index.json: refusing to replace it (choose an empty or deck output folder)`,
      );
    }
  }
  const parent = path.dirname(target);
  const madeParent = fs.mkdirSync(parent, { recursive: true });
  let temp: string | undefined;
  try {
    temp = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
    // mkdtemp makes the folder private (0700); the output is served, so give it the usual mode.
    fs.chmodSync(temp, 0o755);
    return { temp, madeParent };
  } catch (error) {
    if (temp !== undefined) fs.rmSync(temp, { recursive: true, force: true });
    if (madeParent !== undefined) fs.rmSync(madeParent, { recursive: true, force: true });
    throw error;
  }
}

/** Removes a folder made by {@link openOutput} (and the parent folders made for it): nothing is left of the build. */
export function discardOutput(opened: OpenedOutput): void {
  fs.rmSync(opened.temp, { recursive: true, force: true });
  if (opened.madeParent !== undefined)
    fs.rmSync(opened.madeParent, { recursive: true, force: true });
}

/**
 * The second half: copies the images into the folder made by {@link openOutput} (its deck files and index.json
 * written) and swaps it in for `out`. On failure the folder is removed and `out` left as it was.
 */
export function closeOutput(
  out: string,
  opened: OpenedOutput,
  assets: readonly AssetCopy[],
  root: string,
): void {
  const target = path.resolve(out);
  const { temp } = opened;
  try {
    const dirs = new Set(assets.map((a) => path.dirname(a.to)));
    for (const dir of dirs) fs.mkdirSync(path.join(temp, dir), { recursive: true });
    for (const asset of assets)
      fs.copyFileSync(path.join(root, asset.from), path.join(temp, asset.to));
    if (fs.existsSync(target)) {
      const old = `${temp}.old`;
      fs.renameSync(target, old);
      fs.renameSync(temp, target);
      fs.rmSync(old, { recursive: true, force: true });
    } else {
      fs.renameSync(temp, target);
    }
  } catch (error) {
    discardOutput(opened);
    throw error;
  }
}

export class OutputError extends Error {}

/** Runs one build and reports it; returns the exit code. Never throws for bad input. */
export function runDecks(options: DecksOptions, io: DecksIo): number {
  const source = path.resolve(io.cwd, options.source);
  const out = path.resolve(io.cwd, options.out);
  if (!fs.existsSync(source) || !fs.statSync(source).isDirectory()) {
    io.stderr(`${options.source}: error: the source folder does not exist`);
    return EXIT.usage;
  }
  if (out === source || source.startsWith(out + path.sep)) {
    io.stderr(`${options.out}: error: the output folder must not be or contain the source folder`);
    return EXIT.usage;
  }
  // A large source gets a second thread, started once 200 notes are listed: it reads a share of them while the rest
  // are listed, and builds a share of the decks.
  const { tree, root, errors, helper } = readSource(source, startDeckHelper);
  // Deck files are written as they are built, into the fresh folder the atomic write swaps in at the end. When the
  // folder cannot be made, the build still runs (its diagnostics come first) and the error is reported where the
  // write would have happened.
  let opened: OpenedOutput | undefined;
  let outputError: unknown;
  try {
    opened = openOutput(out);
  } catch (error) {
    outputError = error;
  }
  const discard = () => {
    if (opened !== undefined) discardOutput(opened);
  };
  let built: ReturnType<typeof buildIntoFolder>;
  try {
    const previous = opened && previousOutput(out);
    built = buildIntoFolder(tree, opened?.temp, helper, previous ? { previous } : {});
  } catch (error) {
    discard();
    throw error;
  }
  const diagnostics = [...errors, ...built.diagnostics];
  for (const d of diagnostics) io.stderr(formatDiagnostic(d, root, io.cwd));
  const errorCount = diagnostics.filter((d) => d.severity === 'error').length;
  const warningCount = diagnostics.length - errorCount;
  const failed = errorCount > 0 || (options.strict && warningCount > 0);
  const counts = `${errorCount} error${errorCount === 1 ? '' : 's'}, ${warningCount} warning${warningCount === 1 ? '' : 's'}`;
  if (failed) {
    discard();
    io.stderr(
      `decks: not written (${counts}${errorCount === 0 ? ', --strict' : ''}); ${path.relative(io.cwd, out) || '.'} is unchanged`,
    );
    return EXIT.failed;
  }
  if (built.decks.length === 0) {
    io.stderr(
      `${options.source}: warning: no chapter folders found (a folder with README.md named "01. Title")`,
    );
  }
  try {
    if (outputError !== undefined || opened === undefined) throw outputError;
    if (built.writeError) throw built.writeError;
    const entries = built.decks.map((deck) => deckIndexEntry(deck.summary, deck.hash));
    const index: DeckIndex = { schemaVersion: DECK_SCHEMA_VERSION, decks: entries };
    fs.writeFileSync(path.join(opened.temp, 'index.json'), deckIndexText(index));
    closeOutput(
      out,
      opened,
      built.decks.flatMap((deck) => deck.assets),
      root,
    );
  } catch (error) {
    discard();
    io.stderr(`${options.out}: error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
  if (!options.quiet) {
    const cards = built.decks.reduce((n, d) => n + d.summary.cardCount, 0);
    io.stdout(
      `decks: ${built.decks.length} deck${built.decks.length === 1 ? '' : 's'}, ${cards} cards → ${path.relative(io.cwd, out) || '.'} (${counts})`,
    );
    for (const { summary, unanswered } of built.decks) {
      const { answered, total } = summary.coverage;
      io.stdout(
        `  ${summary.id}  ${summary.cardCount} cards, answered ${answered}/${total}  ${summary.title}`,
      );
      for (const item of unanswered) {
        io.stdout(
          `    unanswered ${item.kind}: ${item.text} (${item.source.file}:${item.source.line})`,
        );
      }
    }
  }
  return EXIT.ok;
}

/** The CLI: arguments in, exit code out, nothing thrown (an unexpected failure is one line, not a stack trace). */
export function main(argv: readonly string[], io: DecksIo): number {
  let options: DecksOptions;
  try {
    options = parseDecksArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.message) io.stderr(`decks: error: ${error.message}`);
      io.stderr(USAGE);
      return error.message ? EXIT.usage : EXIT.ok;
    }
    throw error;
  }
  try {
    return runDecks(options, io);
  } catch (error) {
    io.stderr(`decks: error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
}
