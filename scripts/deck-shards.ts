/**
 * Builds a plan's decks in chunks of consecutive decks claimed from a shared counter: the main thread and, for a
 * large build, one worker thread (scripts/decks-worker.ts) take chunks until none are left, so the two cores share
 * the work whatever each one's start-up time or speed. Each deck file is written as soon as it is built (the
 * worker's by the main thread). A deck depends only on the plan, and the results are put back in deck order, so the
 * files, index.json and the diagnostics are the same bytes as one thread building the decks in order.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import {
  buildPlannedDeck,
  deckFileName,
  encodeDeckFile,
  isReadme,
  readmeHead,
  splitLines,
  summariseDeck,
} from '../src/domain/decks/index.ts';
import type {
  AssetCopy,
  DeckPlan,
  DeckSummary,
  Diagnostic,
  PortablePlan,
  ReadmeHead,
  SourceFile,
  UnansweredItem,
} from '../src/domain/decks/index.ts';

/** What the build keeps of a deck once its file is written: enough for index.json and the summary. */
export type BuiltDeck = {
  /** The deck's place in the plan (output order). */
  index: number;
  summary: DeckSummary;
  /** The content hash of the deck file, for index.json. */
  hash: string;
  diagnostics: Diagnostic[];
  assets: AssetCopy[];
  unanswered: UnansweredItem[];
};

/**
 * Slots of the shared `Int32Array`: the next chunk of decks to claim, whether the worker holds a chunk now (of notes
 * or decks), and the next batch of notes to read.
 */
export const NEXT_CHUNK = 0;
export const WORKER_BUSY = 1;
export const NEXT_READ = 2;
export const CLAIM_SLOTS = 3;

/**
 * Decks per claim: small enough that the two threads finish within a few milliseconds of each other, large enough
 * that the worker's messages (one per chunk) stay few.
 */
export const CHUNK = 8;

/**
 * Where deck files go: a folder (none when the build must not write: its output would be refused anyway). The main
 * thread writes every deck file, the worker's as they are shipped to it (see {@link ShippedFiles}).
 */
export type DeckWriter = {
  dir: string | undefined;
  error?: Error;
  /** The output being replaced, for {@link writeDeckFile} to link the deck files that did not change. */
  previous?: PreviousOutput;
};

/** The output folder a build replaces, and the content hash index.json gives for each of its deck files. */
export type PreviousOutput = { dir: string; hashes: ReadonlyMap<string, string> };

/** The previous output in `dir`, when it holds a readable index.json. */
export function previousOutput(dir: string): PreviousOutput | undefined {
  try {
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as {
      decks?: Array<{ file?: unknown; hash?: unknown }>;
    };
    const hashes = new Map<string, string>();
    for (const entry of index.decks ?? []) {
      if (typeof entry.file === 'string' && typeof entry.hash === 'string') {
        hashes.set(entry.file, entry.hash);
      }
    }
    return { dir, hashes };
  } catch {
    return undefined;
  }
}

/** A deck file to write: its name in the output folder and its bytes. */
export type DeckFile = { name: string; bytes: Uint8Array<ArrayBuffer>; hash: string };

/**
 * Writes a deck file into the writer's folder, keeping the first error (the build then gives up the output). A file
 * whose bytes are those of the same file in the output being replaced is hard-linked to it instead: creating a file
 * costs this VM's kernel 4x a link, and a rebuild (the dev server's, a second `npm run decks`) leaves most decks as
 * they were. The old folder is only renamed and removed afterwards, never written, so sharing its files is safe.
 */
export function writeDeckFile(writer: DeckWriter, file: DeckFile): void {
  if (writer.dir === undefined || writer.error !== undefined) return;
  if (writer.previous && unchangedFile(writer.previous, file) && linkUnchanged(writer, file.name))
    return;
  try {
    fs.writeFileSync(path.join(writer.dir, file.name), file.bytes);
  } catch (error) {
    writer.error = error instanceof Error ? error : new Error(String(error));
  }
}

/** Whether the previous output holds `file` with the same bytes (checked, not taken from the hash alone). */
export function unchangedFile(previous: PreviousOutput, file: DeckFile): boolean {
  if (previous.hashes.get(file.name) !== file.hash) return false;
  try {
    return Buffer.compare(fs.readFileSync(path.join(previous.dir, file.name)), file.bytes) === 0;
  } catch {
    return false;
  }
}

/**
 * Links the previous output's copy of deck file `name` into the writer's folder (its bytes are the new file's), or
 * copies it where hard links fail; false when neither works (the caller then writes the file, if it has its bytes).
 */
function linkUnchanged(writer: DeckWriter, name: string): boolean {
  if (writer.dir === undefined || writer.previous === undefined) return false;
  const old = path.join(writer.previous.dir, name);
  const target = path.join(writer.dir, name);
  try {
    fs.linkSync(old, target);
    return true;
  } catch {
    // A file system without hard links.
  }
  try {
    fs.copyFileSync(old, target);
    return true;
  } catch {
    return false;
  }
}

/**
 * Claims chunks of `count` items from the counter in slot `next` until none are left, handing each to `each`. The
 * worker passes `fail`: it marks each claim in `WORKER_BUSY` (so the main thread can wait for the chunk in hand) and
 * reports a failure before clearing the mark, so the main thread never finishes without its chunk.
 */
function claimChunks(
  claims: Int32Array,
  next: number,
  count: number,
  size: number,
  each: (start: number, end: number) => void,
  fail?: (error: unknown) => void,
): void {
  const worker = fail !== undefined;
  for (;;) {
    if (worker) Atomics.add(claims, WORKER_BUSY, 1);
    try {
      const start = Atomics.add(claims, next, 1) * size;
      if (start >= count) return;
      each(start, Math.min(count, start + size));
    } catch (error) {
      if (!fail) throw error;
      fail(error);
      return;
    } finally {
      if (worker) {
        Atomics.sub(claims, WORKER_BUSY, 1);
        Atomics.notify(claims, WORKER_BUSY);
      }
    }
  }
}

/**
 * Claims chunks of `plan` until none are left, building each deck and handing its file to `write` (the main thread
 * writes it, the worker ships it: see {@link FileShipment}), and hands each chunk's results to `done` (then calls
 * `between`). The worker passes `fail` (see {@link claimChunks}).
 */
export function buildClaimedDecks(
  plan: DeckPlan,
  claims: Int32Array,
  write: (file: DeckFile) => void,
  done: (decks: BuiltDeck[]) => void,
  fail?: (error: unknown) => void,
  between?: () => void,
): void {
  claimChunks(
    claims,
    NEXT_CHUNK,
    plan.size,
    CHUNK,
    (start, end) => {
      const decks: BuiltDeck[] = [];
      for (let i = start; i < end; i++) decks.push(buildDeckFile(plan, i, write));
      done(decks);
      between?.();
    },
    fail,
  );
}

/**
 * Deck files the worker built, shipped to the main thread to write: their bytes one after another in one buffer,
 * transferred (not copied) with the chunk's report. One thread creates every file: two threads creating files in one
 * folder at once contend in the kernel (the folder's lock, the inode allocator), and the bench's deck files cost a
 * two-thread build ~60 ms against ~30 ms for one thread writing them all (2026-11-27, 08:23 UTC).
 */
export type ShippedFiles = {
  buffer: ArrayBuffer;
  /** Each file, its bytes next in the buffer; `unchanged` ones (as in the output being replaced) have none. */
  files: Array<{ name: string; hash: string; length: number; unchanged?: true }>;
};

/** Collects a chunk's deck files into one buffer for {@link ShippedFiles}. */
export class FileShipment {
  private bytes = new Uint8Array(SHIPMENT_BYTES);
  private used = 0;
  private files: ShippedFiles['files'] = [];

  /**
   * Copies the file's bytes (a view the next encode reuses) into the shipment, or marks it unchanged when the output
   * being replaced holds the same bytes (this thread reads the old file to compare; the main thread only links it).
   */
  add(file: DeckFile, previous?: PreviousOutput): void {
    if (previous && unchangedFile(previous, file)) {
      this.files.push({ name: file.name, hash: file.hash, length: 0, unchanged: true });
      return;
    }
    const length = file.bytes.length;
    if (this.used + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    this.bytes.set(file.bytes, this.used);
    this.used += length;
    this.files.push({ name: file.name, hash: file.hash, length });
  }

  /** The files added since the last take, in a buffer that is the caller's to transfer; the shipment starts afresh. */
  take(): ShippedFiles {
    const shipped: ShippedFiles = { buffer: this.bytes.buffer, files: this.files };
    this.bytes = new Uint8Array(SHIPMENT_BYTES);
    this.used = 0;
    this.files = [];
    return shipped;
  }
}

/** A chunk of eight bench decks is ~110 KB. */
const SHIPMENT_BYTES = 128 << 10;

/** Writes the files of a shipment, in order (see {@link writeDeckFile}); unchanged ones are linked. */
export function writeShipped(writer: DeckWriter, shipped: ShippedFiles): void {
  let offset = 0;
  for (const { name, hash, length, unchanged } of shipped.files) {
    if (writer.dir === undefined || writer.error !== undefined) return;
    if (unchanged) {
      if (!linkUnchanged(writer, name))
        writer.error = new Error(`cannot link or copy ${name} from the previous output`);
      continue;
    }
    writeDeckFile(writer, { name, hash, bytes: new Uint8Array(shipped.buffer, offset, length) });
    offset += length;
  }
}

/** A chunk of notes a thread read: their bytes in shared memory, and the ones it could not read. */
export type ReadChunk = { entries: SharedEntry[]; errors: IndexedDiagnostic[] };

/** A problem reading note `index` of the listing (-1 while the listing is not finished: the path is its file). */
export type IndexedDiagnostic = { index: number; diagnostic: Diagnostic };

function buildDeckFile(plan: DeckPlan, index: number, write: (file: DeckFile) => void): BuiltDeck {
  const built = buildPlannedDeck(plan, index);
  const { bytes, hash } = encodeDeckFile(built.json);
  write({ name: deckFileName(built.deck.id), bytes, hash });
  return {
    index,
    summary: summariseDeck(built.deck),
    hash,
    diagnostics: built.diagnostics,
    assets: built.assets,
    unanswered: built.unanswered,
  };
}

/**
 * A job for the worker. Reading: a stream of batches of notes (below). Building: the main thread's plan, the notes both threads read, the job's shared counter of chunks, and
 * whether to ship the deck files to the main thread (not when the build writes nothing).
 */
export type WorkerJob = StreamJob | BatchJob | BuildJob;

/**
 * Reading while the main thread lists (scripts/deck-threads.ts, NoteStream): a stream of numbered batches of notes,
 * each claimed from the shared counter by whichever thread takes it first (the worker only batches it has received).
 */
export type StreamJob = { type: 'stream'; id: number; root: string; claims: Int32Array };
export type BatchJob = { type: 'batch'; id: number; batch: number; paths: string[] };

export type BuildJob = {
  type: 'build';
  id: number;
  plan: PortablePlan;
  source: SharedSource;
  claims: Int32Array;
  ship: boolean;
  /** The output being replaced, for the worker to tell which of its files are unchanged (see FileShipment). */
  previous?: { dir: string; hashes: Array<[string, string]> };
};

/**
 * The worker's messages about a job: each chunk of notes it read; each chunk of decks it built, with their files for
 * the main thread to write (none when the build writes nothing); or the failure that stopped it.
 */
export type WorkerReport =
  | { job: number; read: ReadChunk }
  | { job: number; decks: BuiltDeck[]; files?: ShippedFiles }
  | { job: number; failure: string };

/**
 * Notes' bytes in shared memory, read straight from the files into it: each thread reads into its own notes, and the
 * other thread decodes the same bytes (no second read from disk, which an editor could change in between) without the
 * cost of copying ~5 MB of text into a message.
 */
export class SharedNotes {
  private chunk = new SharedArrayBuffer(0);
  private view = new Uint8Array(this.chunk);
  private used = 0;
  /** The notes read, by their index in the listing being read. */
  readonly entries: SharedEntry[] = [];

  /**
   * Reads note `index` of a listing (`rel` under `root`) into shared memory; a file that cannot be read or is not
   * UTF-8 gives its `path:line: error` instead, and keeps nothing.
   */
  readFile(root: string, rel: string, index: number): Diagnostic | undefined {
    let fd: number;
    try {
      fd = fs.openSync(path.join(root, rel), 'r');
    } catch (error) {
      return unreadable(rel, error);
    }
    try {
      if (this.view.length - this.used < MIN_ROOM) this.grow(0);
      const start = this.used;
      let end = start;
      for (;;) {
        const room = this.view.length - end;
        if (room === 0) {
          end = this.grow(end - start);
          continue;
        }
        const got = fs.readSync(fd, this.view, end, room, null);
        end += got;
        // A regular file's read returns less than asked only at its end: no second read to see 0 bytes.
        if (got < room) break;
      }
      const bytes = this.view.subarray(start, end);
      if (!isUtf8(bytes)) return notUtf8(rel, Buffer.from(this.chunk, start, end - start));
      this.used = end;
      // What the plan needs of a README, worked out here so the two threads share it and the plan (one thread, before
      // any deck is built) decodes no README: 1,000 READMEs cost it 7 ms to decode and 7 ms to scan.
      const head = isReadme(rel)
        ? readmeHead(Buffer.from(this.chunk, start, end - start).toString('utf8'))
        : undefined;
      this.entries.push({
        index,
        path: rel,
        chunk: this.chunk,
        offset: start,
        length: end - start,
        ...(head ? { head } : {}),
      });
      return undefined;
    } catch (error) {
      return unreadable(rel, error);
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * Reads the notes `rels` (under `root`), note `k` as index `indexOf(k)` of its listing (-1 while the listing is not
   * finished), and gives the chunk read: the entries it added and the notes it could not read (see {@link readFile}).
   */
  readAll(root: string, rels: readonly string[], indexOf: (k: number) => number): ReadChunk {
    const first = this.entries.length;
    const errors: IndexedDiagnostic[] = [];
    for (let k = 0; k < rels.length; k++) {
      const index = indexOf(k);
      const diagnostic = this.readFile(root, rels[k] ?? '', index);
      if (diagnostic) errors.push({ index, diagnostic });
    }
    return { entries: this.entries.slice(first), errors };
  }

  /** A fresh chunk with room for more than `keep` bytes, holding the `keep` bytes just read at the end of the last. */
  private grow(keep: number): number {
    const old = this.view.subarray(this.used, this.used + keep);
    this.chunk = new SharedArrayBuffer(Math.max(SHARED_CHUNK, keep * 2));
    this.view = new Uint8Array(this.chunk);
    this.view.set(old);
    this.used = 0;
    return keep;
  }
}

const SHARED_CHUNK = 4 << 20;
/** A note is read into what is left of a chunk when at least this much is (notes are a few KB). */
const MIN_ROOM = 64 << 10;

/** One note's bytes in shared memory, its index in the listing, and a README's head (see SourceFile.head). */
export type SharedEntry = {
  index: number;
  path: string;
  chunk: SharedArrayBuffer;
  offset: number;
  length: number;
  head?: ReadmeHead;
};

function unreadable(rel: string, error: unknown): Diagnostic {
  const code =
    error && typeof error === 'object' && 'code' in error
      ? String(error.code)
      : error instanceof Error
        ? error.message
        : String(error);
  return { severity: 'error', file: rel, line: 1, message: `cannot read the file (${code})` };
}

function notUtf8(rel: string, bytes: Buffer): Diagnostic {
  const text = bytes.toString('utf8');
  const bad = text.indexOf('\uFFFD');
  const line = bad < 0 ? 1 : text.slice(0, bad).split('\n').length;
  return {
    severity: 'error',
    file: rel,
    line,
    message: 'the file is not valid UTF-8 (save it as UTF-8)',
  };
}

/** Notes read on either thread, in listing order: what the worker needs to decode any of them. */
export type SharedSource = { chunks: SharedArrayBuffer[]; table: SharedNoteTable };

type SharedNoteTable = { paths: string[]; chunk: number[]; offset: number[]; length: number[] };

/** The entries of both threads as one source, in listing order (each thread's entries are in its claim order). */
export function sharedSource(entries: readonly SharedEntry[]): SharedSource {
  const sorted = [...entries].sort((a, b) => a.index - b.index);
  const chunks: SharedArrayBuffer[] = [];
  const chunkIndex = new Map<SharedArrayBuffer, number>();
  const table: SharedNoteTable = { paths: [], chunk: [], offset: [], length: [] };
  for (const entry of sorted) {
    let k = chunkIndex.get(entry.chunk);
    if (k === undefined) {
      k = chunks.push(entry.chunk) - 1;
      chunkIndex.set(entry.chunk, k);
    }
    table.paths.push(entry.path);
    table.chunk.push(k);
    table.offset.push(entry.offset);
    table.length.push(entry.length);
  }
  return { chunks, table };
}

/** The READMEs' heads of the entries both threads read, by path: for the plan, on the main thread only. */
export function readmeHeads(entries: readonly SharedEntry[]): Map<string, ReadmeHead> {
  const heads = new Map<string, ReadmeHead>();
  for (const entry of entries) if (entry.head) heads.set(entry.path, entry.head);
  return heads;
}

/**
 * The source's files as read, each decoded from the shared bytes when it is used: its lines when its chapter is built
 * (see {@link linesOfBytes}), its text only if asked for. `heads` gives the READMEs' heads, for planning.
 */
export function sharedFiles(
  source: SharedSource,
  heads?: ReadonlyMap<string, ReadmeHead>,
): SourceFile[] {
  const { chunks, table } = source;
  return table.paths.map(
    (path, k) =>
      new SharedFile(
        path,
        chunks[table.chunk[k] ?? 0] ?? new SharedArrayBuffer(0),
        table.offset[k] ?? 0,
        table.length[k] ?? 0,
        heads?.get(path),
      ),
  );
}

export class SharedFile implements SourceFile {
  private decoded: string | undefined;

  constructor(
    readonly path: string,
    private readonly chunk: SharedArrayBuffer,
    private readonly offset: number,
    private readonly length: number,
    readonly head?: ReadmeHead,
  ) {}

  get text(): string {
    this.decoded ??= Buffer.from(this.chunk, this.offset, this.length).toString('utf8');
    return this.decoded;
  }

  /**
   * `splitLines(text)`, from the bytes (see {@link linesOfBytes}; faster than splitting the text even once the plan has
   * decoded it), made on every call and not kept: the build asks once per note, and a build holds its notes until it
   * ends, so 200,000 kept lines would be copied by every scavenge.
   */
  get lines(): readonly string[] {
    return linesOfBytes(Buffer.from(this.chunk, this.offset, this.length));
  }
}

const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];
const NON_ASCII_CHARS = /[^\0-\x7f]/g;

/**
 * The lines `splitLines` gives of a note's UTF-8 `bytes`, for less than decoding the note and splitting the text. A
 * README in the chapter format holds an emoji in each section heading, so its decoded text is a two-byte string, and
 * splitLines copies its ASCII lines back into one-byte strings. Here the bytes are decoded as Latin-1 (a one-byte
 * string, byte for character) and split on LF, and only the lines holding a non-ASCII byte are decoded again as UTF-8
 * from their own bytes: a line ending is never part of a multi-byte character. Measured on the 1,000 READMEs of
 * bench:decks: 9.6 ms against 17.4 for decoding and splitting (2026-11-27, medians in one process). Notes with a CR
 * take splitLines itself (its three line endings).
 */
export function linesOfBytes(bytes: Buffer): readonly string[] {
  const start = BYTE_ORDER_MARK.every((b, i) => bytes[i] === b) ? 3 : 0;
  if (bytes.indexOf(13, start) >= 0) return splitLines(bytes.toString('utf8'));
  const body = bytes.subarray(start);
  const latin = body.toString('latin1');
  const lines = latin.split('\n');
  if (isAscii(body)) return lines;
  // Walk the lines up to each non-ASCII character, decode that line from its bytes, and go on after it.
  let line = 0;
  let lineStart = 0;
  NON_ASCII_CHARS.lastIndex = 0;
  for (let m = NON_ASCII_CHARS.exec(latin); m; m = NON_ASCII_CHARS.exec(latin)) {
    for (
      let nl = latin.indexOf('\n', lineStart);
      nl >= 0 && nl < m.index;
      nl = latin.indexOf('\n', lineStart)
    ) {
      line++;
      lineStart = nl + 1;
    }
    let end = latin.indexOf('\n', m.index);
    if (end < 0) end = latin.length;
    lines[line] = body.toString('utf8', lineStart, end);
    line++;
    lineStart = end + 1;
    NON_ASCII_CHARS.lastIndex = lineStart;
  }
  return lines;
}
