/**
 * The deck build on two threads. A large build starts one worker (scripts/decks-worker.ts) while the main thread is
 * still reading the notes; both plan the same source, then share the decks through a counter of chunks
 * (scripts/deck-shards.ts), each writing its decks' files. A small build (the shipped course, a test vault) never
 * starts it: the worker's start-up (~40 ms of CPU) would cost more than it saves.
 */
import os from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { exportPlan, planDecks, sortDiagnostics } from '../src/domain/decks/index.ts';
import type { Diagnostic, SourceTree } from '../src/domain/decks/index.ts';
import {
  buildClaimedDecks,
  CHUNK,
  CLAIM_SLOTS,
  NEXT_CHUNK,
  WORKER_BUSY,
  SharedNotes,
  type BuiltDeck,
  type DeckWriter,
  type WorkerJob,
  type WorkerReport,
} from './deck-shards.ts';
import { workerScript } from './decks-worker-bundle.ts';

/**
 * The fewest notes worth a second thread. On the 2-core VM one thread builds about four decks (ten notes) per
 * millisecond and a worker takes ~40 ms to start: below a few hundred notes it would join when the work is done.
 */
export const PARALLEL_MIN_NOTES = 200;

export type DeckHelper = {
  worker: Worker;
  port: MessagePort;
  claims: Int32Array;
  /** The notes' bytes, gathered while they are read, for the worker to decode. */
  notes: SharedNotes;
};

/**
 * Starts the second thread for a build of `notes` notes, or returns undefined when one thread will do: a small
 * build, a single core, `COURSEDECK_DECK_THREADS=1`, or no worker script (then the build runs on one thread, with
 * the same output).
 */
export function startDeckHelper(notes: number): DeckHelper | undefined {
  if (notes < PARALLEL_MIN_NOTES || process.env.COURSEDECK_DECK_THREADS === '1') return undefined;
  if (os.availableParallelism() < 2) return undefined;
  const script = workerScript();
  if (script === undefined) return undefined;
  const claims = new Int32Array(new SharedArrayBuffer(CLAIM_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  // No execArgv: the bundle is plain JavaScript, and tsx's loader would add ~100 ms to the worker's start.
  const worker = new Worker(script, {
    execArgv: [],
    workerData: { port: port2, claims },
    transferList: [port2],
  });
  // A worker that fails to start claims nothing: the main thread builds every deck.
  worker.on('error', () => {});
  worker.unref();
  return { worker, port: port1, claims, notes: new SharedNotes() };
}

export type BuildThreadsOptions = {
  /**
   * False leaves every deck to the helper (the tests use it to check the worker's output on its own); the main
   * thread then waits for the helper, which must have started.
   */
  mainThreadBuilds?: boolean;
};

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
  const writer: DeckWriter = { dir };
  let slots: Array<BuiltDeck | undefined> = [];
  const keep = (decks: readonly BuiltDeck[]) => {
    for (const deck of decks) slots[deck.index] = deck;
  };
  let planDiagnostics: readonly Diagnostic[];
  try {
    const plan = planDecks(tree);
    // The worker builds from this plan (it parses only the READMEs of the chapters it builds).
    helper?.port.postMessage({
      plan: exportPlan(plan, tree),
      source: helper.notes.message(),
      dir,
    } satisfies WorkerJob);
    planDiagnostics = plan.diagnostics;
    slots = new Array<BuiltDeck | undefined>(plan.size);
    if (!helper || options.mainThreadBuilds !== false) {
      buildClaimedDecks(plan, helper?.claims ?? new Int32Array(CLAIM_SLOTS), writer, keep);
    }
    if (helper) {
      const { claims, port } = helper;
      const drain = () => {
        for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
          const report = m.message as WorkerReport;
          if ('failure' in report) throw new Error(report.failure);
          keep(report.decks);
          if (report.writeError !== undefined) writer.error ??= new Error(report.writeError);
        }
      };
      // Until every chunk is claimed and the worker holds none: its reports are all posted by then.
      for (;;) {
        drain();
        const busy = Atomics.load(claims, WORKER_BUSY);
        if (busy === 0 && Atomics.load(claims, NEXT_CHUNK) * CHUNK >= plan.size) break;
        Atomics.wait(claims, WORKER_BUSY, busy, 50);
      }
      drain();
    }
  } finally {
    if (helper) {
      helper.port.close();
      void helper.worker.terminate();
    }
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
