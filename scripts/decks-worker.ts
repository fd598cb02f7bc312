/**
 * The deck build's second thread (started by scripts/deck-threads.ts for a large build, as a plain-JavaScript bundle
 * of this file, and kept for the process's later builds). A build gives it two jobs. Reading: it claims, alongside the
 * main thread, batches of notes handed to it while the main thread is still listing the source, reads them into
 * shared memory and reports each batch. Building: it takes the main thread's
 * plan and the notes both threads read, claims chunks of decks from the job's shared counter, builds them, and reports
 * each chunk's results to the main thread with the decks' files for it to write.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { importPlan } from '../src/domain/decks/index.ts';
import {
  buildClaimedDecks,
  FileShipment,
  NEXT_READ,
  SharedNotes,
  sharedFiles,
  WORKER_BUSY,
  type BuildJob,
  type StreamJob,
  type WorkerJob,
  type WorkerReport,
} from './deck-shards.ts';

const { port } = workerData as { port: MessagePort };

/** The stream being read (see StreamJob): its batches received so far, and the notes this thread read of them. */
let stream: { job: StreamJob; batches: Map<number, string[]>; notes: SharedNotes } | undefined;

port.on('message', (job: WorkerJob) => {
  const report = (message: WorkerReport) => port.postMessage(message);
  if (job.type === 'stream') {
    stream = { job, batches: new Map(), notes: new SharedNotes() };
    return;
  }
  if (job.type === 'batch') {
    if (stream?.job.id !== job.id) return;
    stream.batches.set(job.batch, job.paths);
    readStreamed(stream, report);
    return;
  }
  // The stream's notes are in the build's source now.
  stream = undefined;
  build(job, report);
});

/**
 * Claims, in order, the stream's batches this thread has received and nobody has taken, reading and reporting each.
 * The busy mark is set before a claim, so the main thread never sees every batch claimed while one is in hand here.
 */
function readStreamed(
  { job, batches, notes }: NonNullable<typeof stream>,
  report: (message: WorkerReport) => void,
): void {
  const { claims } = job;
  for (;;) {
    const next = Atomics.load(claims, NEXT_READ);
    const paths = batches.get(next);
    if (paths === undefined) return;
    Atomics.add(claims, WORKER_BUSY, 1);
    try {
      if (Atomics.compareExchange(claims, NEXT_READ, next, next + 1) !== next) continue;
      report({ job: job.id, read: notes.readAll(job.root, paths, () => -1) });
    } catch (error) {
      report({ job: job.id, failure: errorText(error) });
      return;
    } finally {
      Atomics.sub(claims, WORKER_BUSY, 1);
      Atomics.notify(claims, WORKER_BUSY);
    }
  }
}

function build(job: BuildJob, report: (message: WorkerReport) => void): void {
  try {
    const plan = importPlan(job.plan, sharedFiles(job.source));
    // The main thread writes every deck file: this thread ships each chunk's files to it, their bytes transferred.
    const shipment = new FileShipment();
    const previous = job.previous && {
      dir: job.previous.dir,
      hashes: new Map(job.previous.hashes),
    };
    buildClaimedDecks(
      plan,
      job.claims,
      (file) => {
        if (job.ship) shipment.add(file, previous);
      },
      (decks) => {
        if (!job.ship) return report({ job: job.id, decks });
        const files = shipment.take();
        port.postMessage({ job: job.id, decks, files } satisfies WorkerReport, [files.buffer]);
      },
      (error) => report({ job: job.id, failure: errorText(error) }),
    );
  } catch (error) {
    report({ job: job.id, failure: errorText(error) });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
