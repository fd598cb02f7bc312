/**
 * The deck build on two threads. Building every chapter of a large source starts one worker (scripts/decks-worker.ts)
 * once 200 notes are listed; both threads read the notes into shared memory, claiming batches of them from a shared
 * counter, the worker while the main thread is still listing; the main thread plans,
 * hands the worker its plan and the notes' bytes, and both take chunks of decks from another counter
 * (scripts/deck-shards.ts); the main thread writes every deck file, the worker's shipped to it with each chunk's report.
 * The worker is kept (unreferenced, so it never holds the process open) for the process's next build: the Vite
 * plugin's rebuilds and the benchmark's runs reuse it warm. A small build (the shipped course, a test vault) never
 * starts it: the worker's start-up (~40 ms of CPU) would cost more than it saves.
 */
import os from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { exportPlan, planDecks, sortDiagnostics } from '../src/domain/decks/index.ts';
import type { Diagnostic, SourceFile, SourceTree } from '../src/domain/decks/index.ts';
import {
  buildClaimedDecks,
  CHUNK,
  CLAIM_SLOTS,
  NEXT_CHUNK,
  NEXT_READ,
  SharedNotes,
  readmeHeads,
  sharedFiles,
  sharedSource,
  WORKER_BUSY,
  type BuiltDeck,
  type DeckWriter,
  type IndexedDiagnostic,
  type ReadChunk,
  type PreviousOutput,
  type SharedEntry,
  type SharedSource,
  type WorkerJob,
  type WorkerReport,
  writeDeckFile,
  writeShipped,
} from './deck-shards.ts';
import { workerScript } from './decks-worker-bundle.ts';

/**
 * The fewest notes worth a second thread. On the 2-core VM one thread builds about four decks (ten notes) per
 * millisecond and a worker takes ~40 ms to start: below a few hundred notes it would join when the work is done.
 */
export const PARALLEL_MIN_NOTES = 200;

/**
 * The worker's young generation: 192 MB, three times a 64 MB semi-space, as `--max-semi-space-size=64` gives the main
 * thread in the npm scripts that build decks (decks, build, bench:decks). A build allocates ~100 MB per thread, nearly
 * all of it short-lived (lines, drafts, cards, JSON): with V8's default 16 MB semi-spaces it was scavenged a dozen
 * times per build, promoting what was live at each into the old generation, which then needed marking and compacting.
 * Measured (bench:decks, 2026-11-27 09:45 UTC): median 151.1 ms (runs 148-158) with 64 MB semi-spaces, against
 * 202-274 ms in the invocations around it with the defaults. The memory is committed only as it is used.
 */
const YOUNG_GENERATION_MB = 192;

/** The worker of this process and the port its reports arrive on. */
type Pooled = { worker: Worker; port: MessagePort };

let pooled: Pooled | undefined;
let jobs = 0;

export type DeckHelper = {
  worker: Worker;
  port: MessagePort;
  /** This build's counters of claimed chunks (notes and decks) and the worker's busy mark. */
  claims: Int32Array;
  /** The notes' bytes as {@link readNotes} read them on both threads, for the worker to decode. */
  source?: SharedSource;
};

/**
 * The second thread for a build of `notes` notes (started now, or the one an earlier build of this process left), or
 * undefined when one thread will do: a small build, a single core, `COURSEDECK_DECK_THREADS=1`, or no worker script
 * (then the build runs on one thread, with the same output).
 */
export function startDeckHelper(notes: number): DeckHelper | undefined {
  if (notes < PARALLEL_MIN_NOTES || process.env.COURSEDECK_DECK_THREADS === '1') return undefined;
  if (os.availableParallelism() < 2) return undefined;
  if (!pooled) {
    const script = workerScript();
    if (script === undefined) return undefined;
    const { port1, port2 } = new MessageChannel();
    // No execArgv: the bundle is plain JavaScript, and tsx's loader would add ~100 ms to the worker's start.
    const worker = new Worker(script, {
      execArgv: [],
      workerData: { port: port2 },
      transferList: [port2],
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    const own: Pooled = { worker, port: port1 };
    // A worker that fails to start claims nothing: the main thread builds every deck (and the next build starts
    // another worker).
    worker.on('error', () => dropWorker(own));
    worker.on('exit', () => dropWorker(own));
    worker.unref();
    pooled = own;
  }
  const claims = new Int32Array(new SharedArrayBuffer(CLAIM_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  return { ...pooled, claims };
}

function dropWorker(own: Pooled): void {
  if (pooled === own) pooled = undefined;
  own.port.close();
  void own.worker.terminate();
}

export type BuildThreadsOptions = {
  /**
   * False leaves every deck to the helper (the tests use it to check the worker's output on its own); the main
   * thread then waits for the helper, which must have started.
   */
  mainThreadBuilds?: boolean;
  /** The output this build replaces: its unchanged deck files are linked, not written again. */
  previous?: PreviousOutput;
};

/**
 * The notes of a listing as read: the files in listing order (each decoded when first used), the errors, and the
 * helper for the build (undefined when it failed reading: the build then runs on one thread).
 */
export type ReadNotes = { files: SourceFile[]; errors: Diagnostic[]; helper?: DeckHelper };

/**
 * Reads the notes `paths` (sorted, under `root`) into shared memory on this thread (a small source, or one chapter;
 * a large source is read on both threads while it is listed: see {@link NoteStream}). The files come back in listing
 * order, the errors too.
 */
export function readNotes(root: string, paths: readonly string[]): ReadNotes {
  const notes = new SharedNotes();
  const read = notes.readAll(root, paths, (k) => k);
  return collectRead(root, paths, notes, read.entries, read.errors, undefined);
}

/**
 * Waits until the worker has claimed and reported every batch of the notes counter (`count` in all; see
 * {@link waitForWorker}), handing its batches of stream `job` to `take`. Gives the helper, or undefined when the worker
 * failed (it is dropped: the next build starts a fresh one).
 */
function awaitWorkerReads(
  helper: DeckHelper,
  job: number,
  count: number,
  take: (chunk: ReadChunk) => void,
): DeckHelper | undefined {
  let failed = false;
  waitForWorker(helper.claims, NEXT_READ, 1, count, () => {
    for (let m = receiveMessageOnPort(helper.port); m; m = receiveMessageOnPort(helper.port)) {
      const report = m.message as WorkerReport;
      if (report.job !== job) continue;
      if ('read' in report) take(report.read);
      else if ('failure' in report) failed = true;
    }
  });
  if (!failed) return helper;
  if (pooled?.worker === helper.worker) dropWorker(pooled);
  return undefined;
}

/**
 * The notes `paths` as read by either thread (`entries` and `errors`, by index in `paths`), in that order; anything not
 * read yet (the worker claimed it and failed) is read here, into `notes`.
 */
function collectRead(
  root: string,
  paths: readonly string[],
  notes: SharedNotes,
  entries: SharedEntry[],
  errors: IndexedDiagnostic[],
  live: DeckHelper | undefined,
): ReadNotes {
  const covered = new Set<number>();
  for (const entry of entries) covered.add(entry.index);
  for (const error of errors) covered.add(error.index);
  const lost: number[] = [];
  for (let i = 0; i < paths.length; i++) if (!covered.has(i)) lost.push(i);
  const here = notes.readAll(
    root,
    lost.map((i) => paths[i] ?? ''),
    (k) => lost[k] ?? -1,
  );
  for (const entry of here.entries) entries.push(entry);
  for (const error of here.errors) errors.push(error);
  const source = sharedSource(entries);
  if (live) live.source = source;
  return {
    files: sharedFiles(source, readmeHeads(entries)),
    errors: errors.sort((a, b) => a.index - b.index).map((e) => e.diagnostic),
    ...(live ? { helper: live } : {}),
  };
}

/**
 * Reading notes while the listing is still being made: {@link NoteStream.add} takes each note as it is listed. Once
 * `PARALLEL_MIN_NOTES` notes are listed it starts the helper (`start`), and from then on hands batches of notes to the
 * worker as they are listed, so the worker reads while this thread lists the rest (listing 1,000 chapter folders takes
 * ~13 ms). {@link NoteStream.finish}, given the sorted listing, takes the batches left alongside the worker and
 * returns the notes in listing order, as {@link readNotes} would.
 */
export class NoteStream {
  private readonly notes = new SharedNotes();
  private readonly batches: string[][] = [];
  private batch: string[] = [];
  private listed = 0;
  private helper: DeckHelper | undefined;
  private started = false;
  private job = 0;
  private readonly entries: SharedEntry[] = [];
  private readonly errors: IndexedDiagnostic[] = [];

  constructor(
    private readonly root: string,
    private readonly start: (notes: number) => DeckHelper | undefined,
  ) {}

  /** A note just listed (a path under the root). */
  add(rel: string): void {
    this.batch.push(rel);
    this.listed++;
    if (!this.started && this.listed >= PARALLEL_MIN_NOTES) {
      this.started = true;
      this.helper = this.start(this.listed);
      if (this.helper) {
        this.job = ++jobs;
        this.helper.port.postMessage({
          type: 'stream',
          id: this.job,
          root: this.root,
          claims: this.helper.claims,
        } satisfies WorkerJob);
        // The batches listed before it started, first.
        this.batches.forEach((paths, b) => this.send(b, paths));
      }
    }
    if (this.batch.length >= STREAM_BATCH) this.post();
  }

  private send(batch: number, paths: string[]): void {
    this.helper?.port.postMessage({
      type: 'batch',
      id: this.job,
      batch,
      paths,
    } satisfies WorkerJob);
  }

  /** The listed batch, numbered, to the worker (when there is one). */
  private post(): void {
    if (this.batch.length === 0) return;
    this.send(this.batches.push(this.batch) - 1, this.batch);
    this.batch = [];
  }

  /**
   * Reads the batches nobody claimed yet, alongside the worker, and returns the notes of `paths` (the sorted listing
   * of every note added) as read: see {@link readNotes}. `mainThreadReads: false` leaves them to the worker (the tests
   * check its reading on its own).
   */
  finish(paths: readonly string[], options: { mainThreadReads?: boolean } = {}): ReadNotes {
    this.post();
    const helper = this.helper;
    const claims = helper?.claims ?? new Int32Array(CLAIM_SLOTS);
    const take = (chunk: ReadChunk) => {
      for (const entry of chunk.entries) this.entries.push(entry);
      for (const error of chunk.errors) this.errors.push(error);
    };
    if (options.mainThreadReads !== false || !helper) {
      for (
        let b = Atomics.add(claims, NEXT_READ, 1);
        b < this.batches.length;
        b = Atomics.add(claims, NEXT_READ, 1)
      ) {
        take(this.notes.readAll(this.root, this.batches[b] ?? [], () => -1));
      }
    }
    const live = helper && awaitWorkerReads(helper, this.job, this.batches.length, take);
    // Each note's index in the sorted listing, as readNotes has them.
    const index = new Map<string, number>();
    paths.forEach((rel, i) => index.set(rel, i));
    for (const entry of this.entries) entry.index = index.get(entry.path) ?? -1;
    for (const error of this.errors) error.index = index.get(error.diagnostic.file) ?? -1;
    return collectRead(this.root, paths, this.notes, this.entries, this.errors, live);
  }
}

/** Notes per batch handed to the worker while listing: 2,500 notes make ~40 batches. */
const STREAM_BATCH = 64;

/**
 * Waits until every chunk of a counter is claimed and the worker holds none (its reports are all posted by then),
 * taking its reports with `drain` meanwhile.
 */
function waitForWorker(
  claims: Int32Array,
  next: number,
  size: number,
  count: number,
  drain: () => void,
): void {
  for (;;) {
    drain();
    const busy = Atomics.load(claims, WORKER_BUSY);
    if (busy === 0 && Atomics.load(claims, next) * size >= count) break;
    Atomics.wait(claims, WORKER_BUSY, busy, 50);
  }
  drain();
}

/** A build written into a folder: the decks in output order and every diagnostic, sorted. */
export type FolderBuild = {
  decks: BuiltDeck[];
  diagnostics: Diagnostic[];
  /** The first error writing a deck file (the output must then be given up). */
  writeError?: Error;
};

/**
 * Plans `tree` and builds every deck, writing the files into `dir` (none when undefined), with `helper` taking
 * chunks when given. Synchronous: the main thread waits for the worker's last chunk with `Atomics.wait` and reads
 * its reports with `receiveMessageOnPort`, so callers (the CLI, `npm run build`, the Vite plugin) stay as they were.
 */
export function buildIntoFolder(
  tree: SourceTree,
  dir: string | undefined,
  helper: DeckHelper | undefined,
  options: BuildThreadsOptions = {},
): FolderBuild {
  const writer: DeckWriter = { dir, ...(options.previous ? { previous: options.previous } : {}) };
  let slots: Array<BuiltDeck | undefined> = [];
  const keep = (decks: readonly BuiltDeck[]) => {
    for (const deck of decks) slots[deck.index] = deck;
  };
  let planDiagnostics: readonly Diagnostic[];
  try {
    const plan = planDecks(tree);
    // The worker builds from this plan (it parses only the READMEs of the chapters it builds).
    const job = ++jobs;
    helper?.port.postMessage({
      type: 'build',
      id: job,
      plan: exportPlan(plan, tree),
      source: helper.source ?? sharedSource([]),
      claims: helper.claims,
      ship: dir !== undefined,
      ...(options.previous
        ? { previous: { dir: options.previous.dir, hashes: [...options.previous.hashes] } }
        : {}),
    } satisfies WorkerJob);
    planDiagnostics = plan.diagnostics;
    slots = new Array<BuiltDeck | undefined>(plan.size);
    // The worker's reports of the decks it built and wrote: taken between this thread's chunks.
    const drain = () => {
      if (!helper) return;
      for (let m = receiveMessageOnPort(helper.port); m; m = receiveMessageOnPort(helper.port)) {
        const report = m.message as WorkerReport;
        // A report of an earlier job cannot arrive (each build waits for all of its own), but stay safe.
        if (report.job !== job || 'read' in report) continue;
        if ('failure' in report) throw new Error(report.failure);
        keep(report.decks);
        if (report.files) writeShipped(writer, report.files);
      }
    };
    if (!helper || options.mainThreadBuilds !== false) {
      const claims = helper?.claims ?? new Int32Array(CLAIM_SLOTS);
      buildClaimedDecks(
        plan,
        claims,
        (file) => writeDeckFile(writer, file),
        keep,
        undefined,
        drain,
      );
    }
    if (helper) waitForWorker(helper.claims, NEXT_CHUNK, CHUNK, plan.size, drain);
  } catch (error) {
    // A worker that failed is not kept: the next build starts a fresh one.
    if (helper && pooled?.worker === helper.worker) dropWorker(pooled);
    throw error;
  }
  const decks: BuiltDeck[] = [];
  const diagnostics: Diagnostic[] = [...planDiagnostics];
  for (const deck of slots) {
    if (!deck) throw new Error('the deck build lost a deck between its threads');
    decks.push(deck);
    for (const d of deck.diagnostics) diagnostics.push(d);
  }
  return {
    decks,
    diagnostics: sortDiagnostics(diagnostics),
    ...(writer.error ? { writeError: writer.error } : {}),
  };
}
