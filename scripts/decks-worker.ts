/**
 * The deck build's second thread (started by scripts/deck-threads.ts for a large build, as a plain-JavaScript bundle
 * of this file, and kept for the process's later builds). A build gives it two jobs. Reading: it claims chunks of the
 * listing alongside the main thread, reads those notes into shared memory and reports each chunk. Building: it takes
 * the main thread's plan and the notes both threads read, claims chunks of decks from the job's shared counter, builds
 * them, and reports each chunk's results to the main thread with the decks' files for it to write.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { importPlan } from '../src/domain/decks/index.ts';
import {
  buildClaimedDecks,
  FileShipment,
  readClaimedNotes,
  SharedNotes,
  sharedFiles,
} from './deck-shards.ts';
import type { BuildJob, WorkerJob, WorkerReport } from './deck-shards.ts';

const { port } = workerData as { port: MessagePort };

port.on('message', (job: WorkerJob) => {
  const report = (message: WorkerReport) => port.postMessage(message);
  if (job.type === 'read') {
    // The notes this thread reads stay in its shared chunks; the main thread decodes the READMEs for the plan.
    const notes = new SharedNotes();
    readClaimedNotes(
      job.root,
      job.paths,
      job.claims,
      notes,
      (read) => report({ job: job.id, read }),
      (error) => report({ job: job.id, failure: errorText(error) }),
    );
    return;
  }
  build(job, report);
});

function build(job: BuildJob, report: (message: WorkerReport) => void): void {
  try {
    const plan = importPlan(job.plan, sharedFiles(job.source));
    // The main thread writes every deck file: this thread ships each chunk's files to it, their bytes transferred.
    const shipment = new FileShipment();
    buildClaimedDecks(
      plan,
      job.claims,
      (file) => {
        if (job.ship) shipment.add(file);
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
