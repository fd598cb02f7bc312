/**
 * Builds a plan's decks in chunks of consecutive decks claimed from a shared counter: the main thread and, for a
 * large build, one worker thread (scripts/decks-worker.ts) take chunks until none are left, so the two cores share
 * the work whatever each one's start-up time or speed. Each deck file is written as soon as it is built (the
 * worker's by the main thread). A deck depends only on the plan, and the results are put back in deck order, so the
 * files, index.json and the diagnostics are the same bytes as one thread building the decks in order.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  buildPlannedDeck,
  deckFileName,
  encodeDeckFile,
  summariseDeck,
} from '../src/domain/decks/index.ts';
import type {
  AssetCopy,
  DeckPlan,
  DeckSummary,
  Diagnostic,
  PortablePlan,
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

/** Slots of the shared `Int32Array`: the next chunk to claim, and whether the worker is building one now. */
export const NEXT_CHUNK = 0;
export const WORKER_BUSY = 1;
export const CLAIM_SLOTS = 2;

/**
 * Decks per claim: small enough that the two threads finish within a few milliseconds of each other, large enough
 * that the worker's messages (one per chunk) stay few.
 */
export const CHUNK = 8;

/**
 * Where deck files go: a folder (none when the build must not write: its output would be refused anyway). Each thread
 * writes the decks it builds. Creating files in one folder takes the folder's lock, but writing their bytes does not:
 * 1,000 files of 14 KB took 28 ms from one thread, and 16-25 ms split over two (the main thread's share 16-25 ms),
 * once the file system was settled (see bench/decks.bench.ts).
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
  const target = path.join(writer.dir, file.name);
  if (
    writer.previous?.hashes.get(file.name) === file.hash &&
    linkSame(writer.previous, file, target)
  ) {
    return;
  }
  try {
    fs.writeFileSync(target, file.bytes);
  } catch (error) {
    writer.error = error instanceof Error ? error : new Error(String(error));
  }
}

/** Links the previous output's copy of `file` when its bytes are the same (checked, not taken from the hash). */
function linkSame(previous: PreviousOutput, file: DeckFile, target: string): boolean {
  try {
    const old = path.join(previous.dir, file.name);
    if (Buffer.compare(fs.readFileSync(old), file.bytes) !== 0) return false;
    fs.linkSync(old, target);
    return true;
  } catch {
    // No old copy, or a file system without hard links: write it.
    return false;
  }
}

/**
 * Claims chunks of `plan` until none are left, building and writing each deck, and hands each chunk's results to
 * `done`. The worker passes `fail`: it marks each claim in `WORKER_BUSY` (so the main thread can wait for the chunk
 * in hand) and reports a failure before clearing the mark, so the main thread never finishes without its chunk.
 */
export function buildClaimedDecks(
  plan: DeckPlan,
  claims: Int32Array,
  writer: DeckWriter,
  done: (decks: BuiltDeck[]) => void,
  fail?: (error: unknown) => void,
  between?: () => void,
): void {
  const worker = fail !== undefined;
  for (;;) {
    if (worker) Atomics.add(claims, WORKER_BUSY, 1);
    try {
      const start = Atomics.add(claims, NEXT_CHUNK, 1) * CHUNK;
      if (start >= plan.size) return;
      const end = Math.min(plan.size, start + CHUNK);
      const decks: BuiltDeck[] = [];
      for (let i = start; i < end; i++) decks.push(buildAndWrite(plan, i, writer));
      done(decks);
      between?.();
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

function buildAndWrite(plan: DeckPlan, index: number, writer: DeckWriter): BuiltDeck {
  const built = buildPlannedDeck(plan, index);
  const { bytes, hash } = encodeDeckFile(built.json);
  writeDeckFile(writer, { name: deckFileName(built.deck.id), bytes, hash });
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
 * A job for the worker: the main thread's plan, the notes it read, the job's shared counter of chunks, and where the
 * deck files go (the folder, and the output it replaces as the previous output's folder and hashes).
 */
export type WorkerJob = {
  id: number;
  plan: PortablePlan;
  source: SharedSource;
  claims: Int32Array;
  dir: string | undefined;
  previous?: { dir: string; hashes: Array<[string, string]> };
};

/**
 * The worker's messages about a job: each chunk it built and wrote (with the first error writing one of its files, if
 * any: the output is then given up), or the failure that stopped it.
 */
export type WorkerReport =
  { job: number; decks: BuiltDeck[]; writeError?: string } | { job: number; failure: string };

/**
 * Notes' bytes in shared memory: the worker reads the same bytes as the main thread (no second read from disk, which
 * an editor could change in between) without the cost of copying ~5 MB of text into a message.
 */
export class SharedNotes {
  private chunks: SharedArrayBuffer[] = [];
  private view: Uint8Array = new Uint8Array(0);
  private used = 0;
  private readonly table: SharedNoteTable = { paths: [], chunk: [], offset: [], length: [] };

  add(path: string, bytes: Uint8Array): void {
    if (this.used + bytes.length > this.view.length) {
      const chunk = new SharedArrayBuffer(Math.max(SHARED_CHUNK, bytes.length));
      this.chunks.push(chunk);
      this.view = new Uint8Array(chunk);
      this.used = 0;
    }
    this.view.set(bytes, this.used);
    this.table.paths.push(path);
    this.table.chunk.push(this.chunks.length - 1);
    this.table.offset.push(this.used);
    this.table.length.push(bytes.length);
    this.used += bytes.length;
  }

  /** The notes' bytes and where each one is, for {@link sharedFiles}. */
  message(): SharedSource {
    return { chunks: this.chunks, table: this.table };
  }
}

const SHARED_CHUNK = 4 << 20;

type SharedNoteTable = { paths: string[]; chunk: number[]; offset: number[]; length: number[] };

/** Notes' bytes in shared memory and where each note's are: the `files` of the tree, in order. */
export type SharedSource = { chunks: SharedArrayBuffer[]; table: SharedNoteTable };

/**
 * The source's files as the main thread read them, each decoded from the shared bytes (as UTF-8, as the reader
 * does) when its text is first asked for: the worker decodes only the notes of the chapters it builds.
 */
export function sharedFiles(source: SharedSource): SourceFile[] {
  const { chunks, table } = source;
  return table.paths.map(
    (path, k) =>
      new SharedFile(
        path,
        chunks[table.chunk[k] ?? 0] ?? new SharedArrayBuffer(0),
        table.offset[k] ?? 0,
        table.length[k] ?? 0,
      ),
  );
}

class SharedFile implements SourceFile {
  private decoded: string | undefined;

  constructor(
    readonly path: string,
    private readonly chunk: SharedArrayBuffer,
    private readonly offset: number,
    private readonly length: number,
  ) {}

  get text(): string {
    this.decoded ??= Buffer.from(this.chunk, this.offset, this.length).toString('utf8');
    return this.decoded;
  }
}
